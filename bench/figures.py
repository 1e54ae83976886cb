"""One measured figure, with what it is compared to."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    against: str | None = None       # what the ratio compares with
    ratio: float | None = None
    target: str = ""                 # e.g. "ratio <= 3", ">= 2000", "< 1.5"
    met: bool | None = None

    def as_json(self) -> dict[str, Any]:
        return {"value": round(self.value, 4), "unit": self.unit, "ratio": None if self.ratio is None
                else round(self.ratio, 3), "against": self.against, "target": self.target, "met": self.met}

    def row(self, width: int) -> str:
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}"
        verdict = "" if self.met is None else ("ok" if self.met else "MISSED")
        return (f"{self.name.ljust(width)}  {self.value:12.3f}  {self.unit:<10} {ratio:>6}  "
                f"{self.target:<16} {verdict:<6} {self.against or ''}")


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds taken by `action`, and what it returned."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result
