"""`comptoir migrate-db`: move a shop to another database (a SQLite file to a PostgreSQL server when the
shop grows to several desks), then prove the copy is the same shop: every table identical row for row,
the same totals, numbers and journal hashes, and `verify` passing on the copy."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError

from desktop_app.domain.errors import DomainError
from desktop_app.domain.progress import Job, Progress, run_job
from desktop_app.i18n import _
from desktop_app.services.verify import verify
from desktop_app.store import transfer
from desktop_app.store.database import Database
from desktop_app.store.journal import append_event
from desktop_app.store.migrate import current_revision, upgrade


@dataclass
class MigrationReport:
    target: str
    rows: dict[str, int] = field(default_factory=dict)
    facts: transfer.ShopFacts | None = None
    verified: bool = False
    first_broken: str | None = None

    @property
    def ok(self) -> bool:
        return self.verified

    def as_json(self) -> dict[str, Any]:
        facts = asdict(self.facts) if self.facts is not None else {}
        return {"ok": self.ok, "target": self.target, "rows": sum(self.rows.values()), "tables": self.rows,
                **facts, "first_broken": self.first_broken}


def migrate_database(source: Database, target_url: str) -> Job[MigrationReport]:
    """Copy the shop in `source` into the empty database at `target_url`, compare, verify, and log it."""
    target = _open_target(source, target_url)
    try:
        report = MigrationReport(target.location)
        yield from _copy(source, target, report)
        yield Progress(0, 0, _("Checking the copy"))
        checked = run_job(verify(target))
        report.verified, report.first_broken = checked.ok, checked.first_broken
        if checked.ok:
            with target.transaction() as session:
                append_event(session, "database_migrated", {"rows": sum(report.rows.values())})
            with source.transaction() as session:
                append_event(session, "database_copied", {"target": target.location})
        return report
    finally:
        target.dispose()


def _open_target(source: Database, url: str) -> Database:
    target = Database(url)
    if target.url == source.url:
        target.dispose()
        raise DomainError(_("The target is this shop's own database."))
    try:
        with target.engine.connect() as connection:
            held, foreign = transfer.occupants(connection)
        # Another program's tables, or this shop's with rows in them: never mixed with a copy.
        if held or (foreign and current_revision(target) is None):
            raise DomainError(_("{target} is not empty ({tables}): a shop is copied only into an empty "
                                "database.").format(target=target.location, tables=_some(held or foreign)))
        upgrade(target, backup=False)
    except DBAPIError as error:
        target.dispose()
        raise DomainError(_("Cannot use {target}: {reason}").format(target=target.location,
                                                                   reason=str(error.orig).strip())) from None
    except DomainError:
        target.dispose()
        raise
    return target


def _some(names: list[str]) -> str:
    return ", ".join(names[:3]) + (", …" if len(names) > 3 else "")


def _copy(source: Database, target: Database, report: MigrationReport) -> Job[None]:
    """Everything in one transaction on the target: a copy that fails or differs leaves no row behind."""
    with source.reading() as read, target.transaction() as write:
        src, dst = read.connection(), write.connection()
        report.rows = transfer.row_counts(src)
        total = sum(report.rows.values())
        copied = transfer.Copied()
        for table in transfer.shop_tables():
            message = _("Copying {table}").format(table=table.name)
            yield Progress(copied.rows, total, message)
            try:
                for done in transfer.copy_table(src, dst, table, copied):
                    yield Progress(done, total, message)
            except DBAPIError as error:
                raise DomainError(_("The rows of {table} could not be copied ({reason}); nothing was kept.").format(
                    table=table.name, reason=str(error.orig).strip().splitlines()[0])) from None
        transfer.reissue(dst, copied.issued_ids)
        transfer.advance_sequences(dst)
        yield Progress(total, total, _("Comparing every table"))
        different = [t.name for t in transfer.shop_tables()
                     if transfer.table_digest(src, t) != transfer.table_digest(dst, t)]
        report.facts = transfer.shop_facts(src)
        if different or transfer.shop_facts(dst) != report.facts:
            raise DomainError(_("The copy differs from the shop in {tables}; nothing was kept.").format(
                tables=", ".join(different) or _("its totals")))
