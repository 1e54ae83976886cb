"""Opening the shop's database for a command."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.bootstrap import WriterLock, configure_logging, database_location, open_database

if TYPE_CHECKING:
    from desktop_app.store.database import Database


HELD: list[WriterLock] = []     # released when the command ends (desktop_app.cli.main)


def database(args: argparse.Namespace, write: bool = True) -> Database:
    """The database named by --db / $COMPTOIR_DB / the default, upgraded to the current schema.

    A command that writes first takes the writer lock, so it never writes beside an open window.
    """
    configure_logging(getattr(args, "verbose", False))
    location = database_location(args.db)
    if write and "://" not in location:
        lock = WriterLock(Path(location).expanduser().resolve())
        lock.acquire()
        HELD.append(lock)
    return open_database(location)


def release_locks() -> None:
    while HELD:
        HELD.pop().release()


def key_values(pairs: list[str]) -> dict[str, str]:
    """KEY=VALUE arguments as a dict; a pair without '=' is refused."""
    from desktop_app.domain.errors import InvalidValue
    from desktop_app.i18n import _

    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidValue(pair, _("'{pair}' is not KEY=VALUE.").format(pair=pair))
        result[key.strip()] = value
    return result
