"""A table model over the ids of a query: rows are fetched a page at a time, only for what is shown.

Subclasses say how to fetch a page of items for a list of ids, and how to show a column of an
item. Counting and filtering happen in SQL (the ids come from the service), never by walking rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
PAGE = 200


class PagedTableModel(QAbstractTableModel):
    """Holds ordered ids; builds rows lazily in pages kept in a small cache."""

    columns: Sequence[str] = ()

    def __init__(self, fetch_page: Callable[[Sequence[int]], Sequence[Any]], parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch_page = fetch_page
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._pages.clear()
        self.endResetModel()

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, item_id: int) -> int:
        try:
            return self._ids.index(item_id)
        except ValueError:
            return -1

    def item(self, row: int) -> Any:
        page_number = row // PAGE
        page = self._pages.get(page_number)
        if page is None:
            ids = self._ids[page_number * PAGE:(page_number + 1) * PAGE]
            page = list(self._fetch_page(ids))
            self._pages[page_number] = page
            while len(self._pages) > 20:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        offset = row - page_number * PAGE
        return page[offset] if offset < len(page) else None

    def refresh_item(self, item_id: int) -> None:
        """Forget the cached page holding `item_id` and repaint its row."""
        row = self.row_of(item_id)
        if row >= 0:
            self._pages.pop(row // PAGE, None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's names
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.column_titles()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.item(index.row())
        if item is None:
            return None
        return self.cell(item, self.columns[index.column()], role)

    def column_titles(self) -> list[str]:
        """The column headings, in the UI language (each table gives its own)."""
        return list(self.columns)

    def cell(self, item: Any, column: str, role: int) -> Any:
        """What a cell shows for `role` (each table gives its own)."""
        return getattr(item, column, None) if role == Qt.ItemDataRole.DisplayRole else None
