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
from desktop_app.store.invoices import BALANCE_COPIES
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
        return self.header[HEADER_INDEX[name]]


HEADER_INDEX = {name: index for index, name in enumerate(HEADER)}


def _content_hash(payload: str | bytes) -> str | None:
    """The content hash a journal entry names (canonical JSON: found as text, parsed when it is not)."""
    text = payload.decode("utf-8") if isinstance(payload, bytes) else payload
    start = text.find('"content_hash":"')
    if start >= 0:
        start += len('"content_hash":"')
        return text[start:text.find('"', start)]
    value = json.loads(text).get("content_hash")
    return str(value) if value is not None else None


def _raw_rows(session: Session, sql: str) -> list[tuple[Any, ...]]:
    """Rows as the driver gives them (plain tuples, no result processing): verify reads millions."""
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        return cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        cursor.close()


def chain_rows(session: Session, table: str, batch: int = 20_000) -> Iterator[tuple[int, str, str, str, str]]:
    """(seq, kind, payload, prev_hash, hash) of the journal or event log in order, as plain tuples read a
    batch at a time by sequence (a million entries never sit in memory at once)."""
    if table not in ("journal", "event_log"):
        raise ValueError(table)
    last = 0
    while True:
        rows = _raw_rows(session, f"SELECT seq, kind, payload, prev_hash, hash FROM {table} "
                                  f"WHERE seq > {int(last)} ORDER BY seq LIMIT {int(batch)}")
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def issued_span(session: Session) -> tuple[int, int, int]:
    """(lowest id, highest id, how many) of the issued documents."""
    low, high, count = session.execute(text(
        "SELECT MIN(id), MAX(id), COUNT(*) FROM invoices WHERE state = 'issued'")).one()
    return int(low or 0), int(high or 0), int(count or 0)


def _columns(names: tuple[str, ...], as_text: bool) -> str:
    # As text, every value comes back as the bytes the fingerprint joins (an integer as its digits, NULL as
    # nothing, as store.fingerprint._raw writes them): no value is looked at one by one in Python.
    return ", ".join(f"COALESCE(CAST({name} AS TEXT), '')" if as_text else name for name in names)


def raw_documents(session: Session, batch: int = 2000, low: int = 0, high: int | None = None,
                  as_text: bool = False) -> Iterator[RawDocument]:
    """Every issued document (of ids `low` to `high`) with its children, as stored, in id order, a batch
    at a time; with `as_text` (SQLite), every value of the header and the children as text."""
    last_id = low - 1
    columns = _columns(HEADER, as_text)
    until = f" AND id <= {int(high)}" if high is not None else ""
    number = HEADER_INDEX["number"] + 3
    none: list[tuple[Any, ...]] = []
    while True:
        # `state || ''`: walk the primary key (the id order wanted), not an index on the state.
        headers = _raw_rows(session, f"SELECT id, content_hash, journal_seq, {columns} FROM invoices "
                                     f"WHERE id > {int(last_id)}{until} AND state || '' = 'issued' "
                                     f"ORDER BY id LIMIT {int(batch)}")
        if not headers:
            return
        low, high = headers[0][0], headers[-1][0]
        lines = _children(session, "invoice_lines", LINE, low, high, as_text)
        adjustments = _children(session, "invoice_adjustments", ADJUSTMENT, low, high, as_text)
        vat = _children(session, "invoice_vat", VAT, low, high, as_text)
        seqs = ",".join(str(int(row[2])) for row in headers if row[2] is not None)
        journal = {seq: _content_hash(payload) for seq, payload in
                   _raw_rows(session, f"SELECT seq, payload FROM journal WHERE seq IN ({seqs})")} if seqs else {}
        for row in headers:
            key = row[0]
            yield RawDocument(key, row[number] or "", row[1] or "", journal.get(row[2]), row[3:],
                              lines.get(key, none), adjustments.get(key, none), vat.get(key, none))
        last_id = high


