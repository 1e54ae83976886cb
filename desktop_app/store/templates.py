"""Document templates (stored as their JSON), and the exact documents issued to customers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from desktop_app.store.records import CustomerRecord, DocumentTemplateRecord, InvoiceRecord, IssuedDocumentRecord


@dataclass(frozen=True, slots=True)
class StoredTemplate:
    id: int
    name: str
    is_default: bool
    definition: str


def templates(session: Session) -> list[StoredTemplate]:
    rows = session.execute(select(DocumentTemplateRecord.id, DocumentTemplateRecord.name,
                                  DocumentTemplateRecord.is_default, DocumentTemplateRecord.settings)
                           .order_by(DocumentTemplateRecord.name))
    return [StoredTemplate(*row) for row in rows]


def template(session: Session, template_id: int) -> StoredTemplate | None:
    record = session.get(DocumentTemplateRecord, template_id)
    return None if record is None else StoredTemplate(record.id, record.name, record.is_default, record.settings)


def default_template(session: Session) -> StoredTemplate | None:
    record = session.scalars(select(DocumentTemplateRecord).where(DocumentTemplateRecord.is_default)).first()
    return None if record is None else StoredTemplate(record.id, record.name, record.is_default, record.settings)


def save_template(session: Session, name: str, definition: str, template_id: int | None, make_default: bool) -> int:
    if make_default:
        session.execute(update(DocumentTemplateRecord).values(is_default=False))
    if template_id is None:
        record = DocumentTemplateRecord(name=name, settings=definition, is_default=make_default)
        session.add(record)
        session.flush()
        return record.id
    record = session.get(DocumentTemplateRecord, template_id)
    if record is None:
        raise LookupError(template_id)
    record.name, record.settings, record.version = name, definition, record.version + 1
    if make_default:
        record.is_default = True
    return record.id


def customer_template_id(session: Session, customer_id: int) -> int | None:
    return session.scalar(select(CustomerRecord.template_id).where(CustomerRecord.id == customer_id))


def set_customer_template(session: Session, customer_id: int, template_id: int | None) -> None:
    session.execute(update(CustomerRecord).where(CustomerRecord.id == customer_id).values(template_id=template_id))


@dataclass(frozen=True, slots=True)
class IssuedFiles:
    pdf: bytes
    pdf_sha256: str
    xml: bytes
    xml_sha256: str


def issued_files(session: Session, invoice_id: int) -> IssuedFiles | None:
    row = session.execute(select(IssuedDocumentRecord.pdf, IssuedDocumentRecord.pdf_sha256, IssuedDocumentRecord.xml,
                                 IssuedDocumentRecord.xml_sha256)
                          .where(IssuedDocumentRecord.invoice_id == invoice_id)).first()
    return None if row is None else IssuedFiles(row[0], row[1], row[2], row[3])


def keep_issued_files(session: Session, invoice_id: int, pdf: bytes, xml: bytes) -> IssuedFiles:
    """Store the files handed to the customer, once and for ever (the table refuses changes)."""
    files = IssuedFiles(pdf, hashlib.sha256(pdf).hexdigest(), xml, hashlib.sha256(xml).hexdigest())
    session.execute(insert(IssuedDocumentRecord).values(invoice_id=invoice_id, pdf=pdf, pdf_sha256=files.pdf_sha256,
                                                        xml=xml, xml_sha256=files.xml_sha256))
    return files


def invoices_without_files(session: Session, ids: list[int] | None = None) -> list[int]:
    """Issued documents whose PDF has not been made yet (oldest first)."""
    has_files = select(IssuedDocumentRecord.invoice_id)
    query = (select(InvoiceRecord.id).where(InvoiceRecord.state == "issued", InvoiceRecord.id.not_in(has_files))
             .order_by(InvoiceRecord.id))
    if ids is not None:
        query = query.where(InvoiceRecord.id.in_(ids))
    return list(session.scalars(query))
