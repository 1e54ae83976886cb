"""Copies of the database file made while it is in use (SQLite online backup), and their checks."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy a live SQLite database consistently (online backup API), readable by its owner only.

    The copy is written beside its final name and moved into place, so a crash never leaves a half
    backup under the real name.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if partial.exists():
        partial.unlink()
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        src, dst = sqlite3.connect(source), sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")   # a backup is one self-contained file
        finally:
            dst.close()
            src.close()
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except BaseException:
        # A full disk or a stop half-way: no half copy is left behind, under any name.
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise


def integrity_problem(path: Path) -> str | None:
    """SQLite's own integrity check of a database file; None when it is sound."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    if result != "ok":
        return str(result)
    if not {"alembic_version", "invoices", "journal"} <= tables:
        return "not a Comptoir database"
    return None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
