"""Ageing of receivables, punctuality figures, and the cash forecast from customers' habits."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.kpi import MonthFigures, average_delays, expected_on, forecast
from desktop_app.domain.periods import Period, month_of
from desktop_app.domain.receivables import (
    BUCKETS,
    AgeBucket,
    OpenAmount,
    aging_rows,
    bucket_of,
    days_late,
    due_date_ranges,
)

D = Decimal
ON = date(2026, 3, 31)


def test_buckets_edges():
    assert [bucket_of(n) for n in (-5, 0, 1, 30, 31, 60, 61, 90, 91, 400)] == [
        AgeBucket.NOT_DUE, AgeBucket.NOT_DUE, AgeBucket.DAYS_1_30, AgeBucket.DAYS_1_30, AgeBucket.DAYS_31_60,
        AgeBucket.DAYS_31_60, AgeBucket.DAYS_61_90, AgeBucket.DAYS_61_90, AgeBucket.OVER_90, AgeBucket.OVER_90]


@given(st.integers(-200, 500))
def test_due_date_ranges_agree_with_buckets(offset):
    """The date ranges a query compares with put each due date in the bucket of its age."""
    due = ON - timedelta(days=offset)
    [bucket] = [b for b, earliest, latest in due_date_ranges(ON)
                if (earliest is None or due >= earliest) and (latest is None or due <= latest)]
    assert bucket is bucket_of(days_late(due, ON))


def test_aging_rows_per_customer_largest_debt_first():
    amounts = [OpenAmount(1, 7, date(2026, 4, 15), D("100.00")), OpenAmount(2, 7, date(2026, 3, 1), D("50.00")),
               OpenAmount(3, 9, date(2025, 12, 1), D("500.00")), OpenAmount(4, 9, None, D("0.00"))]
    rows = aging_rows(ON, amounts, {7: "Café Gourmand", 9: "Hôtel du Parc"})
    assert [(r.customer, r.amounts, r.invoices) for r in rows] == [
        ("Hôtel du Parc", (D(0), D(0), D(0), D(0), D("500.00")), 1),
        ("Café Gourmand", (D("100.00"), D("50.00"), D(0), D(0), D(0)), 2)]
    assert rows[1].overdue == D("50.00") and len(BUCKETS) == 5


def test_month_figures():
    march = MonthFigures(month_of(date(2026, 3, 1)), issued=10, invoiced=D("3100.00"), due=3, paid_on_time=2,
                         settled=4, days_to_pay=130, outstanding=D("1550.00"))
    assert (march.on_time_share, march.average_days_to_pay, march.dso) == (D("66.7"), D("32.5"), D("15.5"))
    empty = MonthFigures(month_of(date(2026, 4, 1)))
    assert (empty.on_time_share, empty.average_days_to_pay, empty.dso) == (None, None, None)


def test_average_delays_and_expected_dates():
    delays, default = average_delays([(7, 2, 20), (9, 1, -4), (11, 0, 0)])
    assert delays == {7: D(10), 9: D(-4)} and default == D("5.333333333333333333333333333")
    assert expected_on(date(2026, 4, 10), ON, D(10)) == date(2026, 4, 20)
    assert expected_on(date(2026, 4, 10), ON, D("-4.5")) == date(2026, 4, 5)
    assert expected_on(date(2026, 3, 20), ON, D(3)) == ON          # already late: expected at once


def test_forecast_uses_each_customers_habit():
    items = [OpenAmount(1, 7, date(2026, 4, 3), D("100.00")),     # pays 10 days late: 13 April, week 2
             OpenAmount(2, 9, date(2026, 4, 3), D("40.00")),      # early payer: week 1
             OpenAmount(3, 11, date(2026, 4, 3), D("60.00")),     # no history: the average (3 days), 6 April
             OpenAmount(4, 7, date(2025, 11, 1), D("999.00")),    # 150 days late: doubtful
             OpenAmount(5, 9, date(2026, 9, 1), D("80.00"))]      # after the 8 weeks
    result = forecast(ON, items, {7: D(10), 9: D(-4)}, D(3))
    assert [(w.start, w.amount, w.invoices) for w in result.weeks if w.invoices] == [
        (date(2026, 3, 31), D("100.00"), 2), (date(2026, 4, 7), D("100.00"), 1)]
    assert result.weeks[0].end == date(2026, 4, 6) and len(result.weeks) == 8
    assert (result.expected, result.later, result.doubtful) == (D("200.00"), D("80.00"), D("999.00"))
    assert Period(result.weeks[0].start, result.weeks[-1].end).days == 56
