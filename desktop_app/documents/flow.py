"""Pagination: where each table row and each closing block (totals, payment, notes) goes.

Everything is measured first, so the page count is known before the first page is drawn. The
closing blocks stay together, after the last row, on the last page; when they do not fit under the
table they move to a page of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from desktop_app.documents.table import RowPiece, Table

GAP = 12.0   # space between the table and the first block, and between blocks


@dataclass(frozen=True, slots=True)
class Block:
    """Something measured: `draw(top)` draws it with its top edge at `top`."""

    height: float
    draw: Callable[[float], None]


@dataclass(frozen=True, slots=True)
class Frame:
    """Vertical room for content: page 1 starts lower (under its header) than the pages after it."""

    first_top: float
    next_top: float
    bottom: float


@dataclass(slots=True)
class PagePlan:
    header_top: float | None = None                                   # where the table header goes
    pieces: list[tuple[RowPiece, float]] = field(default_factory=list)  # (piece, top)
    blocks: list[tuple[Block, float]] = field(default_factory=list)     # (block, top)


class _Cursor:
    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self.pages = [PagePlan()]
        self.y = frame.first_top

    @property
    def page(self) -> PagePlan:
        return self.pages[-1]

    @property
    def room(self) -> float:
        return self.y - self.frame.bottom

    def new_page(self) -> None:
        self.pages.append(PagePlan())
        self.y = self.frame.next_top


def plan_pages(table: Table | None, frame: Frame, tail: Sequence[Block]) -> list[PagePlan]:
    """Pages for `table`'s rows (header repeated on each page that has rows) and then `tail`."""
    cursor = _Cursor(frame)
    if table is not None and table.rows:
        _place_rows(table, cursor)
    _place_tail(tail, cursor)
    return cursor.pages


def _start_table_page(table: Table, cursor: _Cursor) -> None:
    cursor.page.header_top = cursor.y
    cursor.y -= table.header_height


def _place_rows(table: Table, cursor: _Cursor) -> None:
    page_room = cursor.frame.next_top - cursor.frame.bottom - table.header_height
    _start_table_page(table, cursor)
    for index, lines in enumerate(table.lines):
        first, count = 0, len(lines) or 1
        while first < count:
            remaining = count - first
            if table.lines_height(remaining) <= cursor.room:
                take = remaining
            elif table.lines_height(remaining) <= page_room:
                take = 0                     # the whole row fits on the next page: move it there
            else:
                take = table.lines_fitting(cursor.room)   # taller than a page: split it here
            if take == 0:
                if not cursor.page.pieces:
                    cursor.page.header_top = None   # no header left alone at the foot of a page
                cursor.new_page()
                _start_table_page(table, cursor)
                continue
            cursor.page.pieces.append((RowPiece(index, first, first + take), cursor.y))
            cursor.y -= table.lines_height(take)
            first += take


def _place_tail(tail: Sequence[Block], cursor: _Cursor) -> None:
    if not tail:
        return
    together = sum(block.height for block in tail) + GAP * len(tail)
    fresh_room = cursor.frame.next_top - cursor.frame.bottom
    if together > cursor.room and together <= fresh_room:
        cursor.new_page()
    for block in tail:
        if cursor.page.pieces or cursor.page.blocks or cursor.page.header_top is not None:
            cursor.y -= GAP
        if block.height > cursor.room and (cursor.page.pieces or cursor.page.blocks):
            cursor.new_page()
        cursor.page.blocks.append((block, cursor.y))
        cursor.y -= block.height
