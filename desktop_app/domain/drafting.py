"""From a shop order to the content of an invoice draft, as the shop computed it.

The draft costs exactly what the customer was charged: VAT-included orders go through
`from_tax_inclusive`; VAT-excluded orders keep their net prices, and the cent a shop's per-line VAT
rounding leaves is stated as the rounding amount (BT-114). Shipping and order discounts become
document-level charges and allowances, spread over the order's VAT rates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from desktop_app.domain.allocation import allocate
from desktop_app.domain.errors import DomainError
from desktop_app.domain.money import CENT, ZERO, round_amount, round_half_up
from desktop_app.domain.tax import VatCategory, VatRate, no_vat, standard
from desktop_app.domain.tax_inclusive import GrossAdjustment, GrossLine, from_tax_inclusive
from desktop_app.domain.totals import AllowanceCharge, Line, Totals, compute_totals
from desktop_app.i18n import _

# A VAT-excluded shop rounds VAT per line; more than this per order is not rounding but a real gap.
_ROUNDING_TOLERANCE = Decimal("0.05")
_LOWEST_RATE = Decimal("0.021")
# Payment methods that take the money at checkout (the order is paid when it is exported).
GATEWAY_WORDS = ("shopify payments", "stripe", "paypal", "card", "carte", "cb", "ppcp", "mollie", "payplug",
                 "apple pay", "google pay", "klarna", "alma", "sumup", "lydia")


@dataclass(frozen=True, slots=True)
class OrderLineToInvoice:
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    vat_rate: Decimal | None
    sku: str = ""


@dataclass(frozen=True, slots=True)
class OrderToInvoice:
    """What invoicing needs of a stored order."""

    reference: str
    order_date: date
    currency: str
    taxes_included: bool
    total: Decimal
    total_tax: Decimal
    shipping: Decimal
    discount: Decimal
    discount_codes: str
    lines: tuple[OrderLineToInvoice, ...]
    tax_rates: tuple[Decimal, ...] = ()        # the rates of the order's tax lines
    status: str = "paid"
    payment_method: str = ""
    paid_at: datetime | None = None
    refunded: Decimal = ZERO
    shipping_tax: Decimal | None = None        # when the shop states it (VAT-excluded shops do)


@dataclass(frozen=True, slots=True)
class DraftContent:
    lines: tuple[Line, ...]
    allowances_charges: tuple[AllowanceCharge, ...]
    totals: Totals


def paid_at_checkout(order: OrderToInvoice) -> bool:
    """True when the shop took the payment with the order (card, PayPal...), not by transfer later."""
    method = order.payment_method.lower()
    return order.status in ("paid", "refunded") and any(word in method for word in GATEWAY_WORDS)


def line_rate(line: OrderLineToInvoice, order: OrderToInvoice, catalog: dict[str, Decimal],
              default: Decimal) -> Decimal:
    """The VAT rate of a line: the file's, else the product's, else the order's only rate, else the default."""
    if line.vat_rate is not None and line.vat_rate > 0:
        return line.vat_rate
    if line.sku in catalog:
        return catalog[line.sku]
    positive = sorted({r for r in order.tax_rates if r > 0})
    if len(positive) == 1:
        return positive[0]
    return default


def _vat(category: VatCategory, rate: Decimal) -> VatRate:
    return standard(rate) if category is VatCategory.STANDARD else no_vat(category)


def draft_from_order(order: OrderToInvoice, category: VatCategory, catalog: dict[str, Decimal],
                     default_rate: Decimal) -> DraftContent:
    """Invoice lines, allowances, charges and totals for an order; its payable total is the order's."""
    if not order.lines:
        raise DomainError(_("Order {reference} has no lines to invoice.").format(reference=order.reference))
    # An order big enough for even the lowest French rate to show, yet charged no VAT, is not a taxable sale
    # as the shop saw it: refuse rather than invent VAT the customer never paid.
    if category is VatCategory.STANDARD and order.total_tax == 0 and round_amount(order.total * _LOWEST_RATE) > 0:
        raise DomainError(_("Order {reference} charged no VAT, but this sale is taxable in France: check the "
                            "customer's country and VAT number.").format(reference=order.reference))
    rates = [_vat(category, line_rate(line, order, catalog, default_rate)) for line in order.lines]
    if order.taxes_included or category is not VatCategory.STANDARD:
        return _from_gross(order, rates)
    return _from_net(order, rates)


