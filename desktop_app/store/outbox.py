"""The outbox: complete e-mails stored before they are sent, and the moves of their state.

    queued ──claim──> sending ──accepted──> sent
       ^                 │ refused for now: back to queued, with the error and a later retry time
       │                 │ refused for good: failed
       │                 └ lease expired (crash after handing it over?): unsure
       └──── retry ───── failed | unsure                  queued | failed | unsure ──> cancelled

Each move is one UPDATE guarded by the state it leaves, so two processes never both send a message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.errors import NotFound
from desktop_app.i18n import _
from desktop_app.store.records import InvoiceBalanceRecord, InvoiceRecord, OutboxRecord, ReminderRecord

Out = OutboxRecord
WAITING = ("queued", "sending")
NEEDS_USER = ("failed", "unsure")
STATES = ("queued", "sending", "sent", "failed", "unsure", "cancelled")


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    kind: str
    invoice_id: int | None
    recipients: str
    subject: str
    message_id: str
    state: str
    attempts: int
    last_error: str
    next_attempt_at: datetime | None
    sent_at: datetime | None
    created_at: datetime
    size: int


_COLUMNS = (Out.id, Out.kind, Out.invoice_id, Out.recipients, Out.subject, Out.message_id, Out.state, Out.attempts,
            Out.last_error, Out.next_attempt_at, Out.sent_at, Out.created_at, func.length(Out.message))


def add_message(session: Session, kind: str, invoice_id: int | None, recipients: Sequence[str], subject: str,
                message: bytes, message_id: str, now: datetime) -> int:
    result = session.execute(insert(Out).values(
        kind=kind, invoice_id=invoice_id, recipients=", ".join(recipients), subject=subject[:300], message=message,
        message_id=message_id, state="queued", attempts=0, last_error="", created_at=now).returning(Out.id))
    return int(result.scalar_one())


def items(session: Session, states: Sequence[str] | None = None, limit: int = 1000) -> list[OutboxItem]:
    """Messages, newest first, optionally of some states only."""
    query = select(*_COLUMNS).order_by(Out.created_at.desc(), Out.id.desc()).limit(limit)
    if states:
        query = query.where(Out.state.in_(states))
    return [OutboxItem(*row) for row in session.execute(query)]


def item(session: Session, outbox_id: int) -> OutboxItem:
    row = session.execute(select(*_COLUMNS).where(Out.id == outbox_id)).first()
    if row is None:
        raise NotFound(_("Message {id} is not in the outbox.").format(id=outbox_id))
    return OutboxItem(*row)


def message_bytes(session: Session, outbox_id: int) -> bytes:
    data = session.scalar(select(Out.message).where(Out.id == outbox_id))
    if data is None:
        raise NotFound(_("Message {id} is not in the outbox.").format(id=outbox_id))
    return data


def counts(session: Session) -> dict[str, int]:
    found = dict(session.execute(select(Out.state, func.count()).group_by(Out.state)).all())
    return {state: int(found.get(state, 0)) for state in STATES}


def due_ids(session: Session, now: datetime, force: bool = False) -> list[int]:
    """Queued messages whose retry time has come (all queued ones with `force`), oldest first."""
    query = select(Out.id).where(Out.state == "queued").order_by(Out.id)
    if not force:
        query = query.where(or_(Out.next_attempt_at.is_(None), Out.next_attempt_at <= now))
    return list(session.scalars(query))


def expire_leases(session: Session, now: datetime) -> int:
    """Messages left `sending` past their lease: the process sending them stopped, maybe after the server
    took them. Nobody can tell, so they wait for the user instead of going out a second time."""
    return session.execute(update(Out).where(Out.state == "sending", Out.next_attempt_at < now).values(
        state="unsure", last_error=_("Sending was interrupted; the server may have received this message. "
                                     "Check your sent mail, then mark it sent or send it again."))).rowcount or 0


def claim(session: Session, outbox_id: int, lease_until: datetime) -> bool:
    """Take a queued message for sending; False when another process has it or it is no longer queued."""
    return (session.execute(update(Out).where(Out.id == outbox_id, Out.state == "queued").values(
        state="sending", attempts=Out.attempts + 1, next_attempt_at=lease_until)).rowcount or 0) == 1


def mark_sent(session: Session, outbox_id: int, at: datetime, from_states: Sequence[str] = ("sending",)) -> bool:
    return (session.execute(update(Out).where(Out.id == outbox_id, Out.state.in_(from_states)).values(
        state="sent", sent_at=at, last_error="", next_attempt_at=None)).rowcount or 0) == 1


def mark_failed(session: Session, outbox_id: int, state: str, error: str, retry_at: datetime | None) -> None:
    """Back from `sending`: queued again (retry at `retry_at`), failed for good, or unsure."""
    session.execute(update(Out).where(Out.id == outbox_id, Out.state == "sending").values(
        state=state, last_error=error[:2000], next_attempt_at=retry_at))


def mark_all_failed(session: Session, ids: Sequence[int], error: str, retry_at: datetime) -> None:
    """Queued messages that could not even be tried (server unreachable): error and retry time, one attempt."""
    if ids:
        session.execute(update(Out).where(Out.id.in_(ids), Out.state == "queued").values(
            attempts=Out.attempts + 1, last_error=error[:2000], next_attempt_at=retry_at))


def requeue(session: Session, outbox_id: int) -> bool:
    """Queue a failed or unsure message again, to go at the next sending."""
    return (session.execute(update(Out).where(Out.id == outbox_id, Out.state.in_(NEEDS_USER)).values(
        state="queued", next_attempt_at=None)).rowcount or 0) == 1


def cancel(session: Session, outbox_id: int, reason: str) -> bool:
    """Withdraw a message that has not gone out."""
    return (session.execute(update(Out).where(Out.id == outbox_id, Out.state.in_(("queued", *NEEDS_USER))).values(
        state="cancelled", last_error=reason[:2000], next_attempt_at=None)).rowcount or 0) == 1


@dataclass(frozen=True, slots=True)
class CarriedReminder:
    """A reminder that travels in a message, with what it stated."""

    reminder_id: int
    invoice_id: int
    number: str
    level: int
    channel: str
    amount_due: Decimal
    interest: Decimal
    indemnity: Decimal
    fee: Decimal
    still_open: bool


def carried_reminders(session: Session, outbox_id: int) -> list[CarriedReminder]:
    query = (select(ReminderRecord.id, ReminderRecord.invoice_id, InvoiceRecord.number, ReminderRecord.level,
                    ReminderRecord.channel, ReminderRecord.amount_due, ReminderRecord.interest,
                    ReminderRecord.indemnity, ReminderRecord.fee, InvoiceBalanceRecord.open)
             .join(InvoiceRecord, InvoiceRecord.id == ReminderRecord.invoice_id)
             .join(InvoiceBalanceRecord, InvoiceBalanceRecord.invoice_id == ReminderRecord.invoice_id, isouter=True)
             .where(ReminderRecord.outbox_id == outbox_id).order_by(ReminderRecord.id))
    return [CarriedReminder(*row[:9], bool(row[9])) for row in session.execute(query)]
