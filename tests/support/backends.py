"""The store and services suites run on both databases Comptoir supports: every test there that takes the
shared `db` fixture runs once on a SQLite file and once on PostgreSQL (a throw-away server started for the
run, see tests/support/postgres.py). Without PostgreSQL binaries those runs are skipped, and the summary
says why.

Markers: `postgres` (needs the server: the PostgreSQL runs and the tests that ask for `postgres_url`),
`sqlite_only` (a store or services test about SQLite itself: files, WAL, the sqlite3 module).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.postgres import TEMPLATE, Server, Unavailable, find_bindir, prepare_template, start_server

TESTS = Path(__file__).resolve().parents[1]
BOTH_BACKENDS = (TESTS / "store", TESTS / "services")
SKIP_PREFIX = "PostgreSQL tests skipped:"
_skipped: dict[str, int] = {}
_ran = [0]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """The run's PostgreSQL server (the tests that need it are skipped when there is none)."""
    try:
        server = start_server()
        prepare_template(server)
    except Unavailable as why:
        pytest.skip(f"{SKIP_PREFIX} {why}")
    yield server
    server.stop()


def _on_server(request: pytest.FixtureRequest) -> None:
    # Travels with the test's report (to the xdist controller too), for the summary line.
    request.node.user_properties.append(("database", "postgresql"))


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest, postgres_server: Server) -> Iterator[str]:
    """A fresh database at the current schema, dropped after the test."""
    _on_server(request)
    url = postgres_server.create(TEMPLATE)
    yield url
    postgres_server.drop(url)


@pytest.fixture
def empty_postgres_url(request: pytest.FixtureRequest, postgres_server: Server) -> Iterator[str]:
    """A fresh, empty database (no schema), dropped after the test."""
    _on_server(request)
    url = postgres_server.create()
    yield url
    postgres_server.drop(url)


def _uses_shared_db(metafunc: pytest.Metafunc) -> bool:
    # A module may define its own `db` (tests/store/test_database.py does): only the shared one knows
    # both backends. (_arg2fixturedefs is pytest's own resolution of the test's fixtures.)
    definitions = metafunc._arg2fixturedefs.get("db")
    if not definitions:
        return False
    source = Path(inspect.getfile(definitions[-1].func)).resolve()
    return source == TESTS / "conftest.py"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    path = Path(str(metafunc.definition.path)).resolve()
    if "db" not in metafunc.fixturenames or not any(folder in path.parents for folder in BOTH_BACKENDS):
        return
    if metafunc.definition.get_closest_marker("sqlite_only") or not _uses_shared_db(metafunc):
        return
    metafunc.parametrize("db", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "postgres_url" in getattr(item, "fixturenames", ()) or "empty_postgres_url" in getattr(
                item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


def pytest_report_header() -> str:
    try:
        return f"postgresql: a throw-away server from {find_bindir()} for the PostgreSQL runs"
    except Unavailable as why:
        return f"postgresql: {why} -- the PostgreSQL runs will be skipped"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and isinstance(report.longrepr, tuple) and SKIP_PREFIX in str(report.longrepr[2]):
        reason = str(report.longrepr[2]).split(SKIP_PREFIX, 1)[1].strip()
        _skipped[reason] = _skipped.get(reason, 0) + 1
    elif report.when == "call" and report.passed and ("database", "postgresql") in report.user_properties:
        _ran[0] += 1


def _tests(count: int) -> str:
    return f"{count} test" if count == 1 else f"{count} tests"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for reason, count in _skipped.items():
        terminalreporter.write_line(f"PostgreSQL: {_tests(count)} SKIPPED -- {reason}", yellow=True, bold=True)
    if _ran[0]:
        terminalreporter.write_line(f"PostgreSQL: {_tests(_ran[0])} passed on a real PostgreSQL server", green=True)
