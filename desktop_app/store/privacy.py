"""Everything the database holds about one customer, and the erasure of their personal fields.

Rows are read generically (every column of every table that points at the customer) so that a column
added later is exported too. Binary columns (PDFs, e-mails) come out as files beside the rows.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Table, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.types import LargeBinary

from desktop_app.domain.errors import NotFound
from desktop_app.domain.retention import CustomerHold, HeldDocument
from desktop_app.i18n import _
from desktop_app.store.open_items import customer_credit
from desktop_app.store.records import (
    AllocationRecord,
    CustomerRecord,
    DunningPauseRecord,
    InvoiceAdjustmentRecord,
    InvoiceBalanceRecord,
    InvoiceLineRecord,
    InvoiceRecord,
    InvoiceVatRecord,
    IssuedDocumentRecord,
    OrderLineRecord,
    OrderRecord,
    OrderRefundRecord,
    OrderTaxLineRecord,
    OutboxRecord,
    PaymentRecord,
    ReminderRecord,
    StatementLineRecord,
)

# The personal fields of an order as the shop's export gave them (names, addresses, e-mail, phone).
ORDER_PERSONAL = ("customer_email", "customer_vat_number", "billing_name", "billing_company", "billing_line1",
                  "billing_line2", "billing_postcode", "billing_city", "billing_region", "billing_phone",
                  "shipping_name", "shipping_company", "shipping_line1", "shipping_line2", "shipping_postcode",
                  "shipping_city", "shipping_region", "notes")
CUSTOMER_PERSONAL = ("contact_name", "email", "phone", "siren", "siret", "vat_number", "notes", "billing_line1",
                     "billing_line2", "billing_postcode", "billing_city", "billing_region", "shipping_line1",
                     "shipping_line2", "shipping_postcode", "shipping_city", "shipping_region",
                     "reminders_pause_reason")
WAITING_STATES = ("queued", "sending", "unsure", "failed")
Rows = list[dict[str, Any]]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _rows(session: Session, table: Table, condition: ColumnElement[bool]) -> Rows:
    columns = [c for c in table.columns if not isinstance(c.type, LargeBinary)]
    result = session.execute(select(*columns).where(condition).order_by(*table.primary_key.columns))
    return [{c.name: _plain(v) for c, v in zip(columns, row)} for row in result]


def customer_exists(session: Session, customer_id: int) -> None:
    if session.get(CustomerRecord, customer_id) is None:
        raise NotFound(_("Customer {id} does not exist.").format(id=customer_id))


def _ids(session: Session, column: Any, condition: ColumnElement[bool]) -> list[int]:
    return list(session.scalars(select(column).where(condition)))


def customer_rows(session: Session, customer_id: int) -> dict[str, Rows]:
    """Every row about the customer, table by table (binary columns left out)."""
    customer_exists(session, customer_id)
    orders = _ids(session, OrderRecord.id, OrderRecord.customer_id == customer_id)
    invoices = _ids(session, InvoiceRecord.id, InvoiceRecord.customer_id == customer_id)
    allocation_payments = select(AllocationRecord.payment_id).where(or_(
        AllocationRecord.invoice_id.in_(invoices), AllocationRecord.customer_id == customer_id))
    payments = _ids(session, PaymentRecord.id, or_(PaymentRecord.customer_id == customer_id,
                                                    PaymentRecord.id.in_(allocation_payments)))
    tables: list[tuple[str, Any, ColumnElement[bool]]] = [
        ("customer", CustomerRecord, CustomerRecord.id == customer_id),
        ("orders", OrderRecord, OrderRecord.id.in_(orders)),
        ("order_lines", OrderLineRecord, OrderLineRecord.order_id.in_(orders)),
        ("order_tax_lines", OrderTaxLineRecord, OrderTaxLineRecord.order_id.in_(orders)),
        ("order_refunds", OrderRefundRecord, OrderRefundRecord.order_id.in_(orders)),
        ("invoices", InvoiceRecord, InvoiceRecord.id.in_(invoices)),
        ("invoice_lines", InvoiceLineRecord, InvoiceLineRecord.invoice_id.in_(invoices)),
        ("invoice_adjustments", InvoiceAdjustmentRecord, InvoiceAdjustmentRecord.invoice_id.in_(invoices)),
        ("invoice_vat", InvoiceVatRecord, InvoiceVatRecord.invoice_id.in_(invoices)),
        ("invoice_balances", InvoiceBalanceRecord, InvoiceBalanceRecord.invoice_id.in_(invoices)),
        ("payments", PaymentRecord, PaymentRecord.id.in_(payments)),
        ("payment_allocations", AllocationRecord, AllocationRecord.payment_id.in_(payments)),
        ("bank_and_provider_lines", StatementLineRecord, StatementLineRecord.customer_id == customer_id),
        ("reminders", ReminderRecord, ReminderRecord.invoice_id.in_(invoices)),
        ("reminder_pauses", DunningPauseRecord, DunningPauseRecord.invoice_id.in_(invoices)),
        ("emails", OutboxRecord, OutboxRecord.invoice_id.in_(invoices)),
    ]
    return {name: _rows(session, model.__table__, condition) for name, model, condition in tables}


def issued_pdfs(session: Session, customer_id: int) -> list[tuple[str, bytes]]:
    """(number, PDF) of the customer's issued documents whose PDF has been made."""
    rows = session.execute(select(InvoiceRecord.number, IssuedDocumentRecord.pdf)
                           .join(IssuedDocumentRecord, IssuedDocumentRecord.invoice_id == InvoiceRecord.id)
                           .where(InvoiceRecord.customer_id == customer_id).order_by(InvoiceRecord.id))
    return [(number or "", pdf) for number, pdf in rows]


