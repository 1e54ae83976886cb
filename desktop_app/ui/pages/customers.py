"""The Customers screen: a searchable list and the form of the selected customer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QWidget,
)

from desktop_app.domain.errors import DomainError, ValidationFailed
from desktop_app.domain.parties import Customer
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services import customers as service
from desktop_app.services.company import setting, show_company
from desktop_app.services.customer_statements import statement_pdf
from desktop_app.ui.models.customers import CustomerTableModel
from desktop_app.ui.pages.base import EmptyState, Page
from desktop_app.ui.widgets.customer_form import CustomerForm


class CustomersPage(Page):
    key = "customers"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Customers"), parent)
        self.db = db
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search name, e-mail, VAT number, SIREN, city…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search customers"))
        self.search.setMinimumWidth(280)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Customer type"))
        for value, label in (("", _("All customers")), ("b2b", _("Businesses")), ("b2c", _("Consumers"))):
            self.kind.addItem(label, value)
        self.new_button = QPushButton(_("New customer"))
        self.new_button.setToolTip(_("Create a customer (Ctrl+N)"))
        self.actions_bar.addWidget(self.search)
        self.actions_bar.addWidget(self.kind)
        self.statement_button = QPushButton(_("Statement PDF…"))
        self.statement_button.setToolTip(_("The customer's statement of account: invoices, credit notes, payments "
                                           "and balance"))
        self.actions_bar.addWidget(self.new_button)
        self.actions_bar.addWidget(self.statement_button)

        self.model = CustomerTableModel(lambda ids: service.customers_by_ids(db, ids), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAccessibleName(_("Customer list"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 230), (1, 85), (2, 230), (3, 120), (4, 65), (5, 140)):
            self.table.setColumnWidth(column, width)
        self.listing = EmptyState(self.table, _("No customers yet. Import your shop's orders (customers are "
                                                "created from them) or click “New customer”."))

        self.form = CustomerForm()
        self.form.check = service.check_customer
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(340)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.listing)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 420])
        self.body.addWidget(self.splitter)

        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_timer.start)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.new_button.clicked.connect(self.new_customer)
        self.statement_button.clicked.connect(self.save_statement)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.form.save_requested.connect(self.save)
        self.form.cancelled.connect(self._reload_current)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_customer)
        QShortcut(QKeySequence.StandardKey.Save, self, self.form.save_button.click)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.refresh()

    def shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        current = self.form.customer_id
        ids = service.customer_ids(self.db, self.search.text(), self.kind.currentData() or "")
        self.model.set_ids(ids)
        filtered = bool(self.search.text() or self.kind.currentData())
        self.listing.set_empty(not ids, _("No customer matches this search.") if filtered else None)
        if current is not None and self.model.row_of(current) >= 0:
            self.select(current)
        elif ids:
            self.select(ids[0])
        else:
            self.new_customer()

    def select(self, customer_id: int) -> None:
        row = self.model.row_of(customer_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(self.model.index(row, 0))

    def new_customer(self) -> None:
        self.table.clearSelection()
        company = show_company(self.db)
        self.form.load(None, company.country or "FR", str(setting(self.db, "payment_terms.default")))
        self.form.form.rows["name"].editor.setFocus()

    def _row_changed(self, current: object, _previous: object) -> None:
        customer_id = self.model.id_at(current.row()) if current is not None else None  # type: ignore[attr-defined]
        if customer_id is not None:
            self.form.load(service.get_customer(self.db, customer_id))

    def _reload_current(self) -> None:
        if self.form.customer_id is not None:
            self.form.load(service.get_customer(self.db, self.form.customer_id))
        else:
            self.new_customer()

    def save(self, customer: Customer) -> None:
        try:
            saved = service.save_customer(self.db, customer)
        except ValidationFailed as failure:
            self.form.show_problems(failure.problems)
            return
        except DomainError as error:
            QMessageBox.warning(self, _("Customer not saved"), str(error))
            return
        self.form.customer_id = saved.id
        self.refresh()
        if saved.id is not None:
            self.select(saved.id)
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(_("Customer “{name}” saved.").format(name=saved.name), 4000)

    def save_statement(self) -> None:
        customer_id = self.form.customer_id
        if customer_id is None:
            return
        suggested = str(Path.home() / _("statement-{id}.pdf").format(id=customer_id))
        path, _filter = QFileDialog.getSaveFileName(self, _("Save statement"), suggested, "PDF (*.pdf)")
        if path:
            Path(path).write_bytes(statement_pdf(self.db, customer_id))
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(_("Saved {path}").format(path=path), 6000)
