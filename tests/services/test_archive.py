"""The yearly legal archive: everything issued, with the journal that proves it; checked, searched and read
back without the database; any changed byte named; hostile ZIPs refused."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain.errors import DomainError, NotFound
from desktop_app.domain.progress import run_job
from desktop_app.formats import archive as archive_format
from desktop_app.formats.archive import ArchiveDamaged
from desktop_app.services.archive import export_archive, list_archive, open_archived_document, verify_archive
from desktop_app.services.closing import close_period
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.issuing import issue_documents
from desktop_app.services.rendering import invoice_pdf
from desktop_app.store.journal import event_entries
from tests.support.shop import fixture_orders, make_shop, order, tea


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """A shop with documents issued in 2025 and in 2026; only one 2025 PDF was ever made."""
    from desktop_app.bootstrap import open_database

    db = open_database(tmp_path_factory.mktemp("archive") / "shop.db")
    older = [order("#0901", [tea()], "29.80", "1.55", day=date(2025, 11, 3)),
             order("#0902", [tea("1")], "14.90", "0.78", day=date(2025, 11, 4), email="anne@example.fr")]
    make_shop(db, older + fixture_orders())
    run_job(draft_from_orders(db, ["#0901", "#0902"]))
    run_job(issue_documents(db, on=date(2025, 11, 20)))
    invoice_pdf(db, 1)
    close_period(db, "2025-11")
    run_job(draft_from_orders(db))
    run_job(issue_documents(db, on=date(2026, 3, 9)))
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def archived(shop, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("out") / "archive-2025.zip"
    run_job(export_archive(shop, 2025, path))
    return path


def rewritten(source: Path, target: Path, change: dict[str, bytes | None],
              extra: dict[str, bytes] | None = None) -> Path:
    """A copy of an archive with some entries replaced (None: removed) and others added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = change.get(name, old.read(name))
            if data is not None:
                new.writestr(name, data)
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def flipped(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:]


def test_the_archive_holds_the_years_documents_and_checks_out_alone(shop, archived):
    report = verify_archive(archived)
    assert report.ok, report.problems
    assert report.year == 2025 and report.documents == 2
    manifest, documents = list_archive(archived)
    assert [d.number for d in documents] == ["F2025-00001", "F2025-00002"]
    assert manifest.siren == "732829320" and manifest.year == 2025
    with zipfile.ZipFile(archived) as archive:
        pdf = archive.read(documents[1].pdf)
        lines = archive.read("journal.jsonl").decode().splitlines()
    # The PDF never made before the export was made for it, and the journal segment reaches that entry.
    assert pdf == invoice_pdf(shop, 2) and pdf.startswith(b"%PDF")
    kinds = [json.loads(line)["kind"] for line in lines]
    assert kinds.count("document_rendered") == 2 and "invoice_issued" in kinds
    assert archived.stat().st_mode & 0o077 == 0
    with shop.reading() as session:
        last = [e for e in event_entries(session) if e.kind == "archive_exported"][-1]
    assert json.loads(last.payload)["sha256"] == hashlib.sha256(archived.read_bytes()).hexdigest()


def test_search_and_open_read_the_archive_alone(archived, tmp_path):
    _manifest, found = list_archive(archived, "ANNE")
    assert found == [] or all("anne" in d.customer.lower() for d in found)
    _manifest, found = list_archive(archived, "zoe")          # accents and case do not matter
    assert [d.number for d in found] == ["F2025-00001", "F2025-00002"]
    out = open_archived_document(archived, "f2025-00002", tmp_path / "out.pdf")
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_mode & 0o077 == 0
    with pytest.raises(NotFound):
        open_archived_document(archived, "F2026-00001", tmp_path / "none.pdf")


