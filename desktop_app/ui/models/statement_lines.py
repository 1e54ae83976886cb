"""The table of imported bank and provider lines, with what matching made of each."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop_app import formatting
from desktop_app.i18n import _
from desktop_app.services.listing import SORTABLE
from desktop_app.services.payment_review import StatementLine
from desktop_app.ui.models.paged import PagedTableModel

_STATE_COLOURS = {"matched": "#2e7d32", "settled": "#2e7d32", "doubtful": "#b9770e", "unmatched": "#c0392b",
                  "ignored": "#7f8c8d", "not_payment": "#7f8c8d"}
_SOURCES = {"camt053": "camt.053", "ofx": "OFX", "cfonb": "CFONB", "stripe": "Stripe", "paypal": "PayPal"}


def state_label(state: str) -> str:
    return {"matched": _("Matched"), "settled": _("Confirmed"), "doubtful": _("To check"),
            "unmatched": _("Unmatched"), "ignored": _("Ignored"), "not_payment": _("Not a payment")}.get(state, state)


def confidence_label(confidence: str) -> str:
    return {"sure": _("Sure"), "doubtful": _("Doubtful"), "none": "—"}.get(confidence, confidence)


def source_label(line: StatementLine) -> str:
    name = _SOURCES.get(line.source, line.source)
    if line.origin.startswith("bank:"):
        return _("Bank ({format})").format(format=name)
    return name


class StatementLineTableModel(PagedTableModel):
    columns = ("booked_on", "source", "payer", "amount", "state", "confidence", "invoices", "reason")
    sortable = SORTABLE["lines"]

    def column_titles(self) -> list[str]:
        return [_("Date"), _("Origin"), _("Payer and label"), _("Amount"), _("State"), _("Confidence"),
                _("Invoices"), _("Reason")]

    def cell(self, item: StatementLine, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "amount":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == "state" and item.state in _STATE_COLOURS:
            return QColor(_STATE_COLOURS[item.state])
        if role == Qt.ItemDataRole.ToolTipRole and column in ("payer", "reason"):
            return item.label if column == "payer" else item.reason
        return None

    def _text(self, item: StatementLine, column: str) -> str:
        if column == "booked_on":
            return formatting.day(item.booked_on)
        if column == "source":
            return source_label(item)
        if column == "payer":
            return " — ".join(part for part in (item.payer_name, item.label) if part)
        if column == "amount":
            return formatting.money(item.amount, item.currency)
        if column == "state":
            return state_label(item.state)
        if column == "confidence":
            return confidence_label(item.confidence)
        if column == "invoices":
            return ", ".join(item.invoice_numbers)
        return item.reason
