"""The orders table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop_app import formatting
from desktop_app.i18n import _
from desktop_app.services.listing import SORTABLE
from desktop_app.services.orders import OrderSummary
from desktop_app.ui.models.paged import PagedTableModel


def status_label(status: str) -> str:
    return {"paid": _("Paid"), "awaiting": _("Awaiting payment"), "cancelled": _("Cancelled"),
            "refunded": _("Refunded")}.get(status, status)


class OrderTableModel(PagedTableModel):
    columns = ("order_date", "reference", "shop", "customer", "total", "status", "invoice_number")
    sortable = SORTABLE["orders"]

    def column_titles(self) -> list[str]:
        return [_("Date"), _("Order"), _("Shop"), _("Customer"), _("Total"), _("Status"), _("Invoice")]

    def cell(self, item: OrderSummary, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "order_date":
                return formatting.day(item.order_date)
            if column == "total":
                return formatting.money(item.total, item.currency)
            if column == "status":
                label = status_label(item.status)
                return label + (_(" (refund)") if item.refunded and item.status == "paid" else "")
            if column == "invoice_number":
                return item.invoice_number or "—"
            return getattr(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "total":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == "customer":
            return item.email
        return None
