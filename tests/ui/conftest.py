"""GUI tests: one offscreen QApplication, Qt settings kept in the test's folder."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def qt_settings_in_tmp(tmp_path, qapp):
    from desktop_app.ui.app import make_application

    make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qt-settings"))
    QSettings().clear()
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
