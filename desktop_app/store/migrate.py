"""Creating and upgrading the database schema with Alembic, with a backup before any upgrade."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from desktop_app.store.backup import backup_sqlite
from desktop_app.store.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r"^(revision|down_revision)\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)


@cache
def _declared_head() -> str | None:
    """The head revision as the version files declare it, read without Alembic (a third of a second
    saved at every start): the revision no other one revises. None when that is not plain to see."""
    revisions, revised = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            return None
        revisions.add(found["revision"])
        if "down_revision" in found:
            revised.add(found["down_revision"])
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


def _stamped_revision(db: Database) -> str | None:
    """The revision the database says it is at, by a plain query."""
    with db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_current(db: Database) -> bool:
    """Whether the schema is at the head revision (checked cheaply, without Alembic)."""
    head = _declared_head()
    return head is not None and _stamped_revision(db) == head


def alembic_config(db: Database) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_bare_config()).get_current_head()
    assert head is not None
    return head


def _bare_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database, revision: str = "head", backup: bool = True) -> Path | None:
    """Bring the schema to `revision`; an existing SQLite file is copied aside first.

    Returns the backup file, if one was made.
    """
    if revision == "head" and is_current(db):
        return None
    from alembic import command

    current = current_revision(db)
    target = head_revision() if revision == "head" else revision
    if current == target:
        return None
    saved = None
    if backup and current is not None and db.path is not None and db.path.exists():
        saved = db.path.with_name(f"{db.path.name}.before-{target}.bak")
        backup_sqlite(db.path, saved)
    config = alembic_config(db)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return saved
