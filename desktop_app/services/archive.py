"""The yearly legal archive: export every issued document of a year with the journal that proves it,
check an archive without the database, and read an archived year back (search, open a PDF).

The archive is what the merchant keeps for ten years (C. com. L123-22) and hands to a tax auditor;
its own SHA-256 is recorded in the event log, so the database can later vouch for a copy too.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from desktop_app import __version__
from desktop_app.domain.errors import DomainError, InvalidValue, NotFound
from desktop_app.domain.money import format_plain
from desktop_app.domain.progress import Job, Progress
from desktop_app.formats.archive import (
    CLOSINGS,
    EVENTS,
    JOURNAL,
    README,
    ArchivedDocument,
    ArchivedEntry,
    ArchiveReader,
    ArchiveWriter,
    Manifest,
)
from desktop_app.formats.archive_check import ArchiveReport, check_archive
from desktop_app.i18n import _
from desktop_app.services.closing import PARIS
from desktop_app.services.company import show_company
from desktop_app.services.disk import storage_errors
from desktop_app.services.rendering import render_issued
from desktop_app.store import archive as repo
from desktop_app.store.database import Database
from desktop_app.store.journal import append_event

__all__ = ["ArchiveExport", "ArchiveReport", "ArchivedDocument", "export_archive", "list_archive",
           "open_archived_document", "verify_archive"]

_BATCH = 100


@dataclass(frozen=True, slots=True)
class ArchiveExport:
    path: Path
    sha256: str
    year: int
    documents: int
    journal_entries: int
    events: int


@contextmanager
def private_output(target: Path) -> Iterator[IO[bytes]]:
    """A file readable by its owner only, written beside its final name and moved into place at the end,
    so a crash or a full disk never leaves a half file under the real name."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    handle = os.fdopen(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600), "wb")
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    if not 1970 <= year <= 9999:
        raise InvalidValue("year", _("'{year}' is not a year.").format(year=year))
    return (datetime(year, 1, 1, tzinfo=PARIS).astimezone(UTC), datetime(year + 1, 1, 1, tzinfo=PARIS).astimezone(UTC))


def _archived(entries: Iterator[repo.StoredEntry]) -> Iterator[ArchivedEntry]:
    for e in entries:
        yield ArchivedEntry(e.seq, e.recorded_at.isoformat(), e.kind, e.subject, e.payload, e.prev_hash, e.hash)


def export_archive(db: Database, year: int, target: Path) -> Job[ArchiveExport]:
    """Write the legal archive of `year` to `target` (a ZIP); the export is recorded in the event log."""
    start, end = _year_bounds(year)
    with db.reading() as session:
        ids = [d.id for d in repo.year_documents(session, year)]
    if ids:
        yield Progress(0, len(ids), _("Making the missing PDFs"))
        yield from render_issued(db, ids)
    company = show_company(db)
    with storage_errors(_("The archive")), private_output(Path(target)) as stream:
        manifest, counts = yield from _write(db, year, start, end, stream, company.name, company.siren)
    digest = hashlib.sha256(Path(target).read_bytes()).hexdigest()
    with db.transaction() as session:
        append_event(session, "archive_exported", {
            "year": year, "file": Path(target).name, "sha256": digest,
            "manifest_sha256": hashlib.sha256(manifest).hexdigest(), "documents": counts[0],
            "journal_entries": counts[1]})
    return ArchiveExport(Path(target), digest, year, counts[0], counts[1], counts[2])


def _write(db: Database, year: int, start: datetime, end: datetime, stream: IO[bytes], shop: str, siren: str
           ) -> Job[tuple[bytes, tuple[int, int, int]]]:
    writer = ArchiveWriter(stream)
    try:
        return (yield from _fill(db, writer, year, start, end, shop, siren))
    except BaseException:
        writer.abandon()
        raise


