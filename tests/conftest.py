"""Test session set-up: headless Qt, an in-memory keyring, English messages, a fresh database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COMPTOIR_NO_RECENT", "1")

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from desktop_app import i18n

FIXTURES = Path(__file__).parent / "fixtures"
# PostgreSQL for the run, and the store and services suites on both databases.
pytest_plugins = ("tests.support.backends",)


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps secrets in a dict for the length of one test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def english_ui() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep Comptoir's data, settings and logs of each test out of the real home folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("COMPTOIR_DB", raising=False)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def db(request: pytest.FixtureRequest, tmp_path: Path):
    """A fresh shop database at the current schema: a SQLite file, or (in the store and services suites'
    second run) a PostgreSQL database."""
    from desktop_app.bootstrap import open_database

    postgresql = getattr(request, "param", "sqlite") == "postgresql"
    database = open_database(request.getfixturevalue("postgres_url") if postgresql else tmp_path / "shop.db")
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo shop made once per test session; copy it (see `demo_db`) before changing it."""
    from desktop_app.bootstrap import open_database
    from desktop_app.domain.progress import run_job
    from desktop_app.services.setup import fill_demo_shop

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_database(path)
    run_job(fill_demo_shop(database))
    database.dispose()
    return path


@pytest.fixture
def demo_db(demo_db_file: Path, tmp_path: Path):
    """A private copy of the demo shop."""
    from desktop_app.bootstrap import open_database
    from desktop_app.store.migrate import backup_sqlite

    path = tmp_path / "demo.db"
    backup_sqlite(demo_db_file, path)
    database = open_database(path)
    yield database
    database.dispose()