def unrendered_ids(session: Session, customer_id: int) -> list[int]:
    has_files = select(IssuedDocumentRecord.invoice_id)
    return _ids(session, InvoiceRecord.id, (InvoiceRecord.customer_id == customer_id)
                & (InvoiceRecord.state == "issued") & InvoiceRecord.id.not_in(has_files))


def messages(session: Session, customer_id: int) -> list[tuple[int, bytes]]:
    """(outbox id, RFC 5322 bytes) of the e-mails about the customer's invoices."""
    invoices = select(InvoiceRecord.id).where(InvoiceRecord.customer_id == customer_id)
    rows = session.execute(select(OutboxRecord.id, OutboxRecord.message).where(OutboxRecord.invoice_id.in_(invoices))
                           .order_by(OutboxRecord.id))
    return [(outbox_id, data) for outbox_id, data in rows if data]


def letters(session: Session, customer_id: int) -> list[tuple[int, bytes]]:
    invoices = select(InvoiceRecord.id).where(InvoiceRecord.customer_id == customer_id)
    rows = session.execute(select(ReminderRecord.id, ReminderRecord.letter_pdf)
                           .where(ReminderRecord.invoice_id.in_(invoices), ReminderRecord.letter_pdf.is_not(None))
                           .order_by(ReminderRecord.id))
    return [(reminder_id, data) for reminder_id, data in rows]


def hold(session: Session, customer_id: int) -> CustomerHold:
    """What ties the customer to the shop's legal records."""
    customer_exists(session, customer_id)
    mine = InvoiceRecord.customer_id == customer_id
    documents = [HeldDocument(number or "", day) for number, day in session.execute(
        select(InvoiceRecord.number, InvoiceRecord.issue_date).where(mine, InvoiceRecord.state == "issued")
        .order_by(InvoiceRecord.issue_date, InvoiceRecord.id))]
    open_rows = session.execute(select(InvoiceRecord.number, InvoiceBalanceRecord.balance, InvoiceRecord.currency)
                                .join(InvoiceBalanceRecord, InvoiceBalanceRecord.invoice_id == InvoiceRecord.id)
                                .where(mine, InvoiceBalanceRecord.open == 1).order_by(InvoiceRecord.id))
    drafts = session.scalar(select(func.count()).where(mine, InvoiceRecord.state == "draft")) or 0
    waiting = session.scalar(select(func.count()).select_from(OutboxRecord).where(
        OutboxRecord.state.in_(WAITING_STATES),
        OutboxRecord.invoice_id.in_(select(InvoiceRecord.id).where(mine)))) or 0
    credit = [(amount, currency) for currency, amount in sorted(customer_credit(session, customer_id).items())]
    return CustomerHold(documents, [(n or "", b, c) for n, b, c in open_rows], credit, int(drafts), int(waiting))


def anonymise(session: Session, customer_id: int, label: str) -> tuple[int, int]:
    """Blank the customer's personal fields, their orders' and their e-mails'; returns (orders, e-mails)."""
    values: dict[str, Any] = dict.fromkeys(CUSTOMER_PERSONAL, "")
    session.execute(update(CustomerRecord).where(CustomerRecord.id == customer_id).values(
        name=label, has_shipping=False, reminders_paused_until=None, **values))
    orders = session.execute(update(OrderRecord).where(OrderRecord.customer_id == customer_id)
                             .values(**dict.fromkeys(ORDER_PERSONAL, ""))).rowcount or 0
    invoices = select(InvoiceRecord.id).where(InvoiceRecord.customer_id == customer_id)
    emails = session.execute(update(OutboxRecord).where(OutboxRecord.invoice_id.in_(invoices),
                                                        OutboxRecord.state.not_in(WAITING_STATES))
                             .values(recipients="", subject="", message=b"", last_error="")).rowcount or 0
    return int(orders), int(emails)

