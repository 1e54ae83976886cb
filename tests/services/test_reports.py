"""The bookkeeper's reports on a quarter checked by hand (see reports_shop), and on the demo year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.domain.periods import Period
from desktop_app.domain.progress import run_job
from desktop_app.domain.receivables import AgeBucket
from desktop_app.domain.vat_report import VatBasis
from desktop_app.services.kpis import chart_figures, kpi_report
from desktop_app.services.reports import (
    aged_receivables,
    build_report,
    customer_balances,
    journal_of_sales,
    vat_report,
)
from tests.services.reports_shop import Q1_END, Q1_START, quarter_shop_copy

D = Decimal
QUARTER = Period(Q1_START, Q1_END)


@pytest.fixture
def shop(tmp_path_factory, tmp_path):
    quarter = quarter_shop_copy(tmp_path_factory, tmp_path)
    yield quarter
    quarter.db.dispose()


def _lines(report):
    return {(line.category, line.rate): (line.sales_base, line.sales_vat, line.deducted_base, line.deducted_vat)
            for line in report.lines}


def test_vat_on_debits_counts_the_quarters_documents_less_its_credit_notes(shop):
    report = vat_report(shop.db, QUARTER, VatBasis.DEBITS)
    assert _lines(report) == {
        ("S", D(20)): (D("200.00"), D("40.00"), D("150.00"), D("30.00")),
        ("S", D("5.5")): (D("100.00"), D("5.50"), D("50.00"), D("2.75")),
        ("K", D(0)): (D("400.00"), D("0.00"), D("0.00"), D("0.00")),
        ("G", D(0)): (D("50.00"), D("0.00"), D("0.00"), D("0.00")),     # 52.00 USD at 1.04
    }
    assert (report.total_base, report.total_vat) == (D("550.00"), D("12.75"))
    assert report.ca3_boxes() == [("A1", D("100.00"), D(0)), ("E1", D("50.00"), D(0)), ("F2", D("400.00"), D(0)),
                                  ("08", D("50.00"), D("10.00")), ("09", D("50.00"), D("2.75"))]
    data = report.as_json()
    assert {(r["category"], r["rate"], r["base"], r["vat"]) for r in data["by_rate"]} == {
        ("S", "20", D("50.00"), D("10.00")), ("S", "5.5", D("50.00"), D("2.75")), ("K", "0", D("400.00"), D(0)),
        ("G", "0", D("50.00"), D(0))}


def test_vat_on_receipts_follows_payments_and_refunds(shop):
    report = vat_report(shop.db, QUARTER, VatBasis.RECEIPTS)
    assert _lines(report) == {
        # F1 paid then refunded in full; F3 paid for what its credit note left (112.75)
        ("S", D(20)): (D("100.00"), D("20.00"), D("50.00"), D("10.00")),
        ("S", D("5.5")): (D("50.00"), D("2.75"), D("0.00"), D("0.00")),
        ("K", D(0)): (D("400.00"), D("0.00"), D("0.00"), D("0.00")),
        ("G", D(0)): (D("50.00"), D("0.00"), D("0.00"), D("0.00")),
    }
    assert report.unallocated == D("30.00")          # kept as Café Gourmand's credit
    february = vat_report(shop.db, Period(date(2026, 2, 1), date(2026, 2, 28)), VatBasis.RECEIPTS)
    assert (february.total_base, february.total_vat) == (D("50.00"), D("0.00"))


def test_both_bases_agree_once_everything_is_settled(shop):
    """VAT totals equal the documents' VAT breakdowns less the credit notes, whichever the basis."""
    journal = journal_of_sales(shop.db, QUARTER)
    breakdown = sum((entry.vat for entry in journal.entries), D(0))
    bases = sum((entry.base for entry in journal.entries), D(0))
    for basis in VatBasis:
        report = vat_report(shop.db, QUARTER, basis)
        assert (report.total_base, report.total_vat) == (bases, breakdown) == (D("550.00"), D("12.75"))


def test_partial_payments_share_the_vat_without_losing_a_cent(shop):
    march = vat_report(shop.db, Period(date(2026, 3, 1), date(2026, 3, 31)), VatBasis.RECEIPTS)
    assert _lines(march)[("S", D("5.5"))] == (D("50.00"), D("2.75"), D(0), D(0))
    assert _lines(march)[("K", D(0))][0] == D("400.00")     # two payments of 200.00


