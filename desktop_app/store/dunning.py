"""Reminders and pauses: what the due computation reads, and what preparing and pausing write."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, select, type_coerce, update
from sqlalchemy.orm import Session

from desktop_app.domain.dunning import Pause
from desktop_app.domain.errors import NotFound
from desktop_app.i18n import _
from desktop_app.store.records import (
    CustomerRecord,
    DunningPauseRecord,
    InvoiceBalanceRecord,
    InvoiceRecord,
    OutboxRecord,
    ReminderRecord,
)
from desktop_app.store.types import Scaled

Inv, Bal, Rem, Out = InvoiceRecord, InvoiceBalanceRecord, ReminderRecord, OutboxRecord
CHUNK = 900          # ids per IN (...) list, well under SQLite's limit on bound parameters


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


@dataclass(frozen=True, slots=True)
class OverdueRow:
    """An issued invoice past its due date with money left to pay, and who owes it."""

    invoice_id: int
    number: str
    issue_date: date
    due_date: date
    currency: str
    language: str
    total: Decimal
    amount_due: Decimal
    customer_id: int
    customer: str
    email: str
    is_business: bool


def _is_business(parties: str, kind: str) -> bool:
    """As frozen on the invoice at issue (the legal mentions it carried), else the customer's kind."""
    try:
        return bool(json.loads(parties or "{}")["buyer"]["is_business"])
    except (KeyError, TypeError, ValueError):
        return kind == "b2b"


def overdue_rows(session: Session, day: date, invoice_ids: Sequence[int] | None = None,
                 limit: int | None = None, largest_first: bool = False) -> list[OverdueRow]:
    """Open invoices whose due date is before `day`, oldest due first (or the largest sums owed first)."""
    query = (select(Inv.id, Inv.number, Inv.issue_date, Inv.due_date, Inv.currency, Inv.language,
                    type_coerce(Inv.grand_total + Inv.rounding, Scaled(2)), Bal.balance, Inv.customer_id,
                    Inv.buyer_name, CustomerRecord.email, Inv.parties, CustomerRecord.kind)
             .join(Bal, Bal.invoice_id == Inv.id).join(CustomerRecord, CustomerRecord.id == Inv.customer_id)
             .where(Inv.state == "issued", Inv.kind == "invoice", Bal.open == 1, Inv.due_date < day)
             .order_by(*((Bal.balance.desc(), Inv.id) if largest_first else (Inv.due_date, Inv.id))))
    if invoice_ids is not None:
        query = query.where(Inv.id.in_(invoice_ids))
    if limit is not None:
        query = query.limit(limit)
    return [OverdueRow(r[0], r[1] or "", r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10] or "",
                       _is_business(r[11], r[12])) for r in session.execute(query)]


@dataclass(frozen=True, slots=True)
class MadeRow:
    """A reminder made for an invoice, with the state of its e-mail when it has one."""

    invoice_id: int
    level: int
    channel: str
    prepared_on: date
    outbox_state: str | None
    sent_at: datetime | None


def reminders_made(session: Session, invoice_ids: Sequence[int]) -> dict[int, list[MadeRow]]:
    made: dict[int, list[MadeRow]] = defaultdict(list)
    for chunk in _chunks(list(invoice_ids)):
        query = (select(Rem.invoice_id, Rem.level, Rem.channel, Rem.prepared_on, Out.state, Out.sent_at)
                 .join(Out, Out.id == Rem.outbox_id, isouter=True).where(Rem.invoice_id.in_(chunk)))
        for row in session.execute(query):
            made[row[0]].append(MadeRow(*row))
    return made


def invoice_pauses(session: Session, invoice_ids: Sequence[int]) -> dict[int, list[Pause]]:
    """Pauses not lifted, by invoice."""
    found: dict[int, list[Pause]] = defaultdict(list)
    for chunk in _chunks(list(invoice_ids)):
        query = select(DunningPauseRecord.invoice_id, DunningPauseRecord.reason, DunningPauseRecord.until).where(
            DunningPauseRecord.invoice_id.in_(chunk), DunningPauseRecord.lifted_at.is_(None))
        for invoice_id, reason, until in session.execute(query):
            found[invoice_id].append(Pause(reason, until))
    return found


def customer_pauses(session: Session, customer_ids: Sequence[int]) -> dict[int, Pause]:
    found = {}
    for chunk in _chunks(list(customer_ids)):
        query = (select(CustomerRecord.id, CustomerRecord.reminders_pause_reason, CustomerRecord.reminders_paused_until)
                 .where(CustomerRecord.id.in_(chunk), CustomerRecord.reminders_pause_reason != ""))
        for customer_id, reason, until in session.execute(query):
            found[customer_id] = Pause(reason, until)
    return found


