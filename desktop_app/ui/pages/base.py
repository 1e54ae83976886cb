"""What every screen of the main window shares: a header with title and actions, and an empty state."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget


class Page(QWidget):
    """A main-window screen. `key` names it for navigation, settings and screenshots."""

    key = ""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(10)
        header = QHBoxLayout()
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        header.addWidget(heading)
        header.addStretch()
        self.actions_bar = QHBoxLayout()
        self.actions_bar.setSpacing(6)
        header.addLayout(self.actions_bar)
        outer.addLayout(header)
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        outer.addLayout(self.body, 1)

    def shown(self) -> None:
        """Called each time the screen comes to the front: refresh what may have changed."""

    def say(self, text: str, timeout: int = 6000) -> None:
        """A sentence in the window's status bar (what was just done, or why not)."""
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, timeout)

    def open_item(self, item_id: int) -> None:
        """Show one record of this screen (the global search's answer): its row selected."""

    def after_first_paint(self, action: Callable[[], None]) -> None:
        """Run `action` once the main window is on screen (at once if it already is): heavy imports and
        reads of the first screen then never delay the window's first paint."""
        when_painted = getattr(self.window(), "when_painted", None)
        if when_painted is None:
            QTimer.singleShot(0, action)
        else:
            when_painted(action)


class EmptyState(QStackedWidget):
    """Shows `content`, or a sentence saying what to do next when there is nothing to show."""

    def __init__(self, content: QWidget, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.message = QLabel(message)
        self.message.setObjectName("emptyState")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.addWidget(content)
        self.addWidget(self.message)

    def set_empty(self, empty: bool, message: str | None = None) -> None:
        if message:
            self.message.setText(message)
        self.setCurrentWidget(self.message if empty else self.content)
