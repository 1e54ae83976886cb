"""Recording a payment by hand on an invoice: amount (partial allowed), date, method, reference; the
same payment may also pay other open invoices of the customer, and what is left is their credit."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import formatting
from desktop_app.domain.errors import DomainError
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services.closing import today
from desktop_app.services.payment_posting import oldest_first
from desktop_app.services.payments import METHODS, RecordedPayment, open_invoices, receivable, record_payment
from desktop_app.ui.widgets.forms import date_edit


class RecordPaymentDialog(QDialog):
    def __init__(self, db: Database, invoice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.recorded: RecordedPayment | None = None
        target = receivable(db, invoice_id)
        if target is None:
            raise DomainError(_("Only an issued invoice can be paid."))
        self.currency = target.currency
        self.invoices = [r for r in open_invoices(db, target.customer_id) if r.currency == target.currency]
        if all(r.id != target.id for r in self.invoices):
            self.invoices.insert(0, target)
        self.setWindowTitle(_("Record a payment for {number}").format(number=target.number))
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        intro = QLabel(_("{customer} — {number} has {due} left to pay. The payment may also pay the customer's "
                         "other open invoices, oldest due first; what is left over is kept as their credit.")
                       .format(customer=target.customer_name, number=target.number,
                               due=formatting.money(target.balance, target.currency)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = self._invoice_table(target.id)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._form(target.balance))
        self.spread = QLabel()
        self.spread.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        layout.addWidget(self.spread)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = buttons.addButton(_("Record payment"), QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.record)
        buttons.rejected.connect(self.reject)
        self.amount.textChanged.connect(self._update)
        self.table.itemChanged.connect(lambda _item: self._update())
        self._update()

    def _form(self, balance: Decimal) -> QFormLayout:
        form = QFormLayout()
        self.amount = QLineEdit(formatting.number(balance, places=2))
        self.amount.setAccessibleName(_("Amount received"))
        now = today()
        self.day = date_edit(_("Date received"), QDate(now.year, now.month, now.day))
        self.method = QComboBox()
        self.method.setAccessibleName(_("Payment method"))
        for key, label in METHODS.items():
            self.method.addItem(_(label), key)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(_("Cheque number, transfer reference…"))
        self.reference.setAccessibleName(_("Reference"))
        form.addRow(_("Amount received"), self.amount)
        form.addRow(_("Date received"), self.day)
        form.addRow(_("Method"), self.method)
        form.addRow(_("Reference"), self.reference)
        return form

    def _invoice_table(self, chosen: int) -> QTableWidget:
        table = QTableWidget(len(self.invoices), 4)
        table.setHorizontalHeaderLabels([_("Invoice"), _("Issued"), _("Due"), _("Left to pay")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setAccessibleName(_("Open invoices of the customer"))
        for row, invoice in enumerate(self.invoices):
            number = QTableWidgetItem(invoice.number)
            number.setFlags(number.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            number.setCheckState(Qt.CheckState.Checked if invoice.id == chosen else Qt.CheckState.Unchecked)
            table.setItem(row, 0, number)
            for column, text in ((1, formatting.day(invoice.issue_date)), (2, formatting.day(invoice.due_date)),
                                 (3, formatting.money(invoice.balance, invoice.currency))):
                table.setItem(row, column, QTableWidgetItem(text))
        return table

    def chosen_numbers(self) -> list[str]:
        return [self.invoices[row].number for row in range(self.table.rowCount())
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def _value(self) -> Decimal | None:
        try:
            return formatting.parse_number(self.amount.text())
        except ValueError:
            return None

    def _update(self) -> None:
        value = self._value()
        chosen = set(self.chosen_numbers())
        if value is None or value <= 0 or not chosen:
            self.spread.setText(_("Type the amount received and tick the invoices it pays."))
            self.record_button.setEnabled(False)
            return
        dues = [(r.id, r.number, r.balance) for r in self.invoices if r.number in chosen]
        parts, rest = oldest_first(value, dues)
        words = [_("{number}: {amount}").format(number=p.number, amount=formatting.money(p.amount, self.currency))
                 for p in parts]
        if rest > 0:
            words.append(_("kept as credit: {amount}").format(amount=formatting.money(rest, self.currency)))
        self.spread.setText("\n".join([_("How the payment is spread:"), *words]))
        self.record_button.setEnabled(True)

    def record(self) -> None:
        value = self._value()
        if value is None:
            self.problem.setText(_("'{value}' is not an amount.").format(value=self.amount.text()))
            return
        try:
            self.recorded = record_payment(self.db, self.chosen_numbers(), value, self.day.date().toPython(),
                                           self.method.currentData(), self.reference.text().strip())
        except DomainError as error:
            self.problem.setText(str(error))
            return
        self.accept()