def add_reminders(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Store reminders (the (invoice, level) uniqueness refuses a level made twice)."""
    if rows:
        session.execute(insert(Rem), list(rows))


def reminder_ids(session: Session, invoice_ids: Sequence[int], level: int) -> list[int]:
    """Ids of the reminders of a level for some invoices, in id order."""
    return list(session.scalars(select(Rem.id).where(Rem.invoice_id.in_(invoice_ids), Rem.level == level)
                                .order_by(Rem.id)))


def delete_unsent_reminders(session: Session, outbox_id: int) -> int:
    """Forget the reminders of an e-mail that will never go out, so that they can be made again."""
    return session.execute(delete(Rem).where(Rem.outbox_id == outbox_id)).rowcount or 0


def pause_invoice(session: Session, invoice_id: int, reason: str, until: date | None) -> None:
    """Pause an invoice's reminders; a pause already in force takes the new reason and date."""
    if session.get(Inv, invoice_id) is None:
        raise NotFound(_("Document {id} does not exist.").format(id=invoice_id))
    current = session.scalars(select(DunningPauseRecord).where(
        DunningPauseRecord.invoice_id == invoice_id, DunningPauseRecord.lifted_at.is_(None))).first()
    if current is None:
        session.add(DunningPauseRecord(invoice_id=invoice_id, reason=reason[:200], until=until))
    else:
        current.reason, current.until = reason[:200], until
    session.flush()


def lift_invoice_pauses(session: Session, invoice_id: int, at: datetime) -> int:
    """End an invoice's pause (kept, dated, as the history of why reminders stopped)."""
    return session.execute(update(DunningPauseRecord).where(
        DunningPauseRecord.invoice_id == invoice_id, DunningPauseRecord.lifted_at.is_(None))
        .values(lifted_at=at)).rowcount or 0


def set_customer_pause(session: Session, customer_id: int, reason: str, until: date | None) -> None:
    record = session.get(CustomerRecord, customer_id)
    if record is None:
        raise NotFound(_("Customer {id} does not exist.").format(id=customer_id))
    record.reminders_pause_reason = reason[:200]
    record.reminders_paused_until = until if reason else None


@dataclass(frozen=True, slots=True)
class PausedRow:
    """A pause in force: on one invoice (invoice_id set) or on every invoice of a customer."""

    customer_id: int
    customer: str
    reason: str
    until: date | None
    invoice_id: int | None = None
    number: str = ""
    amount_due: Decimal | None = None
    currency: str = "EUR"


def paused_rows(session: Session) -> list[PausedRow]:
    """Every pause not lifted: customers first, then invoices by number."""
    rows = [PausedRow(r[0], r[1], r[2], r[3]) for r in session.execute(
        select(CustomerRecord.id, CustomerRecord.name, CustomerRecord.reminders_pause_reason,
               CustomerRecord.reminders_paused_until).where(CustomerRecord.reminders_pause_reason != "")
        .order_by(CustomerRecord.name))]
    query = (select(Inv.customer_id, Inv.buyer_name, DunningPauseRecord.reason, DunningPauseRecord.until, Inv.id,
                    Inv.number, Bal.balance, Inv.currency)
             .join(Inv, Inv.id == DunningPauseRecord.invoice_id).join(Bal, Bal.invoice_id == Inv.id, isouter=True)
             .where(DunningPauseRecord.lifted_at.is_(None)).order_by(Inv.number))
    rows += [PausedRow(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6], r[7]) for r in session.execute(query)]
    return rows


@dataclass(frozen=True, slots=True)
class HistoryRow:
    reminder_id: int
    invoice_id: int
    number: str
    customer: str
    level: int
    channel: str
    prepared_on: date
    amount_due: Decimal
    interest: Decimal
    indemnity: Decimal
    fee: Decimal
    currency: str
    has_letter: bool
    outbox_id: int | None
    outbox_state: str | None
    sent_at: datetime | None


def history_rows(session: Session, limit: int = 500, invoice_id: int | None = None) -> list[HistoryRow]:
    """The latest reminders made, newest first."""
    query = (select(Rem.id, Rem.invoice_id, Inv.number, Inv.buyer_name, Rem.level, Rem.channel, Rem.prepared_on,
                    Rem.amount_due, Rem.interest, Rem.indemnity, Rem.fee, Inv.currency, Rem.letter_pdf.is_not(None),
                    Rem.outbox_id, Out.state, Out.sent_at)
             .join(Inv, Inv.id == Rem.invoice_id).join(Out, Out.id == Rem.outbox_id, isouter=True)
             .order_by(Rem.prepared_on.desc(), Rem.id.desc()).limit(limit))
    if invoice_id is not None:
        query = query.where(Rem.invoice_id == invoice_id)
    return [HistoryRow(*row[:2], row[2] or "", *row[3:]) for row in session.execute(query)]


def letter_pdf(session: Session, reminder_id: int) -> bytes | None:
    return session.scalar(select(Rem.letter_pdf).where(Rem.id == reminder_id))


def overdue_totals(session: Session, day: date) -> dict[str, tuple[int, Decimal]]:
    """(count, amount left to pay) of the overdue invoices, by currency."""
    query = (select(Inv.currency, func.count(), func.sum(Bal.balance)).join(Bal, Bal.invoice_id == Inv.id)
             .where(Inv.state == "issued", Inv.kind == "invoice", Bal.open == 1, Inv.due_date < day)
             .group_by(Inv.currency))
    return {currency: (int(count), total or Decimal("0.00")) for currency, count, total in session.execute(query)}


def reminder_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Rem)) or 0
