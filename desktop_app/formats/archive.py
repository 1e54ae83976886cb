"""The legal archive of a year as a ZIP file: what is in it, how it is written, and how it is read back
safely (no database: everything needed to check and read it is inside).

Layout (documented in the archive's own README.txt):

    manifest.json          year, shop, version, counts, first/last journal hashes, SHA-256 of every file,
                           and the documents (number, kind, date, customer, total, files)
    documents/<n>.pdf      each issued document exactly as handed out (PDF/A-3 with its Factur-X XML)
    documents/<n>.xml      its CII XML
    journal.jsonl          the journal segment of the year, one entry a line (seq, recorded_at, kind,
                           subject, payload, prev_hash, hash): its chain re-checks from the first prev_hash
    events.jsonl           the event log of the year, the same way
    closings.json          the months closed in the year, with their sealed totals
    README.txt             this layout, in words

A ZIP from elsewhere is hostile until proved otherwise: names that climb out of a folder, absolute
or odd names, duplicates and oversized entries are refused before anything is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from desktop_app.domain.errors import DomainError
from desktop_app.i18n import _

FORMAT = "comptoir-legal-archive"
FORMAT_VERSION = 1
MANIFEST, JOURNAL, EVENTS, CLOSINGS, README = (
    "manifest.json", "journal.jsonl", "events.jsonl", "closings.json", "README.txt")
MAX_ENTRY_BYTES = 256 * 1024 * 1024      # no issued PDF or journal year comes near this
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 1_000_000
_CHUNK = 1 << 20
_SAFE_NAME = re.compile(r"^(documents/)?[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")


class ArchiveDamaged(DomainError):
    """The file is not a sound legal archive; the message says what is wrong, in words."""


@dataclass(frozen=True, slots=True)
class ArchivedDocument:
    number: str
    kind: str             # invoice | credit_note
    issue_date: str       # ISO date
    customer: str
    total: str            # amount as text, two decimals
    currency: str
    pdf: str              # the file names inside the archive
    xml: str


@dataclass(frozen=True, slots=True)
class ArchivedEntry:
    """One journal or event-log entry as the archive keeps it (payload: the exact hashed text)."""

    seq: int
    recorded_at: str
    kind: str
    subject: str
    payload: str
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class Segment:
    """Where a chain extract starts and ends, so it can be re-checked alone."""

    count: int = 0
    first_seq: int = 0
    last_seq: int = 0
    first_prev_hash: str = ""
    first_hash: str = ""
    last_hash: str = ""


@dataclass
class Manifest:
    year: int
    shop_name: str
    siren: str
    created_at: str
    comptoir_version: str
    documents: list[ArchivedDocument] = field(default_factory=list)
    journal: Segment = field(default_factory=Segment)
    events: Segment = field(default_factory=Segment)
    closings: int = 0
    files: dict[str, str] = field(default_factory=dict)     # name -> SHA-256

    def to_json(self) -> bytes:
        data = {"format": FORMAT, "format_version": FORMAT_VERSION, "year": self.year,
                "shop": {"name": self.shop_name, "siren": self.siren}, "created_at": self.created_at,
                "comptoir_version": self.comptoir_version, "documents_count": len(self.documents),
                "journal": asdict(self.journal), "events": asdict(self.events), "closings_count": self.closings,
                "files": dict(sorted(self.files.items())), "documents": [asdict(d) for d in self.documents]}
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def file_stem(number: str, taken: set[str]) -> str:
    """A file name for a document number that is safe in any file system, unique in the archive."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", number).strip("._-")[:100] or "document"
    candidate, count = stem, 2
    while candidate.casefold() in taken:
        candidate, count = f"{stem}-{count}", count + 1
    taken.add(candidate.casefold())
    return candidate


