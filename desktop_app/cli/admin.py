"""init, company, settings, verify and gui."""

from __future__ import annotations

import argparse
import importlib
from dataclasses import asdict
from pathlib import Path
from typing import Any

from desktop_app.cli.context import database, key_values
from desktop_app.cli.output import ProgressBar, print_fields, print_json
from desktop_app.domain.progress import run_job
from desktop_app.i18n import _, ngettext


def register(commands: Any) -> None:
    init = commands.add_parser("init", help=_("create or upgrade the database"))
    init.add_argument("--demo", action="store_true", help=_("fill a realistic demo shop"))
    init.add_argument("--json", action="store_true")
    init.set_defaults(run=run_init)

    company = commands.add_parser("company", help=_("the company identity printed on invoices"))
    company_commands = company.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = company_commands.add_parser("show", help=_("print the company profile"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=run_company_show)
    change = company_commands.add_parser("set", help=_("change fields: name, legal_form, capital, siren, "
                                                       "vat_number, address, postcode, city, country, email, "
                                                       "phone, iban, bic, vat_regime"))
    change.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    change.add_argument("--json", action="store_true")
    change.set_defaults(run=run_company_set)

    settings = commands.add_parser("settings", help=_("numbering, payment terms, e-mail server..."))
    settings_commands = settings.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = settings_commands.add_parser("show", help=_("print every setting"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=run_settings_show)
    change = settings_commands.add_parser("set", help=_("change settings"))
    change.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    change.add_argument("--json", action="store_true")
    change.set_defaults(run=run_settings_set)

    verify = commands.add_parser("verify", help=_("check the journal, numbering and issued documents"))
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(run=run_verify)

    gui = commands.add_parser("gui", help=_("open the desktop application"))
    gui.add_argument("--demo", action="store_true", help=_("open the demo shop"))
    gui.add_argument("--screenshot", metavar="OUT.png", help=_("render the main window to a PNG and exit"))
    gui.add_argument("--page", default="", help=_("with --screenshot: the screen to show"))
    gui.set_defaults(run=run_gui)
    register_backup(commands)


def run_init(args: argparse.Namespace) -> int:
    from desktop_app.services import setup

    db = database(args)
    bar = ProgressBar()
    summary = run_job(setup.initialize(db, demo_shop=args.demo), bar)
    bar.close()
    if args.json:
        print_json(summary)
    else:
        print(_("Database ready: {location}").format(location=db.location))
        if args.demo:
            print(_("Demo shop filled: {customers} customers, {orders} orders.").format(**summary))
    return 0


def run_company_show(args: argparse.Namespace) -> int:
    from desktop_app.services.company import show_company

    data = asdict(show_company(database(args, write=False)))
    print_json(data) if args.json else print_fields(data)
    return 0


def run_company_set(args: argparse.Namespace) -> int:
    from desktop_app.services.company import set_company

    data = asdict(set_company(database(args), key_values(args.pairs)))
    print_json(data) if args.json else print_fields(data)
    return 0


def run_settings_show(args: argparse.Namespace) -> int:
    from desktop_app.services.company import all_settings

    data = all_settings(database(args, write=False))
    print_json(data) if args.json else print_fields(data)
    return 0


def run_settings_set(args: argparse.Namespace) -> int:
    from desktop_app.services.company import set_settings

    data = set_settings(database(args), key_values(args.pairs))
    print_json(data) if args.json else print_fields(data)
    return 0


def _checked_label(what: str, count: int) -> str:
    labels = {
        "journal": ngettext("{n} journal entry", "{n} journal entries", count),
        "events": ngettext("{n} logged event", "{n} logged events", count),
        "documents": ngettext("{n} issued document", "{n} issued documents", count),
        "numbered": ngettext("{n} number in sequence", "{n} numbers in sequence", count),
        "balances": ngettext("{n} balance", "{n} balances", count),
    }
    return labels.get(what, f"{{n}} {what}").format(n=count)


def run_verify(args: argparse.Namespace) -> int:
    from desktop_app.services.verify import verify

    bar = ProgressBar()
    report = run_job(verify(database(args, write=False)), bar)
    bar.close()
    if args.json:
        print_json({"ok": report.ok, "checked": report.checked, "first_broken": report.first_broken})
    elif report.ok:
        print(_("Everything checks out: {checked}.").format(
            checked=", ".join(_checked_label(what, count) for what, count in report.checked.items())))
    else:
        print(_("Integrity check FAILED at: {where}").format(where=report.first_broken))
    return 0 if report.ok else 2


def run_gui(args: argparse.Namespace) -> int:
    # Loaded by name, and only for this command, so that every other command runs without Qt.
    gui = importlib.import_module("desktop_app.ui.app")
    return int(gui.run(db_location=args.db, demo=args.demo, screenshot=args.screenshot, page=args.page))


def register_backup(commands: Any) -> None:
    backup = commands.add_parser("backup", help=_("copy the shop's database, checked, while it may be open"))
    backup.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    backup.add_argument("--json", action="store_true")
    backup.set_defaults(run=run_backup)
    restore = commands.add_parser("restore", help=_("replace the database by a checked backup (the old file is kept)"))
    restore.add_argument("file", type=Path)
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from desktop_app.services.backup import backup

    info = backup(database(args, write=False), args.output)
    if args.json:
        print_json({"file": str(info.path), "sha256": info.sha256, "made_at": info.made_at})
    else:
        print(_("Backup written: {path} (SHA-256 {sha})").format(path=info.path, sha=info.sha256))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from desktop_app.services.backup import restore

    kept = restore(database(args), args.file)
    if args.json:
        print_json({"restored": str(args.file), "replaced_file_kept_as": str(kept)})
    else:
        print(_("Restored from {file}; the replaced database is kept as {kept}.").format(file=args.file, kept=kept))
    return 0
