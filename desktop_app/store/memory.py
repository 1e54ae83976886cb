"""The SQLite page caches' memory, bounded for the whole process (PRAGMA soft_heap_limit): past the
limit, SQLite reuses the least recently used cached pages instead of growing."""

from __future__ import annotations

from sqlalchemy import text

from desktop_app.store.database import Database


def cap_page_caches(db: Database, limit_bytes: int) -> None:
    if not db.is_sqlite or not limit_bytes:
        return
    with db.engine.connect() as connection:
        connection.execute(text(f"PRAGMA soft_heap_limit={int(limit_bytes)}"))
