"""The dashboard's monthly figures, kept as sums instead of added up from a million rows at each look.

Issued documents and payment allocations are never changed once written (the database refuses it),
so the sums only grow: `fold` adds what was issued since the last fold (documents by the journal entry
that issued them) and what was paid since (allocations by id), then moves the marks. A recomputation
from the raw rows (`kpi_queries.documents_by_month` / `receipts_by_month`) gives the same figures;
tests hold the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, insert, select, update
from sqlalchemy.orm import Session

from desktop_app.store.records import (
    AllocationRecord,
    FigureMarkRecord,
    InvoiceRecord,
    JournalRecord,
    MonthlyFigureRecord,
    PaymentRecord,
)
from desktop_app.store.report_sql import cents_to_money, eur_cents, int_sum, month_of, raw

Inv, Alloc, Pay, Month, Mark = InvoiceRecord, AllocationRecord, PaymentRecord, MonthlyFigureRecord, FigureMarkRecord
DOCUMENTS, ALLOCATIONS = "documents_journal_seq", "allocations_id"


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """One month in euros: invoices issued, invoiced less credited, collected, and applied to invoices."""

    month: str
    invoices: int
    invoiced: Decimal
    collected: Decimal
    applied: Decimal


def _marks(session: Session) -> dict[str, int]:
    return {name: int(value) for name, value in session.execute(select(Mark.name, Mark.value))}


def _documents_since(session: Session, after: int, upto: int) -> dict[str, tuple[int, int, int, int]]:
    amount = eur_cents(raw(Inv.grand_total) + raw(Inv.rounding), Inv.exchange_rate)
    month = month_of(Inv.issue_date)
    query = (select(month, int_sum(case((Inv.kind == "invoice", 1), else_=0)),
                    int_sum(case((Inv.kind == "credit_note", -amount), else_=amount)))
             .where(Inv.state == "issued", Inv.journal_seq > after, Inv.journal_seq <= upto).group_by(month))
    return {key: (int(count), int(total), 0, 0) for key, count, total in session.execute(query)}


def _allocations_since(session: Session, after: int, upto: int) -> dict[str, tuple[int, int, int, int]]:
    amount = eur_cents(raw(Alloc.amount), Inv.exchange_rate)
    month = month_of(Pay.received_on)
    query = (select(month, int_sum(amount), int_sum(case((Alloc.invoice_id.is_(None), 0), else_=amount)))
             .select_from(Alloc).join(Pay, Pay.id == Alloc.payment_id)
             .join(Inv, Inv.id == Alloc.invoice_id, isouter=True)
             .where(Alloc.id > after, Alloc.id <= upto).group_by(month))
    return {key: (0, 0, int(total), int(applied)) for key, total, applied in session.execute(query)}


def _add(session: Session, sums: Iterable[tuple[str, tuple[int, int, int, int]]]) -> None:
    existing = set(session.scalars(select(Month.month)))
    for key, (invoices, invoiced, collected, applied) in sums:
        if key in existing:
            session.execute(update(Month).where(Month.month == key).values(
                invoices=Month.invoices + invoices, invoiced=Month.invoiced + invoiced,
                collected=Month.collected + collected, applied=Month.applied + applied))
        else:
            session.execute(insert(Month).values(month=key, invoices=invoices, invoiced=invoiced,
                                                 collected=collected, applied=applied))
            existing.add(key)


def _set_mark(session: Session, marks: dict[str, int], name: str, value: int) -> None:
    if name in marks:
        session.execute(update(Mark).where(Mark.name == name).values(value=value))
    else:
        session.execute(insert(Mark).values(name=name, value=value))


def behind(session: Session) -> bool:
    """Whether something was issued or paid since the last fold."""
    marks = _marks(session)
    last_seq = session.scalar(select(func.coalesce(func.max(JournalRecord.seq), 0))) or 0
    last_allocation = session.scalar(select(func.coalesce(func.max(Alloc.id), 0))) or 0
    return last_seq > marks.get(DOCUMENTS, 0) or last_allocation > marks.get(ALLOCATIONS, 0)


def fold(session: Session) -> int:
    """Add what was issued and paid since the last fold (in the caller's writing transaction).

    Returns how many journal entries and allocations were new."""
    marks = _marks(session)
    seq_from, alloc_from = marks.get(DOCUMENTS, 0), marks.get(ALLOCATIONS, 0)
    seq_to = int(session.scalar(select(func.coalesce(func.max(JournalRecord.seq), 0))) or 0)
    alloc_to = int(session.scalar(select(func.coalesce(func.max(Alloc.id), 0))) or 0)
    if seq_to > seq_from:
        _add(session, _documents_since(session, seq_from, seq_to).items())
        _set_mark(session, marks, DOCUMENTS, seq_to)
    if alloc_to > alloc_from:
        _add(session, _allocations_since(session, alloc_from, alloc_to).items())
        _set_mark(session, marks, ALLOCATIONS, alloc_to)
    return (seq_to - seq_from) + (alloc_to - alloc_from)


def months_between(session: Session, first: str, last: str) -> dict[str, MonthFigures]:
    """The kept figures of the months `first` to `last` ('YYYY-MM', both included)."""
    rows = session.execute(select(Month.month, Month.invoices, Month.invoiced, Month.collected, Month.applied)
                           .where(Month.month >= first, Month.month <= last))
    return {key: MonthFigures(key, int(count), cents_to_money(invoiced), cents_to_money(collected),
                              cents_to_money(applied)) for key, count, invoiced, collected, applied in rows}
