"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop_app import __version__
from desktop_app.i18n import _
from desktop_app.paths import resource
from desktop_app.services import Database
from desktop_app.services.company import show_company
from desktop_app.ui.pages.base import Page
from desktop_app.ui.pages.company import CompanyPage
from desktop_app.ui.pages.customers import CustomersPage
from desktop_app.ui.pages.invoices import InvoicesPage
from desktop_app.ui.pages.orders import OrdersPage
from desktop_app.ui.pages.templates import TemplatesPage

PageFactory = Callable[[Database], Page]


def page_factories() -> list[PageFactory]:
    """The screens, in navigation order (each issue's screen joins this list when it works)."""
    return [InvoicesPage, OrdersPage, CustomersPage, TemplatesPage, CompanyPage]


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
