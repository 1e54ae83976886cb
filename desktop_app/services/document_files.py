"""Writing documents to files as long jobs: the PDF or XML of one invoice, or the PDFs of many at once.

Rendering an issued invoice the first time, or a long one, takes a while, and a batch of a thousand
takes minutes: each runs as a job (a step per document, cancelled between two, every file written
whole or not at all).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from desktop_app.domain.progress import Job, Progress
from desktop_app.i18n import _
from desktop_app.services.invoices import invoice_summaries
from desktop_app.store.database import Database

SUFFIXES = {"pdf": ".pdf", "cii": "-factur-x.xml", "ubl": "-ubl.xml"}


def write_whole(path: Path, data: bytes) -> None:
    """Write through a temporary file, so a cancelled or failed job never leaves half a file."""
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def _content(db: Database, invoice_id: int, what: str) -> bytes:
    # Imported here: the PDF and Factur-X libraries come with the first file written, not with the screens.
    from desktop_app.services.rendering import invoice_pdf, invoice_xml

    return invoice_pdf(db, invoice_id) if what == "pdf" else invoice_xml(db, invoice_id, what)


def save_document(db: Database, invoice_id: int, path: Path, what: str = "pdf") -> Job[Path]:
    """The PDF ("pdf") or the e-invoice XML ("cii", "ubl") of one document, written to `path`."""
    yield Progress(0, 1, _("Preparing the file"))
    write_whole(path, _content(db, invoice_id, what))
    return path


def file_name(number: str | None, invoice_id: int, what: str = "pdf") -> str:
    """A document's file name: its number, or "draft-12" for a draft."""
    return (number or _("draft-{id}").format(id=invoice_id)) + SUFFIXES[what]


def save_pdfs(db: Database, ids: Sequence[int], folder: Path) -> Job[list[Path]]:
    """The PDF of each document, named after its number, in `folder`."""
    from desktop_app.services.rendering import invoice_pdf

    names = {item.id: item.number for start in range(0, len(ids), 900)
             for item in invoice_summaries(db, ids[start:start + 900])}
    written: list[Path] = []
    yield Progress(0, len(ids), _("Saving PDFs"))
    for done, invoice_id in enumerate(ids, start=1):
        path = folder / file_name(names.get(invoice_id), invoice_id)
        write_whole(path, invoice_pdf(db, invoice_id))
        written.append(path)
        yield Progress(done, len(ids), _("Saving PDFs"))
    return written
