"""Reading for a screen off the GUI thread: the query runs on a pool thread, the screen fills when it ends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

from desktop_app.domain.progress import Job, Progress
from desktop_app.ui.jobs import JobHandle, start_job

T = TypeVar("T")


def as_job(action: Callable[[], T], message: str = "") -> Job[T]:
    """One call as a job of one step (for start_job): `message` is what the progress dialog says."""
    yield Progress(0, 0, message)
    return action()


def load_in_background(parent: QWidget, read: Callable[[], Any], on_loaded: Callable[[Any], None],
                       on_failed: Callable[[Exception], None] | None = None, urgent: bool = False) -> JobHandle:
    """Run `read` on a worker thread (no progress dialog) and hand its result to `on_loaded`; an `urgent`
    read (what the user just asked to see) goes before the others waiting."""
    return start_job(lambda: as_job(read), parent, "", on_finished=on_loaded, on_failed=on_failed,
                     show_dialog=False, priority=1 if urgent else 0)
