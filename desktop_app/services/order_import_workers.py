"""The worker processes of a large import (see services.order_import_parts): forks of the importing
process where that is safe, else clean processes; each reads one part at a time and hands its result
back, in the parts' order.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from desktop_app.services.order_import_parts import PartToRead, StagedPart, stage_part

# The parts a forked worker finds in the memory it was copied from: sending them would copy each
# part's text twice more (80 MB for a 100,000-order export).
_INHERITED: list[PartToRead] = []


def _stage_inherited(number: int) -> StagedPart:
    return stage_part(_INHERITED[number])


class PartReaders:
    """Reads the parts in worker processes (or here, with no workers), handing results back in order."""

    def __init__(self, workers: int) -> None:
        self.tasks: list[PartToRead] = []
        self._workers = workers
        self._pool: Pool | None = None
        self._pending: list[AsyncResult[StagedPart] | None] = []
        self._starting = threading.Thread(target=self._start, args=(workers,), name="import-workers", daemon=True)
        self._fork = workers > 0 and _forking_is_safe()
        if workers > 0 and not self._fork:
            # A clean interpreter takes half a second to import the readers: it does so on a thread
            # while the caller cuts the files.
            self._starting.start()

    def _start(self, workers: int) -> None:
        context = _context()
        # A spawned worker's parent is this short-lived thread, whose end would stop it: it is left alone.
        watched = None if context.get_start_method() == "spawn" else 0
        self._pool = context.Pool(workers, _worker_started, (watched,))

    def read(self, tasks: list[PartToRead]) -> None:
        """Start reading the parts (with workers) or get ready to (without)."""
        global _INHERITED
        self.tasks = tasks
        if self._fork and not _INHERITED and _forking_is_safe():    # (not while another import forks)
            _INHERITED = tasks
            self._pool = multiprocessing.get_context("fork").Pool(self._workers, _worker_started, (os.getpid(),))
            self._pending = [self._pool.apply_async(_stage_inherited, (number,)) for number in range(len(tasks))]
            return
        if self._fork:          # a thread started since: start clean processes after all
            self._starting.start()
        if self._starting.is_alive() or self._starting.ident is not None:
            self._starting.join()
        if self._pool is not None:
            self._pending = [self._pool.apply_async(stage_part, (task,)) for task in tasks]

    def results(self, poll_ms: int = 200) -> Iterator[StagedPart | None]:
        """Each part's result in order; None now and then while waiting (to report progress, or to be
        cancelled)."""
        for number, task in enumerate(self.tasks):
            if self._pool is None:
                yield stage_part(task)
                continue
            pending = self._pending[number]
            while not pending.ready():
                pending.wait(poll_ms / 1000)
                if not pending.ready():
                    yield None
            self._pending[number] = None     # the part's result is the caller's alone now
            yield pending.get()

    def again(self, task: PartToRead) -> StagedPart:
        """Read a part once more, here (a reader's assumption on entering it was wrong)."""
        return stage_part(task)

    def close(self) -> None:
        global _INHERITED
        if self._starting.ident is not None:
            self._starting.join()
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        if _INHERITED is self.tasks:
            _INHERITED = []
        # The starting thread refers back to this object: only a collection would free what it still holds.
        self.tasks, self._pending = [], []


def _worker_started(parent: int | None) -> None:
    """Set up a worker process. It collects cycles as usual (a fork inherits the import's paused collector).
    On Linux it stops at once when the process that made it ends (an import killed midway), rather than
    finish reading its part for nobody: `parent` is that process's id, 0 for whichever it is, None to
    leave it be."""
    gc.enable()
    if parent is None or sys.platform != "linux":
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent and os.getppid() != parent:       # it ended before it could be watched
        os._exit(0)


_PR_SET_PDEATHSIG = 1


def _forking_is_safe() -> bool:
    """Whether worker processes can be forks of this one, which start at once with everything imported:
    only where no other thread runs (the command line), since a fork copies locks that other threads
    (Qt's, a database driver's) may hold at that moment, and nothing would ever release them."""
    if getattr(sys, "frozen", False) or sys.platform != "linux":
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1     # every thread, not only Python's
    except OSError:
        return False


def _context() -> Any:
    """Processes that start clean, when forking is not safe (see `_forking_is_safe`)."""
    if getattr(sys, "frozen", False) or sys.platform != "linux":
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context
