"""Importing order exports: all or nothing, never twice, never behind an invoice's back."""

from __future__ import annotations

import csv
import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app.domain.progress import run_job
from desktop_app.formats.problems import FileRefused
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.order_import import import_orders
from desktop_app.store.database import Database
from tests.conftest import FIXTURES

ORDERS = FIXTURES / "orders"
TABLES = ("customers", "products", "orders", "order_lines", "order_tax_lines", "order_refunds", "import_runs")


def snapshot(shop: Database | Path) -> dict[str, str]:
    """Row count and a checksum of every row, per table, of a database (SQLite or PostgreSQL) or a file."""
    db = shop if isinstance(shop, Database) else Database(shop)
    try:
        with db.engine.connect() as connection:
            result = {}
            for table in TABLES:
                rows = [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]
                result[table] = f"{len(rows)}:{hashlib.sha256(repr(rows).encode()).hexdigest()}"
            return result
    finally:
        if db is not shop:
            db.dispose()


def shopify_totals(path: Path) -> tuple[Decimal, Decimal]:
    """The file's own sums of Total and Taxes (order rows only)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Total"]]
    return sum(Decimal(r["Total"]) for r in rows), sum(Decimal(r["Taxes"]) for r in rows)


def test_totals_are_the_files_own_sums_and_a_second_import_changes_nothing(db):
    path = ORDERS / "shopify" / "orders_export_1.csv"
    summary = run_job(import_orders(db, [path]))
    total, tax = shopify_totals(path)
    assert summary.total_incl_tax == total and summary.total_tax == tax
    assert summary.orders_imported == 4 and summary.orders_updated == 0
    before = snapshot(db)
    again = run_job(import_orders(db, [path]))
    assert again.orders_imported == 0 and again.orders_skipped == 4 and again.customers_created == 0
    assert {k: v for k, v in snapshot(db).items() if k != "import_runs"} == \
           {k: v for k, v in before.items() if k != "import_runs"}


def test_several_formats_currencies_and_encodings_at_once(db):
    files = [ORDERS / "shopify" / "orders_export_us.csv", ORDERS / "woocommerce" / "orders-page-1.json",
             ORDERS / "prestashop" / "request_sql_1_latin1.csv", ORDERS / "woocommerce" / "export-commandes-fr.csv"]
    summary = run_job(import_orders(db, files))
    assert set(summary.formats.values()) >= {"shopify", "woocommerce-json", "prestashop"}
    assert len(summary.totals_by_currency) >= 2
    assert summary.total_incl_tax == sum(summary.totals_by_currency.values())


def test_a_changed_order_is_updated_unless_it_was_invoiced(db, tmp_path):
    original = ORDERS / "shopify" / "orders_export_1.csv"
    run_job(import_orders(db, [original]))
    with original.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    first = next(row for row in rows[1:] if row[header.index("Financial Status")] == "paid"
                 and not row[header.index("Cancelled at")])
    notes = header.index("Notes")
    first[notes] = "Livrer après 18 h"
    changed = tmp_path / "orders_export_2.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    summary = run_job(import_orders(db, [changed]))
    assert summary.orders_updated == 1 and summary.orders_skipped == 3
    drafted = run_job(draft_from_orders(db, [first[0]]))
    assert drafted.invoices, drafted.skipped
    first[notes] = "Encore changée"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    summary = run_job(import_orders(db, [changed]))
    assert summary.orders_updated == 0 and summary.invoiced_changed == [first[0]]


def test_dry_run_counts_without_writing(db):
    before = snapshot(db)
    summary = run_job(import_orders(db, [ORDERS / "shopify" / "orders_export_1.csv"], dry_run=True))
    assert summary.orders_imported == 4 and summary.dry_run
    assert snapshot(db) == before


@pytest.mark.parametrize("name, words", [
    ("shopify_truncated.csv", "cut"),
    ("shopify_extra_cell.csv", "cells"),
    ("shopify_not_a_number.csv", "'12,5O' is not a number"),
    ("shopify_negative_quantity.csv", "negative"),
    ("shopify_duplicate_order.csv", "second time"),
    ("empty.csv", "empty"),
    ("unknown_bank_statement.csv", "not an order export"),
    ("shopify_missing_columns.csv", "missing"),
    ("shopify_scientific_id.csv", "scientific"),
    ("woocommerce_truncated.json", ""),
    ("woocommerce_bad_amount.json", "not a number"),
    ("prestashop_sql_not_a_number.csv", "not a number"),
])
def test_a_bad_file_is_refused_in_words_and_nothing_changes(db, name, words):
    run_job(import_orders(db, [ORDERS / "shopify" / "orders_export_uk.csv"]))
    before = snapshot(db)
    with pytest.raises(FileRefused) as refused:
        run_job(import_orders(db, [ORDERS / "shopify" / "orders_export_1.csv", ORDERS / "bad" / name]))
    text = "\n".join(str(p) for p in refused.value.problems)
    assert name in text and words.lower() in text.lower()
    assert snapshot(db) == before


def test_formula_cells_are_kept_as_text(db, tmp_path):
    source = ORDERS / "shopify" / "orders_export_1.csv"
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    company = rows[0].index("Billing Company")
    rows[1][company] = '=HYPERLINK("http://evil.example","Acme")'
    path = tmp_path / "formula.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    shutil.copy(path, tmp_path / "copy.csv")
    run_job(import_orders(db, [path]))
    with db.engine.connect() as connection:
        names = [row[0] for row in connection.execute(text("SELECT billing_company FROM orders"))]
    assert '=HYPERLINK("http://evil.example","Acme")' in names