def _shipping_label() -> str:
    return _("Shipping")


def _discount_label(order: OrderToInvoice) -> str:
    return _("Discount {codes}").format(codes=order.discount_codes).strip() if order.discount_codes \
        else _("Discount")


def _from_gross(order: OrderToInvoice, rates: Sequence[VatRate]) -> DraftContent:
    lines = [GrossLine(ln.description, ln.quantity, ln.unit_price, vat, discount=ln.discount, sku=ln.sku)
             for ln, vat in zip(order.lines, rates)]
    adjustments = []
    if order.shipping:
        adjustments.append(GrossAdjustment(True, order.shipping, _shipping_label()))
    if order.discount:
        adjustments.append(GrossAdjustment(False, order.discount, _discount_label(order)))
    document = from_tax_inclusive(lines, adjustments, paid_total=order.total)
    return DraftContent(document.lines, document.allowances_charges, document.totals)


def _stated_rate(amount: Decimal, tax: Decimal | None, rates: Sequence[VatRate]) -> VatRate | None:
    """The one rate that gives exactly the tax the shop stated on `amount`: one of the order's rates,
    else one of the usual French rates (shops often tax shipping at the standard rate whatever the goods)."""
    if not amount or tax is None:
        return None
    groups = [list(rates)]
    if rates and all(vat.category is VatCategory.STANDARD for vat in rates):
        groups.append([standard(rate) for rate in ("20", "10", "5.5", "2.1")])
    for candidates in groups:
        matching = [vat for vat in candidates if round_amount(amount * vat.fraction) == tax]
        if len(matching) == 1:
            return matching[0]
    return None


def _from_net(order: OrderToInvoice, rates: Sequence[VatRate]) -> DraftContent:
    lines = []
    for line, vat in zip(order.lines, rates):
        price = round_half_up(line.unit_price, 6)
        lines.append(Line(line.description, line.quantity, price, vat, allowance=round_amount(line.discount),
                          sku=line.sku))
    weights: dict[VatRate, Decimal] = {}
    for line in lines:
        weights[line.vat] = weights.get(line.vat, ZERO) + line.net_amount
    keys = sorted(weights)
    adjustments: list[AllowanceCharge] = []
    shipping_rate = _stated_rate(order.shipping, order.shipping_tax, keys)
    if order.shipping and shipping_rate is not None:
        adjustments.append(AllowanceCharge(True, round_amount(order.shipping), shipping_rate, _shipping_label()))
    for is_charge, amount, reason in ((True, order.shipping if shipping_rate is None else ZERO, _shipping_label()),
                                      (False, order.discount, _discount_label(order))):
        if amount:
            # French practice: spread over the rates of the goods, in proportion to their amounts.
            for vat, share in zip(keys, allocate(round_amount(amount), [weights[k] for k in keys])):
                if share:
                    adjustments.append(AllowanceCharge(is_charge, share, vat, reason))
    totals = compute_totals(lines, adjustments)
    gap = order.total - totals.grand_total
    if abs(gap) > max(_ROUNDING_TOLERANCE, CENT * len(lines)):
        raise DomainError(_("Order {reference} does not add up: its lines, shipping and VAT give {computed} but "
                            "the shop charged {total}.").format(reference=order.reference,
                                                                computed=totals.grand_total, total=order.total))
    return DraftContent(tuple(lines), tuple(adjustments), compute_totals(lines, adjustments, rounding=gap))


def refund_content(content: DraftContent, amount: Decimal, label: str) -> DraftContent:
    """A credit note for `amount` (VAT included) refunded on an invoice: one line per VAT rate of the
    invoice, in proportion to what each rate weighs in it (shop refunds state only a total)."""
    rows = [row for row in content.totals.breakdown if row.base + row.amount > 0]
    if not rows:
        raise DomainError(_("Nothing on this invoice can be refunded."))
    weights = [row.base + row.amount for row in rows]
    shares = allocate(round_amount(amount), weights)
    lines = [GrossLine(label, Decimal(1), share, row.vat) for row, share in zip(rows, shares) if share > 0]
    document = from_tax_inclusive(lines, paid_total=round_amount(amount))
    return DraftContent(document.lines, document.allowances_charges, document.totals)
