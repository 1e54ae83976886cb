"""An order's amounts split into net and VAT the way shops compute them, for writing their exports.

Each line's VAT is its `tax_amount` when the order states it, else its rate applied to its total
(rounded per line, as WooCommerce and PrestaShop do); shipping and the order discount take the
rate of the order's largest line. Whatever cent the per-line rounding leaves against the order's
stated total_tax goes to the largest line, so the written file's taxes add up to the order's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal

from desktop_app.domain.money import ZERO, round_amount
from desktop_app.domain.orders import OrderLine, ShopOrder

_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Part:
    """One amount of an order without VAT and its VAT."""

    net: Decimal
    tax: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax


@dataclass(frozen=True, slots=True)
class OrderSplit:
    lines_before: tuple[Part, ...]   # each line before its discount
    lines: tuple[Part, ...]          # each line after its discount
    shipping: Part
    discount: Part                   # the order-level discount, as a positive amount
    main_rate: Decimal


def vat_of(amount: Decimal, rate: Decimal, included: bool) -> Decimal:
    """The VAT in (included) or on an amount at `rate` percent, to the cent."""
    return round_amount(amount * rate / (_HUNDRED + rate if included else _HUNDRED))


def main_rate(order: ShopOrder) -> Decimal:
    """The rate of the order's largest line (0 when no line states one)."""
    rated = [line for line in order.lines if line.vat_rate is not None]
    return max(rated, key=lambda line: abs(line.total)).vat_rate or ZERO if rated else ZERO


def _part(amount: Decimal, tax: Decimal, included: bool) -> Part:
    return Part(amount - tax if included else amount, tax)


def split_order(order: ShopOrder) -> OrderSplit:
    """Net and VAT of every amount of the order, its taxes adding up to order.total_tax."""
    included, rate = order.taxes_included, main_rate(order)
    after_taxes = [_line_tax(line, included) for line in order.lines]
    shipping_tax = order.shipping_tax if order.shipping_tax is not None else vat_of(order.shipping, rate, included)
    discount_tax = vat_of(order.discount, rate, included)
    gap = order.total_tax - (sum(after_taxes, ZERO) + shipping_tax - discount_tax)
    largest = max(range(len(order.lines)), key=lambda i: abs(order.lines[i].total), default=None)
    if gap and largest is not None:
        after_taxes[largest] += gap
    elif gap:
        shipping_tax += gap
    lines, before = [], []
    for line, tax in zip(order.lines, after_taxes):
        lines.append(_part(line.total, tax, included))
        gross_before = line.quantity * line.unit_price
        before_tax = tax if not line.discount else vat_of(gross_before, line.vat_rate or ZERO, included)
        before.append(_part(gross_before, before_tax, included))
    return OrderSplit(tuple(before), tuple(lines), _part(order.shipping, shipping_tax, included),
                      _part(order.discount, discount_tax, included), rate)


def _line_tax(line: OrderLine, included: bool) -> Decimal:
    if line.tax_amount is not None:
        return line.tax_amount
    return vat_of(line.total, line.vat_rate or ZERO, included)


def plain(value: Decimal, places: int = 2) -> str:
    """An amount as exports write it: at least `places` decimals, more only when it has them."""
    exact = value.normalize() if value else ZERO
    exponent = exact.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        return format(exact, "f")
    return format(exact.quantize(Decimal(1).scaleb(-places)), "f")


def number_text(value: Decimal | None) -> str:
    """A quantity or a rate without useless zeros: '2', '1.5', '5.5' ('' for None)."""
    return "" if value is None else format(value.normalize(), "f")


def local_text(moment: datetime | None, timezone: tzinfo, pattern: str = "%Y-%m-%d %H:%M:%S") -> str:
    """A moment in the shop's local time, as exports without offset write it ('' for None)."""
    return moment.astimezone(timezone).strftime(pattern) if moment is not None else ""
