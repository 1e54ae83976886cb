"""The common shape of every document: a first-page heading, a table that may run over several
pages (header repeated, "page 2/3"), then closing blocks on the last page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.documents.blocks import (
    Line,
    draw_page_frame,
    logo_block,
    pairs_block,
    seller_block,
    side_by_side,
    stacked,
    text_block,
)
from desktop_app.documents.flow import Block, Frame, plan_pages
from desktop_app.documents.formatting import Formatter
from desktop_app.documents.pen import MUTED, Pen, new_canvas, template_style
from desktop_app.documents.table import Table
from desktop_app.documents.template import DocumentTemplate
from desktop_app.domain.invoice import Party
from desktop_app.i18n import _

HEADER_GAP = 16.0           # between the first-page heading and what follows
CONTINUATION_HEADER = 26.0  # height of the small heading on pages 2, 3...
TITLE_SIZE = 19.0


@dataclass(frozen=True, slots=True)
class Heading:
    """What the first page says above the table."""

    seller: Party
    title: str                          # "Invoice", "Payment reminder"...
    number: str                         # the document's number or reference
    pairs: Sequence[tuple[str, str]]    # dates and references, label then value
    buyer_country: str                  # the seller's country is named when it differs


def open_document(template: DocumentTemplate, *, title: str, author: str, language: str
                  ) -> tuple[io.BytesIO, Pen]:
    """A fresh canvas in the template's style, and the buffer it writes to."""
    style = template_style(template)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, style, title=title, author=author, subject=title, language=language)
    return buffer, Pen(canvas, style)


def right_column(pen: Pen) -> tuple[float, float]:
    """x and width of the right-hand column (title, dates, the addressee in the envelope window)."""
    style = pen.style
    x = style.left + style.content_width * 0.56
    return x, style.right - x


def heading_block(pen: Pen, template: DocumentTemplate, heading: Heading, fmt: Formatter,
                  addressee: Block, left_extra: Block | None = None) -> Block:
    """Two columns: logo, seller and `left_extra` (a delivery address) on the left; title, number,
    dates and the addressee (where an envelope window shows it) on the right."""
    style = pen.style
    left_width = style.content_width * 0.5
    right_x, right_width = right_column(pen)
    left = stacked([logo_block(pen, template, style.left),
                    seller_block(pen, heading.seller, fmt, heading.buyer_country, style.left, left_width),
                    *([left_extra] if left_extra else [])], 12)
    natural = max(pen.width(heading.title.upper(), TITLE_SIZE, bold=True), 1.0)
    title_size = min(TITLE_SIZE, max(14.0, TITLE_SIZE * right_width / natural))   # long titles shrink
    title = text_block(pen, style.right, right_width, [
        Line(heading.title.upper(), title_size, bold=True, colour=style.primary),
        Line(heading.number, 11, bold=True)], align="right")
    right = stacked([title, pairs_block(pen, right_x, right_width, heading.pairs), addressee], 12)
    return side_by_side(left, right)


def draw_document(pen: Pen, template: DocumentTemplate, heading: Block, table: Table | None,
                  tail: Sequence[Block], *, running_title: str, seller_name: str) -> None:
    """Paginate and draw everything, then close the canvas."""
    style, canvas = pen.style, pen.canvas
    frame = Frame(first_top=style.height - style.top - heading.height - HEADER_GAP,
                  next_top=style.height - style.top - CONTINUATION_HEADER, bottom=style.bottom)
    pages = plan_pages(table, frame, tail)
    for number, page in enumerate(pages, start=1):
        draw_page_frame(pen, template, number, len(pages))
        if number == 1:
            heading.draw(style.height - style.top)
        else:
            baseline = style.height - style.top - 10
            pen.text(style.left, baseline, seller_name, size=9.5, bold=True)
            pen.text(style.right, baseline, _("{title} (continued)").format(title=running_title), size=9.5,
                     colour=MUTED, align="right")
        if table is not None:
            if page.header_top is not None:
                table.draw_header(page.header_top)
            for piece, top in page.pieces:
                table.draw_piece(piece, top, shaded=piece.row % 2 == 1)
        for block, top in page.blocks:
            block.draw(top)
        pen.new_page()
    canvas.save()
