"""The Customers screen: a searchable list and the form of the selected customer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QWidget,
)

from desktop_app.domain.errors import DomainError, ValidationFailed
from desktop_app.domain.parties import Customer
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services import customers as service
from desktop_app.services.company import setting, show_company
from desktop_app.services.customer_statements import statement_pdf
from desktop_app.services.document_files import write_whole
from desktop_app.services.listing import customer_listing
from desktop_app.ui.jobs import start_job
from desktop_app.ui.models.customers import CustomerTableModel
from desktop_app.ui.pages.base import Page
from desktop_app.ui.shortcuts import bind_page, find
from desktop_app.ui.widgets.background import as_job
from desktop_app.ui.widgets.customer_form import CustomerForm
from desktop_app.ui.widgets.listing_table import ListingTable
from desktop_app.ui.widgets.table_state import remember_combo


class CustomersPage(Page):
    key = "customers"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Customers"), parent)
        self.db = db
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search name, e-mail, VAT number, SIREN, city…"))
        self.search.setToolTip(_("Every word you type must start a word of the name, e-mail, VAT number, SIREN or "
                                 "city ({keys})").format(keys=find("customers.find").label()))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search customers"))
        self.search.setMinimumWidth(320)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Customer type"))
        for value, label in (("", _("All customers")), ("b2b", _("Businesses")), ("b2c", _("Consumers"))):
            self.kind.addItem(label, value)
        remember_combo(self.kind, self.key, "kind")
        self.new_button = QPushButton(_("New customer"))
        self.new_button.setToolTip(_("Create a customer ({keys})").format(keys=find("customers.new").label()))
        self.statement_button = QPushButton(_("Statement PDF…"))
        self.statement_button.setToolTip(_("The customer's statement of account: invoices, credit notes, payments "
                                           "and balance ({keys})").format(keys=find("customers.statement").label()))
        self.privacy_button = QPushButton(_("Personal data…"))
        self.privacy_button.setToolTip(_("Export everything held about the customer, or erase their personal data "
                                         "where the law allows it"))
        self.privacy_button.setAccessibleName(_("Personal data"))
        for widget in (self.search, self.kind, self.new_button, self.statement_button, self.privacy_button):
            self.actions_bar.addWidget(widget)

        self.model = CustomerTableModel(self)
        self.listing = ListingTable(self.model, self.key, _("Customer list"),
                                    {0: 230, 1: 85, 2: 230, 3: 120, 4: 65, 5: 140})
        self.table = self.listing.table
        self.form = CustomerForm()
        self.form.check = service.check_customer
        self.form.save_button.setToolTip(_("Save ({keys})").format(keys=find("customers.save").label()))
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(360)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.listing)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 420])
        self.body.addWidget(self.splitter)

        self._search_timer = QTimer(self, singleShot=True, interval=30)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_timer.start)
        self.kind.currentIndexChanged.connect(lambda _index: self.refresh())
        self.new_button.clicked.connect(self.new_customer)
        self.statement_button.clicked.connect(self.save_statement)
        self.privacy_button.clicked.connect(self.open_privacy)
        self.form.loaded.connect(self._update_actions)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.sort_requested.connect(lambda _sort: self.refresh())
        self.listing.loaded.connect(self._loaded)
        self.form.save_requested.connect(self.save)
        self.form.cancelled.connect(self._reload_current)
        bind_page(self, self.key)
        self.new_customer()            # until the list is read (and when it is empty), the form is a new customer's
        self.refresh()

    def shown(self) -> None:
        self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self, keep: int | None = None) -> None:
        self._search_timer.stop()
        search, kind, sort = self.search.text(), self.kind.currentData() or "", self.model.sort_key
        keep = keep if keep is not None else self.form.customer_id
        empty = (_("No customer matches this search.") if search.strip() or kind else
                 _("No customers yet. Import your shop's orders (customers are created from them) or click "
                   "“New customer”."))
        self.listing.load(lambda: customer_listing(self.db, search, kind, sort), keep, empty)

    def open_item(self, item_id: int) -> None:
        for widget in (self.search, self.kind):
            widget.blockSignals(True)
        self.search.clear()
        self.kind.setCurrentIndex(0)
        for widget in (self.search, self.kind):
            widget.blockSignals(False)
        self.refresh(item_id)

    def _loaded(self, count: int) -> None:
        if not count and self.form.customer_id is not None:
            self.new_customer()

    def select(self, customer_id: int) -> None:
        row = self.model.row_of(customer_id)
        if row >= 0:
            self.listing.select_row(row)

    def new_customer(self) -> None:
        self.table.clearSelection()
        company = show_company(self.db)
        self.form.load(None, company.country or "FR", str(setting(self.db, "payment_terms.default")))
        self.form.form.rows["name"].editor.setFocus()

    def save_form(self) -> None:
        self.form.save_button.click()

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
        self._update_actions()
        self.model.refresh_item(saved.id or 0)
        self.refresh(saved.id)
        self.say(_("Customer “{name}” saved.").format(name=saved.name), 4000)

    def _update_actions(self) -> None:
        chosen = self.form.customer_id is not None
        self.statement_button.setEnabled(chosen)
        self.privacy_button.setEnabled(chosen)

    def open_privacy(self) -> None:
        """The selected customer's personal data: a copy for them, or its erasure; the list shows the result."""
        from desktop_app.ui.dialogs.customer_privacy import CustomerPrivacyDialog

        customer_id = self.form.customer_id
        if customer_id is None:
            return
        if CustomerPrivacyDialog(self.db, customer_id, self).exec():
            self.model.refresh_item(customer_id)
            self.form.load(service.get_customer(self.db, customer_id))
            self.refresh(customer_id)
            self.say(_("The customer's personal data was erased."))

    def save_statement(self) -> None:
        customer_id = self.form.customer_id
        if customer_id is None:
            return
        suggested = str(Path.home() / _("statement-{id}.pdf").format(id=customer_id))
        path, _filter = QFileDialog.getSaveFileName(self, _("Save statement"), suggested, "PDF (*.pdf)")
        if path:
            start_job(lambda: as_job(lambda: write_whole(Path(path), statement_pdf(self.db, customer_id)),
                                     _("Preparing the statement")), self, _("Preparing the statement"),
                      on_finished=lambda _done: self.say(_("Saved {path}").format(path=path)),
                      on_failed=lambda error: QMessageBox.warning(self, _("Not saved"), str(error)))
