"""What the legal archive of a year is made of: the issued documents with their files, the journal and
event-log segments of the year, and its closings."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, func, literal, or_, select
from sqlalchemy.orm import Session

from desktop_app.store.records import ClosingRecord, EventRecord, InvoiceRecord, IssuedDocumentRecord, JournalRecord


@dataclass(frozen=True, slots=True)
class YearDocument:
    id: int
    number: str
    kind: str
    issue_date: date
    customer: str
    total: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class StoredEntry:
    seq: int
    recorded_at: datetime
    kind: str
    subject: str
    payload: str
    prev_hash: str
    hash: str


def _of_year(year: int) -> list[ColumnElement[bool]]:
    return [InvoiceRecord.state == "issued", InvoiceRecord.issue_date >= date(year, 1, 1),
            InvoiceRecord.issue_date <= date(year, 12, 31)]


def year_documents(session: Session, year: int) -> list[YearDocument]:
    """The documents issued in a year, in number order per series."""
    rows = session.execute(select(InvoiceRecord.id, InvoiceRecord.number, InvoiceRecord.kind, InvoiceRecord.issue_date,
                                  InvoiceRecord.buyer_name, InvoiceRecord.grand_total, InvoiceRecord.rounding,
                                  InvoiceRecord.currency)
                           .where(*_of_year(year))
                           .order_by(InvoiceRecord.series, InvoiceRecord.sequence_period,
                                     InvoiceRecord.sequence_number))
    return [YearDocument(i, n or "", k, d, c, total + rounding, cur) for i, n, k, d, c, total, rounding, cur in rows]


def document_files(session: Session, ids: Sequence[int]) -> dict[int, tuple[bytes, bytes]]:
    """(PDF, XML) of issued documents, by invoice id."""
    rows = session.execute(select(IssuedDocumentRecord.invoice_id, IssuedDocumentRecord.pdf, IssuedDocumentRecord.xml)
                           .where(IssuedDocumentRecord.invoice_id.in_(ids)))
    return {invoice_id: (pdf, xml) for invoice_id, pdf, xml in rows}


def _bounds(session: Session, model: type[JournalRecord] | type[EventRecord],
            conditions: Sequence[ColumnElement[bool]]) -> tuple[int, int] | None:
    low, high = session.execute(select(func.min(model.seq), func.max(model.seq)).where(or_(*conditions))).one()
    return None if low is None else (int(low), int(high))


def journal_bounds(session: Session, year: int, start: datetime, end: datetime) -> tuple[int, int] | None:
    """The journal segment of a year: from the first entry recorded in it or about its documents and
    closings, to the last one (an old year's PDF made today is recorded today: the segment reaches it)."""
    numbers = select(InvoiceRecord.number).where(*_of_year(year))
    periods = [f"{year:04d}-{month:02d}" for month in range(1, 13)]
    return _bounds(session, JournalRecord, [
        (JournalRecord.recorded_at >= start) & (JournalRecord.recorded_at < end),
        JournalRecord.subject.in_(numbers),
        (JournalRecord.kind == "period_closed") & JournalRecord.subject.in_(periods)])


def event_bounds(session: Session, start: datetime, end: datetime) -> tuple[int, int] | None:
    return _bounds(session, EventRecord, [(EventRecord.recorded_at >= start) & (EventRecord.recorded_at < end)])


def _entries(session: Session, model: type[JournalRecord] | type[EventRecord], bounds: tuple[int, int] | None
             ) -> Iterator[StoredEntry]:
    if bounds is None:
        return
    subject = JournalRecord.subject if model is JournalRecord else literal("")   # the event log has no subject
    query = (select(model.seq, model.recorded_at, model.kind, subject, model.payload, model.prev_hash, model.hash)
             .where(model.seq >= bounds[0], model.seq <= bounds[1]).order_by(model.seq))
    for row in session.execute(query.execution_options(yield_per=5000)):
        yield StoredEntry(row[0], row[1], row[2], row[3] or "", row[4], row[5], row[6])


def journal_segment(session: Session, bounds: tuple[int, int] | None) -> Iterator[StoredEntry]:
    """Journal entries seq first..last, streamed."""
    return _entries(session, JournalRecord, bounds)


def event_segment(session: Session, bounds: tuple[int, int] | None) -> Iterator[StoredEntry]:
    return _entries(session, EventRecord, bounds)


def year_closings(session: Session, year: int) -> list[tuple[str, datetime, int, str]]:
    """(period, closed_at, journal seq, sealed totals as journaled) of the months of a year that are closed."""
    rows = session.execute(select(ClosingRecord.period, ClosingRecord.closed_at, ClosingRecord.journal_seq,
                                  JournalRecord.payload)
                           .join(JournalRecord, JournalRecord.seq == ClosingRecord.journal_seq)
                           .where(ClosingRecord.period.like(f"{year:04d}-%")).order_by(ClosingRecord.period))
    return [(period, closed_at, seq, payload) for period, closed_at, seq, payload in rows]
