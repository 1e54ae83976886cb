"""Drives the real main window on a database, offscreen, in its own process, and prints what it timed as
JSON (the GUI benchmarks run it as a subprocess, so that each measure starts from a fresh process).

    python -m bench.gui_probe lists|memory DATABASE

lists:  for the invoice, order, customer and payment lists, the time from the click in the navigation
        to the first rows painted, then from the last key of a search typed key by key to the matching
        rows painted.
memory: resident memory with the invoice list open and scrolled to its end.
Both also time the dashboard: from the window's first paint to its figures and charts shown.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

# Searches a shopkeeper would type: a customer's name (invoices, orders, customers), a payer (payments); a
# key every 150 ms, as a fast typist types.
KEY_INTERVAL = 0.15
SEARCHES = {"invoices": "Chloé Mercier", "orders": "Chloé Mercier", "customers": "Chloé Mercier",
            "payments": "Épicerie Delacroix"}


class PaintWatch(QObject):
    """Notes when a widget starts being painted."""

    def __init__(self) -> None:
        super().__init__()
        self.paints: list[float] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints.append(time.perf_counter())
        return False


def _wait(condition: Callable[[], bool], timeout: float = 60.0) -> float:
    """Run the event loop until `condition` holds (looked at every millisecond, between events, as a
    timer's work: the loop itself sleeps in between, as the application's does); the moment it was seen."""
    loop, seen = QEventLoop(), [0.0]

    def look() -> None:
        if condition():
            seen[0] = time.perf_counter()
            loop.quit()

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(look)
    timer.start()
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    look()
    if not seen[0]:
        loop.exec()
    timer.stop()
    if not seen[0]:
        raise TimeoutError("the window did not get there in time")
    return seen[0]


def _window(database: str) -> Any:
    from desktop_app.ui.app import install_language, make_application, open_shop
    from desktop_app.ui.main_window import MainWindow

    app = make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    db = open_shop(database, False)
    install_language(app, db)
    window = MainWindow(db)
    window.resize(1280, 800)
    window.show()
    painted = _wait(lambda: window.is_painted)
    dashboard = window.pages["dashboard"]
    shown = _wait(lambda: dashboard.figures is not None and dashboard.charts is not None
                  and dashboard.charts.figures is not None)
    window.dashboard_ms = (shown - painted) * 1000
    # What was started with the window (the day's reminders count) is over: the lists are timed alone.
    _wait(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
    return window


def _rows_shown(window: Any, key: str, start: Callable[[], None]) -> float:
    """Milliseconds from `start` to the list of `key` read again and painted with its rows: the end of the
    first paint of the table that begins after the list was shown (the paint and the list's arrival may
    come in one turn of the event loop: each paint is noted as it starts, none is missed)."""
    watch = PaintWatch()
    loads: list[float] = []
    existing = window.pages.built.get(key)
    if existing is not None:
        existing.listing.loaded.connect(lambda _count: loads.append(time.perf_counter()))
        existing.listing.table.viewport().installEventFilter(watch)
    began = time.perf_counter()
    start()
    page = window.pages[key]
    if existing is None:            # built by `start`: its first list is being read
        page.listing.loaded.connect(lambda _count: loads.append(time.perf_counter()))
        page.listing.table.viewport().installEventFilter(watch)
        if not page.listing.loading:
            loads.append(time.perf_counter())
    # Looked at between events: the paint that started is over.
    now = _wait(lambda: bool(loads) and page.model.rowCount() > 0
                and any(painted >= loads[0] for painted in watch.paints))
    page.listing.table.viewport().removeEventFilter(watch)
    return (now - began) * 1000


def _key(widget: Any, char: str) -> None:
    """A key typed in `widget`, as the keyboard sends it (with its text: accented letters too)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def _pump(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _typed(window: Any, key: str, text: str) -> float:
    """Milliseconds from the last key of `text` typed in the list's search field to the rows found painted.

    The keys are typed one by one at a fast typist's pace, so that what the earlier ones asked for is read
    (or still being read) when the last one comes, as it would be. The end is the first paint of the table
    after the list asked for once the last key was typed (older reads are dropped when they arrive) is shown.
    """
    page = window.pages[key]
    listing, viewport = page.listing, page.listing.table.viewport()
    watch, asked, shown = PaintWatch(), [], []
    read = listing.load

    def load(*args: Any) -> None:
        asked.append(time.perf_counter())
        read(*args)

    def loaded(_count: int) -> None:
        shown.append(time.perf_counter())

    listing.load = load                  # notes when the screen asks for the list, then asks for it
    listing.loaded.connect(loaded)
    viewport.installEventFilter(watch)
    page.search.setFocus()
    for char in text[:-1]:
        _key(page.search, char)
        _pump(KEY_INTERVAL)
    last = time.perf_counter()
    _key(page.search, text[-1])

    def painted() -> bool:
        final = [moment for moment in shown if asked and asked[-1] >= last and moment >= asked[-1]]
        return bool(final) and any(moment >= final[0] for moment in watch.paints)

    now = _wait(painted)
    assert page.search.text() == text, page.search.text()
    viewport.removeEventFilter(watch)
    listing.loaded.disconnect(loaded)
    del listing.load
    return (now - last) * 1000


def lists(database: str) -> dict[str, Any]:
    window = _window(database)
    rows = {}
    searches = {}
    from desktop_app.ui.main_window import PAGES

    for key in ("invoices", "orders", "customers", "payments"):
        row = [spec.key for spec in PAGES].index(key)
        rows[key] = _rows_shown(window, key, lambda row=row: window.navigation.setCurrentRow(row))
        if key == "payments":
            page = window.pages[key]
            page.select_tab("")                  # every line, not only those to review
            _wait(lambda page=page: not page.listing.loading)
        page = window.pages[key]
        searches[key] = _typed(window, key, SEARCHES[key])
        page.search.clear()
        _wait(lambda page=page: not page.listing.loading)
    return {"first_rows_ms": rows, "filter_ms": searches, "dashboard_ms": window.dashboard_ms}


def memory(database: str) -> dict[str, Any]:
    window = _window(database)
    page = window.show_page("invoices")
    _wait(lambda: not page.listing.loading and page.model.rowCount() > 0)
    table = page.listing.table
    scrollbar = table.verticalScrollBar()
    # Down the list by screens for a while, as a user would, then to the very end.
    for _step in range(40):
        scrollbar.setValue(scrollbar.value() + table.viewport().height())
        _pump(0.005)
    table.scrollToBottom()
    last = page.model.rowCount() - 1
    _wait(lambda: page.model.item(last, wait=False) is not None)
    # The windows read on the way down have arrived (and are held as the model keeps them).
    _wait(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
    _pump(0.2)
    return {"rss_mb": _rss_mb(), "rows": page.model.rowCount(), "last_row_shown": bool(table.rowAt(
        table.viewport().height() - 2) >= last - 40)}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str]) -> int:
    measure, database = argv[0], argv[1]
    result = {"lists": lists, "memory": memory}[measure](database)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)          # leave at once: the worker threads of the pool may still be reading


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