def _fill(db: Database, writer: ArchiveWriter, year: int, start: datetime, end: datetime, shop: str, siren: str
          ) -> Job[tuple[bytes, tuple[int, int, int]]]:
    # One read transaction: the documents, journal and closings are one consistent state of the shop.
    with db.reading() as session:
        documents = repo.year_documents(session, year)
        bounds = repo.journal_bounds(session, year, start, end)
        if not documents and bounds is None:
            raise DomainError(_("Nothing was issued or recorded in {year}: there is nothing to archive.").format(
                year=year))
        for offset in range(0, len(documents), _BATCH):
            batch = documents[offset:offset + _BATCH]
            files = repo.document_files(session, [d.id for d in batch])
            for d in batch:
                pdf, xml = files[d.id]
                writer.add_document(d.number, d.kind, d.issue_date.isoformat(), d.customer, format_plain(d.total),
                                    d.currency, pdf, xml)
            yield Progress(offset + len(batch), len(documents), _("Archiving documents"))
        journal = writer.add_chain(JOURNAL, _archived(repo.journal_segment(session, bounds)))
        events = writer.add_chain(EVENTS, _archived(repo.event_segment(session, repo.event_bounds(session, start,
                                                                                                    end))))
        closings = repo.year_closings(session, year)
    writer.add_json(CLOSINGS, [{"period": period, "closed_at": closed_at.isoformat(), "journal_seq": seq,
                                "sealed": payload} for period, closed_at, seq, payload in closings])
    writer.add_text(README, readme(year))
    manifest = Manifest(year, shop, siren, datetime.now(UTC).isoformat(timespec="seconds"), __version__,
                        journal=journal, events=events, closings=len(closings))
    data = writer.finish(manifest)
    return data, (len(documents), journal.count, events.count)


def readme(year: int) -> str:
    """The archive's layout in words, for whoever opens it in ten years without Comptoir."""
    return _("Legal archive of {year}, made by Comptoir.\n\n"
             "manifest.json: the shop, the year, the SHA-256 of every file in this archive, the first and last "
             "hashes of the journal extract, and the list of documents (number, kind, date, customer, total).\n"
             "documents/: each invoice and credit note issued in {year}, exactly as handed out: the PDF/A-3 file "
             "(with its Factur-X XML inside) and the XML alone.\n"
             "journal.jsonl: the journal entries of the year, one JSON object a line. Each entry's hash is the "
             "SHA-256 of: previous hash, sequence number, kind and payload, each followed by the byte 0x1F. The "
             "first entry's prev_hash is the hash of the entry before the extract; the 'document_rendered' entries "
             "give the SHA-256 of each PDF and XML.\n"
             "events.jsonl: the technical event log of the year, chained the same way.\n"
             "closings.json: the months closed in {year}, with the totals sealed in the journal.\n\n"
             "Check this archive with: comptoir archive verify FILE.zip\n").format(year=year)


def _open(path: Path) -> tuple[IO[bytes], ArchiveReader]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed with the reader by the caller
    except OSError as error:
        raise DomainError(_("{file} cannot be read ({reason}).").format(file=Path(path).name,
                                                                         reason=error.strerror)) from None
    try:
        return handle, ArchiveReader(handle)
    except BaseException:
        handle.close()
        raise


@contextmanager
def _reading(path: Path) -> Iterator[ArchiveReader]:
    handle, reader = _open(path)
    try:
        yield reader
    finally:
        reader.close()
        handle.close()


def verify_archive(path: Path) -> ArchiveReport:
    """Check an archive from its content alone (no database); the report names the first problem."""
    with _reading(path) as reader:
        return check_archive(reader)


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def list_archive(path: Path, search: str = "") -> tuple[Manifest, list[ArchivedDocument]]:
    """The archive's facts and its documents whose number or customer contains `search`."""
    with _reading(path) as reader:
        manifest = reader.manifest
    wanted = _folded(search.strip())
    found = [d for d in manifest.documents
             if not wanted or wanted in _folded(d.number) or wanted in _folded(d.customer)]
    return manifest, found


def open_archived_document(path: Path, number: str, target: Path, xml: bool = False) -> Path:
    """Write one archived document's PDF (or XML) to `target`, after checking it is the archived file."""
    with _reading(path) as reader:
        manifest = reader.manifest
        document = next((d for d in manifest.documents if d.number.casefold() == number.strip().casefold()), None)
        if document is None:
            raise NotFound(_("{number} is not in this archive.").format(number=number))
        name = document.xml if xml else document.pdf
        data = reader.read(name)
    if hashlib.sha256(data).hexdigest() != manifest.files.get(name):
        raise DomainError(_("{name} in this archive has been changed; it is not the document that was issued.")
                          .format(name=name))
    with storage_errors(_("Saving the document")), private_output(Path(target)) as stream:
        stream.write(data)
    return Path(target)
