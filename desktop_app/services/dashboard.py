"""The figures of the home screen: what is overdue, what to send today, what waits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from desktop_app.services.closing import today
from desktop_app.services.reminders import DueRow, due_reminders
from desktop_app.store import dunning as dunning_repo
from desktop_app.store import outbox as outbox_repo
from desktop_app.store.database import Database
from desktop_app.store.dunning import OverdueRow
from desktop_app.store.invoices import draft_ids

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


def dashboard_figures(db: Database, on: date | None = None) -> DashboardFigures:
    """Every figure of the dashboard for a day (today by default)."""
    day = on or today()
    with db.reading() as session:
        overdue = dunning_repo.overdue_totals(session, day)
        largest = dunning_repo.overdue_rows(session, day, limit=PREVIEW, largest_first=True)
        drafts = len(draft_ids(session))
        states = outbox_repo.counts(session)
    due = due_reminders(db, day)
    amounts = {currency: overdue[currency][1] for currency in sorted(overdue, key=lambda c: (c != "EUR", c))}
    return DashboardFigures(day, sum(count for count, _amount in overdue.values()), amounts, len(due), drafts,
                            states["queued"] + states["sending"], states["failed"] + states["unsure"],
                            tuple(largest), tuple(sorted(due, key=lambda row: (-row.level, -row.days_late))[:PREVIEW]))
