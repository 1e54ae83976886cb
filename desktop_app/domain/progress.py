"""Long jobs report progress as they go, and stop cleanly when their consumer closes them.

A job is a generator that yields Progress and returns its result. Cancelling it is `job.close()`:
Python raises GeneratorExit at the current yield, the job's transaction block rolls back, and
nothing is half-done.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int        # 0 when unknown
    message: str = ""

    @property
    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None


Job = Generator[Progress, None, T]


def run_job(job: Job[T], on_progress: Callable[[Progress], None] | None = None) -> T:
    """Drive a job to its end, reporting each step; returns the job's result."""
    while True:
        try:
            step = next(job)
        except StopIteration as finished:
            return finished.value  # type: ignore[no-any-return]
        if on_progress is not None:
            on_progress(step)
