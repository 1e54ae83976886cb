"""What the shopkeeper sees of an invoice: a status derived from its state, balance, credit notes and
due date — never stored, never edited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from desktop_app.i18n import _


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    UNPAID = "unpaid"
    PARTIALLY_PAID = "partially_paid"
    OVERDUE = "overdue"
    PAID = "paid"
    CREDITED = "credited"
    ISSUED = "issued"            # a credit note, once issued

    @property
    def label(self) -> str:
        return {
            InvoiceStatus.DRAFT: _("Draft"), InvoiceStatus.UNPAID: _("Unpaid"),
            InvoiceStatus.PARTIALLY_PAID: _("Partially paid"), InvoiceStatus.OVERDUE: _("Overdue"),
            InvoiceStatus.PAID: _("Paid"), InvoiceStatus.CREDITED: _("Credited"), InvoiceStatus.ISSUED: _("Issued"),
        }[self]


def invoice_status(state: str, kind: str, payable: Decimal, balance: Decimal | None, credited: Decimal,
                   due_date: date | None, today: date) -> InvoiceStatus:
    """The status of a document on `today`."""
    if state == "draft":
        return InvoiceStatus.DRAFT
    if kind == "credit_note":
        return InvoiceStatus.ISSUED
    if payable > 0 and credited >= payable:
        return InvoiceStatus.CREDITED
    if balance is None or balance <= 0:
        return InvoiceStatus.PAID
    if due_date is not None and due_date < today:
        return InvoiceStatus.OVERDUE
    if balance < payable - credited:
        return InvoiceStatus.PARTIALLY_PAID
    return InvoiceStatus.UNPAID
