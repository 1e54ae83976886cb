"""Running long service jobs off the GUI thread, with a progress dialog and a working cancel.

A job is a generator that yields Progress (desktop_app.domain.progress). It is created and driven
on a pool thread; cancelling closes it between two steps, so its transaction rolls back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.domain.progress import Job, Progress
from desktop_app.i18n import _

log = logging.getLogger(__name__)
THREADS = 6


class JobCancelled(Exception):
    """The user cancelled the job; nothing it was doing was kept."""


class JobSignals(QObject):
    progressed = Signal(object)   # Progress
    finished = Signal(object)     # the job's result
    failed = Signal(object)       # the exception (JobCancelled when cancelled)


class JobRunner(QRunnable):
    """Drives one job on a pool thread."""

    def __init__(self, make_job: Callable[[], Job[Any]]) -> None:
        super().__init__()
        self.signals = JobSignals()
        self._make_job = make_job
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def release(self) -> None:
        """Let go of the job's maker once the job has ended, on the GUI thread. The maker often holds the
        widget that started the job, which holds this runner: left to Python's cycle collector, which runs
        on whatever thread it happens to, that widget could be destroyed off the GUI thread and crash Qt."""
        self._make_job = _ended

    def run(self) -> None:
        job = None
        try:
            job = self._make_job()
            while True:
                if self._cancel.is_set():
                    job.close()
                    _emit(self.signals.failed, JobCancelled())
                    return
                try:
                    step = next(job)
                except StopIteration as done:
                    _emit(self.signals.finished, done.value)
                    return
                if not _emit(self.signals.progressed, step):
                    job.close()
                    return
        except Exception as error:  # reported to the window, which says it in words
            log.exception("job failed")
            _emit(self.signals.failed, error)


def _emit(signal: Any, value: object) -> bool:
    """Emit, unless the application quit meanwhile and took the signals' object with it."""
    try:
        signal.emit(value)
    except RuntimeError:
        log.info("a job ended after the application quit")
        return False
    return True


class JobHandle:
    """A running job: its runner plus the optional progress dialog that watches it."""

    def __init__(self, runner: JobRunner, dialog: QProgressDialog | None) -> None:
        self.runner = runner
        self.dialog = dialog

    @property
    def signals(self) -> JobSignals:
        return self.runner.signals

    def cancel(self) -> None:
        self.runner.cancel()


def start_job(make_job: Callable[[], Job[Any]], parent: QWidget | None, title: str,
              on_finished: Callable[[Any], None] | None = None,
              on_failed: Callable[[Exception], None] | None = None, show_dialog: bool = True,
              priority: int = 0) -> JobHandle:
    """Run a job in the background. The dialog appears only after 500 ms, so quick jobs never flash."""
    runner = JobRunner(make_job)
    dialog = None
    if show_dialog:
        dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setAccessibleName(title)
        dialog.canceled.connect(runner.cancel)
        runner.signals.progressed.connect(lambda step: _show_progress(dialog, step))
        runner.signals.finished.connect(lambda _result: dialog.close())
        runner.signals.failed.connect(lambda _error: dialog.close())
    if on_finished is not None:
        runner.signals.finished.connect(on_finished)
    if on_failed is not None:
        runner.signals.failed.connect(on_failed)
    handle = JobHandle(runner, dialog)
    _running.add(handle)
    runner.signals.finished.connect(lambda _r: _release(handle))
    runner.signals.failed.connect(lambda _e: _release(handle))
    pool = QThreadPool.globalInstance()
    # Jobs mostly wait on the database (which lets go of Python's lock): more threads than cores, so that a
    # list asked for now never queues behind the dashboard's sums.
    pool.setMaxThreadCount(max(pool.maxThreadCount(), THREADS))
    pool.start(runner, priority)
    return handle


_running: set[JobHandle] = set()


def _release(handle: JobHandle) -> None:
    _running.discard(handle)
    handle.runner.release()


def _ended() -> Job[Any]:
    raise RuntimeError("this job has already run")


def _show_progress(dialog: QProgressDialog, step: Progress) -> None:
    if step.total:
        dialog.setMaximum(step.total)
        dialog.setValue(min(step.done, step.total))
    else:
        dialog.setMaximum(0)
    if step.message:
        dialog.setLabelText(step.message)
