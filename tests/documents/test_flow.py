"""Pagination: rows, repeated table headers, row splitting and the closing blocks."""

from __future__ import annotations

import io
from itertools import pairwise

from reportlab.pdfgen.canvas import Canvas

from desktop_app.documents.flow import GAP, Block, Frame, plan_pages
from desktop_app.documents.pen import Pen, template_style
from desktop_app.documents.table import Table, TableColumn, TableRow
from desktop_app.documents.template import DEFAULT_TEMPLATE

FRAME = Frame(first_top=600.0, next_top=780.0, bottom=50.0)


def table(*line_counts: int) -> Table:
    pen = Pen(Canvas(io.BytesIO()), template_style(DEFAULT_TEMPLATE))
    rows = [TableRow(("\n".join(f"line {j}" for j in range(count)), "1,00 €")) for count in line_counts]
    return Table(pen, [TableColumn("Description", align="left", wraps=True), TableColumn("Amount")], rows, 36, 520)


def block(height: float) -> Block:
    return Block(height, lambda top: None)


def test_rows_fill_pages_and_each_page_with_rows_has_a_header() -> None:
    lines = table(*[1] * 120)
    pages = plan_pages(lines, FRAME, [block(100)])
    assert len(pages) >= 3
    assert all(page.header_top is not None for page in pages if page.pieces)
    placed = [piece.row for page in pages for piece, _top in page.pieces]
    assert placed == list(range(120))
    for page in pages:
        for piece, top in page.pieces:
            assert top - lines.lines_height(piece.last - piece.first) >= FRAME.bottom - 0.01
    assert [bool(page.blocks) for page in pages] == [False] * (len(pages) - 1) + [True]


def test_closing_blocks_stay_together_on_a_new_page_when_they_do_not_fit() -> None:
    lines = table(*[1] * 30)
    pages = plan_pages(lines, FRAME, [block(150), block(150), block(60)])
    assert len(pages) == 2 and len(pages[1].blocks) == 3 and not pages[1].pieces
    tops = [top for _block, top in pages[1].blocks]
    assert tops == [FRAME.next_top, FRAME.next_top - 150 - GAP, FRAME.next_top - 300 - 2 * GAP]


def test_a_row_taller_than_a_page_is_split_and_a_normal_row_moves_whole() -> None:
    lines = table(1, 200, 3)
    pages = plan_pages(lines, FRAME, [])
    pieces = [(piece.row, piece.first, piece.last) for page in pages for piece, _top in page.pieces]
    long_row = [piece for piece in pieces if piece[0] == 1]
    assert len(long_row) >= 2 and long_row[0][1] == 0 and long_row[-1][2] == 200
    assert all(a[2] == b[1] for a, b in pairwise(long_row))
    assert [piece for piece in pieces if piece[0] == 2] == [(2, 0, 3)]


def test_no_table_header_is_left_alone_at_the_foot_of_the_first_page() -> None:
    lines = table(4, 1)
    cramped = Frame(first_top=95.0, next_top=780.0, bottom=50.0)
    pages = plan_pages(lines, cramped, [])
    assert pages[0].header_top is None and not pages[0].pieces
    assert pages[1].header_top == cramped.next_top and len(pages[1].pieces) == 2
