"""Python's cycle collector, run on the GUI thread only.

Left to itself, the collector runs on whichever thread happens to allocate when a threshold is
crossed: often a job's pool thread. A closed window or dialog caught in a reference cycle would then be
destroyed off the GUI thread, which crashes Qt. So automatic collection is turned off and a timer on
the GUI thread collects as Python would have, generation by generation, when the thresholds say so.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    """Collects cycles on the GUI thread every `interval_ms` when Python's own thresholds are crossed."""

    def __init__(self, parent: QObject, interval_ms: int = 500) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)

    def check(self) -> None:
        first, second, third = gc.get_threshold()
        young, middle, old = gc.get_count()
        if young > first:
            gc.collect(2 if old > third else 1 if middle > second else 0)