def test_sales_journal_lists_every_document_in_euros(shop):
    journal = journal_of_sales(shop.db, QUARTER)
    rows = [(e.document.number, e.document.issue_date, e.base, e.vat, e.total) for e in journal.entries]
    assert rows == [
        ("F2026-00001", date(2026, 1, 10), D("50.00"), D("10.00"), D("60.00")),
        ("F2026-00002", date(2026, 1, 15), D("100.00"), D("20.00"), D("120.00")),
        ("F2026-00003", date(2026, 1, 20), D("150.00"), D("15.50"), D("165.50")),
        ("AV2026-00001", date(2026, 1, 25), D("-50.00"), D("-10.00"), D("-60.00")),
        ("AV2026-00002", date(2026, 2, 1), D("-100.00"), D("-20.00"), D("-120.00")),
        ("F2026-00004", date(2026, 2, 5), D("400.00"), D("0.00"), D("400.00")),
        ("F2026-00005", date(2026, 2, 10), D("50.00"), D("0.00"), D("50.00")),
        ("AV2026-00003", date(2026, 2, 20), D("-50.00"), D("-2.75"), D("-52.75")),
    ]
    assert journal.total == D("562.75")
    assert journal.rates == [("S", D(20)), ("S", D("5.5"))]
    usd = journal.as_json()["documents"][6]
    assert (usd["currency"], usd["total_in_currency"], usd["total"]) == ("USD", D("52.00"), D("50.00"))


def test_aged_receivables_on_a_day(shop):
    report = aged_receivables(shop.db, date(2026, 2, 28))
    rows = {row.customer: row.amounts for row in report.rows}
    assert rows == {"Teehaus Müller GmbH": (D("400.00"), D(0), D(0), D(0), D(0)),      # due 7 March
                    "Café Gourmand": (D(0), D("112.75"), D(0), D(0), D(0))}           # 9 days late
    assert report.total == D("512.75")
    assert aged_receivables(shop.db, date(2026, 3, 31)).rows == ()                      # all paid since
    late = aged_receivables(shop.db, date(2026, 3, 6))                                  # before the 2nd payment
    assert {row.customer: row.total for row in late.rows} == {"Teehaus Müller GmbH": D("200.00")}


def test_customer_balances_over_the_quarter(shop):
    report = customer_balances(shop.db, QUARTER)
    rows = {r.customer: (r.opening, r.invoiced, r.credited, r.received, r.closing) for r in report.rows}
    assert rows == {
        "Café Gourmand": (D(0), D("285.50"), D("172.75"), D("142.75"), D("-30.00")),     # 30.00 of credit left
        "Teehaus Müller GmbH": (D(0), D("400.00"), D(0), D("400.00"), D(0)),
        "Emily Carter": (D(0), D("50.00"), D(0), D("50.00"), D(0)),
        "Zoë Lefèvre": (D(0), D("60.00"), D("60.00"), D(0), D(0)),                       # paid, refunded
    }
    march = customer_balances(shop.db, Period(date(2026, 3, 1), date(2026, 3, 31)))
    opening = {r.customer: r.opening for r in march.rows}
    assert opening["Café Gourmand"] == D("112.75") and opening["Teehaus Müller GmbH"] == D("400.00")


def test_key_figures_month_by_month(shop):
    report = kpi_report(shop.db, QUARTER, Q1_END)
    january, february, march = report.months
    assert (january.issued, january.invoiced, january.collected, january.outstanding) == (
        3, D("285.50"), D("0.00"), D("285.50"))
    assert january.dso == D("31.0") and january.on_time_share is None
    assert (february.invoiced, february.collected, february.outstanding, february.overdue) == (
        D("277.25"), D("50.00"), D("512.75"), D("112.75"))
    assert (february.due, february.paid_on_time, february.on_time_share) == (1, 0, D("0.0"))   # F3, paid late
    assert (march.collected, march.outstanding, march.overdue, march.disputed) == (
        D("542.75"), D("0.00"), D("0.00"), 1)
    assert march.average_days_to_pay == D("41.5")             # F3 in 40 days, F4 in 43
    assert march.dso is None and report.forecast.expected == D(0)


