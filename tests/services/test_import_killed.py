"""Killing Comptoir in the middle of a large import leaves the database exactly as it was."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desktop_app.bootstrap import open_database
from desktop_app.domain.progress import run_job
from desktop_app.formats.orders.writers import write_shopify_csv
from desktop_app.services import demo
from desktop_app.services.order_import import Parallelism, import_orders
from desktop_app.services.verify import verify
from tests.conftest import FIXTURES
from tests.services.test_order_import import snapshot

IMPORTER = """
import sys
from pathlib import Path
from desktop_app.bootstrap import open_database
from desktop_app.services.order_import import Parallelism, import_orders
db = open_database(sys.argv[1])
parallelism = Parallelism(workers=2, parts_per_worker=2, min_bytes=0) if sys.argv[3] == "parts" else None
for step in import_orders(db, [Path(sys.argv[2])], parallelism=parallelism):
    print(step.done, step.message, flush=True)
"""


@pytest.fixture(scope="module")
def big_export(tmp_path_factory) -> Path:
    rng = random.Random(11)
    people = [b for b in demo.buyers(rng) if not b.business]
    orders = [replace(o, reference=f"#{20000 + n}") for n, o in
              enumerate(demo.orders(rng, people, date(2026, 11, 28), count=6000))]
    path = tmp_path_factory.mktemp("big") / "orders_export_big.csv"
    path.write_bytes(write_shopify_csv(orders))
    return path


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sigkill_during_import_changes_nothing(tmp_path, big_export, seed):
    path = tmp_path / "shop.db"
    db = open_database(path)
    run_job(import_orders(db, [FIXTURES / "orders" / "shopify" / "orders_export_1.csv"]))
    db.dispose()
    before = snapshot(path)
    process = subprocess.Popen([sys.executable, "-c", IMPORTER, str(path), str(big_export), "one go"],
                               stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
    assert process.stdout is not None
    # 0: kill while the file is being read; 1, 2: after the first or second batch of 2,000 orders is
    # written (of three), inside the import's one transaction.
    reports = 0
    for line in process.stdout:
        if seed == 0 or "Importing" in line:
            reports += 1
            if reports >= max(seed, 1):
                break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert snapshot(path) == before
    db = open_database(path)
    assert run_job(verify(db)).ok
    summary = run_job(import_orders(db, [big_export]))          # and it can simply be run again
    assert summary.orders_imported == 6000
    db.dispose()


@pytest.mark.parametrize("reports", [1, 3])
def test_sigkill_during_an_import_in_parts_changes_nothing(tmp_path, big_export, reports, monkeypatch):
    """Killed while worker processes read parts (1) or after parts were copied in (3): nothing is
    written, and the next import removes the staging files the killed one left."""
    path = tmp_path / "shop.db"
    db = open_database(path)
    run_job(import_orders(db, [FIXTURES / "orders" / "shopify" / "orders_export_1.csv"]))
    db.dispose()
    before = snapshot(path)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = subprocess.Popen([sys.executable, "-c", IMPORTER, str(path), str(big_export), "parts"],
                               stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2],
                               env={**os.environ, "TMPDIR": str(scratch)})
    assert process.stdout is not None
    seen = 0
    for line in process.stdout:
        if "Importing" in line and int(line.split()[0]) >= reports - 1:
            seen += 1
            if seen >= 1:
                break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert list(scratch.glob("comptoir-import-*"))          # left behind by the killed import
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert snapshot(path) == before
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    db = open_database(path)
    summary = run_job(import_orders(db, [big_export], parallelism=Parallelism(workers=0, min_bytes=0)))
    assert summary.orders_imported == 6000
    assert not list(scratch.glob("comptoir-import-*"))
    db.dispose()
