"""A guard against a fault of PySide6 6.12 on CPython 3.11: its bindings return None, True and False
without taking a reference to them (on CPython 3.12 and later these objects are immortal, and the
missing reference does no harm). Every void Qt call, every `emit()`, every model `data()` answering
None takes one reference away; after a few thousand, None is freed and the interpreter aborts
("deallocating None"), in the middle of a scroll or an import.

When the running PySide6 is seen to do it, the three objects are made as good as immortal here, as
CPython 3.12 makes them: their reference count is raised far beyond what any session can take away.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

_FAR = 1 << 40          # more references than any session could drop


def _drops_references() -> bool:
    """Whether a void PySide6 call takes a reference from None (measured on an object of our own)."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _attempt in range(8):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before


def keep_singletons_alive() -> None:
    """Raise the reference counts of None, True and False out of reach, if PySide6 drops references."""
    if sys.version_info >= (3, 12) or not _drops_references():
        return
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < _FAR:
            count.value += _FAR
