"""The invoices table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop_app import formatting
from desktop_app.domain.invoice_status import InvoiceStatus
from desktop_app.i18n import _
from desktop_app.services.invoices import InvoiceSummary
from desktop_app.services.listing import SORTABLE
from desktop_app.ui.models.paged import PagedTableModel

_STATUS_COLOURS = {InvoiceStatus.OVERDUE: "#c0392b", InvoiceStatus.PAID: "#2e7d32", InvoiceStatus.DRAFT: "#7f8c8d"}


class InvoiceTableModel(PagedTableModel):
    columns = ("number", "issue_date", "customer", "order_reference", "total", "due_date", "balance", "status")
    sortable = SORTABLE["invoices"]

    def column_titles(self) -> list[str]:
        return [_("Number"), _("Date"), _("Customer"), _("Order"), _("Total"), _("Due"), _("Left to pay"),
                _("Status")]

    def cell(self, item: InvoiceSummary, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "number":
                if item.number:
                    return item.number
                return _("Credit note draft") if item.kind == "credit_note" else _("Draft")
            if column in ("issue_date", "due_date"):
                return formatting.day(getattr(item, column))
            if column == "total":
                sign = "−" if item.kind == "credit_note" else ""
                return sign + formatting.money(item.total, item.currency)
            if column == "balance":
                return "" if item.balance is None else formatting.money(item.balance, item.currency)
            if column == "status":
                return item.status.label
            return getattr(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("total", "balance"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == "status" and item.status in _STATUS_COLOURS:
            return QColor(_STATUS_COLOURS[item.status])
        return None
