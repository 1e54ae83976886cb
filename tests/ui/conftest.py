"""GUI tests: one offscreen QApplication, Qt settings kept in the test's folder."""

from __future__ import annotations

import gc
import time

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def qt_settings_in_tmp(tmp_path, qapp):
    from desktop_app.ui.app import make_application

    make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qt-settings"))
    QSettings().clear()
    gc.disable()       # collected on this thread at the test's end, never on a job's (see ui.collector)
    yield
    QSettings().clear()


def type_into(qtbot, editor, text: str) -> None:
    """Type like a user; Qt's test key events only know ASCII, so other letters are inserted."""
    editor.clear()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        editor.setFocus()
        editor.insert(text)


def wait_loaded(qtbot, page, timeout: int = 10_000) -> None:
    """Wait until a list screen shows what it read (lists are read on a worker thread)."""
    qtbot.waitUntil(lambda: not page.listing.loading, timeout=timeout)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """Let the jobs a test started in the background end, and their results arrive, before its windows
    are closed and its database let go: a job outliving its test would reach freed objects."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    pool = QThreadPool.globalInstance()
    deadline = time.monotonic() + 30
    while pool.activeThreadCount() and time.monotonic() < deadline:
        pool.waitForDone(50)
        QApplication.processEvents()
    QApplication.processEvents()
    yield
    # The test's closed windows may sit in reference cycles: collect them here, on the GUI thread,
    # before the next test's jobs could on theirs (as the application does, see ui.collector).
    gc.collect()
    gc.enable()
