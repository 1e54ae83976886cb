"""The table of a big list: opened off the GUI thread (a newer request makes an older answer obsolete),
the selected row found again after each refresh, sorting by the columns an index serves, column widths
and sort remembered between sessions, and a sentence saying what to do when the list is empty."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QWidget

from desktop_app.services.listing import Listing, Opened
from desktop_app.ui.models.paged import PagedTableModel
from desktop_app.ui.pages.base import EmptyState
from desktop_app.ui.widgets.background import load_in_background
from desktop_app.ui.widgets.table_state import remember_header


def _open(listing: Listing[Any], keep: int | None) -> tuple[Listing[Any], Opened[Any]]:
    return listing, listing.open(keep)


def _label_width(table: QTableView, column: int) -> int:
    """What a column needs to show its whole title (titles are longer in some languages than in others)."""
    header = table.horizontalHeader()
    title = str(table.model().headerData(column, Qt.Orientation.Horizontal) or "")
    margins = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    return header.fontMetrics().horizontalAdvance(title) + margins + 8


class ListingTable(EmptyState):
    loaded = Signal(int)                  # how many rows the list has, once shown

    def __init__(self, model: PagedTableModel, settings_key: str, accessible_name: str,
                 widths: Mapping[int, int] = {}, multiple: bool = False,
                 parent: QWidget | None = None) -> None:
        self.table = QTableView()
        super().__init__(self.table, "", parent)
        self.model = model
        self._request = 0
        self._waiting: tuple[Callable[[], Listing[Any]], int | None, str] | None = None
        self.loading = False
        table = self.table
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multiple
                               else QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        # Rows of one height: the view never asks a million rows for their size.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.setAccessibleName(accessible_name)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        for column, width in widths.items():
            table.setColumnWidth(column, width)
        remember_header(header, settings_key)
        for column in range(model.columnCount()):         # after the saved widths: made in another language
            if table.columnWidth(column) < _label_width(table, column):
                table.setColumnWidth(column, _label_width(table, column))
        model.sort_requested.connect(self._sorted)
        table.setSortingEnabled(True)

    def load(self, make: Callable[[], Listing[Any]], keep: int | None, empty_message: str) -> None:
        """Open the list on a worker thread; show it (selecting `keep`, else the first row) when read.

        The reading starts once the event loop turns: of several asked for meanwhile (a screen built, then
        shown; a filter cleared, then typed), only the last is read."""
        self._request += 1
        self.loading = True
        if self._waiting is None:
            QTimer.singleShot(0, self, self._start)
        self._waiting = (make, keep, empty_message)

    def _start(self) -> None:
        if self._waiting is None:
            return
        (make, keep, empty_message), self._waiting = self._waiting, None
        number = self._request
        load_in_background(self, lambda: _open(make(), keep),
                           lambda result: self._show(number, result, empty_message),
                           lambda error: self._failed(number, error), urgent=True)

    def _show(self, number: int, result: tuple[Listing[Any], Opened[Any]], empty_message: str) -> None:
        if number != self._request:
            return                       # a newer request is on its way
        listing, opened = result
        self.model.show_listing(listing, opened)
        self.set_empty(opened.count == 0, empty_message)
        if opened.count:
            row = opened.kept_row if opened.kept_row is not None else 0
            self.select_row(row)
        self.loading = False
        self.loaded.emit(opened.count)

    def _failed(self, number: int, error: Exception) -> None:
        if number == self._request:
            self.loading = False
            self.model.clear()
            self.set_empty(True, str(error))
            self.loaded.emit(0)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(row) for row in rows) if i is not None]

    def current_id(self) -> int | None:
        return self.model.id_at(self.table.currentIndex().row())

    def current_item(self) -> Any:
        row = self.table.currentIndex().row()
        return self.model.item(row) if row >= 0 else None

    def _sorted(self, wanted: tuple[str, bool] | None) -> None:
        if wanted is None:           # not a column an index can sort: back to the list's own order
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
