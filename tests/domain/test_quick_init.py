"""quick_init gives frozen dataclasses the same constructor, faster, and leaves them frozen."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from desktop_app.domain.orders import OrderAddress, OrderLine, ShopOrder
from desktop_app.domain.quick_init import quick_init


def parcel_class() -> type:
    """The same frozen dataclass each time it is called, as dataclasses writes it."""

    @dataclass(frozen=True, slots=True)
    class Parcel:
        label: str
        weight: Decimal
        tags: tuple[str, ...] = ()
        notes: list[str] = field(default_factory=list)

    return Parcel


Parcel = quick_init(parcel_class())
SameParcel = parcel_class()


@pytest.mark.parametrize("args, kwargs", [
    (("box", Decimal("1.5")), {}),
    (("box", Decimal("1.5"), ("fragile",)), {}),
    (("box",), {"weight": Decimal(2), "notes": ["top"]}),
    ((), {"label": "box", "weight": Decimal(2), "tags": ("a",), "notes": []}),
])
def test_builds_what_the_dataclass_constructor_builds(args, kwargs):
    quick, plain = Parcel(*args, **kwargs), SameParcel(*args, **kwargs)
    assert dataclasses.astuple(quick) == dataclasses.astuple(plain)
    assert repr(quick) == repr(plain)


def test_a_default_factory_makes_a_new_value_each_time():
    first, second = Parcel("a", Decimal(1)), Parcel("b", Decimal(1))
    assert first.notes == [] and first.notes is not second.notes


def test_the_class_stays_frozen_hashable_and_comparable():
    parcel = Parcel("box", Decimal(1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        parcel.label = "other"  # type: ignore[misc]
    assert parcel == Parcel("box", Decimal(1)) and parcel != Parcel("box", Decimal(2))
    assert dataclasses.replace(parcel, label="crate").label == "crate"
    assert hash(OrderLine("tea", Decimal(1), Decimal("2.50"))) == hash(OrderLine("tea", Decimal(1), Decimal("2.50")))


def test_wrong_arguments_are_refused_as_before():
    with pytest.raises(TypeError):
        Parcel("box")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Parcel("box", Decimal(1), colour="red")  # type: ignore[call-arg]


def test_order_values_keep_their_defaults():
    order = ShopOrder(shop="s", reference="#1", ordered_at=None, order_date=None, currency="EUR",  # type: ignore[arg-type]
                      taxes_included=True, status=None, total=Decimal(0), total_tax=Decimal(0), lines=())  # type: ignore[arg-type]
    assert order.billing == OrderAddress() and order.refunds == () and order.shipping_tax is None


def test_only_frozen_slotted_dataclasses_without_post_init_are_accepted():
    @dataclass(slots=True)
    class Open:
        value: int

    @dataclass(frozen=True)
    class NoSlots:
        value: int

    @dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            assert self.value > 0

    for cls in (Open, NoSlots, Checked):
        with pytest.raises(TypeError):
            quick_init(cls)
