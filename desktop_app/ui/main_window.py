"""The main window: navigation on the left, one screen at a time on the right.

Screens are built the first time they are shown (their modules imported then too), so the window
opens at once on a shop of any size. Files dropped on the window start the import they belong to.
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QPaintEvent
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
from desktop_app.i18n import N_, _
from desktop_app.paths import resource
from desktop_app.services import Database
from desktop_app.services.company import show_company
from desktop_app.ui import shortcuts
from desktop_app.ui.jobs import start_job
from desktop_app.ui.pages.base import Page
from desktop_app.ui.recent import RecentImports, dropped_paths

# Set by the benchmarks (and anyone timing a start): the time the window was first painted is written
# to this file, and with COMPTOIR_QUIT_WHEN_READY the application then quits.
READY_FILE = "COMPTOIR_READY_FILE"


@dataclass(frozen=True, slots=True)
class PageSpec:
    key: str
    title: str           # marked for translation, shown through _()
    module: str
    name: str

    def build(self, db: Database) -> Page:
        page: Page = getattr(importlib.import_module(self.module), self.name)(db)
        return page


PAGES = (
    PageSpec("dashboard", N_("Dashboard"), "desktop_app.ui.pages.dashboard", "DashboardPage"),
    PageSpec("invoices", N_("Invoices"), "desktop_app.ui.pages.invoices", "InvoicesPage"),
    PageSpec("reminders", N_("Reminders"), "desktop_app.ui.pages.reminders", "ReminderPage"),
    PageSpec("payments", N_("Payments"), "desktop_app.ui.pages.payments", "PaymentsPage"),
    PageSpec("orders", N_("Orders"), "desktop_app.ui.pages.orders", "OrdersPage"),
    PageSpec("customers", N_("Customers"), "desktop_app.ui.pages.customers", "CustomersPage"),
    PageSpec("reports", N_("Reports"), "desktop_app.ui.pages.reports", "ReportsPage"),
    PageSpec("templates", N_("Templates"), "desktop_app.ui.pages.templates", "TemplatesPage"),
    PageSpec("company", N_("Company"), "desktop_app.ui.pages.company", "CompanyPage"),
)


class Pages(Mapping[str, Page]):
    """The screens by key, in navigation order; a screen is built when first looked up."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.built: dict[str, Page] = {}

    def __getitem__(self, key: str) -> Page:
        if key not in self.built:
            self.built[key] = self.window.build_page(key)
        return self.built[key]

    def __iter__(self) -> Iterator[str]:
        return iter(spec.key for spec in PAGES)

    def __len__(self) -> int:
        return len(PAGES)


