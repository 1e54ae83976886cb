"""One imported line in full: what the bank or provider said, and what matching made of it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app import formatting
from desktop_app.i18n import _
from desktop_app.services.payment_review import LineDetail
from desktop_app.ui.models.statement_lines import confidence_label, source_label, state_label


def _label(object_name: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


class StatementLineDetailView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Two columns: what the bank or provider said; what matching made of it.
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        said, made = QVBoxLayout(), QVBoxLayout()
        self.heading = _label("formTitle")
        self.facts = _label()
        self.match_title = QLabel(_("Matching"))
        self.match_title.setObjectName("formTitle")
        self.match = _label()
        self.outcome = _label()
        for column, widgets in ((said, (self.heading, self.facts)), (made, (self.match_title, self.match,
                                                                            self.outcome))):
            for widget in widgets:
                column.addWidget(widget)
            column.addStretch()
            layout.addLayout(column, 1)

    def show_line(self, detail: LineDetail | None) -> None:
        self.match_title.setVisible(detail is not None)
        if detail is None:
            self.heading.setText(_("Nothing selected"))
            for label in (self.facts, self.match, self.outcome):
                label.clear()
            return
        line = detail.line
        self.heading.setText(_("{amount} on {date}").format(amount=formatting.money(line.amount, line.currency),
                                                            date=formatting.day(line.booked_on, style="long")))
        facts = [_("From: {source}").format(source=source_label(line))]
        if line.payer_name or line.payer_email:
            facts.append(_("Payer: {name}").format(name=" ".join(p for p in (line.payer_name, line.payer_email) if p)))
        if line.label:
            facts.append(_("Label: {label}").format(label=line.label))
        if line.references:
            facts.append(_("References: {refs}").format(refs=", ".join(line.references)))
        if line.fee:
            facts.append(_("Provider fee: {fee}").format(fee=formatting.money(line.fee, line.currency)))
        facts.append(_("File: {file}, line {line}").format(file=line.file_name, line=line.file_line))
        self.facts.setText("\n".join(facts))
        self.match.setText("\n".join([
            _("State: {state} — confidence: {confidence}").format(state=state_label(line.state),
                                                                 confidence=confidence_label(line.confidence)),
            line.reason]))
        self.outcome.setText("\n".join(self._outcome(detail)))

    def _outcome(self, detail: LineDetail) -> list[str]:
        line = detail.line
        money = lambda amount: formatting.money(Decimal(amount), line.currency)  # noqa: E731
        applied = line.state in ("matched", "settled")
        title = _("Recorded:") if applied else _("Proposed:")
        parts = [_("{number}: {amount}").format(number=p["number"], amount=money(p["amount"]))
                 for p in line.proposal.get("allocations", ())]
        parts += [_("settles {number}: {amount}").format(number=p["number"], amount=money(p["amount"]))
                  for p in line.proposal.get("settlements", ())]
        credit = Decimal(line.proposal.get("credit", "0"))
        if credit > 0:
            parts.append(_("customer's credit: {amount}").format(amount=money(credit)))
        lines = [title + " " + "; ".join(parts)] if parts else []
        if detail.customer_name:
            lines.append(_("Customer: {name}").format(name=detail.customer_name))
        if detail.payment is not None:
            lines.append(_("Payment no. {id} of {date}").format(
                id=detail.payment.id, date=formatting.day(detail.payment.received_on)))
        if detail.reversed_by is not None:
            lines.append(_("Reversed by entry no. {id}").format(id=detail.reversed_by))
        return lines