@pytest.fixture(scope="module")
def archived_2026(shop, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("out") / "archive-2026.zip"
    run_job(export_archive(shop, 2026, path))
    return path


ARCHIVED_FILES = ["documents/F2025-00001.pdf", "documents/F2025-00002.xml", "journal.jsonl", "closings.json",
                  "README.txt", "2026:events.jsonl", "2026:documents/AV2026-00001.pdf"]


@pytest.mark.parametrize("name", ARCHIVED_FILES)
def test_a_changed_byte_in_any_file_is_found_and_named(archived, archived_2026, tmp_path, name):
    source = archived_2026 if name.startswith("2026:") else archived
    name = name.removeprefix("2026:")
    with zipfile.ZipFile(source) as archive:
        data = archive.read(name)
    report = verify_archive(rewritten(source, tmp_path / "changed.zip", {name: flipped(data)}))
    assert not report.ok
    assert name in report.problems[0]


def test_a_changed_manifest_is_found(archived, tmp_path):
    with zipfile.ZipFile(archived) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest["files"]["documents/F2025-00001.xml"] = "0" * 64
    report = verify_archive(rewritten(archived, tmp_path / "m.zip", {"manifest.json": json.dumps(manifest).encode()}))
    assert not report.ok and "documents/F2025-00001.xml" in report.problems[0]


def test_a_replaced_pdf_with_a_forged_manifest_is_caught_by_the_journal(archived, tmp_path):
    with zipfile.ZipFile(archived) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        pdf = flipped(archive.read("documents/F2025-00001.pdf"))
    manifest["files"]["documents/F2025-00001.pdf"] = hashlib.sha256(pdf).hexdigest()
    forged = rewritten(archived, tmp_path / "forged.zip", {"documents/F2025-00001.pdf": pdf,
                                                          "manifest.json": json.dumps(manifest).encode()})
    report = verify_archive(forged)
    assert not report.ok
    assert "documents/F2025-00001.pdf is not the file the journal recorded for F2025-00001" in report.problems[0]


def test_a_changed_pdf_is_not_handed_out(archived, tmp_path):
    with zipfile.ZipFile(archived) as archive:
        pdf = flipped(archive.read("documents/F2025-00001.pdf"))
    changed = rewritten(archived, tmp_path / "changed.zip", {"documents/F2025-00001.pdf": pdf})
    with pytest.raises(DomainError, match="has been changed"):
        open_archived_document(changed, "F2025-00001", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_rewritten_journal_entry_breaks_the_chain(archived, tmp_path):
    with zipfile.ZipFile(archived) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        lines = archive.read("journal.jsonl").decode().splitlines()
    entry = json.loads(lines[1])
    entry["payload"] = entry["payload"].replace("2025", "2024")
    lines[1] = json.dumps(entry)
    journal = ("\n".join(lines) + "\n").encode()
    manifest["files"]["journal.jsonl"] = hashlib.sha256(journal).hexdigest()
    report = verify_archive(rewritten(archived, tmp_path / "j.zip", {"journal.jsonl": journal,
                                                                    "manifest.json": json.dumps(manifest).encode()}))
    assert not report.ok and f"journal entry {entry['seq']}" in report.problems[0]


def test_a_missing_document_is_named(archived, tmp_path):
    report = verify_archive(rewritten(archived, tmp_path / "gone.zip", {"documents/F2025-00002.pdf": None}))
    assert not report.ok and "documents/F2025-00002.pdf is missing" in report.problems[0]


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/cron.d/evil", "documents/../../evil.pdf", "C:\\evil.pdf",
                                  "documents/sub/evil.pdf"])
def test_zip_slip_names_are_refused(archived, tmp_path, name):
    hostile = rewritten(archived, tmp_path / "slip.zip", {}, {name: b"x"})
    with pytest.raises(ArchiveDamaged, match="forbidden name"):
        verify_archive(hostile)


def test_oversized_entries_are_refused_before_reading(archived, tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"{}")
        archive.writestr("documents/big.pdf", b"\0" * (4 * 1024 * 1024))
    monkeypatch.setattr(archive_format, "MAX_ENTRY_BYTES", 1024 * 1024)
    with pytest.raises(ArchiveDamaged, match="too large"):
        verify_archive(bomb)


def test_a_year_with_nothing_is_refused_and_leaves_no_file(shop, tmp_path):
    with pytest.raises(DomainError, match="nothing to archive"):
        run_job(export_archive(shop, 2019, tmp_path / "empty.zip"))
    assert list(tmp_path.iterdir()) == []


def test_the_command_line(shop, tmp_path, capsys):
    out = tmp_path / "2026.zip"
    assert main(["--db", str(shop.path), "archive", "export", "--year", "2026", "-o", str(out), "--json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["documents"] == 6 and exported["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert main(["archive", "verify", str(out), "--json"]) == 0          # no database needed
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert main(["archive", "list", str(out), "--search", "emily", "--json"]) == 0
    assert [d["number"] for d in json.loads(capsys.readouterr().out)["documents"]] == ["F2026-00005"]
    assert main(["archive", "open", str(out), "F2026-00005", "-o", str(tmp_path / "e.pdf")]) == 0
    assert (tmp_path / "e.pdf").read_bytes().startswith(b"%PDF")
    broken = rewritten(out, tmp_path / "broken.zip", {"README.txt": b"changed"})
    capsys.readouterr()
    assert main(["archive", "verify", str(broken)]) == 2
    assert "README.txt has been changed" in capsys.readouterr().err
    (tmp_path / "junk.zip").write_bytes(b"not a zip at all")
    assert main(["archive", "verify", str(tmp_path / "junk.zip")]) == 1
    assert "not a ZIP archive" in capsys.readouterr().err
