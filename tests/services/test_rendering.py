"""Issued documents as files: the PDF handed out stays byte-identical and is in the journal; the XML of
every kind of sale the services produce passes the Factur-X, EN 16931 and French rules."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pikepdf
import pytest

from desktop_app.domain.progress import run_job
from desktop_app.services.invoices import InvoiceFilter, invoice_ids
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.issuing import issue_documents
from desktop_app.services.rendering import invoice_pdf, invoice_xml, render_issued
from desktop_app.services.verify import verify
from desktop_app.store.history import journal_of
from tests.support.einvoice_validation import validate_cii, validate_ubl
from tests.support.shop import make_shop


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    from desktop_app.bootstrap import open_database

    db = open_database(tmp_path_factory.mktemp("render") / "shop.db")
    make_shop(db)
    run_job(draft_from_orders(db))
    run_job(issue_documents(db, on=date(2026, 3, 9)))
    yield db
    db.dispose()


def test_the_issued_pdf_is_kept_byte_for_byte_with_its_hash_in_the_journal(issued):
    [first] = invoice_ids(issued, InvoiceFilter(search="F2026-00001"))
    pdf = invoice_pdf(issued, first)
    assert invoice_pdf(issued, first) == pdf
    with issued.reading() as session:
        entries = [e for e in journal_of(session, "F2026-00001") if e.kind == "document_rendered"]
    assert len(entries) == 1 and entries[0].payload["pdf_sha256"] == hashlib.sha256(pdf).hexdigest()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        files = document.attachments
        assert "factur-x.xml" in files
        assert files["factur-x.xml"].get_file().read_bytes() == invoice_xml(issued, first, "cii")
    assert run_job(verify(issued)).ok


def test_batch_rendering_makes_the_missing_pdfs_once(issued):
    issued_count = len(invoice_ids(issued, InvoiceFilter(status="issued")))
    made = run_job(render_issued(issued))
    assert issued_count - 1 <= made <= issued_count     # one may already exist (another test viewed it)
    assert run_job(render_issued(issued)) == 0


def test_every_issued_document_validates_as_factur_x_and_ubl(issued):
    ids = invoice_ids(issued, InvoiceFilter(status="issued"))
    assert len(ids) == 6
    for invoice_id in ids:
        cii = invoice_xml(issued, invoice_id, "cii")
        result = validate_cii(cii)
        assert result.ok, result.report()
        ubl = invoice_xml(issued, invoice_id, "ubl")
        result = validate_ubl(ubl)
        assert result.ok, result.report()
