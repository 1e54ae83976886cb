"""Help › Keyboard shortcuts: every shortcut of the registry (ui.shortcuts), by screen."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.i18n import _
from desktop_app.ui.shortcuts import SHORTCUTS, WINDOW, Shortcut, go_shortcuts


def shortcut_rows(pages: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(where, keys, what) for every shortcut: the window's first, then each screen's in navigation order."""
    titles = dict(pages)
    window: list[Shortcut] = [s for s in SHORTCUTS if s.scope == WINDOW] + go_shortcuts(pages)
    rows = [(_("Everywhere"), s.label(), _(s.description) if s.method != "go" else
             _("Go to {screen}").format(screen=s.description)) for s in window]
    for key, _title in pages:
        rows += [(titles[key], s.label(), _(s.description)) for s in SHORTCUTS if s.scope == key]
    return rows


class ShortcutList(QDialog):
    def __init__(self, pages: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.resize(640, 560)
        rows = shortcut_rows(pages)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels([_("Where"), _("Keys"), _("What they do")])
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
