"""A customer's rights over their data (GDPR): a copy of everything held about them (art. 15, 20), and
the erasure of their personal data where the law allows it (art. 17), with the reason in words when it
does not.

Issued documents are never touched: they keep the buyer as issued, because the law keeps them ten
years and the database refuses any change to them anyway.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from desktop_app import __version__
from desktop_app.domain.errors import DomainError
from desktop_app.domain.retention import erasure_refusals
from desktop_app.formats.archive import file_stem
from desktop_app.i18n import _
from desktop_app.services.archive import private_output
from desktop_app.services.closing import today
from desktop_app.services.disk import storage_errors
from desktop_app.services.rendering import invoice_pdf
from desktop_app.store import privacy as repo
from desktop_app.store.database import Database
from desktop_app.store.journal import append_event

__all__ = ["CustomerExport", "ErasureRefused", "ErasureResult", "erase_customer", "erasure_check",
           "export_customer"]


class ErasureRefused(DomainError):
    """The law (or an open matter) keeps the customer's data; `reasons` says why, one sentence each."""

    def __init__(self, customer_id: int, reasons: list[str]) -> None:
        super().__init__(_("Customer {id}'s personal data cannot be erased yet:").format(id=customer_id)
                         + "\n" + "\n".join(f"- {reason}" for reason in reasons))
        self.customer_id = customer_id
        self.reasons = reasons


@dataclass(frozen=True, slots=True)
class CustomerExport:
    path: Path
    customer_id: int
    documents: int
    emails: int
    rows: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ErasureResult:
    customer_id: int
    orders: int
    emails: int


def export_customer(db: Database, customer_id: int, target: Path) -> CustomerExport:
    """A ZIP of everything held about a customer: their data as JSON, their issued PDFs, letters and e-mails."""
    with db.reading() as session:
        missing = repo.unrendered_ids(session, customer_id)
    for invoice_id in missing:                 # an issued PDF not made yet is made now, as it will be handed out
        invoice_pdf(db, invoice_id)
    with db.reading() as session:
        rows = repo.customer_rows(session, customer_id)
        pdfs = repo.issued_pdfs(session, customer_id)
        mails = repo.messages(session, customer_id)
        letters = repo.letters(session, customer_id)
    data = {"exported_at": datetime.now(UTC).isoformat(timespec="seconds"), "comptoir_version": __version__,
            "customer_id": customer_id, **rows}
    with storage_errors(_("The export")), private_output(Path(target)) as stream, \
            zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("customer.json", json.dumps(data, ensure_ascii=False, indent=1))
        taken: set[str] = set()
        for number, pdf in pdfs:
            archive.writestr(f"documents/{file_stem(number, taken)}.pdf", pdf, compress_type=zipfile.ZIP_STORED)
        for outbox_id, message in mails:
            archive.writestr(f"emails/{outbox_id}.eml", message)
        for reminder_id, letter in letters:
            archive.writestr(f"letters/reminder-{reminder_id}.pdf", letter, compress_type=zipfile.ZIP_STORED)
    with db.transaction() as session:
        append_event(session, "customer_data_exported", {"customer_id": customer_id, "documents": len(pdfs),
                                                         "emails": len(mails)})
    return CustomerExport(Path(target), customer_id, len(pdfs), len(mails), {k: len(v) for k, v in rows.items()})


def erasure_check(db: Database, customer_id: int, on: date | None = None) -> list[str]:
    """Why the customer's personal data cannot be erased on `on` (today); empty when it can."""
    with db.reading() as session:
        return erasure_refusals(repo.hold(session, customer_id), on or today())


def erase_customer(db: Database, customer_id: int, on: date | None = None) -> ErasureResult:
    """Anonymise the customer and their orders' personal fields, if the law allows it today; otherwise
    ErasureRefused says which invoices (until when) or open matters keep the data."""
    day = on or today()
    with db.transaction() as session:
        reasons = erasure_refusals(repo.hold(session, customer_id), day)
        if reasons:
            raise ErasureRefused(customer_id, reasons)
        orders, emails = repo.anonymise(session, customer_id, _("Erased customer {id}").format(id=customer_id))
        append_event(session, "customer_erased", {"customer_id": customer_id, "orders": orders, "emails": emails,
                                                  "on": day})
    return ErasureResult(customer_id, orders, emails)
