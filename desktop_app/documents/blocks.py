"""Parts every document shares: text blocks, label/value lists, the logo, parties, the page frame."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image
from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader

from desktop_app.documents.flow import Block
from desktop_app.documents.formatting import Formatter
from desktop_app.documents.pen import BODY, LEADING, MUTED, SMALL, TEXT, Pen
from desktop_app.documents.template import DocumentTemplate
from desktop_app.domain.invoice import Party
from desktop_app.domain.parties import Address
from desktop_app.i18n import _

LOGO_BOX = (160.0, 56.0)
LOGO_MAX_PIXELS = (640, 224)     # 4× the box in points: sharp in print, small in the file


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    size: float = BODY
    bold: bool = False
    colour: Color = TEXT


def text_block(pen: Pen, x: float, width: float, lines: Sequence[Line], align: str = "left") -> Block:
    """Lines wrapped to `width`; with align "right", x is the right edge."""
    wrapped = [(line, pen.wrap(line.text, width, line.size, line.bold)) for line in lines if line.text]
    height = sum(len(parts) * line.size * LEADING for line, parts in wrapped)

    def draw(top: float) -> None:
        y = top
        for line, parts in wrapped:
            y = pen.paragraph(x, y - line.size, parts, size=line.size, bold=line.bold, colour=line.colour,
                              align=align) + line.size
    return Block(height, draw)


def pairs_block(pen: Pen, x: float, width: float, pairs: Sequence[tuple[str, str]],
                size: float = BODY) -> Block:
    """Label on the left, value right-aligned at x + width; both wrap, labels within 62 % of the width."""
    label_width = min(max((pen.width(label, size) for label, _value in pairs), default=0.0) + 10, width * 0.62)
    value_width = width - label_width
    rows = [(pen.wrap(label, label_width - 6, size), pen.wrap(value, value_width, size, bold=True))
            for label, value in pairs]
    leading = size * LEADING
    height = sum(max(len(labels), len(values)) for labels, values in rows) * leading

    def draw(top: float) -> None:
        y = top - size
        for labels, values in rows:
            pen.paragraph(x, y, labels, size=size, colour=MUTED)
            pen.paragraph(x + width, y, values, size=size, bold=True, align="right")
            y -= max(len(labels), len(values)) * leading
    return Block(height, draw)


def stacked(blocks: Sequence[Block], gap: float = 8.0) -> Block:
    """Blocks one under the other."""
    present = [block for block in blocks if block.height > 0]
    height = sum(block.height for block in present) + gap * max(len(present) - 1, 0)

    def draw(top: float) -> None:
        for block in present:
            block.draw(top)
            top -= block.height + gap
    return Block(height, draw)


def side_by_side(left: Block, right: Block) -> Block:
    """Two blocks whose tops align (each already knows its own x)."""
    def draw(top: float) -> None:
        left.draw(top)
        right.draw(top)
    return Block(max(left.height, right.height), draw)


def logo_block(pen: Pen, template: DocumentTemplate, x: float) -> Block:
    """The template's logo, scaled into LOGO_BOX at its top-left corner; nothing without a logo."""
    if not template.logo:
        return Block(0.0, lambda top: None)
    reader, (pixel_width, pixel_height) = _logo_image(template.logo)
    scale = min(LOGO_BOX[0] / pixel_width, LOGO_BOX[1] / pixel_height)
    width, height = pixel_width * scale, pixel_height * scale

    def draw(top: float) -> None:
        pen.canvas.drawImage(reader, x, top - height, width, height, mask="auto")
    return Block(height, draw)


@lru_cache(maxsize=8)
def _logo_image(data: bytes) -> tuple[ImageReader, tuple[int, int]]:
    """The logo decoded once per process: RGB(A) or grey (PDF/A here has an RGB output intent, so no
    CMYK), and no larger than needed, which keeps both the file and the render time small."""
    with Image.open(io.BytesIO(data)) as image:
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        picture = image.convert("RGBA" if has_alpha else ("L" if image.mode in ("L", "1") else "RGB"))
    picture.thumbnail(LOGO_MAX_PIXELS, Image.Resampling.LANCZOS)
    return ImageReader(picture), picture.size


