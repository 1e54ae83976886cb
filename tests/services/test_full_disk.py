"""A full disk, simulated by a file-size limit (RLIMIT_FSIZE) on the command's process: the user reads a
clear sentence, and nothing is damaged or half-written."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desktop_app.bootstrap import open_database
from desktop_app.domain.errors import DomainError
from desktop_app.domain.progress import run_job
from desktop_app.formats.orders.writers import write_shopify_csv
from desktop_app.services import demo
from desktop_app.services.disk import StorageFailed, storage_errors, storage_problem
from desktop_app.services.order_import import import_orders
from desktop_app.services.verify import verify
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
resource = pytest.importorskip("resource")
pytestmark = pytest.mark.sqlite_only

LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)      # writes past the limit fail with EFBIG instead of killing us
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from desktop_app.cli import main
sys.exit(main(sys.argv[2:]))
"""


def limited(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", LIMITED, str(limit), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    rng = random.Random(4)
    people = [b for b in demo.buyers(rng) if not b.business]
    orders = [replace(o, reference=f"#{30000 + n}") for n, o in
              enumerate(demo.orders(rng, people, date(2026, 11, 28), count=1500))]
    path = tmp_path_factory.mktemp("export") / "orders_export_full.csv"
    path.write_bytes(write_shopify_csv(orders))
    return path


@pytest.fixture
def shop(tmp_path) -> Path:
    path = tmp_path / "shop.db"
    db = open_database(path)
    run_job(import_orders(db, [FIXTURES / "orders" / "shopify" / "orders_export_1.csv"]))
    db.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def snapshot(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {table: connection.execute(f"SELECT count(*), total(id) FROM {table}").fetchone() for table in
                ("customers", "products", "orders", "order_lines", "import_runs")}


def _sound(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db = open_database(path)
    assert run_job(verify(db)).ok
    db.dispose()


def test_an_import_on_a_full_disk_says_so_and_changes_nothing(shop, export):
    before = snapshot(shop)
    done = limited(shop.stat().st_size + 64 * 1024, "--db", str(shop), "import", "orders", str(export))
    assert done.returncode == 1, done.stderr
    assert "The import could not be finished" in done.stderr and "Nothing was changed" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(shop) == before
    _sound(shop)


def test_a_backup_on_a_full_disk_says_so_and_leaves_no_file(shop, tmp_path):
    target = tmp_path / "backups" / "copy.db"
    done = limited(shop.stat().st_size // 2, "--db", str(shop), "backup", "-o", str(target))
    assert done.returncode == 1, done.stderr
    assert "The backup could not be finished" in done.stderr and "Traceback" not in done.stderr
    assert not target.parent.exists() or list(target.parent.iterdir()) == []
    _sound(shop)


@pytest.mark.parametrize("error, words", [
    (OSError(28, "No space left on device"), "the disk is full"),
    (OSError(27, "File too large"), "the disk is full"),
    (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
    (sqlite3.OperationalError("disk I/O error"), "the disk refused to write"),
])
def test_every_form_of_a_full_disk_reads_the_same(error, words):
    assert words in (storage_problem(error, "The import") or "")
    with pytest.raises(StorageFailed) as raised, storage_errors("The import"):
        raise error
    assert isinstance(raised.value, DomainError)


def test_other_errors_pass_through():
    assert storage_problem(sqlite3.OperationalError("no such table: x"), "The import") is None
    with pytest.raises(FileNotFoundError), storage_errors("The import"):
        raise FileNotFoundError(2, "No such file")
