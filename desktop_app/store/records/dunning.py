"""Reminders sent for unpaid invoices, pauses, and the outbox of e-mails waiting to go."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.store.records.base import Base, Timestamped
from desktop_app.store.types import Cents, UtcDateTime


class ReminderRecord(Timestamped, Base):
    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("invoice_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    level: Mapped[int] = mapped_column(Integer)
    prepared_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(10))        # email | letter | both
    fee: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    interest: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    indemnity: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    amount_due: Mapped[Decimal] = mapped_column(Cents())
    letter_pdf: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"), default=None)


class DunningPauseRecord(Timestamped, Base):
    """Reminders suspended for one invoice (dispute, promise to pay) until a date."""

    __tablename__ = "dunning_pauses"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    until: Mapped[date | None] = mapped_column(Date, default=None)
    reason: Mapped[str] = mapped_column(String(200))
    lifted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class OutboxRecord(Timestamped, Base):
    """A complete e-mail stored before it is sent, so that none is lost or sent twice."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))            # invoice | reminder | test
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), default=None)
    recipients: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(300))
    message: Mapped[bytes] = mapped_column(LargeBinary)      # RFC 5322 bytes with attachments
    message_id: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(10), default="queued")   # queued | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
