"""What happened to a document: its journal entries, payments and credit notes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.store.records import AllocationRecord, JournalRecord, PaymentRecord, ReminderRecord


@dataclass(frozen=True, slots=True)
class JournalLine:
    seq: int
    recorded_at: datetime
    kind: str
    payload: dict[str, object]


@dataclass(frozen=True, slots=True)
class PaymentLine:
    received_on: date
    amount: Decimal
    method: str
    source: str
    reference: str


def journal_of(session: Session, number: str) -> list[JournalLine]:
    rows = session.execute(select(JournalRecord.seq, JournalRecord.recorded_at, JournalRecord.kind,
                                  JournalRecord.payload).where(JournalRecord.subject == number)
                           .order_by(JournalRecord.seq))
    return [JournalLine(seq, at, kind, json.loads(payload)) for seq, at, kind, payload in rows]


def payments_of(session: Session, invoice_id: int) -> list[PaymentLine]:
    rows = session.execute(select(PaymentRecord.received_on, AllocationRecord.amount, PaymentRecord.method,
                                  PaymentRecord.source, PaymentRecord.reference)
                           .join(AllocationRecord, AllocationRecord.payment_id == PaymentRecord.id)
                           .where(AllocationRecord.invoice_id == invoice_id).order_by(PaymentRecord.received_on))
    return [PaymentLine(*row) for row in rows]


def reminders_of(session: Session, invoice_id: int) -> list[tuple[int, date]]:
    rows = session.execute(select(ReminderRecord.level, ReminderRecord.prepared_on)
                           .where(ReminderRecord.invoice_id == invoice_id).order_by(ReminderRecord.level))
    return [(level, on) for level, on in rows]
