"""Orders staged by other processes: a large import's parts are read and converted in parallel, each
into a small SQLite file of its own, then copied into the shop with one INSERT ... SELECT per table.

A staging file holds the shop's own tables for orders, lines, taxes and refunds, with the values
already in their stored form (the same converters as every other write), numbered from 1 within
the part; the copy gives them their ids, customers and products. SQLite only: the shop attaches each
staging file inside its import transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from desktop_app.store.bulk import plan_insert, row_converter, stored
from desktop_app.store.orders import (
    LINE_COLUMNS,
    ORDER_COLUMNS,
    REFUND_COLUMNS,
    TAX_COLUMNS,
    OrderToStore,
    _children,
    _order_values,
)
from desktop_app.store.records import OrderLineRecord, OrderRecord, OrderRefundRecord, OrderTaxLineRecord
from desktop_app.store.types import utcnow


def _tables() -> tuple[tuple[Table, tuple[str, ...]], ...]:
    return ((OrderRecord.__table__, ("id", *ORDER_COLUMNS)), (OrderLineRecord.__table__, LINE_COLUMNS),
            (OrderTaxLineRecord.__table__, TAX_COLUMNS), (OrderRefundRecord.__table__, REFUND_COLUMNS))


@cache
def _dialect() -> Dialect:
    return sqlite_dialect.dialect()


def stage_orders(path: Path, items: Sequence[OrderToStore]) -> None:
    """Write `items` (local ids 1, 2, ... in order) with their lines, taxes and refunds to a new
    staging file at `path`."""
    rows: list[list[Any]] = [[], [], [], []]
    for local_id, item in enumerate(items, start=1):
        rows[0].append((local_id, *_order_values(item)))
        lines, taxes, refunds = _children(local_id, item.order, {})
        rows[1] += lines
        rows[2] += taxes
        rows[3] += refunds
    path.unlink(missing_ok=True)     # a part read again replaces what it staged before
    path.touch(mode=0o600)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=OFF")     # a scratch file: redone if lost
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("BEGIN")
        for (table, columns), table_rows in zip(_tables(), rows):
            key = " PRIMARY KEY" if columns[0] == "id" else ""
            connection.execute(f"CREATE TABLE {table.name} ({columns[0]} INTEGER{key}, {', '.join(columns[1:])})")
            sql, converters = plan_insert(table, columns, _dialect())
            convert = row_converter(converters)
            connection.executemany(sql, [convert(row) for row in table_rows])
        connection.execute("COMMIT")
    finally:
        connection.close()


def copy_staged(session: Session, path: Path, alias: str, targets: Sequence[tuple[int, int, int | None, bool]]
                ) -> int:
    """Copy the staged orders that `targets` lists as (local id, order id, customer id, new?) into the
    shop: new ones are added, the others (not yet invoiced) overwritten, each with its lines, taxes and
    refunds; returns the number of lines written. The staging file stays attached as `alias` until
    the transaction ends."""
    if not targets:
        return 0
    connection = session.connection()
    connection.exec_driver_sql(f"ATTACH DATABASE ? AS {alias}", (str(path),))
    connection.info.setdefault("attached", set()).add(alias)   # detached when the connection is returned
    connection.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS import_targets (local_id INTEGER PRIMARY KEY, "
                               "order_id INTEGER NOT NULL, customer_id INTEGER, is_new INTEGER NOT NULL)")
    connection.exec_driver_sql("DELETE FROM temp.import_targets")
    connection.exec_driver_sql("INSERT INTO temp.import_targets VALUES (?, ?, ?, ?)",
                               [(local, order, customer, int(new)) for local, order, customer, new in targets])
    now = stored(session, OrderRecord.__table__, "updated_at", utcnow()).value
    copied = [c for c in ORDER_COLUMNS if c != "customer_id"]
    changed = [(order, local) for local, order, _customer, new in targets if not new]
    for order, local in changed:
        connection.exec_driver_sql(
            f"UPDATE orders SET ({', '.join(copied)}) = (SELECT {', '.join(copied)} FROM {alias}.orders "
            f"WHERE id = ?), customer_id = (SELECT customer_id FROM temp.import_targets WHERE local_id = ?), "
            "updated_at = ? WHERE id = ?", (local, local, now, order))
        for table in ("order_lines", "order_tax_lines", "order_refunds"):
            connection.exec_driver_sql(f"DELETE FROM {table} WHERE order_id = ?", (order,))
    session.execute(text(
        f"INSERT INTO orders (id, created_at, updated_at, customer_id, {', '.join(copied)}) "
        f"SELECT t.order_id, :now, :now, t.customer_id, {', '.join('s.' + c for c in copied)} "
        f"FROM {alias}.orders s JOIN temp.import_targets t ON t.local_id = s.id WHERE t.is_new"), {"now": now})
    written = 0
    for table, columns in _tables()[1:]:
        values = ", ".join("t.order_id" if c == "order_id" else "p.id" if c == "product_id" else f"s.{c}"
                           for c in columns)
        products = (" LEFT JOIN products p ON s.sku <> '' AND p.sku = s.sku" if "product_id" in columns else "")
        result = connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT {values} FROM {alias}.{table.name} s "
            f"JOIN temp.import_targets t ON t.local_id = s.order_id{products}")
        if table.name == "order_lines":
            written = result.rowcount
    return written
