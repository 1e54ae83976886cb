"""Issuing ten thousand drafts in one batch: contiguous numbers, a sound journal, and nothing half-done
when the process is killed in the middle."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from desktop_app.bootstrap import open_database
from desktop_app.domain.progress import run_job
from desktop_app.services.company import set_company
from desktop_app.services.issuing import issue_documents
from desktop_app.services.verify import verify
from tests.support.drafts import make_drafts
from tests.support.shop import COMPANY

DAY = date(2026, 3, 9)


def _numbers(path: Path) -> list[int]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute(
            "SELECT sequence_number FROM invoices WHERE state = 'issued' ORDER BY sequence_number")]


@pytest.mark.sqlite_only     # tests/store/test_postgres.py issues thousands from two processes on PostgreSQL
def test_ten_thousand_drafts_in_one_batch(db):
    set_company(db, COMPANY)
    make_drafts(db, 10_000)
    result = run_job(issue_documents(db, on=DAY))
    assert len(result.issued) == 10_000 and not result.refused
    assert result.issued[0].number == "F2026-00001" and result.issued[-1].number == "F2026-10000"
    assert _numbers(db.path) == list(range(1, 10_001))
    report = run_job(verify(db))
    assert report.ok and report.checked["documents"] == 10_000


KILLED_ISSUER = """
import sys
from datetime import date
from desktop_app.bootstrap import open_database
from desktop_app.domain.progress import run_job
from desktop_app.services.issuing import issue_documents
db = open_database(sys.argv[1])
for step in issue_documents(db, on=date(2026, 3, 9)):
    print(step.done, flush=True)
"""


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_batch_killed_mid_way_leaves_no_gap_and_no_half_issued_invoice(tmp_path, seed):
    path = tmp_path / "shop.db"
    db = open_database(path)
    set_company(db, COMPANY)
    make_drafts(db, 3000)
    db.dispose()
    process = subprocess.Popen([sys.executable, "-c", KILLED_ISSUER, str(path)], stdout=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parents[2])
    # Let it issue at least one batch, then kill it at a point that depends on the seed.
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.strip() == "0"
    time.sleep(0.05 * seed)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        half = connection.execute("SELECT count(*) FROM invoices WHERE state = 'issued' AND number IS NULL "
                                  "OR state = 'draft' AND number IS NOT NULL").fetchone()[0]
        assert half == 0
    numbers = _numbers(path)
    assert numbers == list(range(1, len(numbers) + 1))
    db = open_database(path)
    assert run_job(verify(db)).ok
    result = run_job(issue_documents(db, on=DAY))
    assert _numbers(path) == list(range(1, 3001))
    assert len(result.issued) == 3000 - len(numbers)
    db.dispose()
