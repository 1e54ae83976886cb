"""A read-only table of short lists (a day's reminders, the outbox), each row carrying the key of its record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

KEY = Qt.ItemDataRole.UserRole


class RecordTable(QTableWidget):
    def __init__(self, headers: Sequence[str], right: Sequence[int] = (), stretch: int = -1,
                 parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.right = set(right)
        self.setHorizontalHeaderLabels(list(headers))
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)   # as the big lists' rows
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(stretch < 0)
        if stretch >= 0:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def set_records(self, records: Sequence[tuple[Any, Sequence[str]]], colours: Sequence[str | None] = ()) -> None:
        """Show `records` ((key, cells) pairs); `colours` gives an optional text colour per row."""
        self.setSortingEnabled(False)
        self.clearContents()
        self.setRowCount(len(records))
        for row, (key, cells) in enumerate(records):
            colour = colours[row] if row < len(colours) else None
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(KEY, key)
                item.setToolTip(text)
                if column in self.right:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if colour:
                    item.setForeground(QColor(colour))
                self.setItem(row, column, item)
        self.resizeColumnsToContents()
        for column in range(self.columnCount()):
            self.setColumnWidth(column, min(self.columnWidth(column) + 12, 320))

    def selected_keys(self) -> list[Any]:
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [self.item(row, 0).data(KEY) for row in rows if self.item(row, 0) is not None]

    def current_key(self) -> Any:
        item = self.item(self.currentRow(), 0) if self.currentRow() >= 0 else None
        return item.data(KEY) if item is not None else None
