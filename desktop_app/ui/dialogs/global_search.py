"""The global search (Ctrl+K): type a name, an e-mail, a document or order number, or an amount; the
customers, invoices and orders found are listed as you type; Enter opens the chosen one on its screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop_app import formatting
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services.search import Found, global_search
from desktop_app.ui.widgets.background import load_in_background

HIT = Qt.ItemDataRole.UserRole


def _sections() -> dict[str, str]:
    return {"customer": _("Customers"), "invoice": _("Invoices and credit notes"), "order": _("Orders")}


def describe(found: Found) -> str:
    """One line per record: what it is, whose, when, how much."""
    if found.kind == "customer":
        return f"{found.name} · {found.number}" if found.number else found.name
    parts = [found.number or _("Draft"), found.name]
    if found.day is not None:
        parts.append(formatting.day(found.day))
    if found.amount is not None:
        parts.append(formatting.money(found.amount, found.currency))
    if found.kind == "invoice" and found.state == "credit_note":
        parts.insert(0, _("Credit note"))
    return " · ".join(part for part in parts if part)


class GlobalSearch(QDialog):
    chosen = Signal(str, int)           # kind (customer | invoice | order), id

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Search"))
        self.setMinimumWidth(640)
        self.resize(680, 460)
        self._request = 0
        self.found: list[Found] = []
        self.field = QLineEdit()
        self.field.setPlaceholderText(_("Name, e-mail, invoice or order number, amount…"))
        self.field.setAccessibleName(_("Search customers, invoices and orders"))
        self.field.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName(_("Search results"))
        self.hint = QLabel(_("Type at least two letters or digits. ↑ ↓ to choose, Enter to open, Esc to close."))
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        self._timer = QTimer(self, singleShot=True, interval=60)
        self._timer.timeout.connect(self.search)
        self.field.textChanged.connect(self._timer.start)
        self.field.installEventFilter(self)
        self.field.returnPressed.connect(self.open_current)
        self.results.itemActivated.connect(lambda _item: self.open_current())
        self.field.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up and down move through the results while the cursor stays in the field.
        if (watched is self.field and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)):
            self._move(1 if event.key() == Qt.Key.Key_Down else -1)
            return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        row = self.results.currentRow()
        count = self.results.count()
        for _attempt in range(count):
            row = (row + step) % count if count else -1
            item = self.results.item(row)
            if item is not None and item.data(HIT) is not None:
                self.results.setCurrentRow(row)
                return

    def search(self) -> None:
        text = self.field.text().strip()
        self._request += 1
        number = self._request
        if len(text) < 2:
            self._show(number, [])
            return
        load_in_background(self, lambda: global_search(self.db, text), lambda found: self._show(number, found))

    def _show(self, number: int, found: list[Found]) -> None:
        if number != self._request:
            return
        self.found = found
        self.results.clear()
        sections = _sections()
        current = None
        for kind in ("customer", "invoice", "order"):
            hits = [item for item in found if item.kind == kind]
            if not hits:
                continue
            heading = QListWidgetItem(sections[kind])
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.results.addItem(heading)
            for hit in hits:
                item = QListWidgetItem("    " + describe(hit))
                item.setData(HIT, (hit.kind, hit.id))
                self.results.addItem(item)
                current = current or item
        if current is not None:
            self.results.setCurrentItem(current)
        elif len(self.field.text().strip()) >= 2:
            self.results.addItem(_("Nothing found. Try part of a name, an e-mail, a number or an amount."))

    def open_current(self) -> None:
        item = self.results.currentItem()
        hit: Any = item.data(HIT) if item is not None else None
        if hit is None:
            return
        self.accept()
        self.chosen.emit(hit[0], int(hit[1]))