def test_forecast_places_open_invoices_by_their_customers_habits(shop):
    report = kpi_report(shop.db, Period(date(2026, 2, 1), date(2026, 2, 28)), date(2026, 2, 28))
    weeks = [(week.start, week.amount) for week in report.forecast.weeks if week.amount]
    # No habits yet: F3 (late) is expected in the first week, F4 on its due date (7 March), a week later.
    assert weeks == [(date(2026, 2, 28), D("112.75")), (date(2026, 3, 7), D("400.00"))]
    assert report.forecast.expected == D("512.75") and report.forecast.doubtful == D(0)


def test_chart_figures(shop):
    figures = chart_figures(shop.db, date(2026, 3, 31))
    months = {key: (invoiced, collected) for key, invoiced, collected in figures.months}
    assert len(figures.months) == 12 and months["2026-03"] == (D(0), D("542.75"))
    assert months["2026-02"] == (D("277.25"), D("50.00"))
    assert dict(figures.ages) == dict.fromkeys(AgeBucket, D(0))


def test_reports_are_laid_out_as_typed_tables(shop):
    for kind in ("vat", "sales", "aging", "balances", "kpi"):
        report = run_job(build_report(shop.db, kind, QUARTER, on=Q1_END))
        assert report.kind == kind and report.tables and report.data
        for table in report.tables:
            assert all(len(row) == len(table.columns) for row in table.rows)
    vat = run_job(build_report(shop.db, "vat", QUARTER, VatBasis.RECEIPTS))
    assert "30.00" in vat.main.note.replace("\u202f", "").replace("\xa0", "")


def test_demo_year_vat_equals_its_documents(demo_db):
    """On the demo shop's year: VAT by rate adds up to its invoices' breakdowns less credit notes."""
    year = Period(date(2025, 1, 1), date(2026, 12, 31))
    journal = journal_of_sales(demo_db, year)
    report = vat_report(demo_db, year, VatBasis.DEBITS)
    assert report.total_vat == sum((entry.vat for entry in journal.entries), D(0))
    assert report.total_base == sum((entry.base for entry in journal.entries), D(0))
    for line in report.lines:
        expected = sum((entry.vat_at(line.category, line.rate) for entry in journal.entries), D(0))
        assert line.vat == expected


def test_a_foreign_invoice_with_vat_states_its_vat_in_euros(db):
    """A dollar invoice charging French VAT at two rates: bases converted one by one, VAT split so that
    it adds up to the VAT in euros the invoice states."""
    from desktop_app.domain.parties import Address, Customer
    from desktop_app.domain.tax import standard
    from desktop_app.domain.totals import Line
    from desktop_app.services.company import set_company
    from desktop_app.services.customers import save_customer
    from desktop_app.services.rates import set_rate
    from tests.services.reports_shop import _draft, _issue
    from tests.support.shop import COMPANY

    set_company(db, COMPANY)
    set_rate(db, "USD", D("1.0850"), date(2026, 4, 1))
    tourist = save_customer(db, Customer(name="Emily Carter", currency="USD", payment_terms="0",
                                         billing=Address("2 quai de Saône", "", "69005", "Lyon", "FR")))
    lines = (Line("Sencha 100 g", D(3), D("13.33"), standard("5.5")), Line("Théière", D(1), D("33.33"), standard("20")))
    _issue(db, _draft(db, tourist.id, tourist.name, lines, currency="USD", paid_by="stripe", terms="0"),
           date(2026, 4, 2))
    report = vat_report(db, Period(date(2026, 4, 1), date(2026, 4, 30)), VatBasis.DEBITS)
    journal = journal_of_sales(db, Period(date(2026, 4, 1), date(2026, 4, 30)))
    [entry] = journal.entries
    # 39.99 and 33.33 USD at 1.0850; 8.87 USD of VAT stated as 8.18 EUR, split 2.03 + 6.15.
    assert (report.total_base, report.total_vat) == (entry.base, entry.vat) == (D("67.58"), D("8.18"))
    assert {(line.rate, line.base, line.vat) for line in report.lines} == {
        (D("5.5"), D("36.86"), D("2.03")), (D(20), D("30.72"), D("6.15"))}
    receipts = vat_report(db, Period(date(2026, 4, 1), date(2026, 4, 30)), VatBasis.RECEIPTS)
    assert _lines(receipts) == _lines(report)
