"""What the dashboard reads of the invoices still open: narrow rows, one read of each table.

A big shop has tens of thousands of open invoices among a million; the dashboard's cards, short lists
and age chart are all computed from these rows (store.dunning reads the details of the dozen shown).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.dunning import Pause
from desktop_app.store.dunning import MadeRow
from desktop_app.store.records import (
    CustomerRecord,
    DunningPauseRecord,
    InvoiceBalanceRecord,
    InvoiceRecord,
    OutboxRecord,
    ReminderRecord,
)
from desktop_app.store.report_sql import raw

Inv, Bal, Rem, Out = InvoiceRecord, InvoiceBalanceRecord, ReminderRecord, OutboxRecord


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    invoice_id: int
    issue_date: date
    due_date: date
    currency: str
    balance: int                  # cents of its currency
    exchange_rate: int | None     # units per EUR, in 1/10^8 (None for euros)
    customer_id: int


def open_invoices(session: Session) -> list[OpenInvoice]:
    """Every issued invoice with something left to pay, oldest due date first (then by id)."""
    query = (select(Inv.id, Inv.issue_date, Inv.due_date, Inv.currency, raw(Bal.balance), raw(Inv.exchange_rate),
                    Inv.customer_id)
             .select_from(Bal).join(Inv, Inv.id == Bal.invoice_id)
             .where(Bal.open == 1, Inv.state == "issued", Inv.kind == "invoice", Inv.due_date.is_not(None))
             .order_by(Inv.due_date, Inv.id))
    return [OpenInvoice(*row) for row in session.execute(query)]


def reminders_of_open(session: Session) -> dict[int, list[MadeRow]]:
    """The reminders made for open invoices, by invoice."""
    query = (select(Rem.invoice_id, Rem.level, Rem.channel, Rem.prepared_on, Out.state, Out.sent_at)
             .join(Bal, (Bal.invoice_id == Rem.invoice_id) & (Bal.open == 1))
             .join(Out, Out.id == Rem.outbox_id, isouter=True))
    made: dict[int, list[MadeRow]] = defaultdict(list)
    for row in session.execute(query):
        made[row[0]].append(MadeRow(*row))
    return made


def pauses(session: Session) -> tuple[dict[int, list[Pause]], dict[int, Pause]]:
    """Pauses in force (not lifted): by invoice, and by customer."""
    by_invoice: dict[int, list[Pause]] = defaultdict(list)
    query = select(DunningPauseRecord.invoice_id, DunningPauseRecord.reason, DunningPauseRecord.until).where(
        DunningPauseRecord.lifted_at.is_(None))
    for invoice_id, reason, until in session.execute(query):
        by_invoice[invoice_id].append(Pause(reason, until))
    customers = {cid: Pause(reason, until) for cid, reason, until in session.execute(
        select(CustomerRecord.id, CustomerRecord.reminders_pause_reason, CustomerRecord.reminders_paused_until)
        .where(CustomerRecord.reminders_pause_reason != ""))}
    return by_invoice, customers


def draft_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Inv).where(Inv.state == "draft")) or 0)
