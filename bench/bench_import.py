"""import_100k_orders: import a generated 100,000-order Shopify export (about 250,000 rows), compared
with a raw `sqlite3.executemany` of the same rows into equivalent tables, in the same run."""

from __future__ import annotations

import random
import sqlite3
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from bench.figures import Figure, timed
from desktop_app.bootstrap import open_database
from desktop_app.domain.progress import run_job
from desktop_app.formats.orders.writers import write_shopify_csv
from desktop_app.services import demo
from desktop_app.services.order_import import import_orders

COUNT = 100_000
# Bumped whenever the export writer changes what it writes: a file kept from an older writer would
# measure other data (the first one named the 20 % rate '2E+1 %', which no reader took for 20).
EXPORT_VERSION = 2
DATA = Path(__file__).resolve().parent / "data"


def export_file() -> Path:
    """The generated Shopify export, made once per EXPORT_VERSION and kept under bench/data/."""
    path = DATA / f"shopify_{COUNT}_v{EXPORT_VERSION}.csv"
    if path.exists():
        return path
    rng = random.Random(7)
    people = [buyer for buyer in demo.buyers(rng) if not buyer.business]      # the web shop's consumers
    orders = [replace(order, shop="shopify", reference=f"#{100000 + n}")
              for n, order in enumerate(demo.orders(rng, people, date(2026, 11, 28), count=COUNT))]
    DATA.mkdir(exist_ok=True)
    path.write_bytes(write_shopify_csv(orders))
    return path


TABLES = ("customers", "products", "orders", "order_lines", "order_tax_lines", "order_refunds")


def _floor(source: Path, folder: Path) -> float:
    """The same rows inserted with raw sqlite3.executemany into the same tables (same columns, keys,
    indexes and pragmas; no triggers, so no full-text index either), in one transaction: the floor any
    import could reach."""
    with sqlite3.connect(source) as connection:
        schema = [sql for (sql,) in connection.execute(
            "SELECT sql FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL "
            "AND name NOT LIKE '%\\_fts%' ESCAPE '\\' ORDER BY type DESC")]
        rows = {table: connection.execute(f"SELECT * FROM {table}").fetchall() for table in TABLES}
    floor = sqlite3.connect(folder / "floor.db", isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "cache_size=-65536"):
        floor.execute(f"PRAGMA {pragma}")
    for statement in schema:
        floor.execute(statement)

    def insert() -> None:
        floor.execute("BEGIN IMMEDIATE")
        for table in TABLES:
            if rows[table]:
                marks = ", ".join("?" for _ in rows[table][0])
                floor.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
        floor.execute("COMMIT")

    seconds, _none = timed(insert)
    floor.close()
    return seconds


def run() -> list[Figure]:
    path = export_file()
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.db")
        seconds, summary = timed(lambda: run_job(import_orders(db, [path])))
        db.dispose()
        assert summary.orders_imported == COUNT, summary
        floor = _floor(Path(folder) / "bench.db", Path(folder))
    ratio = seconds / floor
    return [Figure("import_100k_orders", COUNT / seconds, "orders/s", "raw sqlite3.executemany of the same rows",
                   ratio, "ratio <= 3", ratio <= 3)]
