"""Composition root: where data lives, opening (and upgrading) the database, logging. No Qt."""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from pathlib import Path

from platformdirs import user_data_path, user_log_path
from sqlalchemy.exc import OperationalError

from desktop_app.domain.errors import DomainError
from desktop_app.i18n import _
from desktop_app.store.database import Database
from desktop_app.store.lock import DatabaseBusy, WriterLock

__all__ = ["DatabaseBusy", "WriterLock", "open_database"]
from desktop_app.store.migrate import upgrade

APP_NAME = "comptoir"
log = logging.getLogger(__name__)


def data_dir() -> Path:
    """The user's data folder for Comptoir (e.g. ~/.local/share/comptoir)."""
    return user_data_path(APP_NAME, appauthor=False)


def default_database() -> Path:
    return data_dir() / "comptoir.db"


def demo_database() -> Path:
    """The demo shop's own database, kept apart from the real one."""
    return data_dir() / "demo.db"


def database_location(explicit: str | None = None) -> str:
    """--db, else $COMPTOIR_DB, else the file in the user's data folder."""
    return explicit or os.environ.get("COMPTOIR_DB") or str(default_database())


def backups_dir() -> Path:
    """Where automatic backups go (beside the data, not inside the database file)."""
    return data_dir() / "backups"


def writer_lock(db: Database) -> WriterLock | None:
    """The lock that makes this process the database's only writer (None for a database server)."""
    return WriterLock(db.path) if db.path is not None else None


def open_database(location: str | os.PathLike[str] | None = None, migrate: bool = True) -> Database:
    """Open the shop's database, creating or upgrading its schema first."""
    db = Database(location if location is not None else database_location())
    if migrate:
        try:
            saved = upgrade(db)
        except OperationalError as error:     # a server that does not answer, a file that cannot be opened
            db.dispose()
            raise DomainError(_("Cannot open the database {location}: {reason}").format(
                location=db.location, reason=str(error.orig).strip().splitlines()[0])) from None
        if saved is not None:
            log.info("database schema upgraded; previous file kept as %s", saved.name)
    return db


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file, the ones started at each rotation too, only its owner can read."""

    def _open(self) -> io.TextIOWrapper:   # logging's hook, called at start and after each rotation
        descriptor = os.open(self.baseFilename, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)


def configure_logging(verbose: bool = False) -> Path:
    """Log to a rotating file in the user's log folder (and stderr when verbose).

    Logs never carry personal data or secrets: code logs ids and counts, not names or addresses.
    """
    folder = user_log_path(APP_NAME, appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "comptoir.log"
    handler = PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not isinstance(h, logging.handlers.RotatingFileHandler)]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if path.exists():
        path.chmod(0o600)
    return path
