"""Reading invoices and credit notes: lists by status, one document in full with its history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.invoice import InvoiceDocument, PrecedingInvoice
from desktop_app.domain.invoice_status import InvoiceStatus, invoice_status
from desktop_app.domain.money import ZERO
from desktop_app.services.closing import today
from desktop_app.services.company import all_settings, show_company
from desktop_app.services.credit_notes import find_document
from desktop_app.services.documents import build_document, frozen_extras
from desktop_app.store import balances, history
from desktop_app.store import customers as customer_repo
from desktop_app.store import invoice_queries as queries
from desktop_app.store import invoices as repo
from desktop_app.store.database import Database
from desktop_app.store.invoice_queries import InvoiceFilter, InvoiceSummary
from desktop_app.store.invoices import StoredInvoice

__all__ = ["InvoiceFilter", "InvoiceSummary", "InvoiceView"]


@dataclass(frozen=True, slots=True)
class InvoiceView:
    """One document as the detail pane shows it."""

    stored: StoredInvoice
    document: InvoiceDocument
    status: InvoiceStatus
    balance: object
    paid: object
    credited: object
    journal: list[history.JournalLine]
    payments: list[history.PaymentLine]
    credit_notes: list[tuple[int, str | None, str]]
    reminders: list[tuple[int, date]]


def invoice_ids(db: Database, flt: InvoiceFilter = InvoiceFilter(), on: date | None = None) -> list[int]:  # noqa: B008
    with db.reading() as session:
        return queries.invoice_ids(session, flt, on or today())


def invoice_summaries(db: Database, ids: Sequence[int], on: date | None = None) -> list[InvoiceSummary]:
    with db.reading() as session:
        return queries.invoice_summaries(session, ids, on or today())


def document_of(db: Database, stored: StoredInvoice) -> InvoiceDocument:
    """The document model: as frozen at issue, or with today's company and customer for a draft."""
    if stored.state == "issued":
        return build_document(stored, stored.parties)
    with db.reading() as session:
        customer = customer_repo.get_customer(session, stored.customer_id)
        preceding = None
        if stored.corrected_invoice_id is not None:
            corrected = repo.load_document(session, stored.corrected_invoice_id)
            if corrected.number and corrected.issue_date:
                preceding = PrecedingInvoice(corrected.number, corrected.issue_date)
    settings = all_settings(db)
    extras = frozen_extras(stored, show_company(db), customer, "", str(settings["invoices.penalty_rule"]),
                           ship_to=customer.shipping, preceding=preceding, sells=str(settings["invoices.sells"]))
    return build_document(stored, extras)


def invoice_view(db: Database, invoice_id: int, on: date | None = None) -> InvoiceView:
    with db.reading() as session:
        stored = repo.load_document(session, invoice_id)
        balance = balances.balances(session, [invoice_id]).get(invoice_id)
        journal = history.journal_of(session, stored.number) if stored.number else []
        payments = history.payments_of(session, invoice_id)
        credit_notes = queries.credit_notes_of(session, invoice_id)
        reminders = history.reminders_of(session, invoice_id)
    payable = stored.totals.payable_total
    status = invoice_status(stored.state, stored.kind, payable, balance.balance if balance else None,
                            balance.credited if balance else ZERO, stored.due_date, on or today())
    return InvoiceView(stored, document_of(db, stored), status, balance.balance if balance else None,
                       balance.paid if balance else ZERO, balance.credited if balance else ZERO, journal,
                       payments, credit_notes, reminders)


def find(db: Database, number_or_id: str) -> int:
    """The id of a document given its number or id."""
    return find_document(db, number_or_id)