def _children(session: Session, table: str, columns: tuple[str, ...], low: int, high: int, as_text: bool = False
              ) -> dict[int, list[tuple[Any, ...]]]:
    # In the order of the invoice_id index (rows of a document in the order they were written, which is
    # their position order); a document whose rows are not is sorted by position here.
    rows = _raw_rows(session, f"SELECT invoice_id, {_columns(columns, as_text)} FROM {table} "
                              f"WHERE invoice_id BETWEEN {int(low)} AND {int(high)} ORDER BY invoice_id, id")
    grouped: dict[int, list[tuple[Any, ...]]] = {}
    get = grouped.get
    for row in rows:
        found = get(row[0])
        if found is None:
            grouped[row[0]] = found = []
        found.append(row[1:])
    if "position" in columns:
        for found in grouped.values():
            if len(found) > 1 and any(int(found[i][0]) > int(found[i + 1][0]) for i in range(len(found) - 1)):
                found.sort(key=lambda row: int(row[0]))
    return grouped


def balance_mismatches(session: Session, limit: int = 1) -> list[tuple[str, str]]:
    """Invoices whose kept balance differs from a recomputation from payments and credit notes, or whose
    kept copies of the invoice's dates, currency, rate and customer differ from it: (number, which
    figure). The balances are derived data; this proves them."""
    # Everything compared is in indexes (the invoices' facts, the allocations by invoice); the numbers of
    # the few invoices found are read last.
    differs = "IS NOT" if session.get_bind().dialect.name == "sqlite" else "IS DISTINCT FROM"
    copies = " OR ".join(f"b.{name} {differs} i.{name}" for name in BALANCE_COPIES)
    sql = text(f"""
        WITH paid AS (SELECT invoice_id, SUM(amount) AS total FROM payment_allocations
                      WHERE invoice_id IS NOT NULL GROUP BY invoice_id),
             credited AS (SELECT corrected_invoice_id AS invoice_id, SUM(grand_total + rounding) AS total
                           FROM invoices WHERE kind = 'credit_note' AND state = 'issued'
                           AND corrected_invoice_id IS NOT NULL GROUP BY corrected_invoice_id),
             wrong AS (
                SELECT i.id, b.paid, COALESCE(p.total, 0) AS paid_again, b.credited,
                       COALESCE(c.total, 0) AS credited_again,
                       CASE WHEN {copies} THEN 1 ELSE 0 END AS copied_wrong
                FROM invoices i JOIN invoice_balances b ON b.invoice_id = i.id
                LEFT JOIN paid p ON p.invoice_id = i.id LEFT JOIN credited c ON c.invoice_id = i.id
                WHERE b.paid != COALESCE(p.total, 0) OR b.credited != COALESCE(c.total, 0)
                   OR b.balance != i.grand_total + i.rounding - COALESCE(p.total, 0) - COALESCE(c.total, 0)
                   OR b.open != CASE WHEN b.balance > 0 THEN 1 ELSE 0 END
                   OR {copies}
                LIMIT :limit)
        SELECT invoices.number, wrong.paid, wrong.paid_again, wrong.credited, wrong.credited_again,
               wrong.copied_wrong
        FROM wrong JOIN invoices ON invoices.id = wrong.id ORDER BY wrong.id""")
    found = []
    for number, paid, paid_again, credited, credited_again, copied_wrong in session.execute(sql, {"limit": limit}):
        which = ("paid" if paid != paid_again else "credited" if credited != credited_again
                 else "balance" if not copied_wrong else "copies")
        found.append((number, which))
    return found


def count_balances(session: Session) -> int:
    return int(session.execute(text("SELECT COUNT(*) FROM invoice_balances")).scalar() or 0)


def invoices_without_balance(session: Session) -> int:
    """Issued invoices that have no kept balance at all."""
    return int(session.execute(text(
        "SELECT COUNT(*) FROM invoices i WHERE i.kind = 'invoice' AND i.state = 'issued' "
        "AND NOT EXISTS (SELECT 1 FROM invoice_balances b WHERE b.invoice_id = i.id)")).scalar() or 0)
