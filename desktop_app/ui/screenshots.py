"""`python -m desktop_app.ui.screenshots FOLDER`: a PNG of every main screen of the demo shop, for the
README and for reviewing the windows (`make screenshots`).

The demo shop is made in a temporary folder, the main window shown offscreen at 1280×800, and each
screen photographed once its lists, figures and previews have arrived (`<screen>.png`); then the
global search and the keyboard shortcuts, the invoices in French, the dashboard and the invoices in
dark mode, and the dashboard at twice the pixel density (in a second process: the scale of a Qt
application is fixed when it starts).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QSettings, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

SIZE = (1280, 800)


def _settle(seconds: float = 0.4, until: Callable[[], bool] = lambda: True, timeout: float = 30.0) -> None:
    """Let the window finish what it is reading and drawing."""
    end = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        idle = QThreadPool.globalInstance().activeThreadCount() == 0 and until()
        if idle:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= seconds:
                return
        else:
            quiet_since = None
        time.sleep(0.01)


def _save(widget: QWidget, path: Path) -> None:
    """The widget's picture as a PNG of 256 colours: under half the size, and no difference to see."""
    from PIL import Image

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    picture = Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGB")
    picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
    print(path)


def _window(db: Any) -> Any:
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(db)
    window.resize(*SIZE)
    window.show()
    _settle(0.5, lambda: window.is_painted)
    return window


def _invoices(window: Any, folder: Path, name: str, with_pdf: bool = False) -> None:
    """The Invoices screen on every document, an unpaid one selected (and its PDF, if asked)."""
    page = window.show_page("invoices")
    page.select_tab("")
    _settle(0.3, lambda: not page.listing.loading)
    issued = next((row for row in range(min(page.model.rowCount(), 200))
                   if page.model.item(row).state == "issued" and page.model.item(row).balance), 0)
    page.listing.select_row(issued)
    _settle(0.3)
    _save(window, folder / f"{name}.png")
    if with_pdf:
        page.side.setCurrentWidget(page.preview)
        _settle(1.5)
        _save(window, folder / f"{name}-pdf.png")
        page.side.setCurrentIndex(0)


def _screens(window: Any, folder: Path) -> None:
    from desktop_app.ui.main_window import PAGES

    for spec in PAGES:
        page = window.show_page(spec.key)
        if spec.key == "invoices":
            _invoices(window, folder, "invoices", with_pdf=True)
            continue
        if spec.key == "payments":
            page.select_tab("review")
        if spec.key == "reports":
            page.choose("vat", *_last_year())
        listing = getattr(page, "listing", None)
        _settle(0.8, lambda listing=listing: listing is None or not getattr(listing, "loading", False))
        _save(window, folder / f"{spec.key}.png")


def _last_year() -> tuple[Any, Any]:
    from desktop_app.domain.periods import Preset, preset_period
    from desktop_app.services.closing import today

    period = preset_period(Preset.LAST_12_MONTHS, today())
    return period.start, period.end


def _extras(window: Any, folder: Path) -> None:
    """The global search with its answers, and the list of keyboard shortcuts."""
    from desktop_app.i18n import _
    from desktop_app.ui.dialogs.global_search import GlobalSearch
    from desktop_app.ui.dialogs.shortcut_list import ShortcutList
    from desktop_app.ui.main_window import PAGES

    window.show_page("dashboard")
    search = GlobalSearch(window.db, window)
    search.show()
    search.field.setText("Lef")
    _settle(0.5, lambda: search.results.count() > 0)
    _save(search, folder / "search.png")
    search.close()
    shortcuts = ShortcutList([(spec.key, _(spec.title)) for spec in PAGES], window)
    shortcuts.show()
    _settle(0.3)
    _save(shortcuts, folder / "shortcuts.png")
    shortcuts.close()


def take(folder: Path, hidpi_only: bool = False) -> None:
    from desktop_app.bootstrap import open_database
    from desktop_app.domain.progress import run_job
    from desktop_app.i18n import set_language
    from desktop_app.services.setup import fill_demo_shop
    from desktop_app.ui.app import install_language, make_application
    from desktop_app.ui.style import apply_style

    folder.mkdir(parents=True, exist_ok=True)
    app = make_application()
    with tempfile.TemporaryDirectory() as home:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, home)
        db = open_database(Path(home) / "demo.db")
        run_job(fill_demo_shop(db))
        set_language("en")
        if hidpi_only:
            _save(_window(db), folder / "hidpi-dashboard.png")
            return
        window = _window(db)
        _screens(window, folder)
        _extras(window, folder)
        window.close()
        install_language(app, db, "fr")
        QSettings().remove("tables")            # the column widths a French user starts with
        french = _window(db)
        _invoices(french, folder, "fr-invoices")
        french.close()
        install_language(app, db, "en")
        QSettings().remove("tables")
        # Dark as a dark desktop makes it; the offscreen platform has no colour scheme to follow.
        apply_style(app, dark=True)
        dark = _window(db)
        dark.show_page("dashboard")
        _settle(1.0)
        _save(dark, folder / "dark-dashboard.png")
        _invoices(dark, folder, "dark-invoices")
        dark.close()
        db.dispose()


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv and not argv[0].startswith("-") else "docs/screenshots")
    if "--hidpi" in argv:
        take(folder, hidpi_only=True)
        return 0
    take(folder)
    # Twice the pixel density: a new process, as Qt fixes the scale when the application starts.
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-m", "desktop_app.ui.screenshots", str(folder), "--hidpi"], env=env, check=True)
    return 0


if __name__ == "__main__":
    app_exit = main(sys.argv[1:])
    QApplication.instance() and QApplication.instance().quit()  # type: ignore[union-attr]
    sys.exit(app_exit)
