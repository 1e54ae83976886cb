"""Every file Comptoir creates in the user's data and log folders is readable by the user only: the
database and its -wal/-shm, backups, archives, exports, logs (rotated ones too) and the lock."""

from __future__ import annotations

import logging
import stat
from datetime import date
from pathlib import Path

from platformdirs import user_log_path

from desktop_app.bootstrap import backups_dir, configure_logging, data_dir, default_database, open_database
from desktop_app.cli import main
from desktop_app.domain.progress import run_job
from desktop_app.services.backup import auto_backup
from tests.conftest import FIXTURES


def _open_to_others(folder: Path) -> list[str]:
    return [f"{path} {stat.filemode(path.stat().st_mode)}" for path in sorted(folder.rglob("*"))
            if path.is_file() and path.stat().st_mode & 0o077]


def test_every_file_in_the_data_and_log_folders_is_private(capsys):
    orders = FIXTURES / "orders" / "shopify" / "orders_export_1.csv"
    assert main(["init"]) == 0
    assert main(["company", "set", "name=Maison Lumière", "siren=732829320", "vat_number=FR44732829320",
                 "address=12 rue des Capucins", "postcode=69001", "city=Lyon", "legal_form=SAS"]) == 0
    assert main(["import", "orders", str(orders)]) == 0
    assert main(["invoice", "from-orders", "--all", "--issue"]) == 0
    folder = data_dir()
    assert main(["backup", "-o", str(folder / "backups" / "manual.db")]) == 0
    assert main(["archive", "export", "--year", str(date.today().year), "-o",
                 str(folder / "archives" / "archive.zip")]) == 0
    assert main(["customer", "export", "1", "-o", str(folder / "exports" / "customer-1.zip")]) == 0
    db = open_database(default_database())
    run_job(auto_backup(db, backups_dir()))
    with db.reading() as session:                     # an open connection: -wal and -shm exist now
        session.connection().exec_driver_sql("SELECT count(*) FROM invoices").fetchall()
        assert default_database().with_name("comptoir.db-wal").exists()
        assert _open_to_others(folder) == []
    db.dispose()
    capsys.readouterr()
    assert {p.name for p in folder.rglob("*") if p.is_file()} >= {
        "comptoir.db", "comptoir.db.lock", "manual.db", "archive.zip", "customer-1.zip"}
    assert _open_to_others(folder) == []
    assert _open_to_others(user_log_path("comptoir", appauthor=False)) == []


def test_rotated_logs_stay_private():
    path = configure_logging()
    log = logging.getLogger("desktop_app.test")
    for _ in range(2):                                # past the 2 MB rotation
        log.info("x" * 1_100_000)
    assert path.with_name("comptoir.log.1").exists()
    assert _open_to_others(path.parent) == []
