"""Backups: made while the shop is open, rotated (daily, weekly, monthly), restored only after the copy
has been checked — and the replaced file is kept."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from desktop_app.domain.errors import DomainError
from desktop_app.domain.progress import Job, Progress, run_job
from desktop_app.i18n import _
from desktop_app.services.disk import storage_errors
from desktop_app.services.verify import verify
from desktop_app.store.backup import backup_sqlite, integrity_problem, sha256_of
from desktop_app.store.database import Database
from desktop_app.store.journal import append_event
from desktop_app.store.migrate import upgrade

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
AUTO_PREFIX = "comptoir-auto-"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    sha256: str
    made_at: datetime


def _require_file(db: Database) -> Path:
    if db.path is None:
        raise DomainError(_("Backups of a database server are made with the server's own tools."))
    return db.path


def backup(db: Database, target: Path) -> BackupInfo:
    """A consistent copy of the shop, taken while it may be in use, checked, and logged."""
    source = _require_file(db)
    target = Path(target)
    if target.resolve() == source.resolve():
        raise DomainError(_("A backup cannot replace the database itself."))
    with storage_errors(_("The backup")):
        backup_sqlite(source, target)
    problem = integrity_problem(target)
    if problem:
        target.unlink(missing_ok=True)
        raise DomainError(_("The backup could not be checked ({problem}); nothing was kept.").format(problem=problem))
    info = BackupInfo(target, sha256_of(target), datetime.now(UTC))
    with db.transaction() as session:
        append_event(session, "backup", {"file": target.name, "sha256": info.sha256})
    return info


def restore(db: Database, source: Path) -> Path:
    """Replace the shop's database by a backup, after checking the backup whole (file integrity, schema,
    journal chain). The replaced file is kept beside it; returns its path."""
    current = _require_file(db)
    source = Path(source)
    problem = integrity_problem(source)
    if problem:
        raise DomainError(_("{file} cannot be restored: {problem}.").format(file=source.name, problem=problem))
    candidate = current.with_name(current.name + ".restoring")
    shutil.copyfile(source, candidate)
    os.chmod(candidate, 0o600)
    checked = Database(candidate)
    try:
        upgrade(checked, backup=False)
        report = run_job(verify(checked))
    finally:
        checked.dispose()
    if not report.ok:
        candidate.unlink(missing_ok=True)
        raise DomainError(_("{file} cannot be restored: its journal is broken at {where}.").format(
            file=source.name, where=report.first_broken))
    db.dispose()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = current.with_name(f"{current.name}.replaced-{stamp}")
    os.replace(current, kept)
    for suffix in ("-wal", "-shm"):
        stale = current.with_name(current.name + suffix)
        if stale.exists():
            os.replace(stale, kept.with_name(kept.name + suffix))
    os.replace(candidate, current)
    restored = Database(current)
    try:
        with restored.transaction() as session:
            append_event(session, "restore", {"file": source.name, "sha256": sha256_of(source),
                                              "replaced": kept.name})
    finally:
        restored.dispose()
    return kept


def auto_backup(db: Database, folder: Path, today: date | None = None) -> Job[BackupInfo | None]:
    """Today's automatic backup (once a day), then the rotation: 7 daily, 4 weekly, 12 monthly kept.

    A database server is backed up by its own tools (pg_dump), not by each desk: nothing to do then."""
    if db.path is None:
        return None
    day = today or date.today()  # noqa: DTZ011 - the user's calendar day
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{AUTO_PREFIX}{day.isoformat()}.db"
    yield Progress(0, 2, _("Backing up"))
    info = None if target.exists() else backup(db, target)
    yield Progress(1, 2, _("Removing old backups"))
    for old in to_remove(existing_backups(folder), day):
        old.unlink(missing_ok=True)
    yield Progress(2, 2, _("Backup done"))
    return info


def existing_backups(folder: Path) -> dict[date, Path]:
    found = {}
    for path in folder.glob(f"{AUTO_PREFIX}*.db"):
        try:
            found[date.fromisoformat(path.stem.removeprefix(AUTO_PREFIX))] = path
        except ValueError:
            continue
    return found


def to_remove(backups: dict[date, Path], today: date) -> Iterable[Path]:
    """The automatic backups the rotation no longer keeps."""
    days = sorted(backups, reverse=True)
    keep = set(days[:KEEP_DAILY])
    weeks: dict[tuple[int, int], date] = {}
    months: dict[tuple[int, int], date] = {}
    for day in days:
        weeks.setdefault(day.isocalendar()[:2], day)
        months.setdefault((day.year, day.month), day)
    keep |= set(sorted(weeks.values(), reverse=True)[:KEEP_WEEKLY])
    keep |= set(sorted(months.values(), reverse=True)[:KEEP_MONTHLY])
    return [backups[day] for day in days if day not in keep]


def last_backup(folder: Path) -> date | None:
    """The day of the newest automatic backup in `folder`."""
    backups = existing_backups(folder) if folder.exists() else {}
    return max(backups) if backups else None


def backup_overdue(folder: Path, today: date | None = None) -> bool:
    """True when no backup was made in the last week (the window warns)."""
    newest = last_backup(folder)
    day = today or date.today()  # noqa: DTZ011
    return newest is None or day - newest > timedelta(days=7)
