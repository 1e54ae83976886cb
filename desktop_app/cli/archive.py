"""`comptoir archive`: the yearly legal archive — export, verify (without the database), list and open."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from desktop_app.cli.context import database
from desktop_app.cli.output import ProgressBar, error, print_json
from desktop_app.domain.progress import run_job
from desktop_app.i18n import _


def register(commands: Any) -> None:
    archive = commands.add_parser("archive", help=_("the yearly legal archive of issued documents and journal"))
    actions = archive.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help=_("write the legal archive of a year (ZIP)"))
    export.add_argument("--year", type=int, required=True, metavar="YYYY")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.zip")
    export.add_argument("--json", action="store_true")
    export.set_defaults(run=run_export)
    check = actions.add_parser("verify", help=_("check an archive from its own content (no database needed)"))
    check.add_argument("file", type=Path, metavar="FILE.zip")
    check.add_argument("--json", action="store_true")
    check.set_defaults(run=run_verify)
    listing = actions.add_parser("list", help=_("the documents of an archive, found by number or customer"))
    listing.add_argument("file", type=Path, metavar="FILE.zip")
    listing.add_argument("--search", default="", metavar="TEXT")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=run_list)
    show = actions.add_parser("open", help=_("save one archived document's PDF (or XML)"))
    show.add_argument("file", type=Path, metavar="FILE.zip")
    show.add_argument("number", metavar="NUMBER")
    show.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
    show.add_argument("--xml", action="store_true", help=_("save its XML instead of its PDF"))
    show.set_defaults(run=run_open)


def run_export(args: argparse.Namespace) -> int:
    from desktop_app.services.archive import export_archive

    # Reading only, apart from one event at the end: a window may stay open meanwhile.
    bar = ProgressBar()
    result = run_job(export_archive(database(args, write=False), args.year, args.output), bar)
    bar.close()
    if args.json:
        print_json({"file": str(result.path), "sha256": result.sha256, "year": result.year,
                    "documents": result.documents, "journal_entries": result.journal_entries,
                    "events": result.events})
    else:
        print(_("Archive of {year} written: {path} ({documents} documents, {entries} journal entries; "
                "SHA-256 {sha}).").format(year=result.year, path=result.path, documents=result.documents,
                                          entries=result.journal_entries, sha=result.sha256))
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from desktop_app.services.archive import verify_archive

    report = verify_archive(args.file)
    if args.json:
        print_json({"ok": report.ok, "year": report.year, "documents": report.documents,
                    "journal_entries": report.journal_entries, "events": report.events, "files": report.files,
                    "first_problem": report.problems[0] if report.problems else None, "problems": report.problems})
    elif report.ok:
        print(_("The archive of {year} checks out: {files} files, {documents} documents, {entries} journal "
                "entries.").format(year=report.year, files=report.files, documents=report.documents,
                                   entries=report.journal_entries))
    else:
        error(_("The archive check FAILED: {problem}").format(problem=report.problems[0]))
        for problem in report.problems[1:]:
            error(f"  {problem}")
    return 0 if report.ok else 2


def run_list(args: argparse.Namespace) -> int:
    from desktop_app.services.archive import list_archive

    manifest, documents = list_archive(args.file, args.search)
    if args.json:
        print_json({"year": manifest.year, "shop": {"name": manifest.shop_name, "siren": manifest.siren},
                    "created_at": manifest.created_at, "documents": [asdict(d) for d in documents]})
        return 0
    for d in documents:
        print(f"{d.number}\t{d.issue_date}\t{d.total} {d.currency}\t{d.customer}")
    return 0


def run_open(args: argparse.Namespace) -> int:
    from desktop_app.services.archive import open_archived_document

    path = open_archived_document(args.file, args.number, args.output, xml=args.xml)
    print(_("Saved {number} to {path}.").format(number=args.number, path=path))
    return 0
