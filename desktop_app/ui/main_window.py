"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop_app import __version__, formatting
from desktop_app.domain.progress import Job, Progress
from desktop_app.i18n import _
from desktop_app.paths import resource
from desktop_app.services import Database
from desktop_app.services.backup import BackupInfo, auto_backup, backup, backup_overdue, last_backup
from desktop_app.services.company import show_company
from desktop_app.ui.jobs import start_job
from desktop_app.ui.pages.base import Page
from desktop_app.ui.pages.company import CompanyPage
from desktop_app.ui.pages.customers import CustomersPage
from desktop_app.ui.pages.dashboard import DashboardPage
from desktop_app.ui.pages.invoices import InvoicesPage
from desktop_app.ui.pages.orders import OrdersPage
from desktop_app.ui.pages.payments import PaymentsPage
from desktop_app.ui.pages.reminders import ReminderPage
from desktop_app.ui.pages.reports import ReportsPage
from desktop_app.ui.pages.templates import TemplatesPage

PageFactory = Callable[[Database], Page]


def page_factories() -> list[PageFactory]:
    """The screens, in navigation order (each issue's screen joins this list when it works)."""
    return [DashboardPage, InvoicesPage, ReminderPage, PaymentsPage, OrdersPage, CustomersPage, ReportsPage,
            TemplatesPage, CompanyPage]


class MainWindow(QMainWindow):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("mainWindow")
        self.setWindowIcon(QIcon(str(resource("icons", "comptoir.svg"))))
        self.setMinimumSize(QSize(1000, 640))
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(_("Screens"))
        self.navigation.setFixedWidth(190)
        self.stack = QStackedWidget()
        self.pages: dict[str, Page] = {}
        for number, factory in enumerate(page_factories(), start=1):
            page = factory(db)
            self.pages[page.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            item.setToolTip(_("{title} (Ctrl+{n})").format(title=page.title, n=number))
            self.navigation.addItem(item)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.navigation.currentRowChanged.connect(self._show_row)
        self._build_menus()
        self._update_title()
        self._restore_state()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        backup_action = QAction(_("&Back up now…"), self)
        backup_action.triggered.connect(self.back_up_now)
        file_menu.addAction(backup_action)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu(_("&Go"))
        for row, page in enumerate(self.pages.values()):
            action = QAction(page.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _checked=False, row=row: self.navigation.setCurrentRow(row))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu(_("&Help"))
        about = QAction(_("&About Comptoir"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def show_page(self, key: str) -> Page:
        keys = list(self.pages)
        self.navigation.setCurrentRow(keys.index(key) if key in keys else 0)
        return self.pages[keys[self.navigation.currentRow()]]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        page = self.stack.widget(row)
        self.stack.setCurrentIndex(row)
        if isinstance(page, Page):
            page.shown()

    def _update_title(self) -> None:
        name = show_company(self.db).name or _("New shop")
        self.setWindowTitle(f"{name} — Comptoir")
        self.statusBar().showMessage(_("Database: {location}").format(location=self.db.path or self.db.url))
        if not hasattr(self, "backup_label"):
            self.backup_label = QLabel()
            self.statusBar().addPermanentWidget(self.backup_label)

    def start_background_backup(self, folder: Path) -> None:
        """Today's automatic backup, off the GUI thread; the status bar says when the last one was made."""
        start_job(lambda: auto_backup(self.db, folder), self, _("Backing up"), show_dialog=False,
                  on_finished=lambda _info: self._show_backup_state(folder),
                  on_failed=lambda error: self.statusBar().showMessage(
                      _("Automatic backup failed: {error}").format(error=error)))

    def _show_backup_state(self, folder: Path) -> None:
        newest = last_backup(folder)
        if backup_overdue(folder):
            QMessageBox.warning(self, _("No recent backup"), _(
                "No backup of this shop was made in the last week. Use File › Back up now."))
        elif newest is not None:
            self.backup_label.setText(_("Last backup: {date}").format(date=formatting.day(newest)))

    def back_up_now(self) -> None:
        suggested = str(Path.home() / f"comptoir-{date.today().isoformat()}.db")  # noqa: DTZ011
        path, _filter = QFileDialog.getSaveFileName(self, _("Back up the shop"), suggested,
                                                    _("Comptoir database (*.db)"))
        if not path:
            return
        start_job(lambda: _backup_job(self.db, Path(path)), self, _("Backing up"),
                  on_finished=lambda info: self.statusBar().showMessage(
                      _("Backup written: {path}").format(path=info.path), 8000),
                  on_failed=lambda error: QMessageBox.warning(self, _("Backup failed"), str(error)))

    def _about(self) -> None:
        QMessageBox.about(self, _("About Comptoir"), _(
            "Comptoir {version}\nOffline invoicing for small merchants: shop orders to Factur-X invoices, "
            "payments, reminders and bookkeeping exports.").format(version=__version__))

    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.show_page(str(settings.value("window/page", "")))

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        current = self.stack.currentWidget()
        if isinstance(current, Page):
            settings.setValue("window/page", current.key)
        super().closeEvent(event)


def _backup_job(db: Database, path: Path) -> Job[BackupInfo]:
    yield Progress(0, 1, _("Backing up"))
    return backup(db, path)
