"""Drives the real main window on a database, offscreen, in its own process, and prints what it timed as
JSON (the GUI benchmarks run it as a subprocess, so that each measure starts from a fresh process).

    python -m bench.gui_probe lists|memory DATABASE

lists:  for the invoice, order, customer and payment lists, the time from the click in the navigation
        to the first rows painted, then from typing a search to the matching rows painted.
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

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QThreadPool
from PySide6.QtWidgets import QApplication

# Searches a shopkeeper would type on each list: a customer's name, an order number, a payer.
SEARCHES = {"invoices": "Chloé Mercier", "orders": "Chloé Mercier", "customers": "Chloé Mercier",
            "payments": "Épicerie Delacroix"}


class PaintWatch(QObject):
    """Notes when a widget is painted."""

    def __init__(self) -> None:
        super().__init__()
        self.painted_at = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted_at = time.perf_counter()
        return False


def _wait(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("the window did not get there in time")
        QCoreApplication.processEvents()
        time.sleep(0.0005)


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
    _wait(lambda: window.is_painted)
    painted = time.perf_counter()
    dashboard = window.pages["dashboard"]
    _wait(lambda: dashboard.figures is not None and dashboard.charts is not None
          and dashboard.charts.figures is not None)
    window.dashboard_ms = (time.perf_counter() - painted) * 1000
    # What was started with the window (the day's reminders count) is over: the lists are timed alone.
    _wait(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
    return window


def _rows_shown(window: Any, key: str, start: Callable[[], None]) -> float:
    """Milliseconds from `start` to the list of `key` read again and painted with its rows."""
    watch = PaintWatch()
    loads: list[float] = []
    existing = window.pages.built.get(key)
    if existing is not None:
        existing.listing.loaded.connect(lambda _count: loads.append(time.perf_counter()))
    began = time.perf_counter()
    start()
    page = window.pages[key]
    if existing is None:            # built by `start`: its first list is being read
        page.listing.loaded.connect(lambda _count: loads.append(time.perf_counter()))
        if not page.listing.loading:
            loads.append(time.perf_counter())
    viewport = page.listing.table.viewport()
    viewport.installEventFilter(watch)
    _wait(lambda: bool(loads) and page.model.rowCount() > 0)
    watch.painted_at = 0.0
    _wait(lambda: watch.painted_at > 0)
    viewport.removeEventFilter(watch)
    return (watch.painted_at - began) * 1000


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
        searches[key] = _rows_shown(window, key, lambda page=page, key=key: page.search.setText(SEARCHES[key]))
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
    for step in range(40):
        scrollbar.setValue(scrollbar.value() + table.viewport().height())
        _wait(lambda: True)
        if step % 10 == 0:
            QApplication.processEvents()
    table.scrollToBottom()
    last = page.model.rowCount() - 1
    _wait(lambda: page.model.item(last, wait=False) is not None)
    for _round in range(20):
        QApplication.processEvents()
        time.sleep(0.01)
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
