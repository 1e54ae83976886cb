"""One invoice or credit note in full: parties, lines, VAT breakdown, totals and what happened to it."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop_app import formatting
from desktop_app.domain.money import plain_number
from desktop_app.i18n import _
from desktop_app.services.invoices import InvoiceView


def _table(headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + 4 + sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(max(height, table.horizontalHeader().height() + 8))


class InvoiceDetailView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("formTitle")
        self.heading.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.lines = _table([_("Description"), _("Qty"), _("Price"), _("VAT"), _("Net")], 0)
        self.lines.setAccessibleName(_("Invoice lines"))
        self.vat = _table([_("VAT rate"), _("Base"), _("VAT")], 0)
        self.vat.setAccessibleName(_("VAT breakdown"))
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.history_title = QLabel(_("History"))
        self.history_title.setObjectName("formTitle")
        self.history = QLabel()
        self.history.setWordWrap(True)
        for widget in (self.heading, self.facts, self.lines, self.vat, self.totals, self.history_title, self.history):
            layout.addWidget(widget)
        layout.addStretch()

    def show_invoice(self, view: InvoiceView | None) -> None:
        for widget in (self.lines, self.vat, self.history_title):
            widget.setVisible(view is not None)
        if view is None:
            self.heading.setText(_("Nothing selected"))
            for label in (self.facts, self.totals, self.history):
                label.clear()
            return
        doc, stored = view.document, view.stored
        money = lambda amount: formatting.money(amount, doc.currency)  # noqa: E731
        title = _("Credit note") if doc.is_credit_note else _("Invoice")
        number = doc.number or _("(draft)")
        self.heading.setText(f"{title} {number} — {view.status.label}")
        facts = [_("Customer: {name}").format(name=doc.buyer.name)]
        if stored.issue_date:
            facts.append(_("Issued {date}, due {due}").format(date=formatting.day(stored.issue_date),
                                                              due=formatting.day(doc.due_date)))
        if doc.delivery_date:
            facts.append(_("Delivered {date}").format(date=formatting.day(doc.delivery_date)))
        if doc.sales_order_reference:
            facts.append(_("Order {reference}").format(reference=doc.sales_order_reference))
        if doc.preceding_invoice:
            facts.append(_("Corrects invoice {number}").format(number=doc.preceding_invoice.number))
        if doc.payment.paid_by:
            facts.append(_("Paid at checkout by {method}").format(method=doc.payment.paid_by))
        self.facts.setText("\n".join(facts))
        _fill(self.lines, [[line.description, formatting.number(plain_number(line.quantity)),
                            money(line.unit_price), formatting.percent(line.vat.rate) if line.vat.rate
                            else line.vat.category.value, money(line.net_amount)] for line in doc.lines])
        _fill(self.vat, [[f"{row.vat.category.value} {formatting.percent(row.vat.rate)}", money(row.base),
                          money(row.amount)] for row in doc.totals.breakdown])
        t = doc.totals
        lines = [_("Total without VAT: {amount}").format(amount=money(t.tax_basis)),
                 _("VAT: {amount}").format(amount=money(t.vat_total)),
                 _("Total: {amount}").format(amount=money(t.grand_total))]
        if t.rounding:
            lines.append(_("Rounding: {amount}").format(amount=money(t.rounding)))
        for item in doc.allowances_charges:
            lines.insert(0, f"{item.reason}: {'+' if item.is_charge else '−'}{money(item.amount)}")
        if doc.vat_total_accounting is not None:
            lines.append(_("VAT in euros: {amount} (rate {rate})").format(
                amount=formatting.money(doc.vat_total_accounting, "EUR"), rate=doc.exchange_rate))
        if view.balance is not None:
            lines.append(_("Paid: {paid} — credited: {credited} — left to pay: {left}").format(
                paid=money(view.paid), credited=money(view.credited), left=money(view.balance)))
        self.totals.setText("\n".join(lines))
        events = [f"{formatting.day(j.recorded_at)} — {_journal_label(j.kind)}" for j in view.journal]
        events += [_("{date} — payment {amount} ({method})").format(
            date=formatting.day(p.received_on), amount=money(p.amount), method=p.method or p.source)
            for p in view.payments]
        events += [_("Credit note {number}").format(number=number or _("draft")) for _id, number, _s in
                   view.credit_notes]
        events += [_("{date} — reminder level {level}").format(date=formatting.day(on), level=level)
                   for level, on in view.reminders]
        self.history.setText("\n".join(events) or _("Nothing yet."))


def _journal_label(kind: str) -> str:
    return {"invoice_issued": _("issued"), "credit_note_issued": _("issued"),
            "payment_recorded": _("payment recorded"), "reminder_sent": _("reminder sent"),
            "payment_settled": _("payment settled by the provider"), "payment_reversed": _("payment reversed"),
            "credit_applied": _("customer credit applied"), "credit_refunded": _("customer credit refunded"),
            "document_rendered": _("PDF made and kept")}.get(kind, kind)
