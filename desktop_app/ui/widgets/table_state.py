"""What a table looked like last time: column widths, order and sort, and the filters of its screen,
kept in the user's Qt settings (one group per table)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QComboBox, QHeaderView, QTabBar


def _key(table: str, what: str) -> str:
    return f"tables/{table}/{what}"


def remember_header(header: QHeaderView, table: str) -> None:
    """Restore the header's widths, order and sort indicator, and save them whenever they change."""
    state = QSettings().value(_key(table, "header"))
    if isinstance(state, QByteArray) and not state.isEmpty():
        header.restoreState(state)

    def save(*_args: Any) -> None:
        QSettings().setValue(_key(table, "header"), header.saveState())

    header.sectionResized.connect(save)
    header.sectionMoved.connect(save)
    header.sortIndicatorChanged.connect(save)


def remembered(table: str, name: str, default: Any = None) -> Any:
    """A filter value saved for a table (`default` when none was)."""
    return QSettings().value(_key(table, name), default)


def remember(table: str, name: str, value: Any) -> None:
    QSettings().setValue(_key(table, name), value)


def remember_combo(combo: QComboBox, table: str, name: str, by_data: bool = False) -> None:
    """Select the item chosen last time, and keep the choice when it changes.

    A fixed list of choices is remembered by position; a list that changes (the shops) by its data."""
    saved = remembered(table, name)
    if saved is not None:
        index = combo.findData(saved) if by_data else int(saved) if str(saved).isdigit() else -1
        if 0 <= index < combo.count():
            combo.setCurrentIndex(index)
    combo.currentIndexChanged.connect(
        lambda index: remember(table, name, combo.currentData() if by_data else index))


def remember_tab(tabs: QTabBar, table: str, name: str = "tab") -> bool:
    """Open the tab shown last time; True when there was one."""
    saved = remembered(table, name)
    found = False
    if saved is not None and str(saved).lstrip("-").isdigit() and 0 <= int(saved) < tabs.count():
        tabs.setCurrentIndex(int(saved))
        found = True
    tabs.currentChanged.connect(lambda index: remember(table, name, index))
    return found