class MainWindow(QMainWindow):
    painted = Signal()            # once, when the window is first on screen

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._painted = False
        self._waiting: list[Callable[[], None]] = []
        self.setObjectName("mainWindow")
        self.setWindowIcon(QIcon(str(resource("icons", "comptoir.svg"))))
        self.setMinimumSize(QSize(1000, 640))
        self.setAcceptDrops(True)
        self.recent = RecentImports()
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(_("Screens"))
        self.navigation.setFixedWidth(190)
        self.stack = QStackedWidget()
        self.pages = Pages(self)
        for number, spec in enumerate(PAGES, start=1):
            self.stack.addWidget(QWidget())          # the screen takes its place when first shown
            item = QListWidgetItem(_(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(_("{title} (Ctrl+{n})").format(title=_(spec.title), n=number))
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

    # -- screens -------------------------------------------------------------------------------------------

    def build_page(self, key: str) -> Page:
        index = next(i for i, spec in enumerate(PAGES) if spec.key == key)
        page = PAGES[index].build(self.db)
        placeholder = self.stack.widget(index)
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        for signal_owner in (page,):
            imported = getattr(signal_owner, "imported", None)
            if imported is not None:
                imported.connect(lambda paths, kind=key: self.recent.add(kind, paths))
        return page

    def show_page(self, key: str) -> Page:
        keys = [spec.key for spec in PAGES]
        self.navigation.setCurrentRow(keys.index(key) if key in keys else 0)
        return self.pages[keys[max(self.navigation.currentRow(), 0)]]

    def go(self, key: str) -> None:
        self.show_page(key)

    def current_page(self) -> Page | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, Page) else None

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        page = self.pages[PAGES[row].key]
        self.stack.setCurrentIndex(row)
        page.shown()

    # -- menus ---------------------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addAction(shortcuts.action(self, shortcuts.find("window.import"), _("&Import a file…")))
        self.recent_menu = file_menu.addMenu(_("&Recent imports"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addAction(shortcuts.action(self, shortcuts.find("window.backup"), _("&Back up now…")))
        self.archive_action = file_menu.addAction(_("&Legal archive…"), self.open_legal_archive)
        self.archive_action.setObjectName("window.archive")
        self.archive_action.setToolTip(_("Export a year's invoices, credit notes and journal to keep ten years, or "
                                         "check an archive"))
        file_menu.addSeparator()
        file_menu.addAction(shortcuts.action(self, shortcuts.find("window.quit"), _("&Quit")))
        go_menu = self.menuBar().addMenu(_("&Go"))
        go_menu.addAction(shortcuts.action(self, shortcuts.find("window.search"), _("&Search…")))
        go_menu.addSeparator()
        for spec, item in zip(PAGES, shortcuts.go_shortcuts([(spec.key, _(spec.title)) for spec in PAGES])):
            go_menu.addAction(shortcuts.action(self, item, item.description, spec.key))
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(shortcuts.action(self, shortcuts.find("window.shortcuts"), _("&Keyboard shortcuts")))
        about = help_menu.addAction(_("&About Comptoir"))
        about.triggered.connect(self._about)
        for menu in (file_menu, self.recent_menu, go_menu, help_menu):
            menu.setToolTipsVisible(True)       # each entry says what it does (and the recent ones, where)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        entries = self.recent.entries()
        if not entries:
            self.recent_menu.addAction(_("No import yet")).setEnabled(False)
        for kind, path in entries:
            label = _("Orders: {name}") if kind == "orders" else _("Payments: {name}")
            action = self.recent_menu.addAction(label.format(name=Path(path).name))
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, kind=kind, path=path: self.import_files([Path(path)], kind))
        if entries:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(_("Clear the list"), self.recent.clear)

    def open_search(self) -> None:
        from desktop_app.ui.dialogs.global_search import GlobalSearch

        dialog = GlobalSearch(self.db, self)
        dialog.chosen.connect(self.open_found)
        dialog.open()
        self._search = dialog

    def open_found(self, kind: str, item_id: int) -> None:
        """Show a record the global search found, on its own screen."""
        page = self.show_page({"customer": "customers", "invoice": "invoices", "order": "orders"}[kind])
        page.open_item(item_id)

    def open_legal_archive(self) -> None:
        from desktop_app.ui.dialogs.legal_archive import LegalArchiveDialog

        LegalArchiveDialog(self.db, self).exec()

    def show_shortcuts(self) -> None:
        from desktop_app.ui.dialogs.shortcut_list import ShortcutList

        ShortcutList([(spec.key, _(spec.title)) for spec in PAGES], self).exec()

    # -- imports -------------------------------------------------------------------------------------------

    def import_file(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Import a file"), str(Path.home()), _(
            "Order exports and bank statements (*.csv *.txt *.json *.xml *.ofx *.qif *.sta *.cfonb);;All files (*)"))
        if names:
            self.import_files([Path(name) for name in names])

    def import_files(self, paths: list[Path], kind: str | None = None) -> None:
        """Open the import wizard the files belong to (orders or payments), as their content says."""
        from desktop_app.services.file_kinds import file_kind

        missing = [path for path in paths if not path.is_file()]
        if missing:
            QMessageBox.warning(self, _("File not found"), _("{path} no longer exists.").format(path=missing[0]))
            self.recent.forget([str(path) for path in missing])
            return
        kind = kind or file_kind(paths)
        if kind is None:
            QMessageBox.information(self, _("Not an export Comptoir knows"), _(
                "These files are neither order exports (Shopify, WooCommerce, PrestaShop, CSV) nor bank statements "
                "or payment exports (camt.053, OFX, CFONB, Stripe, PayPal). Drop the files one kind at a time."))
            return
        page = self.show_page(kind)
        page.open_import(paths)  # type: ignore[attr-defined]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            # After the drop returns: the file manager is not kept waiting while the wizard opens.
            QTimer.singleShot(0, lambda: self.import_files(paths))

    # -- state and start-up --------------------------------------------------------------------------------

    def _update_title(self) -> None:
        name = show_company(self.db).name or _("New shop")
        self.setWindowTitle(f"{name} — Comptoir")
        location = getattr(self.db, "location", None) or self.db.path or self.db.url
        self.statusBar().showMessage(_("Database: {location}").format(location=location))
        if not hasattr(self, "backup_label"):
            self.backup_label = QLabel()
            self.statusBar().addPermanentWidget(self.backup_label)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._first_painted)

    @property
    def is_painted(self) -> bool:
        return self._painted

    def when_painted(self, action: Callable[[], None]) -> None:
        """Run `action` once the window's first frame is out (soon, if it already is)."""
        if self._painted and not self._waiting:
            QTimer.singleShot(0, action)
        else:
            self._waiting.append(action)

    def _first_painted(self) -> None:
        ready = os.environ.get(READY_FILE)
        if ready:
            Path(ready).write_text(f"{time.time():.6f}\n")
            if os.environ.get("COMPTOIR_QUIT_WHEN_READY"):
                QTimer.singleShot(0, self.close)
        self.painted.emit()
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            QTimer.singleShot(0, action)

    def start_background_backup(self, folder: Path) -> None:
        """Today's automatic backup, off the GUI thread; the status bar says when the last one was made."""
        from desktop_app.services.backup import auto_backup

        start_job(lambda: auto_backup(self.db, folder), self, _("Backing up"), show_dialog=False,
                  on_finished=lambda _info: self._show_backup_state(folder),
                  on_failed=lambda error: self.statusBar().showMessage(
                      _("Automatic backup failed: {error}").format(error=error)))

    def _show_backup_state(self, folder: Path) -> None:
        from desktop_app.services.backup import backup_overdue, last_backup

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
        current = self.current_page()
        if current is not None:
            settings.setValue("window/page", current.key)
        super().closeEvent(event)


def _backup_job(db: Database, path: Path) -> Job[Any]:
    from desktop_app.services.backup import backup

    yield Progress(0, 1, _("Backing up"))
    return backup(db, path)

