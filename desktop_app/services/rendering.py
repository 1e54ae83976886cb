"""Invoice documents as files: the PDF/A-3 with its embedded Factur-X XML, UBL, and the templates
that give them the shop's look.

An issued document's PDF is made once, on first need, stored with its SHA-256 (recorded in the
journal) and handed out byte for byte ever after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from desktop_app.documents.fonts import FAMILIES
from desktop_app.documents.invoice_pdf import render_facturx_invoice, render_invoice
from desktop_app.documents.template import (
    DEFAULT_TEMPLATE,
    Column,
    DocumentTemplate,
    PaperSize,
    TemplateError,
    validated,
)
from desktop_app.domain.errors import DomainError, NotFound, ValidationFailed
from desktop_app.domain.invoice import DocumentKind, InvoiceDocument
from desktop_app.domain.parties import Address, Customer
from desktop_app.domain.progress import Job, Progress
from desktop_app.domain.tax import standard
from desktop_app.domain.totals import AllowanceCharge, Line, compute_totals
from desktop_app.formats.cii import invoice_to_cii
from desktop_app.formats.ubl import invoice_to_ubl
from desktop_app.i18n import _
from desktop_app.services.company import all_settings, show_company
from desktop_app.services.documents import build_document, frozen_extras
from desktop_app.services.invoices import document_of
from desktop_app.store import invoices as invoice_repo
from desktop_app.store import templates as repo
from desktop_app.store.database import Database
from desktop_app.store.invoices import StoredInvoice
from desktop_app.store.journal import append_event, append_journal

__all__ = ["DEFAULT_TEMPLATE", "Column", "DocumentTemplate", "PaperSize", "TemplateError", "font_choices"]


def font_choices() -> list[str]:
    """The fonts a template can use (shipped, embedded in every PDF)."""
    return sorted(FAMILIES)


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    id: int
    name: str
    is_default: bool


def templates(db: Database) -> list[TemplateInfo]:
    with db.reading() as session:
        return [TemplateInfo(t.id, t.name, t.is_default) for t in repo.templates(session)]


def load_template(db: Database, template_id: int | None = None) -> DocumentTemplate:
    """A stored template, or the default one (the built-in look when none is stored)."""
    with db.reading() as session:
        stored = repo.template(session, template_id) if template_id is not None else repo.default_template(session)
    if stored is None:
        if template_id is not None:
            raise NotFound(_("Template {id} does not exist.").format(id=template_id))
        return DEFAULT_TEMPLATE
    return DocumentTemplate.from_json(stored.definition)


def save_template(db: Database, template: DocumentTemplate, template_id: int | None = None,
                  make_default: bool = False) -> int:
    """Store a template after checking it (colours, logo, texts)."""
    try:
        checked = validated(template)
    except TemplateError as error:
        raise ValidationFailed(error.problems) from None
    with db.transaction() as session:
        first = not repo.templates(session)
        return repo.save_template(session, checked.name, checked.to_json(), template_id, make_default or first)


def template_for_customer(db: Database, customer_id: int) -> DocumentTemplate:
    with db.reading() as session:
        template_id = repo.customer_template_id(session, customer_id)
    return load_template(db, template_id)


def set_customer_template(db: Database, customer_id: int, template_id: int | None) -> None:
    with db.transaction() as session:
        repo.set_customer_template(session, customer_id, template_id)


def _stored(db: Database, invoice_id: int) -> StoredInvoice:
    with db.reading() as session:
        return invoice_repo.load_document(session, invoice_id)


def _cii(document: InvoiceDocument) -> bytes:
    return invoice_to_cii(document)


def invoice_pdf(db: Database, invoice_id: int) -> bytes:
    """The PDF of a document: for an issued one, exactly the file handed out; for a draft, a preview."""
    stored = _stored(db, invoice_id)
    if stored.state != "issued":
        return render_invoice(document_of(db, stored), template_for_customer(db, stored.customer_id))
    with db.reading() as session:
        files = repo.issued_files(session, invoice_id)
    if files is not None:
        return files.pdf
    return _make_issued_files(db, stored).pdf


def _make_issued_files(db: Database, stored: StoredInvoice) -> repo.IssuedFiles:
    document = document_of(db, stored)
    xml = _cii(document)
    pdf = render_facturx_invoice(document, xml, template_for_customer(db, stored.customer_id))
    with db.transaction() as session:
        existing = repo.issued_files(session, stored.id)
        if existing is not None:          # made meanwhile by another window or process
            return existing
        files = repo.keep_issued_files(session, stored.id, pdf, xml)
        append_journal(session, "document_rendered", stored.number or "", {
            "number": stored.number, "pdf_sha256": files.pdf_sha256, "xml_sha256": files.xml_sha256})
    return files


def invoice_xml(db: Database, invoice_id: int, syntax: str = "cii") -> bytes:
    """The e-invoice XML of a document: CII (as embedded in the PDF) or UBL 2.1."""
    stored = _stored(db, invoice_id)
    if syntax not in ("cii", "ubl"):
        raise DomainError(_("Unknown XML syntax '{syntax}': use cii or ubl.").format(syntax=syntax))
    if syntax == "cii" and stored.state == "issued":
        with db.reading() as session:
            files = repo.issued_files(session, invoice_id)
        return files.xml if files is not None else _make_issued_files(db, stored).xml
    document = document_of(db, stored)
    return invoice_to_ubl(document) if syntax == "ubl" else _cii(document)


def render_issued(db: Database, ids: Sequence[int] | None = None) -> Job[int]:
    """Make the PDFs of issued documents that have none yet; returns how many were made."""
    with db.reading() as session:
        pending = repo.invoices_without_files(session, list(ids) if ids is not None else None)
    for done, invoice_id in enumerate(pending, start=1):
        _make_issued_files(db, _stored(db, invoice_id))
        if done % 20 == 0 or done == len(pending):
            yield Progress(done, len(pending), _("Making PDFs"))
    if pending:
        with db.transaction() as session:
            append_event(session, "documents_rendered", {"count": len(pending)})
    return len(pending)


def sample_pdf(db: Database, template: DocumentTemplate) -> bytes:
    """A sample invoice of this shop in `template`'s look, for the template editor's preview."""
    company = show_company(db)
    customer = Customer(name="Café Gourmand & Cie", kind="b2b", siren="552100554", vat_number="FR96552100554",
                        billing=Address("3 quai de Saône", "", "69005", "Lyon", "FR"), payment_terms="30")
    lines = (Line(_("Sencha Kagoshima 100 g"), Decimal(6), Decimal("14.12"), standard("5.5"), sku="THE-SEN"),
             Line(_("Cast-iron teapot 0.8 L"), Decimal(2), Decimal("49.17"), standard("20"), sku="ACC-FON",
                  allowance=Decimal("9.83")),
             Line(_("Bamboo matcha whisk"), Decimal(4), Decimal("14.58"), standard("20"), sku="ACC-FOU"))
    charges = (AllowanceCharge(True, Decimal("8.25"), standard("20"), _("Shipping")),)
    today = date.today()  # noqa: DTZ011 - a sample, dated today wherever it is looked at
    stored = StoredInvoice(
        id=0, kind=DocumentKind.INVOICE.value, state="draft", number="F0000-00001", customer_id=0, order_id=None,
        corrected_invoice_id=None, issue_date=today, delivery_date=today, due_date=today + timedelta(days=30),
        currency="EUR", language=str(all_settings(db)["documents.language"]), buyer_name=customer.name,
        buyer_reference="", order_reference="5042", parties={}, payment_terms="30", payment_means="",
        paid_at_checkout_by="", notes="", reason="", lines=lines, allowances_charges=charges,
        totals=compute_totals(lines, charges))
    extras = frozen_extras(stored, company, customer, stored.number or "", "")
    document = build_document(stored, extras)
    return render_invoice(replace(document, number="F0000-00001"), template)
