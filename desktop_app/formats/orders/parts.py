"""Cutting a large CSV order export into parts that hold whole orders, so that several processes can
read it at once.

A part is the file's header followed by some of its records, numbered as in the whole file; it cuts
only at a line break outside quotes (a quoted address may hold line breaks) and between two records
of different orders (an order's line items stay together). Readers whose exports group an order's
rows this way offer `split` and `read_part` (see ShopifyReader); the others are read whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from desktop_app.domain.orders import ShopOrder

_UTF16 = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True, slots=True)
class FilePart:
    """Whole orders of one export: the header, then the records of the part."""

    file_name: str
    index: int           # position among the file's parts
    data: bytes
    line_offset: int     # added to a line number past the header to give the file's line
    entry: Any           # what the reader assumes it knows on entering the part (see PartOrders)


@dataclass(frozen=True, slots=True)
class PartOrders:
    """The orders of a part, and what reading them depended on.

    A reader may carry something learned from one order to the next (Shopify: whether prices include
    tax, decided by the last order whose amounts told). A part is read assuming `FilePart.entry`;
    `exit` is what the reader knew after its last order, and `entry_used` says whether any order
    relied on the assumption: if it did and the previous part's `exit` differs, the part is read
    again with that instead.
    """

    orders: list[ShopOrder]
    entry_used: bool
    exit: Any
    reference_column: str = ""     # the header of the column naming orders, for problems found later


def cut_points(data: bytes, start: int, shares: Sequence[int], key_of: Callable[[bytes], str | None]) -> list[int]:
    """Offsets cutting `data[start:]` (`start`: a record's start) into slices of whole orders, of about
    the relative sizes `shares` ((1, 1): halves).

    `key_of(record)` gives the order a record belongs to (None when it cannot tell: no cut next to
    it). Fewer cuts come back when the file has too few orders, none when its lines do not end in
    '\\n'.
    """
    cuts: list[int] = []
    size, whole = len(data) - start, sum(shares)
    position, quotes = start, 0      # quotes seen from `start` to `position`
    for before in accumulate(shares[:-1]):
        target = max(start + size * before // whole, position)
        quotes += data.count(b'"', position, target)
        record = _break_after(data, target, quotes)
        found = None if record is None else _order_start_from(data, record, key_of)
        if found is None:
            break
        quotes += data.count(b'"', target, found)
        position = found
        if found < len(data) and found > (cuts[-1] if cuts else start):
            cuts.append(found)
    return cuts


def header_end(data: bytes) -> int | None:
    """The offset just past the header record (blank lines before it included)."""
    position = 0
    while position < len(data):
        end = _record_end(data, position)
        if end is None:
            return None
        if data[position:end].strip(b"\r\n\t ,;\xef\xbb\xbf"):
            return end
        position = end
    return None


def record_key(data: bytes, encoding: str, delimiter: str, column: int) -> str | None:
    """The cell `column` of one CSV record (None when the record cannot be read)."""
    try:
        cells = next(csv.reader(io.StringIO(data.decode(encoding, errors="replace"), newline=""),
                                delimiter=delimiter, quotechar='"', strict=True))
    except (csv.Error, StopIteration):
        return None
    if column >= len(cells) or not cells[column].strip():
        return None
    return cells[column]


def lines_before(data: bytes, offset: int, start: int = 0) -> int:
    """How many line breaks come between `start` and `offset` (in bytes `is_splittable` accepted, where
    every line break ends in '\\n')."""
    return data.count(b"\n", start, offset)


def is_splittable(data: bytes) -> bool:
    """Whether the bytes can be cut where they say '\\n' and '\"' and their lines counted by '\\n': UTF-8
    or single-byte encodings, lines ending in '\\n' or '\\r\\n' (an old Mac '\\r' alone is read in one go)."""
    return (not data.startswith(_UTF16) and b"\n" in data
            and (b"\r" not in data or data.count(b"\r") == data.count(b"\r\n")))


def _break_after(data: bytes, position: int, quotes: int = 0) -> int | None:
    """The offset just past the first line break at or after `position` that lies outside quotes,
    `quotes` being the number of quote characters between the start of a record and `position`."""
    while True:
        newline = data.find(b"\n", position)
        if newline < 0:
            return None
        quotes += data.count(b'"', position, newline)
        if quotes % 2 == 0:
            return newline + 1
        position = newline + 1


def _record_end(data: bytes, start: int) -> int | None:
    return _break_after(data, start)


def _order_start_from(data: bytes, record: int, key_of: Callable[[bytes], str | None]) -> int | None:
    """The start of the first record from `record` on whose order differs from the record before it."""
    previous: str | None = None
    for _ in range(10_000):      # an order has at most a few hundred rows
        end = _record_end(data, record)
        if end is None:
            return None
        key = key_of(data[record:end])
        if key is not None and previous is not None and key != previous:
            return record
        previous, record = key, end
    return None
