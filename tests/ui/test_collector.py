"""Cycles are collected on the GUI thread, never on a job's."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QApplication

from desktop_app.ui.collector import GuiThreadCollector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_cycles_are_collected_by_the_gui_thread_timer(qtbot):
    collector = GuiThreadCollector(QApplication.instance(), interval_ms=10)
    try:
        assert not gc.isenabled()
        made = _Cycle()
        gone = weakref.ref(made)
        del made
        threads = []

        def allocate() -> None:   # a job's thread making garbage: it must not collect it
            threads.append(threading.current_thread())
            _ = [_Cycle() for _ in range(5 * gc.get_threshold()[0])]

        worker = threading.Thread(target=allocate)
        worker.start()
        worker.join()
        assert gone() is not None
        qtbot.waitUntil(lambda: gone() is None, timeout=2000)
    finally:
        collector.deleteLater()
        collector._timer.stop()
