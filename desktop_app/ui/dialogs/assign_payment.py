"""Deciding by hand where the money of a statement line goes: to one or more open invoices with the
amount for each (what is left becomes the customer's credit), or wholly to a chosen customer's credit."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import formatting
from desktop_app.domain.errors import DomainError
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services import payment_review as review
from desktop_app.services.customers import customer_choices
from desktop_app.services.payment_review import StatementLine


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    table.setAccessibleName(name)
    return table


def _cell(text: str, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class AssignPaymentDialog(QDialog):
    """Pick the invoices a line pays, and how much goes to each (a split)."""

    def __init__(self, db: Database, line: StatementLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.line = db, line
        self.setWindowTitle(_("Assign a payment"))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(_("{amount} received on {date} from {payer}. Choose the invoices it pays and how much goes "
                         "to each; what is left is kept as the first invoice's customer's credit.").format(
            amount=self._money(line.amount), date=formatting.day(line.booked_on),
            payer=line.payer_name or line.label or _("an unknown payer")))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search open invoices: number, customer, order…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search open invoices"))
        layout.addWidget(self.search)
        self.found = _table([_("Invoice"), _("Customer"), _("Order"), _("Left to pay")], _("Open invoices found"))
        self.found.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.found, 1)
        self.nothing = QLabel(_("No open invoice matches this search."))
        layout.addWidget(self.nothing)
        add_row = QHBoxLayout()
        self.add_button = QPushButton(_("Add to the payment"))
        add_row.addStretch()
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)
        self.chosen = _table([_("Invoice"), _("Customer"), _("Left to pay"), _("Amount paid")], _("Invoices paid"))
        layout.addWidget(self.chosen, 1)
        self.remove_button = QPushButton(_("Remove"))
        self.rest = QLabel()
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.rest, 1)
        bottom.addWidget(self.remove_button)
        layout.addLayout(bottom)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.assign_button = buttons.addButton(_("Assign"), QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(buttons)
        self._results: list[review.Receivable] = []
        self._connect(buttons)
        self.find()
        for part in line.proposal.get("allocations", ()):
            self.add(str(part["number"]), Decimal(part["amount"]))
        self._update()

    def _connect(self, buttons: QDialogButtonBox) -> None:
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.find)
        self.search.textChanged.connect(self._timer.start)
        self.add_button.clicked.connect(self.add_selected)
        self.found.doubleClicked.connect(lambda _index: self.add_selected())
        self.remove_button.clicked.connect(self._remove)
        self.chosen.itemChanged.connect(lambda _item: self._update())
        buttons.accepted.connect(self.assign)
        buttons.rejected.connect(self.reject)

    def _money(self, amount: Decimal) -> str:
        return formatting.money(amount, self.line.currency)

    def find(self) -> None:
        self._results = review.invoice_choices(self.db, self.search.text(), self.line.currency)
        self.found.setRowCount(len(self._results))
        self.nothing.setVisible(not self._results)
        for row, item in enumerate(self._results):
            for column, text in enumerate((item.number, item.customer_name, item.order_reference,
                                           self._money(item.balance))):
                self.found.setItem(row, column, _cell(text))

    def add_selected(self) -> None:
        row = self.found.currentRow()
        if 0 <= row < len(self._results):
            item = self._results[row]
            self.add(item.number, min(item.balance, max(self._left(), Decimal(0))), item)

    def add(self, number: str, amount: Decimal, item: review.Receivable | None = None) -> None:
        if item is None:
            found = [r for r in review.invoice_choices(self.db, number, self.line.currency) if r.number == number]
            if not found:
                return
            item = found[0]
        row = self.chosen.rowCount()
        self.chosen.blockSignals(True)
        self.chosen.insertRow(row)
        for column, text in enumerate((item.number, item.customer_name, self._money(item.balance))):
            self.chosen.setItem(row, column, _cell(text))
        self.chosen.setItem(row, 3, _cell(formatting.number(amount, places=2), editable=True))
        self.chosen.blockSignals(False)
        self._update()

    def _remove(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.removeRow(row)
            self._update()

    def parts(self) -> list[tuple[str, Decimal]] | None:
        """(invoice number, amount) of each chosen row; None when an amount cannot be read."""
        parts = []
        for row in range(self.chosen.rowCount()):
            try:
                amount = formatting.parse_number(self.chosen.item(row, 3).text())
            except ValueError:
                return None
            parts.append((self.chosen.item(row, 0).text(), amount))
        return parts

    def _left(self) -> Decimal:
        parts = self.parts() or []
        return self.line.amount - sum((amount for _n, amount in parts), Decimal(0))

    def _update(self) -> None:
        parts = self.parts()
        if parts is None:
            self.rest.setText(_("An amount cannot be read."))
            self.assign_button.setEnabled(False)
            return
        left = self._left()
        self.rest.setText(_("Left over, kept as credit: {amount}").format(amount=self._money(left)) if left >= 0
                          else _("{amount} more than was received").format(amount=self._money(-left)))
        self.assign_button.setEnabled(bool(parts) and left >= 0)

    def assign(self) -> None:
        parts = self.parts()
        if not parts:
            return
        try:
            review.assign(self.db, self.line.id, parts)
        except DomainError as error:
            self.problem.setText(str(error))
            return
        self.accept()


class CustomerPickerDialog(QDialog):
    """Choose the customer whose credit a payment becomes."""

    def __init__(self, db: Database, search: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.customer_id: int | None = None
        self.setWindowTitle(_("Keep as a customer's credit"))
        self.resize(420, 420)
        layout = QVBoxLayout(self)
        self.search = QLineEdit(search)
        self.search.setPlaceholderText(_("Search customers…"))
        self.search.setAccessibleName(_("Search customers"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Customers"))
        layout.addWidget(QLabel(_("Whose credit is this money?")))
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.find)
        self.list.itemDoubleClicked.connect(lambda _item: self._choose())
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        self.find()

    def find(self) -> None:
        self.list.clear()
        for customer_id, name in customer_choices(self.db, self.search.text()):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, customer_id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.customer_id = int(item.data(Qt.ItemDataRole.UserRole))
            self.accept()
