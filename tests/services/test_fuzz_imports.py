"""Hostile files through the import services, on a real shop: a refused file changes nothing at all (every
table compared row by row), and nothing but a refusal in words comes out."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from desktop_app.bootstrap import open_database
from desktop_app.domain.errors import DomainError
from desktop_app.domain.progress import run_job
from desktop_app.formats.problems import FileRefused
from desktop_app.services.order_import import import_orders
from desktop_app.services.payment_import import import_payments
from desktop_app.services.rates import import_ecb_file
from tests.formats.test_fuzz_readers import ECB_CSV, ECB_XML, ORDER_BYTES, PAYMENT_BYTES, mutated
from tests.support.payment_shop import make_payment_shop

FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    db = open_database(folder / "shop.db")
    make_payment_shop(db)
    yield db, folder
    db.dispose()


def snapshot(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {table: hashlib.sha256(repr(connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall())
                                      .encode()).hexdigest() for table in tables}


def _refused_changes_nothing(shop, data: bytes, name: str, run) -> None:
    db, folder = shop
    path = folder / name
    path.write_bytes(data)
    before = snapshot(db.path)
    try:
        run(db, path)
    except (FileRefused, DomainError):
        assert snapshot(db.path) == before


@FUZZ
@given(mutated(ORDER_BYTES))
def test_damaged_order_exports(shop, data):
    _refused_changes_nothing(shop, data, "orders_export.csv", lambda db, p: run_job(import_orders(db, [p])))


@FUZZ
@given(mutated(PAYMENT_BYTES))
def test_damaged_statements(shop, data):
    _refused_changes_nothing(shop, data, "releve.xml", lambda db, p: run_job(import_payments(db, [p])))


@FUZZ
@given(mutated([ECB_XML, ECB_CSV]))
def test_damaged_rate_files(shop, data):
    _refused_changes_nothing(shop, data, "eurofxref.csv", import_ecb_file)


def test_a_good_file_beside_a_bad_one_imports_nothing(shop):
    db, folder = shop
    good = folder / "good.xml"
    good.write_bytes(ECB_XML)
    bad = folder / "bad.csv"
    bad.write_bytes(b"Date,USD\n2026-03-02,abc\n")
    before = snapshot(db.path)
    with pytest.raises(FileRefused):
        run_job(import_orders(db, [Path(__file__).parents[1] / "fixtures" / "orders" / "shopify" /
                                   "orders_export_1.csv", Path(__file__).parents[1] / "fixtures" / "orders" / "bad" /
                                   "shopify_truncated.csv"]))
    with pytest.raises(FileRefused):
        import_ecb_file(db, bad)
    assert snapshot(db.path) == before
    assert import_ecb_file(db, good) == 2 and date(2026, 3, 2)
