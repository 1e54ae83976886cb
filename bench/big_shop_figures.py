"""The big shop's last touches, through the application's own code: the dashboard's monthly figures
folded in, the full-text indexes merged, statistics for the query planner."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.store.database import Database
from desktop_app.store.figures import fold
from desktop_app.store.text_search import FTS_TABLES


def finish(path: Path) -> None:
    db = Database(path)
    with db.transaction() as session:
        fold(session)
    db.dispose()
    connection = sqlite3.connect(path, isolation_level=None)
    for fts in FTS_TABLES:
        connection.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
    connection.execute("ANALYZE")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.close()
