"""Queries that `verify` streams through: numbering of issued documents and their counters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop_app.store.fingerprint import ADJUSTMENT, HEADER, LINE, VAT
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


@dataclass(frozen=True, slots=True)
class RawDocument:
    """An issued document as raw stored values (integers for amounts), for fast re-checking."""

    id: int
    number: str
    content_hash: str
    journal_hash: str | None
    header: tuple[Any, ...]          # in fingerprint.HEADER order
    lines: list[tuple[Any, ...]]
    adjustments: list[tuple[Any, ...]]
    vat_rows: list[tuple[Any, ...]]

    def value(self, name: str) -> Any:
        return self.header[HEADER.index(name)]


def raw_documents(session: Session, batch: int = 2000) -> Iterator[RawDocument]:
    """Every issued document with its children, as stored, in id order, a batch at a time."""
    connection = session.connection()
    last_id = 0
    header_sql = (f"SELECT id, content_hash, journal_seq, {', '.join(HEADER)} FROM invoices "
                  "WHERE state = 'issued' AND id > :last ORDER BY id LIMIT :batch")
    while True:
        headers = connection.execute(text(header_sql), {"last": last_id, "batch": batch}).all()
        if not headers:
            return
        low, high = headers[0][0], headers[-1][0]
        children = {name: _children(connection, table, columns, low, high)
                    for name, table, columns in (("lines", "invoice_lines", LINE),
                                                 ("adjustments", "invoice_adjustments", ADJUSTMENT),
                                                 ("vat", "invoice_vat", VAT))}
        seqs = [row[2] for row in headers if row[2] is not None]
        journal = {}
        if seqs:
            rows = connection.execute(text("SELECT seq, payload FROM journal WHERE seq IN (" +
                                           ",".join(str(int(s)) for s in seqs) + ")"))
            journal = {seq: json.loads(payload).get("content_hash") for seq, payload in rows}
        for row in headers:
            yield RawDocument(row[0], row[4] or "", row[1] or "", journal.get(row[2]), tuple(row[3:]),
                              children["lines"].get(row[0], []), children["adjustments"].get(row[0], []),
                              children["vat"].get(row[0], []))
        last_id = high


def _children(connection: Any, table: str, columns: tuple[str, ...], low: int, high: int
              ) -> dict[int, list[tuple[Any, ...]]]:
    order = ", position" if "position" in columns else ""
    rows = connection.execute(text(f"SELECT invoice_id, {', '.join(columns)} FROM {table} "
                                   f"WHERE invoice_id BETWEEN :low AND :high ORDER BY invoice_id{order}"),
                              {"low": low, "high": high})
    grouped: dict[int, list[tuple[Any, ...]]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(tuple(row[1:]))
    return grouped


def balance_mismatches(session: Session, limit: int = 1) -> list[tuple[str, str]]:
    """Invoices whose kept balance differs from a recomputation from payments and credit notes:
    (number, which figure). The balances are derived data; this proves them."""
    sql = text("""
        WITH paid AS (SELECT invoice_id, SUM(amount) AS total FROM payment_allocations
                      WHERE invoice_id IS NOT NULL GROUP BY invoice_id),
             credited AS (SELECT corrected_invoice_id AS invoice_id, SUM(grand_total + rounding) AS total
                           FROM invoices WHERE kind = 'credit_note' AND state = 'issued'
                           AND corrected_invoice_id IS NOT NULL GROUP BY corrected_invoice_id)
        SELECT i.number, b.paid, COALESCE(p.total, 0), b.credited, COALESCE(c.total, 0)
        FROM invoices i JOIN invoice_balances b ON b.invoice_id = i.id
        LEFT JOIN paid p ON p.invoice_id = i.id LEFT JOIN credited c ON c.invoice_id = i.id
        WHERE b.paid != COALESCE(p.total, 0) OR b.credited != COALESCE(c.total, 0)
           OR b.balance != i.grand_total + i.rounding - COALESCE(p.total, 0) - COALESCE(c.total, 0)
           OR b.open != CASE WHEN b.balance > 0 THEN 1 ELSE 0 END
        LIMIT :limit""")
    found = []
    for number, paid, paid_again, credited, credited_again in session.execute(sql, {"limit": limit}):
        which = "paid" if paid != paid_again else "credited" if credited != credited_again else "balance"
        found.append((number, which))
    return found


def count_balances(session: Session) -> int:
    return int(session.execute(text("SELECT COUNT(*) FROM invoice_balances")).scalar() or 0)


def invoices_without_balance(session: Session) -> int:
    """Issued invoices that have no kept balance at all."""
    return int(session.execute(text(
        "SELECT COUNT(*) FROM invoices i WHERE i.kind = 'invoice' AND i.state = 'issued' "
        "AND NOT EXISTS (SELECT 1 FROM invoice_balances b WHERE b.invoice_id = i.id)")).scalar() or 0)
