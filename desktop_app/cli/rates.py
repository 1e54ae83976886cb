"""`comptoir rates`: the exchange rates that state foreign-currency invoices' VAT in euros."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.cli.context import database
from desktop_app.cli.output import print_json
from desktop_app.domain.money import plain_number
from desktop_app.i18n import _


def register(commands: Any) -> None:
    rates = commands.add_parser("rates", help=_("exchange rates (units of a currency for 1 EUR)"))
    actions = rates.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help=_("the latest rate of each currency"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=run_show)
    put = actions.add_parser("set", help=_("record a rate, e.g. rates set USD 1.0856 --date 2026-03-02"))
    put.add_argument("currency")
    put.add_argument("rate")
    put.add_argument("--date", type=date.fromisoformat, default=None)
    put.set_defaults(run=run_set)
    load = actions.add_parser("import", help=_("read an ECB reference-rate file (eurofxref XML or CSV)"))
    load.add_argument("file", type=Path)
    load.add_argument("--json", action="store_true")
    load.set_defaults(run=run_import)


def run_show(args: argparse.Namespace) -> int:
    from desktop_app.services.rates import latest_rates

    rows = latest_rates(database(args, write=False))
    if args.json:
        print_json({"rates": [{"currency": c, "date": d, "rate": str(plain_number(r)), "source": s}
                              for c, d, r, s in rows]})
    else:
        for currency, day, rate, source in rows:
            print(f"{currency}  {rate}  {day}  {source}")
    return 0


def run_set(args: argparse.Namespace) -> int:
    from desktop_app.services.rates import set_rate

    set_rate(database(args), args.currency, Decimal(args.rate), args.date or date.today())  # noqa: DTZ011
    return 0


def run_import(args: argparse.Namespace) -> int:
    from desktop_app.services.rates import import_ecb_file

    count = import_ecb_file(database(args), args.file)
    if args.json:
        print_json({"rates": count})
    else:
        print(_("{n} rates read.").format(n=count))
    return 0
