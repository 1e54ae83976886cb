"""Copying a whole shop from one database to another (a SQLite file to a PostgreSQL server), table by
table in the order their references need, and fingerprinting every table to prove the copy identical.

Rows are read and written through the tables' own column types, so amounts, dates and flags arrive as
the application would have stored them on the target. Nothing is changed on the way: issued documents
keep their numbers, fingerprints and journal entries byte for byte.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Integer, Select, Table, bindparam, func, insert, inspect, select, text, update

from desktop_app.store.records import Base, InvoiceRecord, JournalRecord

_BATCH = 2000
_INVOICES: Table = Base.metadata.tables["invoices"]


def shop_tables() -> list[Table]:
    """Every table of the shop, referenced tables before the tables that refer to them."""
    return list(Base.metadata.sorted_tables)


def occupants(connection: Connection) -> tuple[list[str], list[str]]:
    """What a database already holds: shop tables with rows, and tables that are not the shop's."""
    present = set(inspect(connection).get_table_names())
    held = [t.name for t in shop_tables() if t.name in present and connection.scalar(select(1).select_from(t)
                                                                                         .limit(1)) is not None]
    foreign = sorted(present - {t.name for t in shop_tables()} - {"alembic_version"})
    return held, foreign


def row_counts(connection: Connection) -> dict[str, int]:
    return {table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
            for table in shop_tables()}


def _ordered(table: Table) -> Select[Any]:
    return select(table).order_by(*table.primary_key.columns)


@dataclass
class Copied:
    """Where a copy stands: rows written so far, and the issued documents written as drafts."""

    rows: int = 0
    issued_ids: list[int] = field(default_factory=list)


def copy_table(source: Connection, target: Connection, table: Table, copied: Copied) -> Iterator[int]:
    """Copy every row of `table`; yields the running total of rows copied, a batch at a time.

    Issued documents are written as drafts first: the database refuses lines added to an issued document,
    so they become issued again (the one change it allows) once their lines are in (`reissue`).
    """
    result = source.execute(_ordered(table).execution_options(yield_per=_BATCH))
    for rows in result.partitions():
        values = [dict(row._mapping) for row in rows]
        if table is _INVOICES:
            for row in values:
                if row["state"] == "issued":
                    copied.issued_ids.append(row["id"])
                    row["state"] = "draft"
        target.execute(insert(table), values)
        copied.rows += len(values)
        yield copied.rows


def reissue(target: Connection, ids: list[int]) -> None:
    """Give the documents copied as drafts their issued state back."""
    statement = (update(_INVOICES).where(_INVOICES.c.id == bindparam("b_id"), _INVOICES.c.state == "draft")
                 .values(state="issued"))
    for start in range(0, len(ids), _BATCH):
        target.execute(statement, [{"b_id": i} for i in ids[start:start + _BATCH]])


def advance_sequences(target: Connection) -> None:
    """On PostgreSQL, move each table's id sequence past the ids copied in with their rows."""
    if target.dialect.name != "postgresql":
        return
    for table in shop_tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or key[0].name != "id" or not isinstance(key[0].type, Integer):
            continue
        target.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 1), "
                            f"(SELECT MAX(id) FROM {table.name}) IS NOT NULL)"))


def table_digest(connection: Connection, table: Table) -> str:
    """SHA-256 of every row of `table`, in key order, as the application reads them back."""
    digest = hashlib.sha256()
    result = connection.execute(_ordered(table).execution_options(yield_per=_BATCH))
    for row in result:
        digest.update(repr(tuple(row)).encode())
        digest.update(b"\n")
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class ShopFacts:
    """What a shopkeeper or an auditor would compare between two copies of the books."""

    documents: int
    totals: dict[str, dict[str, Decimal]]     # currency -> kind -> sum of the issued documents' totals
    last_numbers: dict[str, str]              # "series period" -> last number given
    journal_entries: int
    journal_last_hash: str


def shop_facts(connection: Connection) -> ShopFacts:
    inv = InvoiceRecord
    issued = inv.state == "issued"
    totals: dict[str, dict[str, Decimal]] = {}
    for currency, kind, total in connection.execute(
            select(inv.currency, inv.kind, func.sum(inv.grand_total)).where(issued)
            .group_by(inv.currency, inv.kind).order_by(inv.currency, inv.kind)):
        totals.setdefault(currency, {})[kind] = total
    last_numbers = {}
    for series, period, last in connection.execute(
            select(inv.series, inv.sequence_period, func.max(inv.sequence_number)).where(issued)
            .group_by(inv.series, inv.sequence_period).order_by(inv.series, inv.sequence_period)):
        last_numbers[f"{series} {period}"] = connection.scalar(select(inv.number).where(
            issued, inv.series == series, inv.sequence_period == period, inv.sequence_number == last)) or ""
    documents = int(connection.scalar(select(func.count()).select_from(inv).where(issued)) or 0)
    entries = int(connection.scalar(select(func.count()).select_from(JournalRecord)) or 0)
    last_hash = connection.scalar(select(JournalRecord.hash).order_by(JournalRecord.seq.desc()).limit(1)) or ""
    return ShopFacts(documents, totals, last_numbers, entries, last_hash)
