"""migrate-db: move the shop to another database (a PostgreSQL server for several desks)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.context import database
from desktop_app.cli.output import ProgressBar, print_json
from desktop_app.domain.money import format_plain
from desktop_app.domain.progress import run_job
from desktop_app.i18n import _


def register(commands: Any) -> None:
    migrate = commands.add_parser("migrate-db", help=_("copy the shop into another, empty database (e.g. a "
                                                       "PostgreSQL server) and check the copy"))
    migrate.add_argument("--to", required=True, metavar="URL",
                         help=_("the target database, e.g. postgresql://user@server/comptoir"))
    migrate.add_argument("--json", action="store_true")
    migrate.set_defaults(run=run_migrate)


def run_migrate(args: argparse.Namespace) -> int:
    from desktop_app.services.migration import migrate_database

    # The writer lock on the source: nothing changes the shop while it is being copied.
    source = database(args)
    bar = ProgressBar()
    report = run_job(migrate_database(source, args.to), bar)
    bar.close()
    if args.json:
        print_json(report.as_json())
        return 0 if report.ok else 2
    if not report.ok:
        print(_("The copy in {target} does not verify: {where}").format(target=report.target,
                                                                       where=report.first_broken))
        return 2
    facts = report.facts
    assert facts is not None
    print(_("Shop copied to {target} and checked: {rows} rows in {tables} tables, identical.").format(
        target=report.target, rows=sum(report.rows.values()), tables=len(report.rows)))
    print(_("Issued documents: {count}; journal: {entries} entries, last hash {hash}.").format(
        count=facts.documents, entries=facts.journal_entries, hash=facts.journal_last_hash[:16]))
    for currency, kinds in facts.totals.items():
        print("  " + ", ".join(f"{kind} {format_plain(total)} {currency}" for kind, total in kinds.items()))
    for series, number in facts.last_numbers.items():
        print(_("  last number of {series}: {number}").format(series=series, number=number))
    print(_("Point Comptoir at it with --db {target} (or COMPTOIR_DB).").format(target=report.target))
    return 0
