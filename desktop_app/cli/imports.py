"""`comptoir import orders`: shop exports in, orders out, all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.context import database
from desktop_app.cli.output import ProgressBar, error, print_fields, print_json
from desktop_app.domain.progress import run_job
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.problems import FileRefused
from desktop_app.i18n import _


def register(commands: Any) -> None:
    imports = commands.add_parser("import", help=_("import shop order exports"))
    kinds = imports.add_subparsers(dest="kind", metavar="KIND", required=True)
    orders = kinds.add_parser("orders", help=_("import order export files (Shopify, WooCommerce, PrestaShop, CSV)"))
    orders.add_argument("files", nargs="+", type=Path, metavar="FILE")
    orders.add_argument("--format", default="auto", help=_("file format (default: recognised from the header)"))
    orders.add_argument("--mapping", metavar="NAME", help=_("saved column mapping for a generic CSV file"))
    orders.add_argument("--taxes-included", choices=["auto", "yes", "no"], default="auto",
                        help=_("whether prices include VAT, when the file does not say (Shopify)"))
    orders.add_argument("--dry-run", action="store_true", help=_("show what would change, change nothing"))
    orders.add_argument("--json", action="store_true")
    orders.set_defaults(run=run_import_orders)


def run_import_orders(args: argparse.Namespace) -> int:
    from desktop_app.services.order_import import ImportSummary, import_orders
    from desktop_app.services.orders import load_mapping

    db = database(args)
    options = ReadOptions(taxes_included={"auto": None, "yes": True, "no": False}[args.taxes_included])
    file_format = args.format
    if args.mapping:
        options = ReadOptions(taxes_included=options.taxes_included, mapping=load_mapping(db, args.mapping))
        file_format = "csv"
    bar = ProgressBar()
    try:
        summary = run_job(import_orders(db, args.files, file_format, options, dry_run=args.dry_run), bar)
    except FileRefused as refused:
        bar.close()
        if args.json:
            print_json({**ImportSummary().as_json(), "errors": [str(p) for p in refused.problems]})
        error(_("Nothing was imported:"))
        for problem in refused.problems:
            error(f"  {problem}")
        return 1
    bar.close()
    data = summary.as_json()
    if args.json:
        print_json(data)
        return 0
    if args.dry_run:
        print(_("Dry run: nothing was written."))
    print_fields({key: value for key, value in data.items() if key not in ("errors", "totals_by_currency", "formats")})
    for currency, total in summary.totals_by_currency.items():
        print(_("  total in {currency}: {total}").format(currency=currency, total=total))
    for reference in summary.invoiced_changed:
        print(_("  order {reference} changed in the shop after it was invoiced: left as invoiced").format(
            reference=reference))
    return 0
