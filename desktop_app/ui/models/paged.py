"""A table model over a list of any length (services.listing): it holds the count and windows of ids
read on demand, and builds rows only for the windows the view shows, in a small page cache.

A million invoices cost the count, the first window and a few hundred rows; scrolling to the end
reads the last window from the end of the index. Windows in the middle of a long filtered list can
take a while to reach: they are read on a worker thread, and their rows say "…" until they arrive.
Sorting asks the screen for a new list (only columns an index can serve sort), and the selection is
found again by position, not by walking the ids.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop_app.domain.progress import Job, Progress
from desktop_app.i18n import _
from desktop_app.services.listing import Listing, Opened
from desktop_app.ui.jobs import start_job

Index = QModelIndex | QPersistentModelIndex
WINDOW = 200          # ids and rows are read this many at a time
KEPT_WINDOWS = 40     # windows of ids kept (8 000 ids)
KEPT_PAGES = 12       # windows of built rows kept (2 400 rows)
WAITING = "…"         # what a row shows while its window is read


def _read_window(listing: Listing[Any], window: int) -> Job[tuple[list[int], list[Any]]]:
    yield Progress(0, 0)
    ids = listing.ids(window * WINDOW, WINDOW)
    return ids, list(listing.rows(ids)) if ids else []


class PagedTableModel(QAbstractTableModel):
    """Rows of a Listing, built a window at a time for what the view shows."""

    columns: Sequence[str] = ()
    sortable: frozenset[str] = frozenset()
    sort_requested = Signal(object)        # (column key, descending) or None for the list's own order

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.listing: Listing[Any] | None = None
        self._count = 0
        self._ids: OrderedDict[int, list[int]] = OrderedDict()
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0          # a window read for an older list is dropped when it arrives
        self.sort_key: tuple[str, bool] | None = None

    # -- content -------------------------------------------------------------------------------------------

    def show_listing(self, listing: Listing[Any], opened: Opened[Any]) -> None:
        """Show a list just opened (its count and first window come with it)."""
        self.beginResetModel()
        self.listing = listing
        self._count = opened.count
        self._forget()
        if opened.ids:
            window = opened.start // WINDOW
            self._ids[window] = list(opened.ids)
            self._pages[window] = list(opened.rows)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.listing, self._count = None, 0
        self._forget()
        self.endResetModel()

    def _forget(self) -> None:
        self._ids.clear()
        self._pages.clear()
        self._pending.clear()
        self._generation += 1

    def _window_ids(self, window: int) -> list[int]:
        ids = self._ids.get(window)
        if ids is None:
            ids = self.listing.ids(window * WINDOW, WINDOW) if self.listing is not None else []
            self._ids[window] = ids
            while len(self._ids) > KEPT_WINDOWS:
                self._ids.popitem(last=False)
        else:
            self._ids.move_to_end(window)
        return ids

    def id_at(self, row: int) -> int | None:
        if not 0 <= row < self._count:
            return None
        ids = self._window_ids(row // WINDOW)
        offset = row % WINDOW
        return ids[offset] if offset < len(ids) else None

    def row_of(self, item_id: int) -> int:
        """The row showing `item_id` (-1 when the list does not hold it)."""
        for window, ids in self._ids.items():
            if item_id in ids:
                return window * WINDOW + ids.index(item_id)
        position = self.listing.position(item_id) if self.listing is not None else None
        return -1 if position is None else position

    def item(self, row: int, wait: bool = True) -> Any:
        """The row's record; with `wait` False, None (and a read on a worker thread) when its window
        is in the middle of a long list and not read yet."""
        if not 0 <= row < self._count:
            return None
        window = row // WINDOW
        page = self._pages.get(window)
        if page is None and not wait and window not in self._ids and not self._quick():
            self._read_later(window)
            return None
        if page is None:
            ids = self._window_ids(window)
            page = list(self.listing.rows(ids)) if self.listing is not None and ids else []
            self._pages[window] = page
            while len(self._pages) > KEPT_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(window)
        offset = row % WINDOW
        return page[offset] if offset < len(page) else None

    def _quick(self) -> bool:
        return self.listing is None or self.listing.whole

    def _read_later(self, window: int) -> None:
        if window in self._pending or self.listing is None:
            return
        self._pending.add(window)
        generation, listing = self._generation, self.listing
        start_job(lambda: _read_window(listing, window), None, "", show_dialog=False, priority=1,
                  on_finished=lambda result: self._arrived(generation, window, result))

    def _arrived(self, generation: int, window: int, result: tuple[list[int], list[Any]]) -> None:
        if generation != self._generation:
            return
        self._pending.discard(window)
        self._ids[window], self._pages[window] = result
        first, last = window * WINDOW, min(window * WINDOW + len(result[0]), self._count) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def refresh_item(self, item_id: int) -> None:
        """Forget the cached rows holding `item_id` and repaint its row."""
        row = self.row_of(item_id)
        if row >= 0:
            self._pages.pop(row // WINDOW, None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # -- Qt ------------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's names
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.column_titles()[section]
        if role == Qt.ItemDataRole.ToolTipRole and self.columns[section] in self.sortable:
            return _("Click to sort by this column; click again to reverse")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in self.roles:
            return None
        item = self.item(index.row(), wait=False)
        if item is None:
            return WAITING if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            role = Qt.ItemDataRole.DisplayRole
        return self.cell(item, self.columns[index.column()], role)

    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
                       Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.AccessibleTextRole})

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a heading: sort by an indexed column, or back to the list's own order."""
        key = self.columns[column] if 0 <= column < len(self.columns) else ""
        wanted = (key, order == Qt.SortOrder.DescendingOrder) if key in self.sortable else None
        if wanted != self.sort_key:
            self.sort_key = wanted
            self.sort_requested.emit(wanted)

    # -- what each table shows -----------------------------------------------------------------------------

    def column_titles(self) -> list[str]:
        """The column headings, in the UI language (each table gives its own)."""
        return list(self.columns)

    def cell(self, item: Any, column: str, role: int) -> Any:
        """What a cell shows for `role` (each table gives its own)."""
        return getattr(item, column, None) if role == Qt.ItemDataRole.DisplayRole else None
