"""One table of a report on screen: typed cells shown in the interface language, numbers on the right,
the totals row in bold. The table is small (a report is computed before it is shown)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop_app import formatting
from desktop_app.domain.report_table import Cell, Column, ColumnKind, Table

Index = QModelIndex | QPersistentModelIndex


def display(value: Cell, column: Column) -> str:
    """A cell as the user reads it: `1 234,50`, `5,5 %`, `28 nov. 2026`."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if column.kind is ColumnKind.DATE:
        return formatting.day(value)  # type: ignore[arg-type]
    if column.kind is ColumnKind.MONTH:
        return formatting.day(value, style="MMM y")  # type: ignore[arg-type]
    if column.kind in (ColumnKind.PERCENT, ColumnKind.RATE) and isinstance(value, Decimal):
        return formatting.percent(value)
    if column.kind is ColumnKind.MONEY and isinstance(value, Decimal):
        return formatting.number(value, places=2)
    if column.kind is ColumnKind.DAYS and isinstance(value, Decimal):
        return formatting.number(value, places=1)
    return str(value)


class ReportTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.table: Table | None = None

    def set_table(self, table: Table | None) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def _rows(self) -> list[tuple[Cell, ...]]:
        if self.table is None:
            return []
        rows = list(self.table.rows)
        if self.table.total is not None:
            rows.append(self.table.total)
        return rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's names
        return 0 if parent.isValid() or self.table is None else len(self._rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None or orientation != Qt.Orientation.Horizontal:
            return None
        column = self.table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        column = self.table.columns[index.column()]
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return display(self._rows()[row][index.column()], column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.table.total is not None and row == len(self.table.rows):
            font = QFont()
            font.setBold(True)
            return font
        return None
