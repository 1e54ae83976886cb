"""The start-up notice that reminders are due: in the system tray where there is one, else a banner at the
top of the main window. Either way, one click opens the Reminders screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from desktop_app.i18n import _, ngettext
from desktop_app.services import Database
from desktop_app.ui.jobs import JobHandle
from desktop_app.ui.widgets.background import load_in_background

_SHEET = """
QFrame#reminderBanner { background: #fdf1dc; border-bottom: 1px solid #e0b964; }
QFrame#reminderBanner QLabel { color: #5c3d00; font-weight: 600; }
"""


class ReminderBanner(QFrame):
    open_requested = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderBanner")
        self.setStyleSheet(_SHEET)
        self.setAccessibleName(_("Reminders due"))
        self.label = QLabel(text)
        self.open_button = QPushButton(_("Open reminders"))
        self.close_button = QPushButton(_("Later"))
        self.close_button.setToolTip(_("Hide this notice until the next start"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.close_button)
        self.open_button.clicked.connect(self.open_requested)
        self.open_button.clicked.connect(self.hide)
        self.close_button.clicked.connect(self.hide)


def install_banner(window: QMainWindow, banner: QWidget) -> None:
    """Put `banner` above the window's content (the content widget itself is kept, not rebuilt)."""
    content = window.takeCentralWidget()
    container = QWidget()
    layout = QVBoxLayout(container)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    if content is not None:
        layout.addWidget(content, 1)
    window.setCentralWidget(container)
    # Widgets added to a visible window are shown by a queued event; show them now, the content included
    # (a widget taken from its parent stays hidden until shown again).
    container.show()
    if content is not None:
        content.show()


def _open_reminders(window: QMainWindow) -> None:
    show_page: Any = getattr(window, "show_page", None)
    if show_page is not None:
        show_page("reminders")
    window.showNormal()
    window.raise_()
    window.activateWindow()


def show_due_notice(window: QMainWindow, count: int, use_tray: bool | None = None) -> QWidget | QSystemTrayIcon | None:
    """Tell the user that `count` reminders are due: a tray message, else a banner; None when none are."""
    if count <= 0:
        return None
    text = ngettext("{n} reminder is due today.", "{n} reminders are due today.", count).format(n=count)
    if QSystemTrayIcon.isSystemTrayAvailable() if use_tray is None else use_tray:
        tray = QSystemTrayIcon(window.windowIcon(), window)
        tray.setToolTip(f"Comptoir — {text}")
        tray.messageClicked.connect(lambda: _open_reminders(window))
        tray.activated.connect(lambda _reason: _open_reminders(window))
        tray.show()
        tray.showMessage(_("Reminders due"), text + " " + _("Click to prepare them."),
                         QSystemTrayIcon.MessageIcon.Information, 15000)
        return tray
    banner = ReminderBanner(text + " " + _("Prepare them on the Reminders screen."))
    banner.open_requested.connect(lambda: _open_reminders(window))
    install_banner(window, banner)
    return banner


def announce_due_reminders(window: QMainWindow, db: Database, use_tray: bool | None = None) -> JobHandle:
    """At start-up: count today's reminders off the GUI thread, then show the notice if any are due."""
    return load_in_background(window, lambda: _count(db), lambda count: show_due_notice(window, count, use_tray))


def _count(db: Database) -> int:
    # Imported on the worker thread: the reminders' services bring the document libraries.
    from desktop_app.services.dashboard import reminders_due_count

    return reminders_due_count(db)
