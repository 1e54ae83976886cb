"""Drawing on a reportlab canvas in a template's style: text, wrapped paragraphs, rules, boxes.

Documents are drawn with the canvas API rather than platypus: it is about twice as fast for a
one-page invoice, and our layouts are simple enough to measure ourselves.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import groupby

from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from desktop_app.documents.fonts import FontFamily, fallback_font, font_family
from desktop_app.documents.template import DocumentTemplate, PaperSize, normalise_colour

# ASCII85 only matters for 7-bit transports; without it streams are smaller and written faster.
rl_config.useA85 = 0

PAPER = {PaperSize.A4: A4, PaperSize.LETTER: LETTER}
TEXT = HexColor("#1d1d1f")
MUTED = HexColor("#5f6368")
RULE = HexColor("#d0d4da")
BODY = 8.5          # body text size, points
SMALL = 7.0
LEADING = 1.22      # line height as a multiple of the size


@dataclass(frozen=True, slots=True)
class Style:
    """What a template decides about drawing, resolved to reportlab values."""

    fonts: FontFamily
    primary: Color
    secondary: Color
    on_primary: Color       # text drawn on a primary-coloured fill
    tint: Color             # a very light shade of the primary colour, for zebra rows
    width: float
    height: float
    margin: float = 36.0
    top: float = 40.0       # space above the content (the template header text sits in it)
    bottom: float = 48.0    # space below the content (footer text and page number)

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def left(self) -> float:
        return self.margin

    @property
    def right(self) -> float:
        return self.width - self.margin


@cache
def style_for(primary: str, secondary: str, font: str, paper: PaperSize) -> Style:
    """The drawing style of a template's look (cached: templates are few, documents many)."""
    main, accent = HexColor(normalise_colour(primary)), HexColor(normalise_colour(secondary))
    width, height = PAPER[paper]
    return Style(font_family(font), main, accent, _readable_on(main), _mix(main, 0.08), width, height)


def template_style(template: DocumentTemplate) -> Style:
    return style_for(template.primary_colour, template.secondary_colour, template.font, template.paper)


def _mix(colour: Color, amount: float) -> Color:
    """`colour` blended with white: amount 0 is white, 1 is the colour."""
    return Color(*(1 - amount * (1 - channel) for channel in (colour.red, colour.green, colour.blue)))


def _readable_on(colour: Color) -> Color:
    """White or near-black, whichever contrasts better with `colour` (relative luminance)."""
    luminance = 0.2126 * colour.red + 0.7152 * colour.green + 0.0722 * colour.blue
    return white if luminance < 0.6 else TEXT


def new_canvas(buffer: io.BytesIO, style: Style, *, title: str, author: str, subject: str,
               language: str) -> Canvas:
    """A canvas whose every font is an embedded TrueType one, with stable (invariant) output."""
    canvas = Canvas(buffer, pagesize=(style.width, style.height), initialFontName=style.fonts.regular,
                    initialFontSize=BODY, pageCompression=1, invariant=1, lang=language)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator("Comptoir")
    return canvas


