"""Checking a legal archive from its own content alone: every file against the manifest's SHA-256, the
journal and event-log chains, and every document against the hashes the journal recorded for it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from desktop_app.domain.journal import ChainEntry, first_break
from desktop_app.formats.archive import (
    EVENTS,
    JOURNAL,
    MANIFEST,
    ArchivedEntry,
    ArchiveReader,
    Segment,
)
from desktop_app.i18n import _

_ISSUED_KINDS = ("invoice_issued", "credit_note_issued")


@dataclass
class ArchiveReport:
    """What the check found; `problems[0]` is the first problem, named for the user."""

    year: int = 0
    documents: int = 0
    journal_entries: int = 0
    events: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_archive(reader: ArchiveReader) -> ArchiveReport:
    """Every check, in the order a reader would trust things: files, chains, then documents."""
    manifest = reader.manifest
    report = ArchiveReport(year=manifest.year, documents=len(manifest.documents), files=len(manifest.files))
    _check_files(reader, report)
    if report.problems:            # a changed file is the one problem worth naming: the rest follows from it
        return report
    rendered = _check_chain(reader, JOURNAL, manifest.journal, report)
    _check_chain(reader, EVENTS, manifest.events, report)
    _check_documents(reader, rendered, report)
    return report


def _check_files(reader: ArchiveReader, report: ArchiveReport) -> None:
    listed = reader.manifest.files
    for name in reader.names():
        if name != MANIFEST and name not in listed:
            report.problems.append(_("{name} is in the archive but not in its manifest.").format(name=name))
    for name, expected in sorted(listed.items()):
        if name not in reader.sizes:
            report.problems.append(_("{name} is missing from the archive.").format(name=name))
        elif reader.sha256(name) != expected:
            report.problems.append(_("{name} has been changed: its SHA-256 is not the one in the manifest.").format(
                name=name))


def _as_chain(entries: Iterator[ArchivedEntry], counter: list[int],
              rendered: dict[str, dict[str, str]], issued: list[tuple[str, str]]) -> Iterator[ChainEntry]:
    for entry in entries:
        counter[0] += 1
        if entry.kind == "document_rendered" or entry.kind in _ISSUED_KINDS:
            _note_document(entry, rendered, issued)
        yield ChainEntry(entry.seq, entry.kind, entry.payload, entry.prev_hash, entry.hash)


def _note_document(entry: ArchivedEntry, rendered: dict[str, dict[str, str]], issued: list[tuple[str, str]]) -> None:
    try:
        payload = json.loads(entry.payload)
    except ValueError:
        return                     # the chain check names a payload that is not what was hashed
    if not isinstance(payload, dict):
        return
    if entry.kind == "document_rendered":
        rendered[str(payload.get("number"))] = {"pdf": str(payload.get("pdf_sha256")),
                                                "xml": str(payload.get("xml_sha256"))}
    else:
        issued.append((str(payload.get("number")), str(payload.get("issue_date", ""))))


def _check_chain(reader: ArchiveReader, name: str, segment: Segment, report: ArchiveReport
                 ) -> dict[str, dict[str, str]]:
    """Re-check a chain extract from its first prev_hash; returns the documents it says were rendered."""
    counter = [0]
    rendered: dict[str, dict[str, str]] = {}
    issued: list[tuple[str, str]] = []
    entries = list(_as_chain(reader.chain(name), counter, rendered, issued)) if name in reader.sizes else []
    label = _("journal") if name == JOURNAL else _("event log")
    if name == JOURNAL:
        report.journal_entries = counter[0]
    else:
        report.events = counter[0]
    if len(entries) != segment.count:
        report.problems.append(_("The {chain} extract holds {found} entries where the manifest says {count}.").format(
            chain=label, found=len(entries), count=segment.count))
        return rendered
    if not entries:
        return rendered
    broken = first_break(entries, segment.first_prev_hash, segment.first_seq)
    if broken is not None:
        report.problems.append(_("{chain} entry {seq}: {reason}").format(chain=label, seq=broken.seq,
                                                                         reason=broken.reason))
    elif (entries[0].hash, entries[-1].hash, entries[-1].seq) != (segment.first_hash, segment.last_hash,
                                                                  segment.last_seq):
        report.problems.append(_("The {chain} extract does not end where the manifest says.").format(chain=label))
    year = str(reader.manifest.year)
    numbers = {document.number for document in reader.manifest.documents}
    for number, issue_date in issued if name == JOURNAL else []:
        if issue_date.startswith(year) and number not in numbers:
            report.problems.append(_("{number} was issued in {year} according to the journal, but the archive "
                                     "does not hold it.").format(number=number, year=year))
    return rendered


def _check_documents(reader: ArchiveReader, rendered: dict[str, dict[str, str]], report: ArchiveReport) -> None:
    files = reader.manifest.files
    for document in reader.manifest.documents:
        recorded = rendered.get(document.number)
        if recorded is None:
            report.problems.append(_("{number}: the journal extract does not record its PDF.").format(
                number=document.number))
            continue
        for path, key in ((document.pdf, "pdf"), (document.xml, "xml")):
            if files.get(path) != recorded[key]:
                report.problems.append(_("{name} is not the file the journal recorded for {number}.").format(
                    name=path, number=document.number))

