"""Turning a tax-inclusive shop order into an EN 16931 invoice that costs exactly what was paid.

Shops state gross (VAT-included) prices; an invoice states net prices and computes VAT per rate.
Per rate, the taxable base is chosen so that base + VAT(base) equals the gross paid at that rate;
the nets of the lines, shipping and discounts of that rate are then settled to the cent so that they
add up to the base. When no base reaches the gross exactly (at 20 % some gross amounts are never
base + rounded VAT), the cent left over is stated as the invoice rounding amount (BT-114), so that
the amount to pay still equals the order total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain.allocation import allocate, settle_to_cents
from desktop_app.domain.errors import DomainError
from desktop_app.domain.money import CENT, ZERO, money, round_amount, round_half_up
from desktop_app.domain.tax import VatRate
from desktop_app.domain.totals import (
    PRICE_PLACES,
    AllowanceCharge,
    Line,
    Totals,
    compute_totals,
    line_net_amount,
    vat_of_base,
)
from desktop_app.i18n import _


@dataclass(frozen=True, slots=True)
class GrossLine:
    """A shop order line as the shop states it: VAT-included unit price and line discount."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    vat: VatRate
    discount: Decimal = ZERO     # gross amount off this line, in total (not per unit)
    sku: str = ""
    unit_code: str = "C62"

    @property
    def gross_total(self) -> Decimal:
        return round_amount(money(self.quantity) * money(self.unit_price)) - money(self.discount)


@dataclass(frozen=True, slots=True)
class GrossAdjustment:
    """Shipping (a charge) or an order discount (an allowance), VAT included.

    With no rate given it is spread over the order's rates in proportion to their gross amounts,
    as French practice requires for shipping of goods taxed at several rates.
    """

    is_charge: bool
    amount: Decimal
    reason: str
    vat: VatRate | None = None


@dataclass(frozen=True, slots=True)
class NetDocument:
    """The net lines, allowances and charges of an invoice, with its totals."""

    lines: tuple[Line, ...]
    allowances_charges: tuple[AllowanceCharge, ...]
    totals: Totals


def best_base(gross: Decimal, vat: VatRate) -> Decimal:
    """The base whose base + VAT comes closest to `gross` (exactly, whenever such a base exists)."""
    start = round_amount(gross / (1 + vat.fraction))
    candidates = [start + CENT * k for k in (0, -1, 1, -2, 2)]
    return min(candidates, key=lambda b: abs(gross - b - vat_of_base(b, vat)))


def _unit_price_for(net: Decimal, allowance: Decimal, quantity: Decimal) -> Decimal:
    """A unit price such that round(quantity × price − allowance) is exactly `net`."""
    price = round_half_up((net + allowance) / quantity, PRICE_PLACES)
    step = Decimal(1).scaleb(-PRICE_PLACES)
    for attempt in range(200):
        delta = step * ((attempt + 1) // 2) * (1 if attempt % 2 else -1)
        candidate = price + delta if attempt else price
        if candidate >= 0 and round_amount(quantity * candidate - allowance) == net:
            return candidate
    raise DomainError(_("A line's net unit price cannot be stated exactly for quantity {q}.").format(q=quantity))


def from_tax_inclusive(lines: Sequence[GrossLine], adjustments: Sequence[GrossAdjustment] = (),
                       paid_total: Decimal | None = None, prepaid: Decimal = ZERO) -> NetDocument:
    """Net invoice content for a VAT-included order; its payable total equals `paid_total`."""
    if not lines:
        raise DomainError(_("An order without lines cannot be invoiced."))
    gross_by_rate: dict[VatRate, Decimal] = {}
    for line in lines:
        gross_by_rate[line.vat] = gross_by_rate.get(line.vat, ZERO) + line.gross_total
    # Each element is (rate, signed gross, kind, payload): lines, then charges/allowances per rate.
    elements: list[tuple[VatRate, Decimal, str, object]] = [(ln.vat, ln.gross_total, "line", ln) for ln in lines]
    rates = sorted(gross_by_rate)
    for adj in adjustments:
        amount = money(adj.amount)
        if amount == 0:
            continue
        if adj.vat is not None:
            shares = [(adj.vat, amount)]
        else:
            weights = [abs(gross_by_rate[r]) for r in rates]
            shares = list(zip(rates, allocate(amount, weights)))
        for vat, share in shares:
            if share:
                elements.append((vat, share if adj.is_charge else -share, "adjustment", adj))

    nets: list[Decimal] = [ZERO] * len(elements)
    for vat in sorted({e[0] for e in elements}):
        members = [i for i, e in enumerate(elements) if e[0] == vat]
        group_gross = sum((elements[i][1] for i in members), ZERO)
        base = best_base(group_gross, vat)
        exact = [elements[i][1] / (1 + vat.fraction) for i in members]
        movable = [elements[i][1] != 0 for i in members]
        for i, net in zip(members, settle_to_cents(exact, base, movable)):
            nets[i] = net

    net_lines: list[Line] = []
    net_adjustments: list[AllowanceCharge] = []
    for (vat, _gross, kind, payload), net in zip(elements, nets):
        if kind == "line":
            assert isinstance(payload, GrossLine)
            net_lines.append(_net_line(payload, net))
        else:
            assert isinstance(payload, GrossAdjustment)
            net_adjustments.append(AllowanceCharge(payload.is_charge, abs(net), vat, payload.reason))

    totals = compute_totals(net_lines, net_adjustments, prepaid=prepaid)
    if paid_total is not None:
        rounding = money(paid_total) - totals.grand_total
        totals = compute_totals(net_lines, net_adjustments, prepaid=prepaid, rounding=rounding)
    return NetDocument(tuple(net_lines), tuple(net_adjustments), totals)


def _net_line(line: GrossLine, net: Decimal) -> Line:
    quantity = money(line.quantity)
    allowance = round_amount(money(line.discount) / (1 + line.vat.fraction))
    if quantity == 0:
        raise DomainError(_("Line '{name}' has a quantity of zero.").format(name=line.description))
    if net + allowance < 0:
        allowance = -net
    price = _unit_price_for(net, allowance, quantity)
    result = Line(line.description, quantity, price, line.vat, allowance=allowance, sku=line.sku,
                  unit_code=line.unit_code)
    assert line_net_amount(result) == net
    return result
