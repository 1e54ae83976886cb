"""Tax-inclusive orders: the invoice costs exactly what the customer paid, by the EN 16931 rules."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.money import CENT, round_amount
from desktop_app.domain.tax import standard
from desktop_app.domain.tax_inclusive import GrossAdjustment, GrossLine, best_base, from_tax_inclusive
from desktop_app.domain.totals import line_net_amount, vat_of_base
from tests.domain.strategies import gross_adjustments, gross_lines


def _paid(content, adjustments):
    total = sum(line.gross_total for line in content)
    return total + sum(a.amount if a.is_charge else -a.amount for a in adjustments)


@settings(max_examples=400)
@given(st.lists(gross_lines(), min_size=1, max_size=10), st.lists(gross_adjustments(), max_size=3))
def test_invoice_total_equals_the_order_total_for_any_line_mix(content, adjustments):
    paid = _paid(content, adjustments)
    document = from_tax_inclusive(content, adjustments, paid_total=paid)
    totals = document.totals
    assert totals.grand_total + totals.rounding == paid
    assert totals.amount_due == paid
    # The rounding amount only holds the cent a 20 % base cannot reach, one at most per rate.
    assert abs(totals.rounding) <= CENT * len(totals.breakdown)
    for row in totals.breakdown:
        assert row.amount == vat_of_base(row.base, row.vat)
    for line, net in zip(content, (line_net_amount(n) for n in document.lines)):
        exact = line.gross_total / (1 + line.vat.fraction)
        assert abs(net - exact) <= Decimal("0.02")


@settings(max_examples=300)
@given(st.integers(0, 10_000_000), st.sampled_from(["20", "10", "5.5", "2.1"]))
def test_best_base_reaches_the_gross_whenever_some_base_does(gross_cents, rate):
    vat = standard(rate)
    gross = Decimal(gross_cents).scaleb(-2)
    base = best_base(gross, vat)
    reachable = any(b + vat_of_base(b, vat) == gross
                    for b in (round_amount(gross / (1 + vat.fraction)) + CENT * k for k in range(-3, 4)))
    assert (base + vat_of_base(base, vat) == gross) == reachable


def test_a_classic_shop_order_with_shipping_and_a_discount_code():
    content = [GrossLine("Sencha 100 g", Decimal(2), Decimal("14.90"), standard("5.5")),
               GrossLine("Théière en fonte", Decimal(1), Decimal("59.00"), standard("20"))]
    adjustments = [GrossAdjustment(True, Decimal("4.90"), "Livraison"),
                   GrossAdjustment(False, Decimal("8.88"), "BIENVENUE10")]
    document = from_tax_inclusive(content, adjustments, paid_total=Decimal("84.82"))
    totals = document.totals
    assert totals.payable_total == Decimal("84.82")
    rates = {row.vat.rate for row in totals.breakdown}
    assert rates == {Decimal("5.5"), Decimal(20)}
    # Shipping and discount are spread over both rates in proportion to their gross amounts.
    assert len([a for a in document.allowances_charges if a.is_charge]) == 2
    assert len([a for a in document.allowances_charges if not a.is_charge]) == 2