class Pen:
    """Draws text and shapes on one canvas in one style."""

    def __init__(self, canvas: Canvas, style: Style) -> None:
        self.canvas = canvas
        self.style = style
        self._glyphs = {name: _glyph_set(name) for name in (style.fonts.regular, style.fonts.bold)}
        self._fill: Color | None = None

    def _set_fill(self, colour: Color) -> None:
        """Set the fill colour unless it already is (each change is an operator in the page stream).

        Saved and restored graphics states (images, the QR code) return to this same colour.
        """
        if colour != self._fill:
            self.canvas.setFillColor(colour)
            self._fill = colour

    def new_page(self) -> None:
        """End the page; the next one starts from the default graphics state."""
        self.canvas.showPage()
        self._fill = None

    def font(self, bold: bool) -> str:
        return self.style.fonts.bold if bold else self.style.fonts.regular

    def safe(self, text: str, bold: bool = False) -> str:
        """One line of `text` with control characters replaced by spaces and characters no shipped
        font draws by '?' (PDF/A forbids drawing .notdef)."""
        text = text.replace("\t", " ")
        if text.isascii() and text.isprintable():
            return text
        glyphs = self._glyphs[self.font(bold)]
        if all(ord(ch) in glyphs for ch in text):
            return text
        fallback = _glyph_set(fallback_font())
        return "".join(
            ch if ord(ch) in glyphs or ord(ch) in fallback else ("?" if ch.isprintable() else " ")
            for ch in text
        )

    def runs(self, text: str, bold: bool = False) -> list[tuple[str, str]]:
        """A safe line cut into (font, text) runs: the template's font, or the fallback face for
        the characters it lacks (Chinese, Japanese, Korean)."""
        font = self.font(bold)
        if text.isascii():
            return [(font, text)]
        glyphs = self._glyphs[font]
        if all(ord(ch) in glyphs for ch in text):
            return [(font, text)]
        fallback = fallback_font()
        return [(face, "".join(chars))
                for face, chars in groupby(text, key=lambda ch: font if ord(ch) in glyphs else fallback)]

    def width(self, text: str, size: float = BODY, bold: bool = False) -> float:
        return float(sum(pdfmetrics.stringWidth(run, face, size) for face, run in self.runs(text, bold)))

    def text(self, x: float, y: float, text: str, *, size: float = BODY, bold: bool = False,
             colour: Color = TEXT, align: str = "left") -> None:
        """One line of text whose baseline is at y; align is left, right (x is the right edge) or centre."""
        canvas = self.canvas
        self._set_fill(colour)
        runs = self.runs(self.safe(text, bold), bold)
        if len(runs) == 1:
            face, run = runs[0]
            canvas.setFont(face, size)
            if align == "right":
                canvas.drawRightString(x, y, run)
            elif align == "centre":
                canvas.drawCentredString(x, y, run)
            else:
                canvas.drawString(x, y, run)
            return
        widths = [pdfmetrics.stringWidth(run, face, size) for face, run in runs]
        if align == "right":
            x -= sum(widths)
        elif align == "centre":
            x -= sum(widths) / 2
        for (face, run), width in zip(runs, widths, strict=True):
            canvas.setFont(face, size)
            canvas.drawString(x, y, run)
            x += width

    def wrap(self, text: str, width: float, size: float = BODY, bold: bool = False) -> list[str]:
        """`text` broken into lines no wider than `width` (words too long are cut)."""
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            lines.extend(self._wrap_paragraph(self.safe(paragraph, bold), width, size, bold))
        return lines

    def _wrap_paragraph(self, paragraph: str, width: float, size: float, bold: bool) -> list[str]:
        def measure(text: str) -> float:
            return self.width(text, size, bold)

        if measure(paragraph) <= width:
            return [paragraph]
        lines: list[str] = []
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if measure(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while measure(current) > width and len(current) > 1:
                cut = _fitting_prefix(current, measure, width)
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
        return lines

    def paragraph(self, x: float, y: float, lines: list[str], *, size: float = BODY, bold: bool = False,
                  colour: Color = TEXT, align: str = "left") -> float:
        """Draw already wrapped lines from baseline y down; returns the baseline after the last."""
        for line in lines:
            self.text(x, y, line, size=size, bold=bold, colour=colour, align=align)
            y -= size * LEADING
        return y

    def fill(self, x: float, y: float, width: float, height: float, colour: Color) -> None:
        """A filled rectangle with its lower-left corner at (x, y)."""
        self._set_fill(colour)
        self.canvas.rect(x, y, width, height, stroke=0, fill=1)

    def rule(self, x1: float, y: float, x2: float, colour: Color = RULE, thickness: float = 0.6) -> None:
        self.canvas.setStrokeColor(colour)
        self.canvas.setLineWidth(thickness)
        self.canvas.line(x1, y, x2, y)


def line_height(size: float = BODY) -> float:
    return size * LEADING


def _fitting_prefix(word: str, measure: Callable[[str], float], width: float) -> int:
    """How many leading characters of `word` fit in `width` (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


@cache
def _glyph_set(font_name: str) -> frozenset[int]:
    face = pdfmetrics.getFont(font_name).face
    return frozenset(code for code, glyph in face.charToGlyph.items() if _drawable(code, glyph))


def _drawable(code: int, glyph: int) -> bool:
    """A character the font draws with a real glyph (not .notdef) and that is not a control code."""
    return glyph != 0 and unicodedata.category(chr(code)) != "Cc"
