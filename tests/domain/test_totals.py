"""EN 16931 totals: every rule of the calculation model holds for any content."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.money import round_amount
from desktop_app.domain.tax import standard
from desktop_app.domain.totals import AllowanceCharge, Line, compute_totals, line_net_amount
from tests.domain.strategies import allowances_charges, cents, lines


@settings(max_examples=300)
@given(st.lists(lines(), min_size=1, max_size=12), st.lists(allowances_charges(), max_size=4), cents(0, 10_000))
def test_totals_satisfy_every_en16931_total_rule(content, adjustments, prepaid):
    totals = compute_totals(content, adjustments, prepaid=prepaid)
    nets = [line_net_amount(line) for line in content]
    assert totals.line_total == sum(nets)                                             # BR-CO-10
    assert totals.allowance_total == sum(a.amount for a in adjustments if not a.is_charge)   # BR-CO-11
    assert totals.charge_total == sum(a.amount for a in adjustments if a.is_charge)   # BR-CO-12
    assert totals.tax_basis == totals.line_total - totals.allowance_total + totals.charge_total  # BR-CO-13
    assert totals.vat_total == sum(row.amount for row in totals.breakdown)           # BR-CO-14
    assert totals.grand_total == totals.tax_basis + totals.vat_total                  # BR-CO-15
    assert totals.amount_due == totals.grand_total - totals.prepaid + totals.rounding  # BR-CO-16
    for amount in (totals.line_total, totals.tax_basis, totals.vat_total, totals.grand_total):
        assert amount == round_amount(amount)


@settings(max_examples=300)
@given(st.lists(lines(), min_size=1, max_size=12), st.lists(allowances_charges(), max_size=4))
def test_vat_per_rate_is_the_rounded_rate_of_its_base(content, adjustments):
    totals = compute_totals(content, adjustments)
    for row in totals.breakdown:
        members = [line_net_amount(line) for line in content if line.vat == row.vat]
        members += [a.signed for a in adjustments if a.vat == row.vat]
        assert row.base == sum(members)                                      # BR-S-08, BR-AE-08, BR-K-08...
        assert row.amount == round_amount(row.base * row.vat.rate / 100)    # BR-CO-17
        if row.vat.rate == 0:
            assert row.amount == 0                                           # BR-E-09, BR-AE-09, BR-G-09...
    assert len({row.vat for row in totals.breakdown}) == len(totals.breakdown)


def test_vat_is_computed_on_the_base_not_summed_per_line():
    # Three lines of 0.33 at 20 %: per-line VAT would be 3 × 0.07 = 0.21; on the base it is 0.20.
    content = [Line("Sachet", Decimal(1), Decimal("0.33"), standard("20")) for _ in range(3)]
    totals = compute_totals(content)
    assert totals.breakdown[0].base == Decimal("0.99")
    assert totals.vat_total == Decimal("0.20")
    assert totals.grand_total == Decimal("1.19")


def test_line_net_rounds_half_up_to_the_cent():
    line = Line("Thé", Decimal("3"), Decimal("0.125"), standard("5.5"))
    assert line_net_amount(line) == Decimal("0.38")   # 0.375 -> 0.38


def test_document_allowance_reduces_the_base_of_its_rate():
    content = [Line("Théière", Decimal(1), Decimal("50.00"), standard("20")),
               Line("Thé", Decimal(2), Decimal("10.00"), standard("5.5"))]
    totals = compute_totals(content, [AllowanceCharge(False, Decimal("5.00"), standard("20"), "BIENVENUE10"),
                                      AllowanceCharge(True, Decimal("4.08"), standard("20"), "Livraison")])
    by_rate = {row.vat.rate: row for row in totals.breakdown}
    assert by_rate[Decimal(20)].base == Decimal("49.08")
    assert by_rate[Decimal(20)].amount == Decimal("9.82")
    assert by_rate[Decimal("5.5")].amount == Decimal("1.10")
    assert totals.grand_total == Decimal("80.00")
