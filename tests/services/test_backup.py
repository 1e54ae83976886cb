"""Backups while the shop is in use, checked restores, rotation, and one writer at a time."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app.bootstrap import DatabaseBusy, WriterLock, open_database
from desktop_app.cli import main
from desktop_app.domain.errors import DomainError
from desktop_app.domain.progress import run_job
from desktop_app.services.backup import auto_backup, backup, existing_backups, restore, to_remove
from desktop_app.services.order_import import import_orders
from desktop_app.services.verify import verify
from tests.conftest import FIXTURES
from tests.services.test_import_killed import big_export  # noqa: F401 - the shared fixture

# Backups copy the SQLite file (a server's database is saved with the server's own tools).
pytestmark = pytest.mark.sqlite_only


def test_a_backup_taken_during_a_running_import_restores_to_a_consistent_shop(db, tmp_path, big_export):  # noqa: F811
    run_job(import_orders(db, [FIXTURES / "orders" / "shopify" / "orders_export_1.csv"]))
    importing = threading.Thread(target=lambda: run_job(import_orders(db, [big_export])))
    importing.start()
    copy = backup(db, tmp_path / "during.db")
    importing.join()
    with sqlite3.connect(copy.path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orders = connection.execute("SELECT count(*) FROM orders").fetchone()[0]
    assert orders in (4, 4 + 6000)                 # before the import, or with all of it: never half
    assert copy.path.stat().st_mode & 0o077 == 0
    kept = restore(db, copy.path)
    assert kept.exists()
    restored = open_database(db.path)
    assert run_job(verify(restored)).ok
    restored.dispose()


def test_a_damaged_backup_is_refused_and_nothing_is_replaced(db, tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    with pytest.raises(DomainError, match="cannot be restored"):
        restore(db, broken)
    assert not list(tmp_path.glob("shop.db.replaced-*"))


def test_rotation_keeps_a_week_of_days_a_month_of_weeks_a_year_of_months(tmp_path):
    today = date(2026, 11, 28)
    backups = {today - timedelta(days=n): tmp_path / f"b{n}" for n in range(400)}
    kept = set(backups.values()) - set(to_remove(backups, today))
    days = sorted(day for day, path in backups.items() if path in kept)
    assert set(days[-7:]) == {today - timedelta(days=n) for n in range(7)}
    assert len({d.isocalendar()[:2] for d in days}) >= 4 and len({(d.year, d.month) for d in days}) == 12
    assert len(days) <= 7 + 4 + 12


def test_automatic_backup_once_a_day(db, tmp_path):
    folder = tmp_path / "backups"
    assert run_job(auto_backup(db, folder, date(2026, 11, 28))) is not None
    assert run_job(auto_backup(db, folder, date(2026, 11, 28))) is None
    assert list(existing_backups(folder)) == [date(2026, 11, 28)]


HOLDER = """
import sys, time
from pathlib import Path
from desktop_app.bootstrap import WriterLock
lock = WriterLock(Path(sys.argv[1])); lock.acquire(); print("locked", flush=True); time.sleep(60)
"""


def test_one_writer_and_a_killed_holder_leaves_no_stale_lock(db, tmp_path, capsys):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db.path)], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2])
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    with pytest.raises(DatabaseBusy) as busy:
        WriterLock(db.path).acquire()
    assert busy.value.holder["pid"] == holder.pid
    code = main(["--db", str(db.path), "company", "set", "name=Autre"])
    assert code == 1 and "open in another Comptoir" in capsys.readouterr().err
    assert main(["--db", str(db.path), "company", "show"]) == 0          # reading is allowed
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with WriterLock(db.path):                                            # the system dropped the dead lock
        pass
