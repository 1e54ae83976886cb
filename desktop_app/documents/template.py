"""How a company's documents look: logo, brand colours, font, columns, texts, paper, QR code.

A DocumentTemplate is a plain value; `to_json()`/`from_json()` are its stored form, and
`template_problems()` says in words what is wrong with one (bad colour, unreadable logo...).
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from PIL import Image, UnidentifiedImageError

from desktop_app.documents.fonts import DEFAULT_FAMILY, FAMILIES
from desktop_app.domain.errors import DomainError
from desktop_app.i18n import _

FORMAT_VERSION = 1
MAX_LOGO_BYTES = 1024 * 1024
MAX_LOGO_PIXELS = 5000
# Header: one line at the top of each page; footer: two lines; message: a short paragraph.
TEXT_LIMITS = {"name": 60, "header_text": 120, "footer_text": 200, "message": 1000}
_COLOUR = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


class Column(StrEnum):
    """Optional columns of the line table; description, quantity, unit price and net always show."""

    SKU = "sku"
    UNIT = "unit"
    DISCOUNT = "discount"
    VAT_RATE = "vat_rate"


class PaperSize(StrEnum):
    A4 = "A4"
    LETTER = "Letter"


class TemplateError(DomainError):
    """A template cannot be used; `problems` maps each field to a sentence."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class DocumentTemplate:
    """The look of invoices, credit notes and letters."""

    name: str = "Default"
    logo: bytes = b""                      # PNG or JPEG; empty for none
    primary_colour: str = "#1f3a5f"        # title, table header, totals
    secondary_colour: str = "#2a9d8f"      # rules and highlights
    font: str = DEFAULT_FAMILY
    columns: tuple[Column, ...] = (Column.UNIT, Column.DISCOUNT, Column.VAT_RATE)
    header_text: str = ""
    footer_text: str = ""
    message: str = ""
    paper: PaperSize = PaperSize.A4
    show_qr: bool = True

    def shows(self, column: Column) -> bool:
        return column in self.columns

    def to_json(self) -> str:
        """The stored form: stable key order, logo as base64."""
        data = {
            "version": FORMAT_VERSION, "name": self.name,
            "logo": base64.b64encode(self.logo).decode("ascii") if self.logo else None,
            "primary_colour": self.primary_colour, "secondary_colour": self.secondary_colour,
            "font": self.font, "columns": [column.value for column in self.columns],
            "header_text": self.header_text, "footer_text": self.footer_text, "message": self.message,
            "paper": self.paper.value, "show_qr": self.show_qr,
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> DocumentTemplate:
        """Read a stored template; raises TemplateError naming every problem found."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise TemplateError({"json": _("The template file is damaged ({reason}).").format(
                reason=error.msg)}) from None
        if not isinstance(data, dict):
            raise TemplateError({"json": _("The template file is damaged (not a JSON object).")})
        problems: dict[str, str] = {}
        values = _values_from_json(data, problems)
        template = replace(cls(), **values)
        problems.update(template_problems(template))
        if problems:
            raise TemplateError(problems)
        return normalised(template)


DEFAULT_TEMPLATE = DocumentTemplate()


def _values_from_json(data: dict[str, Any], problems: dict[str, str]) -> dict[str, Any]:
    """Typed field values from the JSON object; a wrong type becomes a problem, not a crash."""
    values: dict[str, Any] = {}
    texts = ("name", "primary_colour", "secondary_colour", "font", "header_text", "footer_text", "message")
    for key in texts:
        if key in data:
            if isinstance(data[key], str):
                values[key] = data[key]
            else:
                problems[key] = _("'{field}' must be text.").format(field=key)
    if data.get("logo"):
        try:
            values["logo"] = base64.b64decode(str(data["logo"]), validate=True)
        except (binascii.Error, ValueError):
            problems["logo"] = _("The stored logo is damaged; choose the logo file again.")
    if "columns" in data:
        values["columns"] = _columns_from_json(data["columns"], problems)
    if "paper" in data:
        try:
            values["paper"] = PaperSize(data["paper"])
        except ValueError:
            problems["paper"] = _("Paper size must be A4 or Letter.")
    if "show_qr" in data:
        if isinstance(data["show_qr"], bool):
            values["show_qr"] = data["show_qr"]
        else:
            problems["show_qr"] = _("'show_qr' must be true or false.")
    return values


def _columns_from_json(raw: object, problems: dict[str, str]) -> tuple[Column, ...]:
    known = {column.value: column for column in Column}
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        problems["columns"] = _("'columns' must be a list of column names.")
        return DEFAULT_TEMPLATE.columns
    unknown = [item for item in raw if item not in known]
    if unknown:
        problems["columns"] = _("Unknown column '{name}'. Columns are: {known}.").format(
            name=unknown[0], known=", ".join(known))
    return tuple(dict.fromkeys(known[item] for item in raw if item in known))


def template_problems(template: DocumentTemplate) -> dict[str, str]:
    """Every reason `template` cannot be used, one sentence per field; empty when it is fine."""
    problems: dict[str, str] = {}
    if not template.name.strip():
        problems["name"] = _("A template needs a name.")
    for key, limit in TEXT_LIMITS.items():
        if len(getattr(template, key)) > limit and key not in problems:
            problems[key] = _("'{field}' is too long: at most {limit} characters.").format(
                field=key, limit=limit)
    for key in ("primary_colour", "secondary_colour"):
        value = getattr(template, key)
        if not _COLOUR.match(value.strip()):
            problems[key] = _("'{value}' is not a colour: write it as #RRGGBB, e.g. #1f3a5f.").format(
                value=value)
    if template.font not in FAMILIES:
        problems["font"] = _("Unknown font '{font}'. Fonts are: {known}.").format(
            font=template.font, known=", ".join(FAMILIES))
    if template.logo:
        message = logo_problem(template.logo)
        if message:
            problems["logo"] = message
    return problems


def logo_problem(data: bytes) -> str:
    """Why `data` cannot be a logo, or "" when it can (PNG or JPEG, readable, reasonable size)."""
    if len(data) > MAX_LOGO_BYTES:
        return _("The logo is too large ({size} KB); use an image of at most {limit} KB.").format(
            size=len(data) // 1024, limit=MAX_LOGO_BYTES // 1024)
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8")):
        return _("The logo must be a PNG or JPEG image.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return _("The logo image cannot be read; it may be damaged.")
    if max(width, height) > MAX_LOGO_PIXELS:
        return _("The logo is {width} × {height} pixels; use at most {limit} pixels a side.").format(
            width=width, height=height, limit=MAX_LOGO_PIXELS)
    return ""


def normalised(template: DocumentTemplate) -> DocumentTemplate:
    """The same template with colours as lowercase #rrggbb and trimmed texts."""
    return replace(template, name=template.name.strip(),
                   primary_colour=normalise_colour(template.primary_colour),
                   secondary_colour=normalise_colour(template.secondary_colour))


def normalise_colour(value: str) -> str:
    """'#ABC' or 'aabbcc' -> '#aabbcc'; raises ValueError when it is not a colour."""
    match = _COLOUR.match(value.strip())
    if not match:
        raise ValueError(value)
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits


def validated(template: DocumentTemplate) -> DocumentTemplate:
    """`template` normalised, or TemplateError naming every problem."""
    problems = template_problems(template)
    if problems:
        raise TemplateError(problems)
    return normalised(template)

