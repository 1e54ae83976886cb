"""`comptoir report ...` and `comptoir export fec ...`: the bookkeeper's files from the command line."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.cli.context import database
from desktop_app.cli.output import ProgressBar, print_json
from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.progress import run_job
from desktop_app.i18n import _

KINDS = ["vat", "sales", "aging", "balances", "kpi"]
FORMATS = ["csv", "xlsx", "pdf", "json"]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        message = _("'{value}' is not a date; write it YYYY-MM-DD.").format(value=text)
        raise argparse.ArgumentTypeError(message) from None


def register(commands: Any) -> None:
    report = commands.add_parser("report", help=_("VAT, sales journal, aged receivables, balances, key figures"))
    report.add_argument("kind", choices=KINDS, help=_("which report"))
    report.add_argument("--from", dest="start", required=True, type=_day, metavar="YYYY-MM-DD")
    report.add_argument("--to", dest="end", required=True, type=_day, metavar="YYYY-MM-DD",
                        help=_("last day (aged receivables: the day they are aged on)"))
    report.add_argument("--format", choices=FORMATS, help=_("default: from the -o file name, else json"))
    report.add_argument("-o", "--output", type=Path, metavar="OUT", help=_("write to this file (default: JSON "
                                                                            "on standard output)"))
    report.add_argument("--basis", choices=["debits", "encaissements"],
                        help=_("VAT report: on invoices or on payments (default: the company's VAT regime)"))
    report.add_argument("--json", action="store_true", help=_("with -o: print a JSON summary"))
    report.set_defaults(run=run_report)

    export = commands.add_parser("export", help=_("files for the bookkeeper and the tax administration"))
    what = export.add_subparsers(dest="what", metavar="WHAT", required=True)
    fec = what.add_parser("fec", help=_("the FEC (Fichier des Écritures Comptables) of a fiscal year"))
    fec.add_argument("--year", required=True, type=int, metavar="YYYY")
    fec.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.txt",
                     help=_("the file, or a folder to write SIRENFECYYYYMMDD.txt into"))
    fec.add_argument("--json", action="store_true")
    fec.set_defaults(run=run_export_fec)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output is not None and args.output.suffix.lower().lstrip(".") in FORMATS:
        return args.output.suffix.lower().lstrip(".")
    return "json"


def run_report(args: argparse.Namespace) -> int:
    from desktop_app.domain.periods import Period
    from desktop_app.domain.vat_report import VatBasis
    from desktop_app.services.reports import build_report, export_report

    fmt = _format(args)
    if args.output is None and fmt != "json":
        raise InvalidValue("output", _("A {format} report needs a file: add -o OUT.{format}.").format(format=fmt))
    db = database(args)
    basis = VatBasis(args.basis) if args.basis else None
    bar = ProgressBar()
    report = run_job(build_report(db, args.kind, Period(args.start, args.end), basis), bar)
    if args.output is None:
        bar.close()
        print_json(report.data)
        return 0
    path = run_job(export_report(db, report, fmt, args.output), bar)
    bar.close()
    if args.json:
        print_json({"report": args.kind, "format": fmt, "file": str(path)})
    else:
        print(_("Written: {path}").format(path=path))
    return 0


def run_export_fec(args: argparse.Namespace) -> int:
    from desktop_app.services.fec_export import export_fec

    db = database(args)
    bar = ProgressBar()
    result = run_job(export_fec(db, args.year, args.output), bar)
    bar.close()
    if args.json:
        print_json(result.as_json())
    else:
        print(_("FEC written: {path} ({entries} entries, {lines} lines).").format(
            path=result.path, entries=result.entries, lines=result.lines))
    return 0
