"""Queries that `verify` streams through: numbering of issued documents and their counters."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.store.records import InvoiceRecord, NumberSequenceRecord


@dataclass(frozen=True, slots=True)
class NumberedDocument:
    series: str
    period: str
    sequence_number: int
    number: str
    issue_date: date


def numbered_documents(session: Session) -> Iterator[NumberedDocument]:
    """Issued documents in series, period and sequence order."""
    query = (select(InvoiceRecord.series, InvoiceRecord.sequence_period, InvoiceRecord.sequence_number,
                    InvoiceRecord.number, InvoiceRecord.issue_date)
             .where(InvoiceRecord.state == "issued")
             .order_by(InvoiceRecord.series, InvoiceRecord.sequence_period, InvoiceRecord.sequence_number))
    for row in session.execute(query.execution_options(yield_per=10_000)):
        yield NumberedDocument(row[0] or "", row[1] or "", row[2] or 0, row[3] or "", row[4])


def sequence_counters(session: Session) -> dict[tuple[str, str], int]:
    """The last number given per series and period, as the counters say."""
    rows = session.execute(select(NumberSequenceRecord.series, NumberSequenceRecord.period,
                                  NumberSequenceRecord.last_value))
    return {(series, period): last for series, period, last in rows}
