"""A measured table: one wrapping text column, the others sized to their content, a coloured header.

Rows are measured before anything is drawn, so a document knows its page count (for "page 2/3")
and can repeat the header on every page; a row too tall for a page is split between its lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.documents.pen import BODY, LEADING, TEXT, Pen

PAD_X = 4.5
PAD_Y = 2.8
MAX_TITLE_WIDTH = 62.0   # narrow numeric columns wrap their title rather than widen


@dataclass(frozen=True, slots=True)
class TableColumn:
    title: str
    align: str = "right"     # "left", "right" or "centre"
    wraps: bool = False      # the one column that takes the remaining width and wraps its text


@dataclass(frozen=True, slots=True)
class TableRow:
    cells: tuple[str, ...]
    bold: bool = False


@dataclass(frozen=True, slots=True)
class RowPiece:
    """Lines first..last (exclusive) of row `row`'s wrapping cell; the other cells show on the first."""

    row: int
    first: int
    last: int


class Table:
    """Rows laid out in columns at a given position and width."""

    def __init__(self, pen: Pen, columns: Sequence[TableColumn], rows: Sequence[TableRow],
                 x: float, width: float, size: float = BODY) -> None:
        self.pen, self.columns, self.rows = pen, tuple(columns), tuple(rows)
        self.x, self.size = x, size
        self.leading = size * LEADING
        self.wrap_index = next((i for i, c in enumerate(self.columns) if c.wraps), 0)
        self.widths = self._column_widths(width)
        self.titles = [pen.wrap(c.title, w - 2 * PAD_X, size, bold=True)
                       for c, w in zip(self.columns, self.widths)]
        wrap_width = self.widths[self.wrap_index] - 2 * PAD_X
        self.lines = [pen.wrap(row.cells[self.wrap_index], wrap_width, size, row.bold) for row in self.rows]

    def _column_widths(self, total: float) -> list[float]:
        pen, size = self.pen, self.size
        widths = []
        for index, column in enumerate(self.columns):
            if column.wraps:
                widths.append(0.0)
                continue
            content = max((pen.width(row.cells[index], size, row.bold) for row in self.rows), default=0.0)
            title = min(pen.width(column.title, size, bold=True), MAX_TITLE_WIDTH)
            widths.append(max(content, title) + 2 * PAD_X)
        widths[self.wrap_index] = max(total - sum(widths), 80.0)
        return widths

    @property
    def header_height(self) -> float:
        return 2 * PAD_Y + max(len(lines) for lines in self.titles) * self.leading

    def lines_height(self, count: int) -> float:
        return 2 * PAD_Y + max(count, 1) * self.leading

    def row_height(self, row: int) -> float:
        return self.lines_height(len(self.lines[row]))

    def lines_fitting(self, space: float) -> int:
        """How many lines of a wrapping cell fit in `space` points."""
        return max(int((space - 2 * PAD_Y) // self.leading), 0)

    def draw_header(self, top: float) -> float:
        """Draw the header row with its top at `top`; returns its bottom."""
        pen, style = self.pen, self.pen.style
        height = self.header_height
        pen.fill(self.x, top - height, sum(self.widths), height, style.primary)
        x = self.x
        for column, width, title in zip(self.columns, self.widths, self.titles):
            pen.paragraph(_anchor(column, x, width), top - PAD_Y - self.size, title, size=self.size, bold=True,
                          colour=style.on_primary, align=column.align)
            x += width
        return top - height

    def draw_piece(self, piece: RowPiece, top: float, shaded: bool) -> float:
        """Draw part of a row with its top at `top`; returns its bottom."""
        pen = self.pen
        row = self.rows[piece.row]
        lines = self.lines[piece.row][piece.first:piece.last]
        height = self.lines_height(len(lines))
        if shaded:
            pen.fill(self.x, top - height, sum(self.widths), height, pen.style.tint)
        baseline = top - PAD_Y - self.size
        x = self.x
        for index, (column, width) in enumerate(zip(self.columns, self.widths)):
            anchor = _anchor(column, x, width)
            if index == self.wrap_index:
                pen.paragraph(anchor, baseline, lines, size=self.size, bold=row.bold, align=column.align)
            elif piece.first == 0:
                pen.text(anchor, baseline, row.cells[index], size=self.size, bold=row.bold, colour=TEXT,
                         align=column.align)
            x += width
        return top - height


def _anchor(column: TableColumn, x: float, width: float) -> float:
    """The x a cell's text is aligned on."""
    if column.align == "right":
        return x + width - PAD_X
    if column.align == "centre":
        return x + width / 2
    return x + PAD_X
