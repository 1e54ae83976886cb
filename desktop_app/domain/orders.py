"""Shop orders as read from an export file, before they are stored: plain values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from desktop_app.domain.money import ZERO, round_amount
from desktop_app.domain.quick_init import quick_init


class OrderStatus(StrEnum):
    """What the shop says about an order, reduced to what invoicing needs."""

    PAID = "paid"                    # paid at checkout (card, PayPal...)
    AWAITING_PAYMENT = "awaiting"    # bank transfer, cheque, payment terms
    CANCELLED = "cancelled"          # never invoiced
    REFUNDED = "refunded"            # paid, then refunded in full


@quick_init
@dataclass(frozen=True, slots=True)
class OrderAddress:
    name: str = ""
    company: str = ""
    line1: str = ""
    line2: str = ""
    postcode: str = ""
    city: str = ""
    region: str = ""
    country: str = ""                # ISO 3166 alpha-2, "" when the file gives none
    phone: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.line1 or self.city)


@quick_init
@dataclass(frozen=True, slots=True)
class OrderLine:
    """One line as the shop states it. `unit_price` includes VAT when the order's prices do."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    sku: str = ""
    discount: Decimal = ZERO         # amount off this line in total, same VAT basis as unit_price
    vat_rate: Decimal | None = None  # percent, when the file says it
    tax_amount: Decimal | None = None
    taxable: bool = True

    @property
    def total(self) -> Decimal:
        return self.quantity * self.unit_price - self.discount


@quick_init
@dataclass(frozen=True, slots=True)
class TaxLine:
    """A tax total the shop reports for the order, e.g. ("FR TVA 20%", 20, 12.34)."""

    name: str
    rate: Decimal | None
    amount: Decimal


@quick_init
@dataclass(frozen=True, slots=True)
class Refund:
    amount: Decimal
    refunded_on: date | None = None
    reason: str = ""
    external_id: str = ""


@quick_init
@dataclass(frozen=True, slots=True)
class ShopOrder:
    """One order of one shop, read whole from an export.

    Amounts are those the shop states; `taxes_included` says whether prices, shipping and
    discounts include VAT. `total` is what the customer was charged.
    """

    shop: str                        # reader name, e.g. "shopify"
    reference: str                   # the order number the customer sees ("#1001", "1234")
    ordered_at: datetime             # timezone-aware
    order_date: date                 # the merchant's local date of the order
    currency: str
    taxes_included: bool
    status: OrderStatus
    total: Decimal
    total_tax: Decimal
    lines: tuple[OrderLine, ...]
    external_id: str = ""
    shop_status: str = ""            # the shop's own words ("paid", "Processing", "Paiement accepté")
    subtotal: Decimal = ZERO         # lines after line discounts, as the file states it
    shipping: Decimal = ZERO
    shipping_tax: Decimal | None = None
    discount: Decimal = ZERO         # order-level discount not already inside line amounts
    discount_codes: str = ""
    tax_lines: tuple[TaxLine, ...] = ()
    refunds: tuple[Refund, ...] = ()
    refunded: Decimal = ZERO
    payment_method: str = ""
    payment_reference: str = ""
    paid_at: datetime | None = None
    cancelled_at: datetime | None = None
    email: str = ""
    vat_number: str = ""
    billing: OrderAddress = field(default_factory=OrderAddress)
    shipping_address: OrderAddress = field(default_factory=OrderAddress)
    notes: str = ""
    source_line: int = 0             # line of the file where the order starts
    fulfilled_at: datetime | None = None  # when the goods were shipped (the invoice's delivery date)

    @property
    def customer_name(self) -> str:
        return self.billing.company or self.billing.name or self.shipping_address.name

    @property
    def lines_total(self) -> Decimal:
        return sum((line.total for line in self.lines), ZERO)


def expected_total(order: ShopOrder) -> Decimal:
    """Lines + shipping − discounts (+ taxes when prices exclude them): what the total should be."""
    base = order.lines_total + order.shipping - order.discount
    if not order.taxes_included:
        base += order.total_tax
    return base


def total_discrepancy(order: ShopOrder) -> Decimal:
    """How far the shop's stated total is from its own lines, to the cent (0 when it reconciles)."""
    return round_amount(order.total - expected_total(order))
