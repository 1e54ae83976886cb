"""The demo shop's dunning history: a few weeks of reminder rounds played day by day, one paused invoice.

The rounds go through the real code: reminders prepared on their day, e-mails stored in the outbox and
handed to a mail server that accepts everything without any network (as a test SMTP server would),
letters made as PDF. So the demo shows invoices at several levels, sent reminders in the journal, and
reminders due today.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from desktop_app.domain.progress import run_job
from desktop_app.services.closing import PARIS
from desktop_app.services.outbox import send_outbox
from desktop_app.services.reminders import DueRow, due_reminders, pause_invoice, prepare_reminders
from desktop_app.store.database import Database

PAUSE_REASON = "Litige : colis reçu endommagé, en attente de la réponse du transporteur"
HISTORY_DAYS = 60        # how far back the rounds start
CHASED = 9               # invoices with a history of reminders


class _AcceptingServer:
    """A mail server that takes every message and delivers none (the demo never touches the network)."""

    def send(self, sender: str, recipients: Sequence[str], message: bytes) -> None:
        return None

    def close(self) -> None:
        return None


# (fewest, most days late, how many, stop the rounds this many days after the due date: the next level
# is then due today). Together: invoices at each level, and some due today at levels 2 and 3.
BANDS = ((8, 14, 2, None), (16, 29, 2, None), (31, HISTORY_DAYS, 2, None), (31, HISTORY_DAYS, 2, 20),
         (16, 29, 1, 10))


def _chosen(due: list[DueRow]) -> tuple[dict[int, date | None], int | None]:
    """Business invoices in euros from each band, each with the day its rounds stop; and one to pause."""
    candidates = [row for row in due if row.is_business and row.currency == "EUR" and row.email]
    chosen: dict[int, date | None] = {}
    for low, high, count, stop_after in BANDS:
        band = [row for row in candidates if low <= row.days_late <= high and row.invoice_id not in chosen]
        for row in band[:count]:
            chosen[row.invoice_id] = row.due_date + timedelta(days=stop_after) if stop_after else None
    rest = [row.invoice_id for row in candidates if row.invoice_id not in chosen]
    return chosen, (rest[-1] if rest else None)


def add_demo_reminders(db: Database, today: date) -> int:
    """Play the reminder rounds of the last weeks for a few overdue invoices; returns the reminders made."""
    chosen, to_pause = _chosen(due_reminders(db, today))
    made = 0
    day = today - timedelta(days=HISTORY_DAYS)
    while chosen and day < today:
        active = [invoice_id for invoice_id, stop in chosen.items() if stop is None or day < stop]
        moment = datetime.combine(day, time(9, 30), PARIS)
        result = run_job(prepare_reminders(db, day, active, written_at=moment))
        made += result.reminders
        if result.emails:
            run_job(send_outbox(db, now=moment + timedelta(minutes=5),
                                transport_factory=lambda _db: _AcceptingServer()))
        day += timedelta(days=1)
    if to_pause is not None:
        pause_invoice(db, to_pause, PAUSE_REASON)
    return made
