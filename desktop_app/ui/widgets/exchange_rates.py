"""Exchange rates: the latest of each currency, typed in or read from an ECB reference-rate file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
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
from desktop_app.services.order_import import FileRefused
from desktop_app.services.rates import import_ecb_file, latest_rates, set_rate


class ExchangeRates(QGroupBox):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Exchange rates"), parent)
        self.db = db
        layout = QVBoxLayout(self)
        hint = QLabel(_("Invoices in another currency state their VAT in euros at the latest rate on their date."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Currency"), _("For 1 €"), _("Date"), _("Source")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Exchange rates"))
        self.table.setMaximumHeight(140)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(_("Import an ECB file…"))
        self.import_button.setToolTip(_("eurofxref-daily.xml, eurofxref-hist.xml or .csv, downloaded from the ECB"))
        self.add_button = QPushButton(_("Add a rate…"))
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.import_button.clicked.connect(self._import)
        self.add_button.clicked.connect(self._add)
        self.refresh()

    def refresh(self) -> None:
        rows = latest_rates(self.db)
        self.table.setRowCount(len(rows))
        for row, (currency, day, rate, source) in enumerate(rows):
            for column, value in enumerate((currency, formatting.number(plain_number(rate)), formatting.day(day),
                                            source)):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def _import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("ECB reference rates"), "",
                                                    _("ECB files (*.xml *.csv);;All files (*)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        try:
            count = import_ecb_file(self.db, path)
        except (FileRefused, DomainError, OSError) as error:
            self.message.setText(str(error))
            return
        self.message.setText(_("{n} rates read from {file}.").format(n=count, file=path.name))
        self.refresh()

    def _add(self) -> None:
        dialog = RateDialog(self)
        if dialog.exec():
            self.refresh()


class RateDialog(QDialog):
    def __init__(self, parent: ExchangeRates) -> None:
        super().__init__(parent)
        self.rates = parent
        self.setWindowTitle(_("Add an exchange rate"))
        form = QFormLayout(self)
        self.currency = QLineEdit()
        self.currency.setPlaceholderText("USD")
        self.currency.setAccessibleName(_("Currency"))
        self.rate = QLineEdit()
        self.rate.setPlaceholderText("1,0856")
        self.rate.setAccessibleName(_("Units for 1 €"))
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        form.addRow(_("Currency"), self.currency)
        form.addRow(_("Units for 1 €"), self.rate)
        form.addRow(_("Date"), self.day)
        form.addRow(self.problem)
        form.addRow(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

    def save(self) -> None:
        day = self.day.date()
        try:
            set_rate(self.rates.db, self.currency.text().strip(), formatting.parse_number(self.rate.text()),
                     date(day.year(), day.month(), day.day()))
        except (DomainError, ValueError) as error:
            self.problem.setText(str(error) or _("'{text}' is not a number").format(text=self.rate.text()))
            return
        self.accept()
