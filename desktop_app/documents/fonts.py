"""The TrueType fonts shipped in resources/fonts, registered once per process.

Every glyph of a PDF/A file must come from an embedded font; reportlab's standard-14 fonts are
never embedded and Helvetica lacks U+202F (the French thousands separator), so documents use only
these families.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop_app.paths import resource


@dataclass(frozen=True, slots=True)
class FontFamily:
    """The reportlab names of one family's regular and bold faces, and their files."""

    key: str
    label: str
    regular: str
    bold: str
    regular_file: str
    bold_file: str


FAMILIES: dict[str, FontFamily] = {
    "dejavu-sans": FontFamily("dejavu-sans", "DejaVu Sans", "DejaVuSans", "DejaVuSans-Bold",
                              "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
}
DEFAULT_FAMILY = "dejavu-sans"

# Chinese, Japanese and Korean names and addresses: drawn with this face where the family has no
# glyph. It has no bold; bold text falls back to the same face. Registered on first need (4 MB).
FALLBACK = "DroidSansFallback"
FALLBACK_FILE = "DroidSansFallbackFull.ttf"

_lock = threading.Lock()
_registered: set[str] = set()


def font_family(key: str) -> FontFamily:
    """The family `key`, its faces registered with reportlab (parsing a TTF costs ~50 ms: once)."""
    family = FAMILIES[key]
    if key in _registered:
        return family
    with _lock:
        if key not in _registered:
            for name, file in ((family.regular, family.regular_file), (family.bold, family.bold_file)):
                pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file))))
            _registered.add(key)
    return family


def fallback_font() -> str:
    """The reportlab name of the fallback face, registered on first call."""
    if FALLBACK not in _registered:
        with _lock:
            if FALLBACK not in _registered:
                pdfmetrics.registerFont(TTFont(FALLBACK, str(resource("fonts", FALLBACK_FILE))))
                _registered.add(FALLBACK)
    return FALLBACK


def text_width(text: str, font: str, size: float) -> float:
    """Width of `text` in points."""
    return float(pdfmetrics.stringWidth(text, font, size))
