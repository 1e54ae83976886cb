"""Creating and upgrading the database schema with Alembic, with a backup before any upgrade."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from desktop_app.store.backup import backup_sqlite
from desktop_app.store.database import Database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(db: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_bare_config()).get_current_head()
    assert head is not None
    return head


def _bare_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database, revision: str = "head", backup: bool = True) -> Path | None:
    """Bring the schema to `revision`; an existing SQLite file is copied aside first.

    Returns the backup file, if one was made.
    """
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
