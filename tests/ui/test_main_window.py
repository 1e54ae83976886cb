"""The main window: navigation, remembered state, and the screenshot command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from desktop_app.ui.main_window import MainWindow


def test_navigation_and_window_state_are_remembered(qtbot, demo_db):
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle().startswith("Maison Lumière")
    window.navigation.setCurrentRow(list(window.pages).index("company"))
    window.resize(1000, 701)
    window.close()
    again = MainWindow(demo_db)
    qtbot.addWidget(again)
    assert again.stack.currentWidget().key == "company"
    assert again.size().height() == 701


def test_gui_screenshot_renders_the_demo_shop(tmp_path: Path):
    out = tmp_path / "shot.png"
    env = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    command = [str(Path(sys.executable).parent / "comptoir"), "gui", "--demo", "--screenshot", str(out)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() >= 1000 and image.height() >= 640
