"""A throw-away PostgreSQL server for the test run: a cluster in a temporary folder, on a free port, started
from the installed binaries (Debian's `postgresql` package), and removed at the end. No system service.

When the tests run as root (CI containers), the server runs as the `postgres` user: PostgreSQL refuses
to run as root. `COMPTOIR_TEST_POSTGRES_URL` points the tests at an existing server instead (a database
URL whose user may create databases).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

TEMPLATE = f"comptoir_template_{os.getpid()}"     # one per test process (pytest-xdist workers may share a server)
_FAST = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB "
         "-c max_connections=60")


class Unavailable(Exception):
    """Why there is no PostgreSQL server for the tests (the message is shown in the test summary)."""


def find_bindir() -> Path:
    """The folder of `initdb`, `pg_ctl` and `postgres`: `COMPTOIR_PG_BINDIR` when set (and then only it:
    `COMPTOIR_PG_BINDIR=none make test` runs as a machine without PostgreSQL would), else on PATH, from
    pg_config, or Debian's versioned folder."""
    candidates: list[Path] = []
    explicit = os.environ.get("COMPTOIR_PG_BINDIR")
    if explicit:
        if all((Path(explicit) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(explicit)
        raise Unavailable(f"COMPTOIR_PG_BINDIR={explicit} has no initdb, pg_ctl and postgres")
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        if found:
            candidates.append(Path(found))
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    candidates += [Path(p) for p in versions]
    for folder in candidates:
        if all((folder / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    raise Unavailable("no PostgreSQL server binaries (initdb, pg_ctl, postgres) found; on Debian/Ubuntu: "
                      "apt-get install postgresql")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run_as() -> str | None:
    """The user the server must run as (None: this one); PostgreSQL will not run as root."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise Unavailable("running as root and there is no 'postgres' user to run the server as") from None
    if not shutil.which("runuser"):
        raise Unavailable("running as root and `runuser` is missing to start the server as 'postgres'")
    return "postgres"


@dataclass
class Server:
    """A server the tests may create databases on; `admin_url` reaches its maintenance database."""

    admin_url: str
    cluster: Path | None = None
    bindir: Path | None = None
    user: str | None = None
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str) -> str:
        return make_url(self.admin_url).set(database=database).render_as_string(hide_password=False)

    def execute(self, *statements: str) -> None:
        import psycopg

        conninfo = make_url(self.admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement.encode())      # our own statements, no parameters

    def create(self, template: str = "template0") -> str:
        """A new database, a copy of `template`; returns its URL."""
        name = f"t{os.getpid()}_{next(self._names)}"
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.cluster is None or self.bindir is None:
            return
        _tool(self.bindir, self.user, "pg_ctl", "-D", str(self.cluster / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.cluster, ignore_errors=True)


def _tool(bindir: Path, user: str | None, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    command: Sequence[str] = [str(bindir / name), *args]
    if user is not None:
        command = ["runuser", "-u", user, "--", *command]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd="/", timeout=120)


def start_server() -> Server:
    """A running server: the one `COMPTOIR_TEST_POSTGRES_URL` names, or a new cluster of our own."""
    given = os.environ.get("COMPTOIR_TEST_POSTGRES_URL")
    if given:
        return Server(admin_url=given)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise Unavailable("the psycopg driver is not installed (pip install -e '.[postgres]')") from None
    bindir = find_bindir()
    user = _run_as()
    root = Path(tempfile.mkdtemp(prefix="comptoir-pg-"))
    if user is not None:
        shutil.chown(root, user)
    data = root / "data"
    done = _tool(bindir, user, "initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--locale=C", "--no-sync")
    if done.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise Unavailable(f"initdb failed: {done.stderr.strip()[-300:]}")
    port = _free_port()
    done = _tool(bindir, user, "pg_ctl", "-D", str(data), "-w", "-t", "60", "-l", str(root / "server.log"), "-o",
                 f"-p {port} -k {root} -c listen_addresses=127.0.0.1 {_FAST}", "start")
    if done.returncode != 0:
        log = (root / "server.log").read_text(errors="replace")[-300:] if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise Unavailable(f"the PostgreSQL server did not start: {done.stderr.strip()[-300:]} {log}")
    return Server(admin_url=f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", cluster=root,
                  bindir=bindir, user=user)


def prepare_template(server: Server) -> None:
    """A database at the current schema that each test's database is copied from (faster than migrating)."""
    from desktop_app.bootstrap import open_database

    server.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}"', f'CREATE DATABASE "{TEMPLATE}"')
    db = open_database(server.url(TEMPLATE))
    db.dispose()
