"""The `comptoir` command line: the contract of SPEC §4. It calls services only."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from desktop_app import __version__
from desktop_app.bootstrap import DatabaseBusy
from desktop_app.cli import admin, archive, imports, invoices, migrate, payments, privacy, rates, reminders, reports
from desktop_app.cli.context import release_locks
from desktop_app.cli.output import error
from desktop_app.domain.errors import DomainError, ValidationFailed
from desktop_app.formats.problems import FileRefused
from desktop_app.i18n import _, set_language

# Each command module adds its sub-commands with `register(subparsers)`; the handler is stored as
# the `run` default and receives the parsed arguments.
COMMAND_MODULES = [admin, imports, invoices, payments, reminders, reports, rates, archive, privacy, migrate]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="comptoir", description=_(
        "Comptoir: invoices from shop orders, payments, reminders and bookkeeping exports, offline."))
    parser.add_argument("--version", action="version", version=f"comptoir {__version__}")
    parser.add_argument("--db", metavar="PATH", help=_("database file or URL (default: $COMPTOIR_DB, "
                                                       "else the user's data folder)"))
    parser.add_argument("--verbose", action="store_true", help=_("log details to stderr as well"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    set_language(None)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except DatabaseBusy as busy:
        holder = busy.holder
        error(_("This shop's database is open in another Comptoir (process {pid} on {host}, since {since}); "
                "close it there first.").format(pid=holder.get("pid", "?"), host=holder.get("host", "?"),
                                                 since=holder.get("since", "?")))
        return 1
    except ValidationFailed as failure:
        for field, message in failure.problems.items():
            error(f"{field}: {message}")
        return 1
    except FileRefused as refused:
        error(_("Nothing was imported:"))
        for problem in refused.problems:
            error(f"  {problem}")
        return 1
    except DomainError as failure:
        error(str(failure))
        return 1
    except BrokenPipeError:
        # The reader of our output went away (`comptoir invoice list | head`): not an error.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the closed stream until exit
        return 0
    except KeyboardInterrupt:
        error(_("Interrupted; nothing was changed by the interrupted step."))
        return 130
    finally:
        release_locks()


if __name__ == "__main__":
    sys.exit(main())
