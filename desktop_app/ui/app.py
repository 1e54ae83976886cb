"""Starting the desktop application: Qt set-up, language, database, first-run wizard, main window.

Start-up imports only what the first paint needs: PDF, XML and report libraries, the wizards and the
other screens are imported when first used, and the day's reminders and backup are looked at once
the window is on screen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QThreadPool, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import __version__
from desktop_app.bootstrap import (
    DatabaseBusy,
    backups_dir,
    configure_logging,
    database_location,
    demo_database,
    open_database,
    writer_lock,
)
from desktop_app.i18n import _, set_language
from desktop_app.paths import resource
from desktop_app.services import Database
from desktop_app.services.company import is_configured, setting
from desktop_app.services.memory import share_cache_memory
from desktop_app.ui.collector import GuiThreadCollector
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.style import apply_style, follow_color_scheme


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Comptoir's identity, icon and style (one per process)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName("Comptoir")
    app.setOrganizationName("Comptoir")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("comptoir")
    if not app.property("comptoir_styled"):
        app.setWindowIcon(QIcon(str(resource("icons", "comptoir.svg"))))
        apply_style(app)
        follow_color_scheme(app)
        app.setProperty("comptoir_styled", True)
    return app


def install_language(app: QApplication, db: Database, language: str | None = None) -> str:
    """UI language given, else from the settings, else the system's; Qt's own dialogs follow it."""
    language = set_language(language or str(setting(db, "ui.language")) or None)
    translator = QTranslator(app)
    if translator.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    return language


def open_shop(location: str | None, demo: bool) -> Database:
    """The shop's database; the demo shop is filled on its first opening."""
    db = _open_shop(location, demo)
    share_cache_memory(db)
    return db


def _open_shop(location: str | None, demo: bool) -> Database:
    if demo:
        from desktop_app.domain.progress import run_job
        from desktop_app.services.customers import count_customers
        from desktop_app.services.setup import fill_demo_shop

        db = open_database(location or demo_database())
        if not count_customers(db):
            run_job(fill_demo_shop(db))
        return db
    return open_database(database_location(location))


def run(db_location: str | None = None, demo: bool = False, screenshot: str | None = None, page: str = "") -> int:
    """Open the main window (after the first-run wizard when the company is not set up yet)."""
    if screenshot and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if not _has_display():
        sys.stderr.write(_("No display found: run Comptoir in a desktop session (or use the comptoir "
                           "command line).") + "\n")
        return 1
    configure_logging()
    app = make_application()
    GuiThreadCollector(app)
    if screenshot:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    db = open_shop(db_location, demo)
    lock = writer_lock(db)
    if lock is not None and not screenshot:
        try:
            lock.acquire()
        except DatabaseBusy as busy:
            QMessageBox.critical(None, _("Comptoir"), _(
                "This shop is already open in another Comptoir (process {pid} on {host}, since {since}). Close it "
                "there first: two windows must never write to the same books.").format(
                pid=busy.holder.get("pid", "?"), host=busy.holder.get("host", "?"),
                since=busy.holder.get("since", "?")))
            return 1
    install_language(app, db)
    if not is_configured(db) and not screenshot:
        from desktop_app.ui.dialogs.first_run import FirstRunWizard

        wizard = FirstRunWizard(db)
        if wizard.exec() != FirstRunWizard.DialogCode.Accepted:
            return 0
    window = MainWindow(db)
    if page:
        window.show_page(page)
    if screenshot:
        window.resize(1280, 800)
    window.show()
    # Once the window is on screen: today's reminders and backup (their modules and reads wait till then).
    QTimer.singleShot(500, lambda: _after_start(window, db, bool(screenshot)))
    if screenshot:
        QTimer.singleShot(1300, lambda: _save_and_quit(window, Path(screenshot)))
    try:
        return app.exec()
    except Exception as error:  # last resort: say it rather than vanish
        QMessageBox.critical(None, _("Comptoir"), str(error))
        return 1
    finally:
        # Background reads still running would touch Qt objects being destroyed at exit: let them end.
        QThreadPool.globalInstance().waitForDone(10_000)
        if lock is not None:
            lock.release()


def _after_start(window: MainWindow, db: Database, screenshot: bool) -> None:
    from desktop_app.ui.widgets.reminder_banner import announce_due_reminders

    announce_due_reminders(window, db, use_tray=False if screenshot else None)
    if not screenshot and not os.environ.get("COMPTOIR_QUIT_WHEN_READY"):
        window.start_background_backup(backups_dir())


def _save_and_quit(window: MainWindow, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(path))
    QApplication.instance().quit()
