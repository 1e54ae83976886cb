"""Opening the shop's database for a command."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from desktop_app.bootstrap import configure_logging, database_location, open_database

if TYPE_CHECKING:
    from desktop_app.store.database import Database


def database(args: argparse.Namespace) -> Database:
    """The database named by --db / $COMPTOIR_DB / the default, upgraded to the current schema."""
    configure_logging(getattr(args, "verbose", False))
    return open_database(database_location(args.db))


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
