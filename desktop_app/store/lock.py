"""One writer per database: the window (or a writing command) holds a lock on `<database>.lock`.

The lock is an OS file lock (fcntl on Unix, msvcrt on Windows): the system drops it when the process
ends, however it ends, so a crashed Comptoir never leaves a stale lock behind. The file also says
who holds it, so the second Comptoir can tell the user where the shop is open.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any


class DatabaseBusy(Exception):
    """The database is open in another Comptoir; `holder` says which (pid, host, since)."""

    def __init__(self, path: Path, holder: dict[str, Any]) -> None:
        super().__init__(str(path))
        self.path = path
        self.holder = holder


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


class WriterLock:
    """Held for as long as this process may write to the database."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise DatabaseBusy naming who holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open while the lock is held
        os.chmod(self.path, 0o600)
        if not _try_lock(handle):
            handle.seek(0)
            try:
                holder = json.loads(handle.read() or "{}")
            except ValueError:
                holder = {}
            handle.close()
            raise DatabaseBusy(self.path, holder)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                 "since": datetime.now(UTC).isoformat(timespec="seconds")}))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()          # closing drops the OS lock
            self._handle = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
