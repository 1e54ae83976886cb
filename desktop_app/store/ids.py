"""Ids for rows written in bulk, known before the rows are written (their children refer to them).

New ids follow the largest one. That needs the shop's single writer, which SQLite gives (BEGIN
IMMEDIATE) and PostgreSQL too (`serialise_writes`). On PostgreSQL, rows added one at a time take their
id from the table's sequence, so a bulk writer also moves the sequence past the ids it takes.
"""

from __future__ import annotations

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from desktop_app.store.database import serialise_writes


def _is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _last_id(session: Session, table: Table) -> int:
    """The largest id the table holds or, on PostgreSQL, its sequence has given (rolled-back ids included)."""
    if not _is_postgresql(session):
        return int(session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0)
    serialise_writes(session)
    return int(session.scalar(text(
        f"SELECT GREATEST(COALESCE(MAX(id), 0), (SELECT CASE WHEN is_called THEN last_value ELSE 0 END "
        f"FROM {table.name}_id_seq)) FROM {table.name}")) or 0)


def reserve_ids(session: Session, table: Table, count: int) -> int:
    """The first of `count` consecutive unused ids of `table` (integer primary key `id`)."""
    last = _last_id(session, table)
    if count > 0 and _is_postgresql(session):
        session.execute(text(f"SELECT setval('{table.name}_id_seq', :last)"), {"last": last + count})
    return last + 1


def new_ids(session: Session, table: Table, count: int) -> list[int]:
    """`count` consecutive unused ids of `table`, in increasing order."""
    first = reserve_ids(session, table, count)
    return list(range(first, first + max(count, 0)))


def next_free_id(session: Session, table: Table) -> int:
    """The first unused id, for a writer that numbers rows from it without knowing how many it will write
    (a pipelined import). Only for tables whose rows all arrive with their ids: the sequence is left
    behind, and the next `reserve_ids` catches up with the rows."""
    return _last_id(session, table) + 1
