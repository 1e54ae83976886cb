"""Credit note for an issued invoice: the whole invoice, or chosen lines and quantities."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import formatting
from desktop_app.domain.errors import DomainError
from desktop_app.domain.money import plain_number
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services.credit_notes import credit_invoice
from desktop_app.services.invoices import invoice_view


class CreditNoteDialog(QDialog):
    def __init__(self, db: Database, invoice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.view = invoice_view(db, invoice_id)
        self.issued_number = ""
        number = self.view.document.number
        self.setWindowTitle(_("Credit note for {number}").format(number=number))
        self.resize(720, 460)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("A credit note cancels all or part of invoice {number}. It is issued at once, with "
                                  "its own number, and cannot be undone.").format(number=number)))
        self.whole = QRadioButton(_("The whole invoice"))
        self.part = QRadioButton(_("Chosen lines"))
        self.whole.setChecked(True)
        layout.addWidget(self.whole)
        layout.addWidget(self.part)
        lines = self.view.document.lines
        self.table = QTableWidget(len(lines), 3)
        self.table.setHorizontalHeaderLabels([_("Line"), _("Invoiced"), _("Credit")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Lines to credit"))
        self.spins: list[tuple[QCheckBox, QDoubleSpinBox]] = []
        for row, line in enumerate(lines):
            check = QCheckBox(line.description)
            self.table.setCellWidget(row, 0, check)
            self.table.setItem(row, 1, QTableWidgetItem(formatting.number(plain_number(line.quantity))))
            spin = QDoubleSpinBox()
            spin.setDecimals(4 if line.quantity != line.quantity.to_integral_value() else 0)
            spin.setRange(0, float(line.quantity))
            spin.setValue(float(line.quantity))
            self.table.setCellWidget(row, 2, spin)
            self.spins.append((check, spin))
        self.table.setEnabled(False)
        layout.addWidget(self.table, 1)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Reason (printed on the credit note), e.g. Returned goods"))
        self.reason.setAccessibleName(_("Reason"))
        layout.addWidget(self.reason)
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.issue_button = buttons.addButton(_("Issue credit note"), QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(buttons)
        self.part.toggled.connect(self.table.setEnabled)
        buttons.accepted.connect(self.issue)
        buttons.rejected.connect(self.reject)

    def chosen_lines(self) -> list[tuple[int, Decimal]] | None:
        if self.whole.isChecked():
            return None
        # The spin box shows a float; the quantity it stands for is rebuilt exactly from its text.
        return [(position, Decimal(spin.cleanText().replace(",", ".")))
                for position, (check, spin) in enumerate(self.spins, start=1) if check.isChecked() and spin.value() > 0]

    def issue(self) -> None:
        lines = self.chosen_lines()
        if lines == []:
            self.problem.setText(_("Tick at least one line to credit."))
            return
        try:
            result = credit_invoice(self.db, self.view.document.number, lines, self.reason.text().strip())
        except DomainError as error:
            self.problem.setText(str(error))
            return
        self.issued_number = result.issued[0].number if result.issued else ""
        if not self.issued_number:
            QMessageBox.warning(self, _("Not issued"), _("The credit note was not issued."))
            return
        self.accept()
