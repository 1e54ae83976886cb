"""The draft editor: a hand-made invoice whose totals are recomputed as you type, by the same engine
that issues it. Every change to the lines can be undone and redone (Ctrl+Z, Ctrl+Shift+Z)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import formatting
from desktop_app.domain.errors import DomainError, ValidationFailed
from desktop_app.domain.money import plain_number
from desktop_app.domain.tax import standard
from desktop_app.domain.totals import Line
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services.customers import customer_choices
from desktop_app.services.invoices import invoice_view
from desktop_app.services.invoicing import DraftInput, draft_totals, save_draft
from desktop_app.ui.dialogs.draft_undo import AddLine, CellEdit, LineValues, RateEdit, RemoveLine
from desktop_app.ui.widgets.forms import date_edit

COLUMNS = ("description", "sku", "quantity", "unit_price", "discount", "vat")
# French rates; a sale abroad, to an EU business or by an exempt seller is moved to its category on saving.
RATES = [("20", "20 %"), ("10", "10 %"), ("5.5", "5,5 %"), ("2.1", "2,1 %")]


class DraftEditor(QDialog):
    def __init__(self, db: Database, invoice_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.invoice_id = invoice_id
        self.saved_id: int | None = None
        self.setWindowTitle(_("Invoice draft") if invoice_id is None else _("Edit invoice draft"))
        self.resize(900, 620)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.customer = QComboBox()
        self.customer.setEditable(True)
        self.customer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.customer.setAccessibleName(_("Customer"))
        self.customer.lineEdit().setPlaceholderText(_("Type a name or e-mail…"))
        self.delivery = date_edit(_("Delivery date"))
        self.reference = QLineEdit()
        self.reference.setAccessibleName(_("Customer reference"))
        form.addRow(_("Customer"), self.customer)
        form.addRow(_("Delivery date"), self.delivery)
        form.addRow(_("Customer's reference"), self.reference)
        layout.addLayout(form)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_("Description"), _("SKU"), _("Quantity"), _("Unit price excl. VAT"),
                                              _("Discount"), _("VAT")])
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_("Lines"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add line"))
        self.add_button.setToolTip(_("A new line at the end (Ctrl+L)"))
        self.add_button.setShortcut(QKeySequence("Ctrl+L"))
        self.remove_button = QPushButton(_("Remove line"))
        self.remove_button.setToolTip(_("Remove the selected line (it can be undone)"))
        self.undo_stack = QUndoStack(self)
        self.undo_button = QPushButton(_("Undo"))
        self.redo_button = QPushButton(_("Redo"))
        for button, key, enabled in ((self.undo_button, QKeySequence.StandardKey.Undo, self.undo_stack.canUndoChanged),
                                     (self.redo_button, QKeySequence.StandardKey.Redo, self.undo_stack.canRedoChanged)):
            button.setEnabled(False)
            enabled.connect(button.setEnabled)
            button.setToolTip(QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText))
        self.undo_action = self.undo_stack.createUndoAction(self, _("Undo"))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, _("Redo"))
        self.redo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
        self.addActions([self.undo_action, self.redo_action])
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        for button in (self.add_button, self.remove_button, self.undo_button, self.redo_button):
            buttons.addWidget(button)
        buttons.addStretch()
        self.totals = QLabel()
        self.totals.setObjectName("formTitle")
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        buttons.addWidget(self.totals)
        layout.addLayout(buttons)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(_("A message printed on the invoice (optional)"))
        self.notes.setFixedHeight(60)
        self.notes.setAccessibleName(_("Notes"))
        layout.addWidget(self.notes)
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self.buttons)

        self._search = QTimer(self, singleShot=True, interval=200)
        self._search.timeout.connect(self._find_customers)
        self.customer.lineEdit().textEdited.connect(self._search.start)
        self.add_button.clicked.connect(self.new_line)
        self.remove_button.clicked.connect(self._remove_line)
        self.table.itemChanged.connect(self._cell_changed)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._find_customers()
        self._texts: dict[tuple[int, int], str] = {}
        if invoice_id is not None:
            self._load(invoice_id)
        else:
            self.add_line()
        self.undo_stack.clear()          # what was loaded is where undoing stops
        self.recompute()

    # -- content -------------------------------------------------------------------------------------------

    def _find_customers(self) -> None:
        text = self.customer.currentText()
        current = self.customer.currentData()
        self.customer.blockSignals(True)
        self.customer.clear()
        for customer_id, name in customer_choices(self.db, "" if current else text):
            self.customer.addItem(name, customer_id)
        self.customer.setEditText(text)
        self.customer.blockSignals(False)

    def add_line(self, description: str = "", sku: str = "", quantity: str = "1", price: str = "",
                 discount: str = "", rate: str = "20") -> None:
        """Add a line at the end (as an undoable step)."""
        self.undo_stack.push(AddLine(self, self.table.rowCount(), (description, sku, quantity, price, discount, rate)))

    def new_line(self) -> None:
        self.add_line()
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus()

    def _remove_line(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.undo_stack.push(RemoveLine(self, row))

    # -- what the undo commands do -------------------------------------------------------------------------

    def insert_line(self, row: int, values: LineValues) -> None:
        self.table.blockSignals(True)
        self.table.insertRow(row)
        for column, value in enumerate(values[:5]):
            self.table.setItem(row, column, QTableWidgetItem(value))
        vat = QComboBox()
        vat.setAccessibleName(_("VAT rate"))
        for value, label in RATES:
            vat.addItem(label, value)
        vat.setCurrentIndex(max(vat.findData(values[5]), 0))
        vat.setProperty("rate", vat.currentData())
        vat.currentIndexChanged.connect(lambda _index, vat=vat: self._rate_changed(vat))
        self.table.setCellWidget(row, 5, vat)
        self.table.blockSignals(False)
        self._remember_texts()
        self.recompute()

    def take_line(self, row: int) -> LineValues:
        values = (*(self._cell(row, column) for column in range(5)), self._rate(row))
        self.table.removeRow(row)
        self._remember_texts()
        self.recompute()
        return values  # type: ignore[return-value]

    def set_cell(self, row: int, column: int, text: str) -> None:
        item = self.table.item(row, column)
        if item is not None:
            self.table.blockSignals(True)
            item.setText(text)
            self.table.blockSignals(False)
            self._texts[(row, column)] = text
            self.recompute()

    def set_rate(self, row: int, rate: str) -> None:
        widget = self.table.cellWidget(row, 5)
        if isinstance(widget, QComboBox):
            widget.blockSignals(True)
            widget.setCurrentIndex(max(widget.findData(rate), 0))
            widget.setProperty("rate", widget.currentData())
            widget.blockSignals(False)
            self.recompute()

    def _rate(self, row: int) -> str:
        widget = self.table.cellWidget(row, 5)
        return str(widget.currentData()) if isinstance(widget, QComboBox) else "20"

    def _remember_texts(self) -> None:
        self._texts = {(row, column): self._cell(row, column) for row in range(self.table.rowCount())
                       for column in range(5)}

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        key = (item.row(), item.column())
        before, after = self._texts.get(key, ""), item.text().strip()
        if before != after:
            self._texts[key] = after
            self.undo_stack.push(CellEdit(self, key[0], key[1], before, after))
        self.recompute()

    def _rate_changed(self, widget: QComboBox) -> None:
        row = next((r for r in range(self.table.rowCount()) if self.table.cellWidget(r, 5) is widget), -1)
        before, after = str(widget.property("rate")), str(widget.currentData())
        widget.setProperty("rate", after)
        if row >= 0 and before != after:
            self.undo_stack.push(RateEdit(self, row, before, after))
        self.recompute()

    def _load(self, invoice_id: int) -> None:
        view = invoice_view(self.db, invoice_id)
        stored = view.stored
        self.customer.addItem(stored.buyer_name, stored.customer_id)
        self.customer.setCurrentIndex(self.customer.findData(stored.customer_id))
        if stored.delivery_date:
            self.delivery.setDate(QDate(stored.delivery_date.year, stored.delivery_date.month,
                                        stored.delivery_date.day))
        self.reference.setText(stored.buyer_reference)
        self.notes.setPlainText(stored.notes)
        for line in stored.lines:
            self.add_line(line.description, line.sku, str(plain_number(line.quantity)),
                          str(plain_number(line.unit_price)), str(plain_number(line.allowance)) if line.allowance
                          else "", str(line.vat.rate))

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def lines(self) -> tuple[list[Line], list[str]]:
        """The lines typed so far, and a sentence per cell that is wrong (marked red)."""
        lines, problems = [], []
        for row in range(self.table.rowCount()):
            try:
                quantity = formatting.parse_number(self._cell(row, 2) or "0")
                price = formatting.parse_number(self._cell(row, 3) or "0")
                discount = formatting.parse_number(self._cell(row, 4)) if self._cell(row, 4) else Decimal(0)
                rate_widget = self.table.cellWidget(row, 5)
                rate = Decimal(rate_widget.currentData()) if isinstance(rate_widget, QComboBox) else Decimal(20)
                vat = standard(rate)
                allowance = discount.quantize(Decimal("0.01"))
                lines.append(Line(self._cell(row, 0), quantity, price, vat, allowance=allowance,
                                  sku=self._cell(row, 1)))
                self._mark(row, "")
            except (ValueError, ArithmeticError, DomainError) as error:
                message = str(error) if isinstance(error, DomainError) else _("'{text}' is not a number").format(
                    text=str(error))
                problems.append(_("Line {n}: {problem}").format(n=row + 1, problem=message))
                self._mark(row, message)
        return lines, problems

    def _mark(self, row: int, message: str) -> None:
        self.table.blockSignals(True)
        for column in range(5):
            item = self.table.item(row, column)
            if item is not None:
                item.setBackground(QColor("#f9d6d2") if message else QColor(0, 0, 0, 0))
                item.setToolTip(message)
        self.table.blockSignals(False)

    def recompute(self) -> None:
        lines, problems = self.lines()
        self.problem.setText("\n".join(problems))
        if not lines:
            self.totals.setText(_("Total: —"))
            return
        totals = draft_totals(lines)
        self.totals.setText(_("Without VAT {net} · VAT {vat} · Total {total}").format(
            net=formatting.number(totals.tax_basis, places=2), vat=formatting.number(totals.vat_total, places=2),
            total=formatting.number(totals.grand_total, places=2)))

    def save(self) -> None:
        lines, problems = self.lines()
        customer_id = self.customer.currentData()
        if customer_id is None or self.customer.currentText() != self.customer.itemText(self.customer.currentIndex()):
            problems.insert(0, _("Choose the customer from the list."))
        if problems:
            self.problem.setText("\n".join(problems))
            return
        day = self.delivery.date()
        draft = DraftInput(customer_id=int(customer_id), lines=tuple(lines),
                           delivery_date=date(day.year(), day.month(), day.day()),
                           notes=self.notes.toPlainText().strip(), buyer_reference=self.reference.text().strip())
        try:
            self.saved_id = save_draft(self.db, draft, self.invoice_id)
        except ValidationFailed as failure:
            self.problem.setText("\n".join(failure.problems.values()))
            return
        except DomainError as error:
            QMessageBox.warning(self, _("Draft not saved"), str(error))
            return
        self.accept()
