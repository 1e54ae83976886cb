"""The Orders screen: every imported order with filters, its detail, and the import wizard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QWidget,
)

from desktop_app import formatting
from desktop_app.i18n import _, ngettext
from desktop_app.services import Database
from desktop_app.services import orders as service
from desktop_app.services.listing import order_listing, shop_names
from desktop_app.services.orders import OrderFilter
from desktop_app.ui.models.orders import OrderTableModel
from desktop_app.ui.pages.base import Page
from desktop_app.ui.shortcuts import bind_page, find
from desktop_app.ui.widgets.forms import date_edit
from desktop_app.ui.widgets.listing_table import ListingTable
from desktop_app.ui.widgets.order_detail import OrderDetailView
from desktop_app.ui.widgets.table_state import remember_combo


class OrdersPage(Page):
    key = "orders"
    imported = Signal(list)          # the files of an import that went through

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Orders"), parent)
        self.db = db
        self.import_button = QPushButton(_("Import orders…"))
        self.import_button.setToolTip(_("Import your shop's order export files ({keys}); you can also drop them on "
                                        "the window").format(keys=find("orders.import").label()))
        self.actions_bar.addWidget(self.import_button)
        self._make_filters()

        self.model = OrderTableModel(self)
        self.listing = ListingTable(self.model, self.key, _("Order list"),
                                 {0: 88, 1: 70, 2: 96, 3: 165, 4: 82, 5: 125})
        self.table = self.listing.table
        self.count = QLabel()
        self.detail = OrderDetailView()
        scroll = QScrollArea()
        scroll.setWidget(self.detail)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(360)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.listing)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([820, 380])
        self.body.addWidget(splitter, 1)
        self.body.addWidget(self.count)

        self._timer = QTimer(self, singleShot=True, interval=30)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._timer.start)
        for combo in (self.shop, self.status, self.invoiced):
            combo.currentIndexChanged.connect(lambda _index: self.refresh())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._timer.start)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.sort_requested.connect(lambda _sort: self.refresh())
        self.listing.loaded.connect(self._loaded)
        self.import_button.clicked.connect(lambda: self.open_import())
        bind_page(self, self.key)
        self.shown()

    def _make_filters(self) -> None:
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search order number, customer, e-mail…"))
        self.search.setToolTip(_("Every word you type must start a word of the order number, the customer's name "
                                 "or e-mail ({keys})").format(keys=find("orders.find").label()))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search orders"))
        self.shop = QComboBox()
        self.shop.setAccessibleName(_("Shop"))
        self.shop.addItem(_("All shops"), "")
        self.status = QComboBox()
        self.status.setAccessibleName(_("Status"))
        for value, label in (("", _("Any status")), ("paid", _("Paid")), ("awaiting", _("Awaiting payment")),
                             ("cancelled", _("Cancelled")), ("refunded", _("Refunded"))):
            self.status.addItem(label, value)
        self.invoiced = QComboBox()
        self.invoiced.setAccessibleName(_("Invoiced"))
        for value, label in ((None, _("Invoiced or not")), (False, _("Not invoiced")), (True, _("Invoiced"))):
            self.invoiced.addItem(label, value)
        remember_combo(self.status, self.key, "status")
        remember_combo(self.invoiced, self.key, "invoiced")
        self.date_from = self._date_edit(_("From"))
        self.date_to = self._date_edit(_("To"))
        filters.addWidget(self.search, 2)
        for widget in (self.shop, self.status, self.invoiced):
            filters.addWidget(widget)
        filters.addWidget(QLabel(_("From")))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel(_("to")))
        filters.addWidget(self.date_to)
        self.body.addLayout(filters)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = date_edit(name)
        edit.setSpecialValueText(_("any date"))
        edit.setMinimumDate(QDate(2000, 1, 1))
        edit.setDate(edit.minimumDate())
        edit.setToolTip(_("Leave at “any date” not to filter by date"))
        return edit

    def shown(self) -> None:
        current = self.shop.currentData()
        self.shop.blockSignals(True)
        self.shop.clear()
        self.shop.addItem(_("All shops"), "")
        for name in shop_names(self.db):
            self.shop.addItem(name, name)
        self.shop.setCurrentIndex(max(self.shop.findData(current), 0))
        self.shop.blockSignals(False)
        self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def current_filter(self) -> OrderFilter:
        def day(edit: QDateEdit) -> Any:
            return None if edit.date() == edit.minimumDate() else edit.date().toPython()
        return OrderFilter(search=self.search.text(), shop=self.shop.currentData() or "",
                           status=self.status.currentData() or "", invoiced=self.invoiced.currentData(),
                           date_from=day(self.date_from), date_to=day(self.date_to))

    def refresh(self, keep: int | None = None) -> None:
        self._timer.stop()
        flt = self.current_filter()
        keep = keep if keep is not None else self.listing.current_id()
        sort = self.model.sort_key
        empty = (_("No order matches these filters.") if flt != OrderFilter() else
                 _("No orders yet. Click “Import orders…” (or drop your shop's export files on the window): "
                   "Shopify, WooCommerce, PrestaShop or any CSV."))
        self.listing.load(lambda: order_listing(self.db, flt, sort), keep, empty)

    def open_item(self, item_id: int) -> None:
        for widget in (self.search, self.shop, self.status, self.invoiced, self.date_from, self.date_to):
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.shop, self.status, self.invoiced):
            combo.setCurrentIndex(0)
        for edit in (self.date_from, self.date_to):
            edit.setDate(edit.minimumDate())
        for widget in (self.search, self.shop, self.status, self.invoiced, self.date_from, self.date_to):
            widget.blockSignals(False)
        self.refresh(item_id)

    def _loaded(self, count: int) -> None:
        self.count.setText(ngettext("{n} order", "{n} orders", count).format(n=formatting.count(count)))
        if not count:
            self.detail.show_order(None)

    def _row_changed(self, current: object, _previous: object) -> None:
        order_id = self.model.id_at(current.row())  # type: ignore[attr-defined]
        self.detail.show_order(service.order_detail(self.db, order_id) if order_id is not None else None)

    def open_import(self, files: list[Path] | None = None) -> None:
        from desktop_app.ui.dialogs.import_orders import ImportOrdersWizard

        wizard = ImportOrdersWizard(self.db, self, files or [])
        wizard.imported.connect(self.shown)
        wizard.imported.connect(lambda: self.imported.emit(wizard.files_page.files.paths()))
        wizard.open()
        self._wizard = wizard
