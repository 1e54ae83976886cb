"""A full disk (or a file-size limit, or a failing disk) said in words, wherever a write meets it.

SQLite reports a full disk as "database or disk is full" (a short write) or "disk I/O error" (a
write refused outright); the operating system as ENOSPC, EFBIG or EDQUOT; PostgreSQL as SQLSTATE
53100. The operation's own transaction has already been rolled back when the error reaches us, so
the sentence can promise that nothing was changed.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from desktop_app.domain.errors import DomainError
from desktop_app.domain.progress import Job
from desktop_app.i18n import _

T = TypeVar("T")
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


class StorageFailed(DomainError):
    """Writing to the disk failed (full, over a size limit, or broken); nothing was changed."""


def storage_problem(error: BaseException, action: str) -> str | None:
    """The sentence for a storage error, or None when `error` is something else."""
    cause = error.orig if isinstance(error, DBAPIError) else error
    if isinstance(cause, OSError) and cause.errno in _FULL_ERRNOS:
        return _full(action)
    text = str(cause).lower()
    if isinstance(cause, sqlite3.OperationalError) or isinstance(error, DBAPIError):
        if "database or disk is full" in text or getattr(cause, "sqlstate", None) == "53100" \
                or getattr(cause, "pgcode", None) == "53100":
            return _full(action)
        if "disk i/o error" in text:
            return _("{action} could not be finished: the disk refused to write ({detail}). Nothing was changed. "
                     "Check that the disk has free space and is working, then try again.").format(
                action=action, detail=cause)
    return None


def _full(action: str) -> str:
    return _("{action} could not be finished: the disk is full (or the file would be larger than the system "
             "allows). Nothing was changed. Free some space, then try again.").format(action=action)


@contextmanager
def storage_errors(action: str) -> Iterator[None]:
    """Turn a storage error met inside the block into StorageFailed, with `action` named ("The import")."""
    try:
        yield
    except (OSError, sqlite3.Error, DBAPIError) as error:
        sentence = storage_problem(error, action)
        if sentence is None:
            raise
        raise StorageFailed(sentence) from error


def storage_guarded(job: Job[T], action: str) -> Job[T]:
    """A long job whose storage errors come out as StorageFailed."""
    with storage_errors(action):
        return (yield from job)
