"""Closing a month: its totals and the perpetual totals are sealed in the journal; after that nothing
can be issued or paid with a date in it (the preservation condition of the anti-fraud rules)."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from desktop_app.domain.errors import DomainError, InvalidValue
from desktop_app.i18n import _
from desktop_app.services.company import setting
from desktop_app.store import closings as repo
from desktop_app.store.database import Database
from desktop_app.store.journal import append_event, append_journal

PARIS = ZoneInfo("Europe/Paris")


def today() -> date:
    """The merchant's calendar day (Europe/Paris)."""
    return datetime.now(PARIS).date()


def _bounds(period: str) -> tuple[date, date]:
    try:
        year, month = (int(part) for part in period.split("-"))
        start = date(year, month, 1)
    except ValueError:
        raise InvalidValue("period", _("'{value}' is not a month; write it YYYY-MM.").format(value=period)) from None
    return start, date(year, month, calendar.monthrange(year, month)[1])


def close_period(db: Database, period: str, on: date | None = None) -> None:
    """Close a month that is over; refused for the current or a future month, or one already closed."""
    start, end = _bounds(period)
    if end >= (on or today()):
        raise DomainError(_("{period} is not over yet; only past months can be closed.").format(period=period))
    with db.transaction() as session:
        if repo.is_closed(session, start):
            raise DomainError(_("{period} is already closed.").format(period=period))
        payload = {"period": period, "totals": repo.period_totals(session, start, end),
                   "perpetual": repo.perpetual_totals(session, end)}
        entry = append_journal(session, "period_closed", period, payload)
        repo.add_closing(session, period, entry.seq)
        append_event(session, "period_closed", {"period": period, "journal_seq": entry.seq})


def closed_periods(db: Database) -> list[str]:
    with db.reading() as session:
        return repo.closed_periods(session)


def is_closed(db: Database, day: date) -> bool:
    with db.reading() as session:
        return repo.is_closed(session, day)


def auto_close(db: Database, on: date | None = None) -> list[str]:
    """Close every past month ended more than the configured number of days ago (0: never)."""
    days = int(setting(db, "closing.auto_after_days"))
    if days <= 0:
        return []
    now = on or today()
    with db.reading() as session:
        first = repo.earliest_activity(session)
        closed = set(repo.closed_periods(session))
    if first is None:
        return []
    done = []
    month = date(first.year, first.month, 1)
    while True:
        _start, end = _bounds(repo.period_of(month))
        if end + timedelta(days=days) >= now:
            break
        period = repo.period_of(month)
        if period not in closed:
            close_period(db, period, now)
            done.append(period)
        month = end + timedelta(days=1)
    return done
