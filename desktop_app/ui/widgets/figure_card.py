"""A dashboard card: a big figure, what it counts, and a click (or Enter) that opens the list behind it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

_SHEET = """
QFrame#figureCard { border: 1px solid palette(mid); border-radius: 8px; background: palette(base); }
QFrame#figureCard:hover, QFrame#figureCard:focus { border: 2px solid palette(highlight); }
QLabel#figureTitle { font-size: 10pt; font-weight: 600; color: palette(window-text); }
QLabel#figureValue { font-size: 22pt; font-weight: 600; }
QLabel#figureCaption { font-size: 9pt; }
"""


class FigureCard(QFrame):
    clicked = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.setStyleSheet(_SHEET)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(128)
        self.title = QLabel(title)
        self.title.setObjectName("figureTitle")
        self.value = QLabel("…")
        self.value.setObjectName("figureValue")
        self.caption = QLabel()
        self.caption.setObjectName("figureCaption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addStretch()
        self.setAccessibleName(title)

    def show_figure(self, value: str, caption: str, alert: bool = False) -> None:
        self.value.setText(value)
        self.caption.setText(caption)
        self.value.setStyleSheet("color: #c0392b;" if alert else "")
        self.setAccessibleDescription(f"{value}. {caption}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)