def legal_lines(party: Party) -> list[str]:
    """Legal form and capital, SIREN/SIRET, RCS and VAT number, as printed under a name."""
    lines = []
    if party.legal_form and party.capital:
        lines.append(_("{form} with a share capital of {capital}").format(form=party.legal_form,
                                                                      capital=party.capital))
    elif party.legal_form or party.capital:
        lines.append(party.legal_form or _("Share capital {capital}").format(capital=party.capital))
    ids = []
    if party.siren:
        ids.append(_("SIREN {number}").format(number=party.siren))
    if party.siret:
        ids.append(_("SIRET {number}").format(number=party.siret))
    if ids:
        lines.append(" · ".join(ids))
    if party.rcs:
        has_number = any(ch.isdigit() for ch in party.rcs)
        lines.append(party.rcs if has_number or not party.siren else f"{party.rcs} {party.siren}")
    if party.vat_number:
        lines.append(_("VAT number {number}").format(number=party.vat_number))
    return lines


def address_lines(address: Address, fmt: Formatter, home_country: str) -> list[str]:
    """The postal address, with the country named when it is not `home_country`."""
    lines = address.lines()
    if address.country and address.country.upper() != home_country.upper():
        lines.append(fmt.country(address.country))
    return lines


def seller_block(pen: Pen, seller: Party, fmt: Formatter, home_country: str, x: float, width: float) -> Block:
    """The seller with every legal mention of C. com. L441-9 / R123-237 and CGI 242 nonies A."""
    lines = [Line(seller.name, 10.5, bold=True)]
    lines += [Line(text) for text in address_lines(seller.address, fmt, home_country)]
    lines += [Line(text, SMALL + 0.5, colour=MUTED) for text in legal_lines(seller)]
    contact = " · ".join(part for part in (seller.email, seller.phone) if part)
    if contact:
        lines.append(Line(contact, SMALL + 0.5, colour=MUTED))
    return text_block(pen, x, width, lines)


def party_block(pen: Pen, title: str, party: Party, fmt: Formatter, home_country: str, x: float,
                width: float, *, address: Address | None = None, name: str = "",
                identifiers: bool = True) -> Block:
    """A buyer or delivery block under a coloured title; identifiers only for businesses."""
    lines = [Line(title.upper(), SMALL, bold=True, colour=pen.style.secondary), Line(name or party.name, 9.5, True)]
    if party.contact and not name:
        lines.append(Line(party.contact))
    lines += [Line(text) for text in address_lines(address or party.address, fmt, home_country)]
    if identifiers and party.is_business:
        if party.siren:
            lines.append(Line(_("SIREN {number}").format(number=party.siren), SMALL + 0.5, colour=MUTED))
        if party.vat_number:
            lines.append(Line(_("VAT number {number}").format(number=party.vat_number), SMALL + 0.5,
                              colour=MUTED))
    return text_block(pen, x, width, lines)


def draw_page_frame(pen: Pen, template: DocumentTemplate, page: int, pages: int) -> None:
    """Brand band, the template's header and footer texts, and "Page 2/3"."""
    style = pen.style
    pen.fill(0, style.height - 5, style.width, 5, style.primary)
    if template.header_text:
        pen.text(style.width / 2, style.height - 20, pen.wrap(template.header_text, style.content_width, SMALL)[0],
                 size=SMALL, colour=MUTED, align="centre")
    pen.rule(style.left, style.bottom - 8, style.right, style.secondary, 0.8)
    footer = pen.wrap(template.footer_text, style.content_width - 70, SMALL)[:2] if template.footer_text else []
    pen.paragraph(style.left, style.bottom - 19, footer, size=SMALL, colour=MUTED)
    pen.text(style.right, style.bottom - 19, _("Page {page}/{pages}").format(page=page, pages=pages),
             size=SMALL, colour=MUTED, align="right")
