"""Key figures month by month, the cash-collection forecast, and the figures the dashboard charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop_app.domain.kpi import Forecast, KpiReport, MonthFigures, average_delays, forecast
from desktop_app.domain.money import ZERO
from desktop_app.domain.periods import Period, Preset, month_key, months, preset_period
from desktop_app.domain.receivables import BUCKETS, AgeBucket, bucket_of, days_late
from desktop_app.domain.report_layouts import kpi_layout
from desktop_app.domain.report_table import Report
from desktop_app.store import kpi_queries as queries
from desktop_app.store import receivable_queries as receivables
from desktop_app.store.database import Database


def _forecast(session: Session, on: date) -> Forecast:
    delays, default = average_delays(receivables.delay_history(session, on))
    return forecast(on, list(receivables.open_amounts(session, on)), delays, default)


def kpi_report(db: Database, period: Period, on: date) -> KpiReport:
    """The period's months (figures as known on `on`) and the 8 weeks of cash expected after `on`."""
    with db.reading() as session:
        documents = queries.documents_by_month(session, period.start, period.end)
        receipts = queries.receipts_by_month(session, period.start, period.end)
        punctuality = queries.punctuality_by_month(session, period.start, min(period.end, on))
        settled = queries.settlement_by_month(session, period.start, period.end)
        outstanding = queries.receivable_before(session, period.start)
        not_due = receivables.not_due_totals(session, [month.end for month in months(period)])
        figures = []
        for month in months(period):
            key = month_key(month.start)
            issued, invoiced = documents.get(key, (0, ZERO))
            collected, applied = receipts.get(key, (ZERO, ZERO))
            due, on_time = punctuality.get(key, (0, 0))
            count, days = settled.get(key, (0, 0))
            outstanding += invoiced - applied
            overdue = outstanding - not_due[month.end]
            figures.append(MonthFigures(month, issued, invoiced, collected, due, on_time, count, days,
                                        queries.disputed_in(session, month.start, month.end), outstanding,
                                        overdue))
        cash = _forecast(session, on)
    return KpiReport(period, tuple(figures), cash)


def kpi_layout_for(db: Database, period: Period, on: date) -> Report:
    return kpi_layout(kpi_report(db, period, on))


@dataclass(frozen=True, slots=True)
class ChartFigures:
    """What the dashboard draws: the last 12 months' sales and receipts, and today's receivables by age."""

    months: tuple[tuple[str, Decimal, Decimal], ...]        # ('2026-03', invoiced, collected)
    ages: tuple[tuple[AgeBucket, Decimal], ...]
    on: date


def chart_figures(db: Database, on: date) -> ChartFigures:
    """Invoiced and collected per month over the last 12 months, and receivables by age on `on`."""
    period = preset_period(Preset.LAST_12_MONTHS, on)
    with db.reading() as session:
        documents = queries.documents_by_month(session, period.start, period.end)
        receipts = queries.receipts_by_month(session, period.start, period.end)
        ages = dict.fromkeys(BUCKETS, ZERO)
        for item in receivables.open_amounts(session, on):
            ages[bucket_of(days_late(item.due_date, on))] += item.amount
    rows = []
    for month in months(period):
        key = month_key(month.start)
        rows.append((key, documents.get(key, (0, ZERO))[1], receipts.get(key, (ZERO, ZERO))[0]))
    return ChartFigures(tuple(rows), tuple(ages.items()), on)

