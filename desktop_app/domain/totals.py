"""Document totals by the EN 16931 calculation model (BT-106..BT-115, BG-23).

VAT is computed per category and rate over the sum of the net amounts in it, never summed from
per-line VAT; every amount is rounded to the cent at the point its rule names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.money import ZERO, money, round_amount, round_half_up
from desktop_app.domain.tax import VatRate
from desktop_app.i18n import _

QUANTITY_PLACES = 4   # BR-FR-DEC-02
PRICE_PLACES = 6      # BR-FR-DEC-03


@dataclass(frozen=True, slots=True)
class Line:
    """An invoice line (BG-25): quantity × net unit price − line allowance + line charge."""

    description: str
    quantity: Decimal
    unit_price: Decimal          # BT-146, net of VAT
    vat: VatRate
    allowance: Decimal = ZERO    # BT-136
    charge: Decimal = ZERO       # BT-141
    sku: str = ""
    unit_code: str = "C62"       # UN/ECE rec. 20: "one"

    def __post_init__(self) -> None:
        for name in ("quantity", "unit_price", "allowance", "charge"):
            object.__setattr__(self, name, money(getattr(self, name)))
        if round_half_up(self.quantity, QUANTITY_PLACES) != self.quantity:
            raise InvalidValue("quantity", _("A quantity has at most 4 decimals."))
        if round_half_up(self.unit_price, PRICE_PLACES) != self.unit_price:
            raise InvalidValue("unit_price", _("A unit price has at most 6 decimals."))
        if self.unit_price < 0:
            raise InvalidValue("unit_price", _("A unit price cannot be negative (BR-27)."))
        if not self.description.strip():
            raise InvalidValue("description", _("Every line needs a description."))

    @property
    def net_amount(self) -> Decimal:
        """BT-131, rounded to the cent."""
        return line_net_amount(self)


@dataclass(frozen=True, slots=True)
class AllowanceCharge:
    """A document-level allowance (BG-20, e.g. a discount code) or charge (BG-21, e.g. shipping)."""

    is_charge: bool
    amount: Decimal              # BT-92 / BT-99, positive, net of VAT
    vat: VatRate
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", money(self.amount))
        if round_amount(self.amount) != self.amount or self.amount < 0:
            raise InvalidValue("amount", _("An allowance or charge is a positive amount in cents."))

    @property
    def signed(self) -> Decimal:
        return self.amount if self.is_charge else -self.amount


@dataclass(frozen=True, slots=True)
class VatSubtotal:
    """One row of the VAT breakdown (BG-23): taxable base BT-116 and VAT BT-117 of one rate."""

    vat: VatRate
    base: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Totals:
    """The document totals (BG-22)."""

    line_total: Decimal          # BT-106
    allowance_total: Decimal     # BT-107
    charge_total: Decimal        # BT-108
    tax_basis: Decimal           # BT-109
    vat_total: Decimal           # BT-110
    grand_total: Decimal         # BT-112
    prepaid: Decimal             # BT-113
    rounding: Decimal            # BT-114
    amount_due: Decimal          # BT-115
    breakdown: tuple[VatSubtotal, ...] = field(default=())

    @property
    def payable_total(self) -> Decimal:
        """What the customer pays in all: grand total plus rounding (= amount due + prepaid)."""
        return self.grand_total + self.rounding


def line_net_amount(line: Line) -> Decimal:
    """BT-131 = BT-129 × BT-146 − BT-136 + BT-141, rounded to the cent."""
    return round_amount(line.quantity * line.unit_price - line.allowance + line.charge)


def vat_of_base(base: Decimal, vat: VatRate) -> Decimal:
    """BT-117 = BT-116 × BT-119 / 100, rounded to the cent (BR-CO-17)."""
    return round_amount(base * vat.fraction)


def vat_breakdown(lines: Iterable[Line], allowances_charges: Iterable[AllowanceCharge] = ()
                  ) -> tuple[VatSubtotal, ...]:
    """BG-23 rows: per category and rate, base = Σ line nets + charges − allowances (BR-S-08...)."""
    bases: dict[VatRate, Decimal] = {}
    for line in lines:
        bases[line.vat] = bases.get(line.vat, ZERO) + line_net_amount(line)
    for item in allowances_charges:
        bases[item.vat] = bases.get(item.vat, ZERO) + item.signed
    return tuple(VatSubtotal(vat, base, vat_of_base(base, vat)) for vat, base in sorted(bases.items()))


def compute_totals(lines: Sequence[Line], allowances_charges: Sequence[AllowanceCharge] = (),
                   prepaid: Decimal = ZERO, rounding: Decimal = ZERO) -> Totals:
    """Every document total, by the EN 16931 rules BR-CO-10 to BR-CO-16."""
    prepaid, rounding = money(prepaid), money(rounding)
    line_total = sum((line_net_amount(line) for line in lines), ZERO)
    allowance_total = sum((a.amount for a in allowances_charges if not a.is_charge), ZERO)
    charge_total = sum((c.amount for c in allowances_charges if c.is_charge), ZERO)
    tax_basis = line_total - allowance_total + charge_total
    breakdown = vat_breakdown(lines, allowances_charges)
    vat_total = sum((row.amount for row in breakdown), ZERO)
    grand_total = tax_basis + vat_total
    return Totals(
        line_total=line_total, allowance_total=allowance_total, charge_total=charge_total,
        tax_basis=tax_basis, vat_total=vat_total, grand_total=grand_total, prepaid=prepaid,
        rounding=rounding, amount_due=grand_total - prepaid + rounding, breakdown=breakdown,
    )
