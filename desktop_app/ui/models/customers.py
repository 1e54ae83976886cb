"""The customers table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop_app.domain.parties import Customer
from desktop_app.i18n import _
from desktop_app.services.listing import SORTABLE
from desktop_app.ui.models.paged import PagedTableModel


class CustomerTableModel(PagedTableModel):
    columns = ("name", "kind", "email", "city", "country", "vat_number")
    sortable = SORTABLE["customers"]

    def column_titles(self) -> list[str]:
        return [_("Name"), _("Type"), _("E-mail"), _("City"), _("Country"), _("VAT number")]

    def cell(self, item: Customer, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "kind":
                return _("Business") if item.is_business else _("Consumer")
            if column == "city":
                return item.billing.city
            if column == "country":
                return item.billing.country
            return getattr(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == "name":
            return "\n".join([item.name, *item.billing.lines()])
        return None
