"""The database: an engine built from a URL, SQLite tuned for a desktop or a PostgreSQL server for a shop
with several desks, one unit of work per call."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.domain.errors import DomainError
from desktop_app.i18n import _

# 64 MiB page cache: COUNT(*) over a million rows is ten times faster than with the 2 MiB default.
_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
    "PRAGMA synchronous=FULL",
    "PRAGMA cache_size=-65536",
    "PRAGMA temp_store=MEMORY",
)


# One 64-bit advisory lock key for the shop's writers, derived from a name so it is stable and unlikely
# to meet another application's keys on a shared server.
_WRITE_LOCK_KEY = int.from_bytes(hashlib.sha256(b"comptoir:writer").digest()[:8], "big", signed=True)
_LOCK_WAIT_MS = 60_000
_LOCK_NOT_AVAILABLE = "55P03"

# `postgresql://` alone would mean psycopg2 to SQLAlchemy; Comptoir ships with psycopg 3 (the `postgres` extra).
_DRIVERLESS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


def url_for(location: str | os.PathLike[str]) -> str:
    """A database URL from a URL or a file path."""
    given = str(location)
    if "://" in given:
        scheme, rest = given.split("://", 1)
        return f"{_DRIVERLESS.get(scheme, scheme)}://{rest}"
    return f"sqlite:///{Path(given).expanduser().resolve()}"


def shown_url(url: str | URL) -> str:
    """The URL as it may be shown or logged: the password, if the URL holds one, is masked."""
    return make_url(url).render_as_string(hide_password=True)


class Database:
    """Owns the engine; hands out sessions. Services own the transactions (`with db.transaction()`)."""

    def __init__(self, location: str | os.PathLike[str], echo: bool = False) -> None:
        self.url = url_for(location)
        parsed = make_url(self.url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.is_postgresql = parsed.get_backend_name() == "postgresql"
        self.location = str(Path(parsed.database)) if self.is_sqlite and parsed.database else shown_url(parsed)
        self.path: Path | None = Path(parsed.database) if self.is_sqlite and parsed.database else None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _create_private(self.path)
        try:
            self.engine: Engine = create_engine(self.url, echo=echo, **self._engine_options())
        except ModuleNotFoundError as missing:
            raise DomainError(_("Comptoir cannot reach {location}: its database driver ({driver}) is not installed "
                                "(for PostgreSQL: pip install 'comptoir[postgres]').").format(
                location=self.location, driver=missing.name)) from None
        if self.is_sqlite:
            _tune_sqlite(self.engine)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(self.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE"),
                                    expire_on_commit=False)

    def _engine_options(self) -> dict[str, Any]:
        if self.is_sqlite:
            return {"connect_args": {"check_same_thread": False, "timeout": 10}}
        if self.is_postgresql:
            # READ COMMITTED is what the write lock relies on: each statement after it is granted sees
            # what the previous holder committed. A desk waits at most a minute for another's writing.
            return {"pool_pre_ping": True, "isolation_level": "READ COMMITTED",
                    "connect_args": {"application_name": "comptoir", "connect_timeout": 10,
                                     "options": f"-c lock_timeout={_LOCK_WAIT_MS}"}}
        return {"pool_pre_ping": True}

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work that writes: committed on success, rolled back on any error.

        It takes the shop's write lock at once, so two writers queue instead of failing half-way: BEGIN
        IMMEDIATE on SQLite, the same advisory lock for every desk on PostgreSQL (`serialise_writes`).
        Readers never wait.
        """
        try:
            with self._writer() as session, session.begin():
                if self.is_postgresql:
                    serialise_writes(session)
                yield session
        except OperationalError as error:
            if getattr(error.orig, "sqlstate", None) != _LOCK_NOT_AVAILABLE:
                raise
            raise DomainError(_("Another desk has been changing the shop for over a minute; nothing was "
                                "changed here. Try again once it has finished.")) from None

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries; nothing it does is committed."""
        with self._reader() as session, session.begin():
            yield session
            session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()


def serialise_writes(session: Session) -> None:
    """Make the caller's transaction the only one writing to the shop, among all desks, until it ends.

    The code reads a last value and writes the next one in many places (journal hashes, document
    numbers, ids of rows written in bulk), as SQLite's single writer allows. On PostgreSQL every
    writing transaction takes this transaction-scoped advisory lock first (`Database.transaction`), so
    the same holds with several desks; the journal and the numbering take it again (a no-op then) for
    any session made otherwise. It is released at commit or rollback, whatever ends the process.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK_KEY})


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only (it holds customers' personal data)."""
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (pysqlite's own handling
        # starts them late and cannot take the write lock up front).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, record: Any) -> None:
        # Staging files an import attached (store.staging) can only be detached once its transaction is over.
        for alias in record.info.pop("attached", ()):
            if dbapi_connection is not None:
                dbapi_connection.execute(f"DETACH DATABASE {alias}")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))
