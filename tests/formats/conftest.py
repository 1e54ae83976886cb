"""Order-export fixtures: read a file of tests/fixtures/orders through the reader that detects it
(or a named one), and collect what a reader refuses."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.orders import ShopOrder
from desktop_app.formats.orders import ReadOptions, detect, reader_named
from desktop_app.formats.problems import FileRefused, Problem

ORDER_FILES = Path(__file__).parents[1] / "fixtures" / "orders"

ReadOrders = Callable[..., list[ShopOrder]]
Refusal = Callable[..., list[Problem]]


def _read(relative: str, reader: str | None, options: dict[str, Any]) -> list[ShopOrder]:
    path = ORDER_FILES / relative
    data = path.read_bytes()
    chosen = reader_named(reader) if reader else detect(data, path.name)
    return chosen.read(data, path.name, ReadOptions(**options))


@pytest.fixture
def read_orders() -> ReadOrders:
    """read_orders('shopify/orders_export_1.csv', reader=None, **ReadOptions fields) -> orders."""
    return lambda relative, reader=None, **options: _read(relative, reader, options)


@pytest.fixture
def refusal() -> Refusal:
    """refusal('bad/x.csv', reader=None, **options) -> the problems of the FileRefused it raises."""
    def refused(relative: str, reader: str | None = None, **options: Any) -> list[Problem]:
        with pytest.raises(FileRefused) as caught:
            _read(relative, reader, options)
        return caught.value.problems

    return refused


def by_reference(orders: list[ShopOrder]) -> dict[str, ShopOrder]:
    return {order.reference: order for order in orders}


def total_of(orders: list[ShopOrder], attribute: str = "total") -> Decimal:
    return sum((getattr(order, attribute) for order in orders), Decimal(0))