class _HashingSink(io.RawIOBase):
    """Counts a SHA-256 of what goes into a ZIP entry while it is written."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.digest = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.digest.update(data)
        self.target.write(data)
        return len(data)


class ArchiveWriter:
    """Writes an archive into a binary stream, one file at a time (a year never sits in memory)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._zip = zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self._stems: set[str] = set()
        self.files: dict[str, str] = {}
        self.documents: list[ArchivedDocument] = []

    def _put(self, name: str, data: bytes, compress: bool = True) -> None:
        self._zip.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED)
        self.files[name] = hashlib.sha256(data).hexdigest()

    def add_document(self, number: str, kind: str, issue_date: str, customer: str, total: str, currency: str,
                     pdf: bytes, xml: bytes) -> None:
        stem = file_stem(number, self._stems)
        pdf_name, xml_name = f"documents/{stem}.pdf", f"documents/{stem}.xml"
        self._put(pdf_name, pdf, compress=False)      # PDF streams are compressed already
        self._put(xml_name, xml)
        self.documents.append(ArchivedDocument(number, kind, issue_date, customer, total, currency,
                                               pdf_name, xml_name))

    def add_chain(self, name: str, entries: Iterable[ArchivedEntry]) -> Segment:
        """Stream a journal or event-log extract as JSON lines; returns where it starts and ends."""
        first: ArchivedEntry | None = None
        last: ArchivedEntry | None = None
        count = 0
        with self._zip.open(name, "w", force_zip64=True) as entry:
            sink = _HashingSink(entry)
            for item in entries:
                first = first or item
                last = item
                count += 1
                sink.write(json.dumps(asdict(item), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                           + b"\n")
        self.files[name] = sink.digest.hexdigest()
        if first is None or last is None:
            return Segment()
        return Segment(count, first.seq, last.seq, first.prev_hash, first.hash, last.hash)

    def add_json(self, name: str, data: object) -> None:
        self._put(name, json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8"))

    def add_text(self, name: str, text: str) -> None:
        self._put(name, text.encode("utf-8"))

    def abandon(self) -> None:
        """Close after a failure; the caller throws the file away (a full disk may refuse even this)."""
        with contextlib.suppress(OSError, ValueError):
            self._zip.close()

    def finish(self, manifest: Manifest) -> bytes:
        """Write the manifest (hashes of every other file) and close; returns the manifest's bytes."""
        manifest.files = dict(self.files)
        manifest.documents = list(self.documents)
        data = manifest.to_json()
        self._zip.writestr(MANIFEST, data)
        self._zip.close()
        return data


def _damaged(message: str) -> ArchiveDamaged:
    return ArchiveDamaged(_("This is not a sound Comptoir archive: {problem}").format(problem=message))


def _unsafe_name(name: str) -> bool:
    """Names that could write outside a folder or hide what they are (zip-slip and friends)."""
    if name in (MANIFEST, JOURNAL, EVENTS, CLOSINGS, README):
        return False
    return _SAFE_NAME.match(name) is None or ".." in name


class ArchiveReader:
    """An archive opened for reading: entries checked for safety, manifest parsed; nothing extracted."""

    def __init__(self, stream: IO[bytes]) -> None:
        try:
            self._zip = zipfile.ZipFile(stream)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise _damaged(_("the file is not a ZIP archive, or it is cut short.")) from None
        if len(infos) > MAX_ENTRIES:
            raise _damaged(_("it holds too many files."))
        self.sizes: dict[str, int] = {}
        for info in infos:
            if _unsafe_name(info.filename) or info.is_dir():
                raise _damaged(_("it holds a file with a forbidden name ({name}).").format(name=info.filename[:80]))
            if info.filename in self.sizes:
                raise _damaged(_("it holds {name} twice.").format(name=info.filename))
            if info.file_size > MAX_ENTRY_BYTES:
                raise _damaged(_("{name} is too large to be part of an archive.").format(name=info.filename))
            self.sizes[info.filename] = info.file_size
        if MANIFEST not in self.sizes:
            raise _damaged(_("it has no manifest.json."))
        self.manifest = _parse_manifest(self.read(MANIFEST, MAX_MANIFEST_BYTES))

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def names(self) -> list[str]:
        return list(self.sizes)

    def _chunks(self, name: str, limit: int = MAX_ENTRY_BYTES) -> Iterator[bytes]:
        if name not in self.sizes:
            raise _damaged(_("{name} is missing.").format(name=name))
        read = 0
        try:
            with self._zip.open(name) as handle:
                while chunk := handle.read(_CHUNK):
                    read += len(chunk)
                    if read > limit:
                        raise _damaged(_("{name} is too large to be part of an archive.").format(name=name))
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError,
                RuntimeError) as error:
            raise _damaged(_("{name} cannot be read ({reason}).").format(name=name, reason=error)) from None

    def read(self, name: str, limit: int = MAX_ENTRY_BYTES) -> bytes:
        return b"".join(self._chunks(name, limit))

    def sha256(self, name: str) -> str:
        digest = hashlib.sha256()
        for chunk in self._chunks(name):
            digest.update(chunk)
        return digest.hexdigest()

    def chain(self, name: str) -> Iterator[ArchivedEntry]:
        """The entries of journal.jsonl or events.jsonl, in file order."""
        if name not in self.sizes:
            return
        pending = b""
        line_number = 0
        for chunk in self._chunks(name):
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                line_number += 1
                yield _entry(line, name, line_number)
        if pending.strip():
            yield _entry(pending, name, line_number + 1)

    def closings(self) -> list[dict[str, Any]]:
        if CLOSINGS not in self.sizes:
            return []
        data = _json(self.read(CLOSINGS), CLOSINGS)
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise _damaged(_("{name} is not a list of closings.").format(name=CLOSINGS))
        return data


def _json(data: bytes, name: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _damaged(_("{name} is not valid JSON.").format(name=name)) from None


def _entry(line: bytes, name: str, number: int) -> ArchivedEntry:
    data = _json(line, f"{name}:{number}")
    try:
        return ArchivedEntry(int(data["seq"]), str(data["recorded_at"]), str(data["kind"]), str(data["subject"]),
                             _text(data["payload"]), _text(data["prev_hash"]), _text(data["hash"]))
    except (KeyError, TypeError, ValueError, OverflowError):
        raise _damaged(_("line {line} of {name} is not a journal entry.").format(line=number, name=name)) from None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _segment(data: Any) -> Segment:
    if not isinstance(data, dict):
        raise TypeError
    return Segment(int(data["count"]), int(data["first_seq"]), int(data["last_seq"]), _text(data["first_prev_hash"]),
                   _text(data["first_hash"]), _text(data["last_hash"]))


def _parse_manifest(data: bytes) -> Manifest:
    parsed = _json(data, MANIFEST)
    try:
        if parsed["format"] != FORMAT:
            raise _damaged(_("its manifest is not a Comptoir archive's."))
        if parsed["format_version"] != FORMAT_VERSION:
            raise _damaged(_("it was made in a newer archive format ({version}); update Comptoir.").format(
                version=parsed["format_version"]))
        files = parsed["files"]
        if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
            raise TypeError
        documents = [ArchivedDocument(**{key: _text(item[key]) for key in ArchivedDocument.__slots__})
                     for item in parsed["documents"]]
        return Manifest(int(parsed["year"]), _text(parsed["shop"]["name"]), _text(parsed["shop"]["siren"]),
                        _text(parsed["created_at"]), _text(parsed["comptoir_version"]), documents,
                        _segment(parsed["journal"]), _segment(parsed["events"]), int(parsed["closings_count"]),
                        dict(files))
    except ArchiveDamaged:
        raise
    except (KeyError, TypeError, ValueError, OverflowError):
        raise _damaged(_("its manifest.json lacks fields or has wrong ones.")) from None
