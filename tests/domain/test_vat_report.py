"""VAT report arithmetic: lines per category and rate, shares of partial payments, euros of foreign
documents, periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.conversion import VatRow, rows_in_eur, to_eur
from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.periods import Period, Preset, months, preset_period, quarter_of
from desktop_app.domain.vat_receipts import PaidInvoice, net_breakdown, receipt_parts
from desktop_app.domain.vat_report import VatBasis, VatPart, VatReport, ca3_line, merge_parts, payment_share
from tests.domain.strategies import cents

D = Decimal


def test_parts_merge_into_lines_in_return_order():
    lines = merge_parts([VatPart("K", D(0), D(400), D(0)), VatPart("S", D("5.50"), D(100), D("5.50")),
                         VatPart("S", D("20.0000"), D(50), D(10)), VatPart("S", D(20), D(30), D(6), deducted=True),
                         VatPart("S", D(20), D(100), D(20))])
    assert [(line.category, line.rate, line.base, line.vat) for line in lines] == [
        ("S", D(20), D(120), D(24)), ("S", D("5.5"), D(100), D("5.50")), ("K", D(0), D(400), D(0))]
    report = VatReport(VatBasis.DEBITS, Period(date(2026, 1, 1), date(2026, 1, 31)), lines)
    assert (report.total_base, report.total_vat) == (D(620), D("29.50"))
    assert report.ca3_boxes() == [("A1", D(220), D(0)), ("F2", D(400), D(0)), ("08", D(120), D(24)),
                                  ("09", D(100), D("5.50"))]


def test_ca3_lines():
    assert [ca3_line("S", D(r)) for r in ("20", "10", "5.5", "2.1")] == ["08", "9B", "09", "3310-A"]
    assert [ca3_line(c, D(0)) for c in ("K", "G", "AE", "E")] == ["F2", "E1", "E2", "E2"]


@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=6), cents(1, 200_000), st.data())
def test_payment_shares_add_up_to_the_whole_without_losing_a_cent(weights, part, data):
    """However an invoice is paid, its payments' shares of a VAT row add up to the row exactly."""
    payable = data.draw(cents(1, 500_000))
    total = sum(weights)
    paid = [(payable * w / total).quantize(D("0.01")) for w in weights[:-1]]
    paid.append(payable - sum(paid, D(0)))
    before, shares = D(0), []
    for amount in paid:
        shares.append(payment_share(before, before + amount, part, payable))
        before += amount
    assert sum(shares, D(0)) == part


def test_a_refund_takes_back_what_its_payment_brought():
    assert payment_share(D(0), D("60.00"), D("10.00"), D("60.00")) == D("10.00")
    assert payment_share(D("60.00"), D(0), D("10.00"), D("60.00")) == D("-10.00")
    assert payment_share(D(0), D("112.75"), D("2.75"), D("112.75")) == D("2.75")
    assert payment_share(D(0), D("0.01"), D("1.00"), D(0)) == D(0)


def test_foreign_rows_add_up_to_the_stored_vat_in_euros():
    rows = [VatRow("S", D(20), D("33.33"), D("6.67")), VatRow("S", D("5.5"), D("33.33"), D("1.83"))]
    converted = rows_in_eur(rows, D("1.0850"), D("7.84"))
    assert [row.base for row in converted] == [D("30.72"), D("30.72")]
    assert sum((row.vat for row in converted), D(0)) == D("7.84")
    assert rows_in_eur(rows, None, None) == rows
    assert to_eur(D("52.00"), D("1.04")) == D("50.00") and to_eur(D("52.00"), None) == D("52.00")


@given(st.lists(st.tuples(cents(0, 100_000), cents(0, 20_000)), min_size=1, max_size=4),
       st.integers(50_000_000, 200_000_000))
def test_converted_vat_always_matches_the_stated_total(pairs, rate_units):
    rate = D(rate_units).scaleb(-8)
    rows = [VatRow("S", D(20), base, vat) for base, vat in pairs]
    stated = to_eur(sum((vat for _base, vat in pairs), D(0)), rate)
    assert sum((row.vat for row in rows_in_eur(rows, rate, stated)), D(0)) == stated


def test_periods_and_presets():
    today = date(2026, 11, 28)
    assert preset_period(Preset.LAST_MONTH, today) == Period(date(2026, 10, 1), date(2026, 10, 31))
    assert preset_period(Preset.THIS_QUARTER, today) == Period(date(2026, 10, 1), today)
    assert preset_period(Preset.LAST_QUARTER, today) == Period(date(2026, 7, 1), date(2026, 9, 30))
    assert preset_period(Preset.LAST_YEAR, today) == Period(date(2025, 1, 1), date(2025, 12, 31))
    assert preset_period(Preset.LAST_12_MONTHS, today).start == date(2025, 12, 1)
    assert preset_period(Preset.LAST_12_MONTHS, date(2026, 12, 5)).start == date(2026, 1, 1)
    assert quarter_of(date(2026, 2, 14)) == Period(date(2026, 1, 1), date(2026, 3, 31))
    assert [m.start.day for m in months(Period(date(2026, 1, 15), date(2026, 3, 2)))] == [15, 1, 1]
    with pytest.raises(InvalidValue):
        Period(date(2026, 3, 1), date(2026, 2, 1))


ROWS = (VatRow("S", D("5.5"), D("100.00"), D("5.50")), VatRow("S", D(20), D("50.00"), D("10.00")))


def _shares(invoice: PaidInvoice, counted) -> list[tuple[str, Decimal, Decimal, Decimal, bool]]:
    return [(p.category, p.rate, p.base, p.vat, p.deducted) for p in receipt_parts(invoice, counted)]


def test_a_payment_of_what_a_credit_note_left_brings_the_net_breakdown():
    invoice = PaidInvoice(D("165.50"), ROWS, ((1, D("112.75")),), (VatRow("S", D("5.5"), D("50.00"), D("2.75")),),
                          D("52.75"))
    assert net_breakdown(invoice)[1] == D("112.75")
    assert _shares(invoice, {1}) == [("S", D("5.5"), D("50.00"), D("2.75"), False),
                                     ("S", D(20), D("50.00"), D("10.00"), False)]


def test_a_refund_of_a_fully_credited_invoice_gives_back_what_was_paid():
    invoice = PaidInvoice(D("165.50"), ROWS, ((1, D("165.50")), (2, D("-165.50"))), ROWS, D("165.50"))
    assert _shares(invoice, {2}) == [("S", D("5.5"), D("100.00"), D("5.50"), True),
                                     ("S", D(20), D("50.00"), D("10.00"), True)]
    assert sum(p.vat if not p.deducted else -p.vat for p in receipt_parts(invoice, {1, 2})) == 0


def test_partial_payments_in_two_periods_and_a_foreign_invoice():
    invoice = PaidInvoice(D("165.50"), ROWS, ((7, D("100.00")), (9, D("65.50"))))
    first, second = _shares(invoice, {7}), _shares(invoice, {9})
    assert [s[3] for s in first] == [D("3.32"), D("6.04")] and [s[3] for s in second] == [D("2.18"), D("3.96")]
    usd = PaidInvoice(D("165.50"), ROWS, ((1, D("165.50")),), rate=D("1.0850"), vat_total_eur=D("14.29"))
    assert sum((p.vat for p in receipt_parts(usd, {1})), D(0)) == D("14.29")
