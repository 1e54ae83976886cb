"""Any shop order, VAT included or not, becomes an invoice that obeys EN 16931 and costs what was paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.drafting import OrderLineToInvoice, OrderToInvoice, draft_from_order, refund_content
from desktop_app.domain.money import ZERO, round_amount
from desktop_app.domain.tax import VatCategory
from desktop_app.domain.totals import line_net_amount, vat_of_base
from tests.domain.strategies import cents

RATES = [Decimal("20"), Decimal("10"), Decimal("5.5"), Decimal("2.1")]


@st.composite
def orders(draw: st.DrawFn) -> OrderToInvoice:
    included = draw(st.booleans())
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        quantity = Decimal(draw(st.integers(1, 12)))
        price = draw(cents(1, 30_000))
        discount = draw(st.one_of(st.just(ZERO), cents(0, int(quantity * price * 100) // 4)))
        lines.append(OrderLineToInvoice("Article", quantity, price, discount, draw(st.sampled_from(RATES)), "SKU"))
    shipping = draw(st.sampled_from([ZERO, Decimal("4.90"), Decimal("6.90")]))
    subtotal = sum((ln.quantity * ln.unit_price - ln.discount for ln in lines), ZERO)
    # VAT-excluded shops (WooCommerce) put coupons inside the line amounts, not at order level.
    discount = draw(st.one_of(st.just(ZERO), cents(0, int(subtotal * 100) // 5))) if included else ZERO
    shipping_tax = None
    if included:
        total = subtotal + shipping - discount
        tax = round_amount(total / Decimal(6))                       # stated by the shop; not used for the split
    else:
        # VAT-excluded shops compute VAT line by line, and state the shipping's own tax.
        tax = sum((round_amount((ln.quantity * ln.unit_price - ln.discount) * ln.vat_rate / 100) for ln in lines), ZERO)
        shipping_tax = round_amount(shipping * max(ln.vat_rate for ln in lines) / 100)
        tax += shipping_tax
        total = subtotal + shipping - discount + tax
    return OrderToInvoice("#1", date(2026, 3, 1), "EUR", included, total, tax, shipping, discount, "CODE",
                          tuple(lines), shipping_tax=shipping_tax)


@settings(max_examples=300, deadline=None)
@given(orders(), st.sampled_from([VatCategory.STANDARD, VatCategory.INTRA_EU, VatCategory.EXPORT]))
def test_invoice_from_any_order_obeys_en16931_and_equals_the_order_total(order, category):
    if category is not VatCategory.STANDARD and not order.taxes_included:
        order = OrderToInvoice(**{**{f: getattr(order, f) for f in OrderToInvoice.__dataclass_fields__},
                                  "total": order.total - order.total_tax, "total_tax": ZERO})
    content = draft_from_order(order, category, {}, Decimal(20))
    t = content.totals
    nets = [line_net_amount(line) for line in content.lines]
    assert t.line_total == sum(nets)                                                        # BR-CO-10
    assert t.allowance_total == sum(a.amount for a in content.allowances_charges if not a.is_charge)  # BR-CO-11
    assert t.charge_total == sum(a.amount for a in content.allowances_charges if a.is_charge)        # BR-CO-12
    assert t.tax_basis == t.line_total - t.allowance_total + t.charge_total                # BR-CO-13
    assert t.vat_total == sum(row.amount for row in t.breakdown)                           # BR-CO-14
    assert t.grand_total == t.tax_basis + t.vat_total                                      # BR-CO-15
    assert t.amount_due == t.grand_total - t.prepaid + t.rounding                          # BR-CO-16
    for row in t.breakdown:
        assert row.vat.category is category                                               # one category per sale
        assert row.amount == vat_of_base(row.base, row.vat)                               # BR-S-09, BR-CO-17
        if category is not VatCategory.STANDARD:
            assert row.amount == 0                                                         # BR-K-09, BR-G-09
    assert t.payable_total == order.total                                                  # what was charged
    assert abs(t.rounding) <= Decimal("0.01") * max(len(t.breakdown), len(content.lines))


@settings(max_examples=150, deadline=None)
@given(orders(), st.data())
def test_a_refund_credit_note_is_exactly_the_refund(order, data):
    content = draft_from_order(order, VatCategory.STANDARD, {}, Decimal(20))
    amount = data.draw(cents(1, max(1, int(content.totals.payable_total * 100))))
    credit = refund_content(content, amount, "Remboursement")
    assert credit.totals.payable_total == amount
    assert {row.vat for row in credit.totals.breakdown} <= {row.vat for row in content.totals.breakdown}
