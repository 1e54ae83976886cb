"""The append-only, hash-chained journal of legal events, the technical event log, and closings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.store.records.base import Base
from desktop_app.store.types import UtcDateTime


class JournalRecord(Base):
    """One legal event (document issued, payment recorded, reminder sent, period closed)."""

    __tablename__ = "journal"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    kind: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(60), index=True)   # e.g. the document number
    payload: Mapped[str] = mapped_column(Text)                # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class EventRecord(Base):
    """One technical event (export, backup, restore, failed integrity check), chained as well."""

    __tablename__ = "event_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    kind: Mapped[str] = mapped_column(String(30))
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ClosingRecord(Base):
    """A closed period: nothing can be issued or paid with a date in it."""

    __tablename__ = "closings"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)   # YYYY-MM
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    journal_seq: Mapped[int] = mapped_column(Integer)
