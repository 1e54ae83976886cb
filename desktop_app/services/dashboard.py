"""The figures of the home screen: what is overdue, what to send today, what waits, and the charts.

A shop with a million invoices has tens of thousands open: the cards, the short lists and the age
chart are added up by the database from the open balances' index (store.open_invoices); the reminders
due come from the dunning rules applied to the overdue invoices not yet at the plan's last level (the
others can never be due one: tests hold the result equal to the rules applied to every invoice), and
the monthly chart from sums kept up to date (store.figures), never from adding up every invoice again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop_app.domain.conversion import to_eur
from desktop_app.domain.dunning import DueReminder, DunningCase, DunningPlan, ReminderMade, parse_plan, reminders_due
from desktop_app.domain.money import ZERO
from desktop_app.domain.periods import Preset, month_key, months, preset_period
from desktop_app.domain.receivables import BUCKETS, bucket_of, days_late
from desktop_app.services.closing import today
from desktop_app.services.company import all_settings
from desktop_app.services.kpis import ChartFigures, chart_figures
from desktop_app.services.reminder_rows import DueRow, sent_on
from desktop_app.store import dunning as dunning_repo
from desktop_app.store import figures as kept
from desktop_app.store import open_invoices as repo
from desktop_app.store import outbox as outbox_repo
from desktop_app.store.database import Database
from desktop_app.store.dunning import OverdueRow

PREVIEW = 12      # rows of each short list


@dataclass(frozen=True, slots=True)
class DashboardFigures:
    day: date
    overdue_count: int
    overdue_amounts: dict[str, Decimal] = field(default_factory=dict)     # by currency, euros first
    reminders_due: int = 0
    drafts: int = 0
    outbox_waiting: int = 0
    outbox_needs_user: int = 0
    largest_overdue: tuple[OverdueRow, ...] = ()     # the biggest sums owed
    due_preview: tuple[DueRow, ...] = ()             # the most urgent reminders: highest level first


def _cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def _due(session: Session, plan: DunningPlan, day: date) -> list[DueReminder]:
    """The reminders due on `day`, by the dunning rules, oldest due date first."""
    levels = len(plan.levels)
    paused, customers = repo.pauses(session)
    cases = [DunningCase(item.invoice_id, item.due_date, _cents(item.balance),
                         tuple(ReminderMade(m.level, sent_on(m)) for m in made),
                         tuple(paused.get(item.invoice_id, [])) + ((customers[item.customer_id],)
                                                                    if item.customer_id in customers else ()))
             for item, made in repo.dunning_candidates(session, day, levels)]
    return reminders_due(cases, plan, day)


def reminders_due_count(db: Database, on: date | None = None) -> int:
    """How many reminders are due today (the start-up notice): the dashboard's reading, nothing more."""
    day = on or today()
    plan = parse_plan(all_settings(db)["dunning.plan"])
    with db.reading() as session:
        return len(_due(session, plan, day))


def dashboard_figures(db: Database, on: date | None = None) -> DashboardFigures:
    """Every figure of the dashboard for a day (today by default)."""
    day = on or today()
    plan = parse_plan(all_settings(db)["dunning.plan"])
    with db.reading() as session:
        overdue = repo.overdue_totals(session, day)
        largest = repo.largest_overdue(session, day, PREVIEW)
        drafts = repo.draft_count(session)
        states = outbox_repo.counts(session)
        due = _due(session, plan, day)
        urgent = sorted(due, key=lambda reminder: (-reminder.level, -reminder.days_late))[:PREVIEW]
        shown = set(largest) | {reminder.invoice_id for reminder in urgent}
        details = {row.invoice_id: row for row in dunning_repo.overdue_rows(session, day, sorted(shown))}
    amounts = {currency: _cents(overdue[currency][1]) for currency in sorted(overdue, key=lambda c: (c != "EUR", c))}
    preview = tuple(_due_row(details[reminder.invoice_id], reminder) for reminder in urgent)
    return DashboardFigures(day, sum(count for count, _cents_owed in overdue.values()), amounts, len(due), drafts,
                            states["queued"] + states["sending"], states["failed"] + states["unsure"],
                            tuple(details[invoice_id] for invoice_id in largest), preview)


def _due_row(row: OverdueRow, reminder: object) -> DueRow:
    level, days, step = reminder.level, reminder.days_late, reminder.step  # type: ignore[attr-defined]
    return DueRow(row.invoice_id, row.number, level, step.channel.value, row.customer_id, row.customer, row.email,
                  row.amount_due, row.currency, row.due_date, days, row.is_business)


def chart_figures_kept(db: Database, on: date | None = None) -> ChartFigures:
    """The dashboard's charts: the last 12 months from the kept monthly sums (brought up to date first),
    and today's receivables by age from the open invoices. For a past day in the middle of a month the
    kept sums cannot say it, and the figures are computed again (services.kpis.chart_figures)."""
    day = on or today()
    if day < today() and (day + timedelta(days=1)).day != 1:
        return chart_figures(db, day)
    with db.reading() as session:
        behind = kept.behind(session)
    if behind:
        with db.transaction() as session:
            kept.fold(session)
    period = preset_period(Preset.LAST_12_MONTHS, day)
    with db.reading() as session:
        figures = kept.months_between(session, month_key(period.start), month_key(period.end))
        owed = repo.open_by_due_date(session, day) if day >= today() else None
    ages = chart_figures(db, day).ages if owed is None else _ages(*owed, day)
    rows = []
    for month in months(period):
        found = figures.get(month_key(month.start))
        rows.append((month_key(month.start), found.invoiced if found else ZERO, found.collected if found else ZERO))
    return ChartFigures(tuple(rows), ages, day)


def _ages(euros: dict[date, int], others: list[tuple[date, int, int]], day: date
          ) -> tuple[tuple[object, Decimal], ...]:
    """Receivables in euros by age on `day`, from what is owed by due date (store.open_invoices)."""
    ages = dict.fromkeys(BUCKETS, ZERO)
    for due, cents in euros.items():
        ages[bucket_of(days_late(due, day))] += _cents(cents)
    for due, cents, rate in others:
        ages[bucket_of(days_late(due, day))] += to_eur(_cents(cents), Decimal(rate).scaleb(-8))
    return tuple(ages.items())
