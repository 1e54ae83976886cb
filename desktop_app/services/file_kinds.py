"""What a file dropped on the window (or picked with File › Import a file) is: an order export, a bank
statement or payment export, or neither — as the readers themselves recognise their formats."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop_app.formats.orders import readers as order_readers
from desktop_app.formats.payments import readers as payment_readers

# Every reader recognises its format from the start of a file (header line, XML root, JSON keys).
_HEAD = 256 * 1024


def kind_of(path: Path) -> str | None:
    """"orders", "payments", or None when no reader knows the file."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD)
    except OSError:
        return None
    name = Path(path).name
    if any(reader.recognises(head, name) for reader in order_readers().values()):
        return "orders"
    if any(reader.recognises(head, name) for reader in payment_readers().values()):
        return "payments"
    return None


def file_kind(paths: Sequence[Path]) -> str | None:
    """The kind all the files share (None when one is unknown, or when they are of both kinds)."""
    kinds = {kind_of(path) for path in paths}
    return kinds.pop() if len(kinds) == 1 else None
