"""SIGKILL in the middle of a payment import, an outbox run and a backup: afterwards the database is sound,
`verify` holds, and each operation happened whole or not at all (no e-mail lost or sent twice)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.bootstrap import open_database
from desktop_app.domain.payments import Transaction
from desktop_app.domain.progress import run_job
from desktop_app.formats.payments.writers import write_camt053
from desktop_app.services.company import set_settings
from desktop_app.services.mail_messages import send_invoice_by_email
from desktop_app.services.outbox import outbox_items, send_outbox
from desktop_app.services.payment_import import import_payments
from desktop_app.services.verify import verify
from desktop_app.store.backup import backup_sqlite
from desktop_app.store.types import utcnow
from tests.support.payment_shop import make_payment_shop
from tests.support.smtp_server import smtp_server

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "FR7630006000011234567890189"
PAYMENT_TABLES = ("statement_lines", "payments", "payment_allocations", "invoice_balances", "import_runs",
                  "payment_settlements", "journal")
SEEDS = [3, 7, 11]

pytestmark = pytest.mark.sqlite_only


def counts(path: Path, tables: tuple[str, ...]) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def sound(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db = open_database(path)
    try:
        assert run_job(verify(db)).ok
    finally:
        db.dispose()


def run_until(script: str, args: list[str], stops: int, seed: int, marker: str = "") -> None:
    """Run `script` in a child process and SIGKILL it after its `stops`-th progress line (with `marker`),
    a seed-dependent instant later."""
    child = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout is not None
    seen = 0
    for line in child.stdout:
        if marker in line:
            seen += 1
            if seen >= stops:
                break
    time.sleep(random.Random(seed).uniform(0, 0.02))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()


@pytest.fixture(scope="module")
def payment_shop(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pay") / "shop.db"
    db = open_database(path)
    make_payment_shop(db)
    db.dispose()
    return path


@pytest.fixture(scope="module")
def statement(tmp_path_factory) -> Path:
    """1,200 credits: five pay invoices by their number, the others match nothing."""
    day = date(2026, 3, 20)
    paying = [("F2026-00001", "120.00"), ("F2026-00002", "100.00"), ("F2026-00003", "89.90"),
              ("F2026-00004", "45.50"), ("F2026-00005", "60.00")]
    lines = [Transaction("camt053", ACCOUNT, f"E2E-{n}", day, Decimal(amount), "EUR", label=f"VIR {number}",
                         payer_name="CLIENT", references=(number,)) for n, (number, amount) in enumerate(paying)]
    rng = random.Random(5)
    lines += [Transaction("camt053", ACCOUNT, f"X-{n}", day - timedelta(days=n % 20),
                          Decimal(rng.randint(100, 90000)) / 100, "EUR", label=f"VIREMENT DIVERS {n}",
                          payer_name=f"SOCIETE {n}") for n in range(1195)]
    path = tmp_path_factory.mktemp("camt") / "releve.xml"
    path.write_bytes(write_camt053(lines, ACCOUNT))
    return path


PAYMENTS = """
import sys
from pathlib import Path
from desktop_app.bootstrap import open_database
from desktop_app.services.payment_import import import_payments
db = open_database(sys.argv[1])
for step in import_payments(db, [Path(sys.argv[2])]):
    print(step.done, step.message, flush=True)
"""


@pytest.mark.parametrize("seed", SEEDS)
def test_a_killed_payment_import_is_whole_or_absent(payment_shop, statement, tmp_path, seed):
    path = tmp_path / "shop.db"
    backup_sqlite(payment_shop, path)
    before = counts(path, PAYMENT_TABLES)
    run_until(PAYMENTS, [str(path), str(statement)], stops=1 + seed % 3, seed=seed, marker="Matching")
    sound(path)
    after = counts(path, PAYMENT_TABLES)
    assert after == before or after["statement_lines"] == before["statement_lines"] + 1200
    db = open_database(path)
    run_job(import_payments(db, [statement]))                     # run again: the same end state either way
    db.dispose()
    final = counts(path, PAYMENT_TABLES)
    assert final["statement_lines"] == 1200 and final["payments"] == before["payments"] + 5
    sound(path)


SENDER = """
import sys
from desktop_app.bootstrap import open_database
from desktop_app.services.outbox import send_outbox
db = open_database(sys.argv[1])
for step in send_outbox(db, force=True):
    print(step.done, step.message, flush=True)
"""


@pytest.mark.parametrize("seed", SEEDS)
def test_a_killed_outbox_run_loses_nothing_and_sends_nothing_twice(payment_shop, tmp_path, seed):
    path = tmp_path / "shop.db"
    backup_sqlite(payment_shop, path)
    db = open_database(path)
    with smtp_server() as mailbox:
        set_settings(db, {"smtp.host": "127.0.0.1", "smtp.port": str(mailbox.port), "smtp.security": "none",
                          "smtp.user": "", "smtp.from": "bonjour@maison-lumiere.example"})
        for invoice_id in range(1, 8):
            send_invoice_by_email(db, invoice_id)
        run_until(SENDER, [str(path)], stops=1 + seed % 5, seed=seed, marker="Sending")
        # Restart, once the lease of a message cut off mid-send has run out.
        run_job(send_outbox(db, now=utcnow() + timedelta(minutes=20)))
        received = [r.message["Message-ID"] for r in mailbox.received]
    items = outbox_items(db)
    db.dispose()
    assert len(items) == 7
    assert len(received) == len(set(received))                    # never twice
    for item in items:
        arrived = received.count(item.message_id)
        assert item.state in ("sent", "unsure"), item             # none lost, none left hanging
        assert arrived == 1 if item.state == "sent" else arrived <= 1
    sound(path)


BACKUPS = """
import sys
from pathlib import Path
from desktop_app.bootstrap import open_database
from desktop_app.services.backup import backup
db = open_database(sys.argv[1])
for n in range(200):
    print("starting", n, flush=True)
    backup(db, Path(sys.argv[2]) / f"copy-{n}.db")
"""


@pytest.mark.parametrize("seed", SEEDS)
def test_a_killed_backup_leaves_no_half_copy_and_the_source_untouched(payment_shop, tmp_path, seed):
    path = tmp_path / "shop.db"
    backup_sqlite(payment_shop, path)
    tables = ("customers", "orders", "invoices", "invoice_lines", "payments", "journal")
    before = counts(path, tables)
    folder = tmp_path / "copies"
    folder.mkdir()
    run_until(BACKUPS, [str(path), str(folder)], stops=1 + seed % 3, seed=seed, marker="starting")
    assert counts(path, tables) == before
    sound(path)
    for copy in folder.glob("copy-*.db"):                          # each named copy is whole and sound
        assert copy.stat().st_mode & 0o077 == 0
        assert counts(copy, tables) == before
        sound(copy)
