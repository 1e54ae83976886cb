"""How much memory the database may keep in the desktop application."""

from __future__ import annotations

from desktop_app.store.database import Database
from desktop_app.store.memory import cap_page_caches

# One connection's cache (64 MiB, store.database) and a little more for those reading in the background:
# every connection keeps its own cache, and without a cap a window would hold several copies of a
# million-invoice index.
DESKTOP_CACHE_MB = 96


def share_cache_memory(db: Database, megabytes: int = DESKTOP_CACHE_MB) -> None:
    """Bound the memory the page caches of all the process's connections take together."""
    cap_page_caches(db, megabytes * 1024 * 1024)
