"""The Orders screen: every imported order with filters, its detail, and the import wizard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QWidget,
)

from desktop_app.i18n import _, ngettext
from desktop_app.services import Database
from desktop_app.services import orders as service
from desktop_app.services.orders import OrderFilter
from desktop_app.ui.models.orders import OrderTableModel
from desktop_app.ui.pages.base import EmptyState, Page
from desktop_app.ui.widgets.order_detail import OrderDetailView


class OrdersPage(Page):
    key = "orders"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Orders"), parent)
        self.db = db
        self.import_button = QPushButton(_("Import orders…"))
        self.import_button.setToolTip(_("Import your shop's order export files (Ctrl+I)"))
        self.actions_bar.addWidget(self.import_button)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search order number, customer, e-mail…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search orders"))
        self.shop = QComboBox()
        self.shop.setAccessibleName(_("Shop"))
        self.status = QComboBox()
        self.status.setAccessibleName(_("Status"))
        for value, label in (("", _("Any status")), ("paid", _("Paid")), ("awaiting", _("Awaiting payment")),
                             ("cancelled", _("Cancelled")), ("refunded", _("Refunded"))):
            self.status.addItem(label, value)
        self.invoiced = QComboBox()
        self.invoiced.setAccessibleName(_("Invoiced"))
        for value, label in ((None, _("Invoiced or not")), (False, _("Not invoiced")), (True, _("Invoiced"))):
            self.invoiced.addItem(label, value)
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

        self.model = OrderTableModel(lambda ids: service.order_summaries(db, ids), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_("Order list"))
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 95), (1, 60), (2, 95), (3, 180), (4, 90), (5, 140)):
            self.table.setColumnWidth(column, width)
        self.count = QLabel()
        self.listing = EmptyState(self.table, _("No orders yet. Click “Import orders…” and choose the export "
                                                "files of your shop (Shopify, WooCommerce, PrestaShop or CSV)."))
        self.detail = OrderDetailView()
        scroll = QScrollArea()
        scroll.setWidget(self.detail)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(360)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.listing)
        splitter.addWidget(scroll)
        splitter.setSizes([800, 380])
        self.body.addWidget(splitter, 1)
        self.body.addWidget(self.count)

        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._timer.start)
        for combo in (self.shop, self.status, self.invoiced):
            combo.currentIndexChanged.connect(self.refresh)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._timer.start)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.import_button.clicked.connect(self.open_import)
        QShortcut(QKeySequence("Ctrl+I"), self, self.open_import)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.shown()

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setSpecialValueText(_("any date"))
        edit.setMinimumDate(QDate(2000, 1, 1))
        edit.setDate(edit.minimumDate())
        edit.setAccessibleName(name)
        edit.setDisplayFormat("dd/MM/yyyy")
        return edit

    def shown(self) -> None:
        current = self.shop.currentData()
        self.shop.blockSignals(True)
        self.shop.clear()
        self.shop.addItem(_("All shops"), "")
        for name in service.shops(self.db):
            self.shop.addItem(name, name)
        index = self.shop.findData(current)
        self.shop.setCurrentIndex(max(index, 0))
        self.shop.blockSignals(False)
        self.refresh()

    def current_filter(self) -> OrderFilter:
        def day(edit: QDateEdit) -> object:
            return None if edit.date() == edit.minimumDate() else edit.date().toPython()
        return OrderFilter(search=self.search.text(), shop=self.shop.currentData() or "",
                           status=self.status.currentData() or "", invoiced=self.invoiced.currentData(),
                           date_from=day(self.date_from), date_to=day(self.date_to))

    def refresh(self) -> None:
        flt = self.current_filter()
        ids = service.order_ids(self.db, flt)
        self.model.set_ids(ids)
        filtered = flt != OrderFilter()
        self.listing.set_empty(not ids, _("No order matches these filters.") if filtered else None)
        self.count.setText(ngettext("{n} order", "{n} orders", len(ids)).format(n=len(ids)))
        if ids:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        else:
            self.detail.show_order(None)

    def _row_changed(self, current: object, _previous: object) -> None:
        order_id = self.model.id_at(current.row())  # type: ignore[attr-defined]
        self.detail.show_order(service.order_detail(self.db, order_id) if order_id is not None else None)

    def open_import(self, files: list[Path] | None = None) -> None:
        from desktop_app.ui.dialogs.import_orders import ImportOrdersWizard

        wizard = ImportOrdersWizard(self.db, self, files or [])
        wizard.imported.connect(self.shown)
        wizard.open()
        self._wizard = wizard
