"""`verify`'s check of each issued document: unchanged since issued (its fingerprint), matching its
journal entry, and adding up (each line, the totals, the VAT breakdown).

A million documents are a million fingerprints and sums in Python: the work is cut in ranges of ids,
checked by worker processes side by side (`check_all`), each with its own connection. On SQLite a
worker reads text as the bytes stored, so a document's fingerprint is hashed from them without
decoding and encoding it again (the same bytes `store.fingerprint` hashes; a test holds them equal).
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from desktop_app.domain.totals_check import line_net_cents, totals_from_nets
from desktop_app.i18n import _, active_language, set_language
from desktop_app.store import integrity as repo
from desktop_app.store.database import Database
from desktop_app.store.fingerprint import _raw, fingerprint

TOTALS = ("line_total", "allowance_total", "charge_total", "tax_basis", "vat_total", "grand_total", "amount_due")
_AT = {name: repo.HEADER_INDEX[name] for name in (*TOTALS, "prepaid", "rounding")}
CHUNK = 40_000            # documents per task: a cancel waits for one task at most
ALONE = 60_000            # fewer documents than this: checked in this process (starting workers costs more)


@dataclass(frozen=True, slots=True)
class DocumentProblem:
    """A document that fails a check: ordered by document, then by the check's place in the list."""

    invoice_id: int
    order: int
    message: str


def _raw_bytes(value: Any) -> bytes:
    kind = value.__class__
    if kind is bytes:
        return value  # type: ignore[no-any-return]
    if kind is int:
        return b"%d" % value
    return _raw(value).encode("utf-8")


def bytes_fingerprint(header: Any, lines: Any, adjustments: Any, vat_rows: Any) -> str:
    """`store.fingerprint.fingerprint` of values read as bytes (SQLite text as stored, or every value as
    text: `store.integrity.raw_documents(as_text=True)`): the same digest."""
    parts: list[bytes] = []
    for group in ([header], lines, adjustments, sorted(vat_rows, key=lambda row: (_raw_bytes(row[0]), int(row[1])))):
        for row in group:
            try:
                parts.append(b"\x1f".join(row))          # every value bytes already: a million documents
            except TypeError:
                parts.append(b"\x1f".join([value if value.__class__ is bytes else b"%d" % value
                                            if value.__class__ is int else _raw_bytes(value) for value in row]))
            parts.append(b"\x1e")
        parts.append(b"\x1d")
    return hashlib.sha256(b"".join(parts)).hexdigest()


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value or "")


def _flag(value: Any) -> bool:
    """A stored boolean, read as a number or as its text."""
    return value == b"1" if isinstance(value, bytes) else bool(value)


def document_problem(doc: repo.RawDocument, as_bytes: bool = False) -> DocumentProblem | None:
    """What is wrong with one document, in the order a reader checks it, or None."""
    header, number = doc.header, _text(doc.number)
    digest = (bytes_fingerprint if as_bytes else fingerprint)(header, doc.lines, doc.adjustments, doc.vat_rows)
    if digest != _text(doc.content_hash):
        return DocumentProblem(doc.id, 0, _("{number}: its stored content no longer matches what was issued")
                               .format(number=number))
    if _text(doc.journal_hash) != digest:
        return DocumentProblem(doc.id, 1, _("{number}: it does not match its journal entry").format(number=number))
    # lines: position, sku, description, quantity, unit_code, unit_price, allowance, charge, net, category, rate
    nets = []
    for line in doc.lines:
        net = int(line[8])
        if line_net_cents(int(line[3]), int(line[5]), int(line[6]), int(line[7])) != net:
            return DocumentProblem(doc.id, 2, _("{number}: line {n} does not add up").format(
                number=number, n=_text(line[0])))
        nets.append((net, line[9], int(line[10])))
    # Categories compared as read (text, or its bytes) on both sides.
    totals = totals_from_nets(nets, ((_flag(a[1]), int(a[2]), a[4], int(a[5])) for a in doc.adjustments),
                              int(header[_AT["prepaid"]]), int(header[_AT["rounding"]]))
    stored = [int(header[_AT[name]]) for name in TOTALS]
    expected = [getattr(totals, name) for name in TOTALS]
    if stored != expected:
        wrong = ", ".join(name for name, a, b in zip(TOTALS, stored, expected) if a != b)
        return DocumentProblem(doc.id, 3, _("{number}: its totals do not add up ({fields})").format(
            number=number, fields=wrong))
    stored_vat = sorted((row[0], int(row[1]), int(row[2]), int(row[3])) for row in doc.vat_rows)
    if stored_vat != list(totals.breakdown):
        return DocumentProblem(doc.id, 4, _("{number}: its VAT breakdown does not add up").format(number=number))
    return None


def check_range(url: str, low: int, high: int, language: str = "en") -> tuple[DocumentProblem | None, int]:
    """Every issued document of ids `low` to `high`: the first problem found (lowest id), and how many
    were checked. Runs in a worker process (its own connection) or in this one."""
    set_language(language)
    db = Database(url)
    try:
        with db.reading() as session:
            dbapi = session.connection().connection.dbapi_connection
            as_bytes = db.is_sqlite and dbapi is not None
            if as_bytes:
                dbapi.text_factory = bytes  # type: ignore[union-attr]
            try:
                return _first(repo.raw_documents(session, low=low, high=high, as_text=as_bytes), as_bytes)
            finally:
                if as_bytes:
                    dbapi.text_factory = str  # type: ignore[union-attr]
    finally:
        db.dispose()


def _first(documents: Iterator[repo.RawDocument], as_bytes: bool) -> tuple[DocumentProblem | None, int]:
    first, count = None, 0
    for doc in documents:
        count += 1
        if first is None:
            first = document_problem(doc, as_bytes)
    return first, count


def _workers(documents: int) -> int:
    if documents < ALONE or getattr(sys, "frozen", False):
        return 0          # a frozen application starts no interpreter of its own: checked here
    return max(1, min(os.cpu_count() or 1, 4))


class DocumentChecks:
    """The documents' checks under way: started on worker processes (which work while the caller checks
    the journal), then gathered range by range, lowest ids first."""

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.reading() as session:
            low, high, self.count = repo.issued_span(session)
        self.ranges = [(start, min(start + CHUNK - 1, high)) for start in range(low, high + 1, CHUNK)] \
            if self.count else []
        workers = _workers(self.count)
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) if workers else None
        language = active_language()
        self.futures: list[Future[tuple[DocumentProblem | None, int]]] = [
            self.pool.submit(check_range, db.url, start, end, language) for start, end in self.ranges
        ] if self.pool is not None else []

    def results(self) -> Iterator[tuple[DocumentProblem | None, int]]:
        """(first problem of the range, documents in it), range after range."""
        try:
            if self.pool is None:
                for start, end in self.ranges:
                    yield check_range(self.db.url, start, end, active_language())
            else:
                for future in self.futures:
                    yield future.result()
        finally:
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
