"""A customer's statement of account (relevé de compte): the invoices, credit notes and payments of a
period with the balance running through them, as a PDF/A in the customer's language.

The letter and PDF libraries are imported when a statement is made: the Customers screen, which offers
one, opens without them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from desktop_app.domain.money import ZERO
from desktop_app.i18n import _, document_language
from desktop_app.services.closing import today
from desktop_app.services.company import show_company
from desktop_app.services.documents import buyer_party, payment_instructions, seller_party
from desktop_app.services.payments import method_label
from desktop_app.store import customers as customer_repo
from desktop_app.store import payments as repo
from desktop_app.store.database import Database
from desktop_app.store.payments import PaymentEntry

if TYPE_CHECKING:
    from desktop_app.documents.letters import CustomerStatement


def _payment_description(entry: PaymentEntry) -> str:
    method = method_label(entry.method)
    if entry.kind == "refund":
        return _("Refund ({method})").format(method=method) if method else _("Refund")
    if entry.kind == "reversal":
        return _("Payment cancelled")
    return _("Payment received ({method})").format(method=method) if method else _("Payment received")


def customer_statement(db: Database, customer_id: int, start: date | None = None, end: date | None = None,
                       currency: str | None = None) -> CustomerStatement:
    """The statement of a customer's account from `start` (default: their first document) to `end`
    (default: today), in `currency` (default: the customer's)."""
    from desktop_app.documents.letters import CustomerStatement, EntryKind, StatementEntry

    end = end or today()
    with db.reading() as session:
        customer = customer_repo.get_customer(session, customer_id)
        code = currency or customer.currency
        documents = repo.customer_documents(session, customer_id, code, end)
        payments = repo.customer_payments(session, customer_id, code, end)
    company = show_company(db)
    with document_language(customer.language):
        entries = [StatementEntry(d.day, EntryKind.INVOICE if d.kind == "invoice" else EntryKind.CREDIT_NOTE,
                                  d.number, d.amount, d.due_date if d.kind == "invoice" else None)
                   for d in documents]
        # Kind order on one day: the invoice first, then what settles it.
        entries += [StatementEntry(p.day, EntryKind.PAYMENT, p.reference, p.amount, None, _payment_description(p))
                    for p in payments]
        terms = payment_instructions(company, "", "0", "")
    entries.sort(key=lambda e: (e.date, list(EntryKind).index(e.kind)))
    first = start or (entries[0].date if entries else end)
    opening = sum((e.signed for e in entries if e.date < first), ZERO)
    return CustomerStatement(
        seller=seller_party(company), customer=buyer_party(customer), date=today(), language=customer.language,
        currency=code, period_start=first, period_end=end,
        entries=tuple(e for e in entries if first <= e.date <= end), opening_balance=opening, payment=terms)


def statement_pdf(db: Database, customer_id: int, start: date | None = None, end: date | None = None,
                  currency: str | None = None) -> bytes:
    """The statement of account as a PDF/A-3B file, in the shop's default document template."""
    from desktop_app.documents.letters import render_statement
    from desktop_app.services.rendering import load_template

    return render_statement(customer_statement(db, customer_id, start, end, currency), load_template(db))
