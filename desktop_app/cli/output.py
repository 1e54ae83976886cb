"""How the command line speaks: one JSON object with --json, plain lines otherwise, a progress bar
on a terminal, errors on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from desktop_app.domain.money import format_plain
from desktop_app.domain.progress import Progress


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format_plain(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def print_json(data: Mapping[str, Any]) -> None:
    """One JSON object on stdout; amounts as strings with two decimals."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")


def print_fields(data: Mapping[str, Any]) -> None:
    """Aligned 'key: value' lines."""
    width = max((len(k) for k in data), default=0)
    for key, value in data.items():
        text = format_plain(value) if isinstance(value, Decimal) else value
        sys.stdout.write(f"{key.ljust(width)}  {text}\n")


def error(message: str) -> None:
    sys.stderr.write(message.rstrip() + "\n")


class ProgressBar:
    """A one-line bar on stderr when it is a terminal; silent otherwise (scripts, tests)."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._drawn = False

    def __call__(self, step: Progress) -> None:
        if not self.enabled:
            return
        if step.total:
            filled = int(30 * step.done / step.total)
            bar = "#" * filled + "-" * (30 - filled)
            text = f"\r[{bar}] {step.done}/{step.total} {step.message[:40]}"
        else:
            text = f"\r{step.done} {step.message[:60]}"
        sys.stderr.write(text.ljust(80))
        sys.stderr.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()
