"""Closing blocks shared by invoices and letters: a whole small table, totals ending in a coloured
amount-due band, and payment instructions with an optional SEPA QR code."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.documents.blocks import Line, pairs_block, side_by_side, text_block
from desktop_app.documents.flow import Block
from desktop_app.documents.pen import BODY, MUTED, SMALL, Pen
from desktop_app.documents.qr import draw_qr, qr_matrix
from desktop_app.documents.table import RowPiece, Table
from desktop_app.i18n import _

QR_SIZE = 76.0
BAND = 19.0          # height of the amount-due band
BAND_INSET = 6.0     # the band reaches the margin; its text sits this far inside


def table_block(table: Table) -> Block:
    """A small table drawn whole (it never needs to break across pages)."""
    height = table.header_height + sum(table.row_height(i) for i in range(len(table.rows)))

    def draw(top: float) -> None:
        y = table.draw_header(top)
        for index, lines in enumerate(table.lines):
            y = table.draw_piece(RowPiece(index, 0, len(lines)), y, shaded=index % 2 == 1)
    return Block(height, draw)


def totals_x(pen: Pen) -> float:
    """Where the totals column starts (it ends at the right margin)."""
    return pen.style.left + pen.style.content_width * 0.58


def totals_block(pen: Pen, pairs: Sequence[tuple[str, str]], label: str, amount: str) -> Block:
    """Label/amount pairs, then `label` and `amount` in bold on a band of the primary colour."""
    x = totals_x(pen)
    width = pen.style.right - x
    body = pairs_block(pen, x, width - BAND_INSET, pairs, BODY)
    style = pen.style

    def draw(top: float) -> None:
        body.draw(top)
        band_top = top - body.height - 5
        pen.fill(x - BAND_INSET, band_top - BAND, width + BAND_INSET, BAND, style.primary)
        baseline = band_top - BAND + 6
        pen.text(x, baseline, label, size=10, bold=True, colour=style.on_primary)
        pen.text(x + width - BAND_INSET, baseline, amount, size=10, bold=True, colour=style.on_primary,
                 align="right")
    return Block(body.height + 5 + BAND, draw)


def payment_block(pen: Pen, lines: Sequence[str], payload: str | None) -> Block:
    """"Payment" and its instructions; with an EPC payload, the QR code on the right."""
    style = pen.style
    text_width = style.content_width - (QR_SIZE + 16 if payload else 0)
    heading = Line(_("Payment"), 9.5, bold=True, colour=style.primary)
    text = text_block(pen, style.left, text_width, [heading, *(Line(line) for line in lines)])
    if payload is None:
        return text
    rows = qr_matrix(payload.encode("utf-8"))
    qr_x = style.right - QR_SIZE
    caption = _("Scan to pay by transfer")

    def draw_code(top: float) -> None:
        draw_qr(pen.canvas, rows, qr_x, top - QR_SIZE, QR_SIZE)
        pen.text(qr_x + QR_SIZE / 2, top - QR_SIZE - 6, caption, size=SMALL - 0.5, colour=MUTED, align="centre")
    return side_by_side(text, Block(QR_SIZE + 8, draw_code))
