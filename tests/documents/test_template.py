"""Document templates: defaults, JSON round trip, and validation in words."""

from __future__ import annotations

import base64
import io
import json
from dataclasses import replace

import pytest
from PIL import Image

from desktop_app.documents.template import (
    DEFAULT_TEMPLATE,
    MAX_LOGO_BYTES,
    Column,
    DocumentTemplate,
    PaperSize,
    TemplateError,
    normalise_colour,
    template_problems,
    validated,
)


def png(width: int = 120, height: int = 40, mode: str = "RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), (200, 16, 46, 255) if mode == "RGBA" else (200, 16, 46)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(width: int = 120, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 40, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_the_default_template_is_valid_and_shows_the_qr_code() -> None:
    assert template_problems(DEFAULT_TEMPLATE) == {}
    assert DEFAULT_TEMPLATE.paper is PaperSize.A4
    assert DEFAULT_TEMPLATE.show_qr
    assert DEFAULT_TEMPLATE.shows(Column.VAT_RATE)


def test_json_round_trip_keeps_every_field_including_the_logo() -> None:
    template = DocumentTemplate(name="Boutique", logo=png(), primary_colour="#c8102e", secondary_colour="#f4a261",
                                columns=(Column.SKU, Column.VAT_RATE), header_text="Fait main à Paris",
                                footer_text="Merci !", message="Bonne année", paper=PaperSize.LETTER, show_qr=False)
    text = template.to_json()
    assert json.loads(text)["version"] == 1
    assert DocumentTemplate.from_json(text) == template


def test_json_is_stable_for_storage() -> None:
    assert DEFAULT_TEMPLATE.to_json() == DocumentTemplate.from_json(DEFAULT_TEMPLATE.to_json()).to_json()
    assert json.loads(DEFAULT_TEMPLATE.to_json())["logo"] is None


def test_colours_are_normalised() -> None:
    assert normalise_colour("#ABC") == "#aabbcc"
    assert normalise_colour(" 1F3A5F ") == "#1f3a5f"
    assert validated(replace(DEFAULT_TEMPLATE, primary_colour="C8102E")).primary_colour == "#c8102e"


@pytest.mark.parametrize("colour", ["red", "#12345", "#GGHHII", ""])
def test_a_bad_colour_is_named_in_the_message(colour: str) -> None:
    problems = template_problems(replace(DEFAULT_TEMPLATE, secondary_colour=colour))
    assert set(problems) == {"secondary_colour"}
    assert "#RRGGBB" in problems["secondary_colour"]


def test_a_logo_must_be_a_readable_png_or_jpeg() -> None:
    assert template_problems(replace(DEFAULT_TEMPLATE, logo=png())) == {}
    assert template_problems(replace(DEFAULT_TEMPLATE, logo=jpeg())) == {}
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    assert "PNG or JPEG" in template_problems(replace(DEFAULT_TEMPLATE, logo=gif.getvalue()))["logo"]
    damaged = png()[:60]
    assert "cannot be read" in template_problems(replace(DEFAULT_TEMPLATE, logo=damaged))["logo"]


def test_an_oversized_logo_is_refused_with_its_size() -> None:
    heavy = b"\x89PNG\r\n\x1a\n" + bytes(MAX_LOGO_BYTES)
    assert "too large" in template_problems(replace(DEFAULT_TEMPLATE, logo=heavy))["logo"]
    huge = png(6000, 10, "RGB")
    assert "6000 × 10 pixels" in template_problems(replace(DEFAULT_TEMPLATE, logo=huge))["logo"]


def test_from_json_reports_every_problem_at_once() -> None:
    data = json.loads(DEFAULT_TEMPLATE.to_json())
    data.update(primary_colour="blue", paper="A5", columns=["sku", "colour"], show_qr="yes", font="Comic")
    with pytest.raises(TemplateError) as caught:
        DocumentTemplate.from_json(json.dumps(data))
    assert set(caught.value.problems) == {"primary_colour", "paper", "columns", "show_qr", "font"}
    assert "Unknown column 'colour'" in str(caught.value)


def test_damaged_json_and_damaged_logo_are_explained() -> None:
    with pytest.raises(TemplateError, match="damaged"):
        DocumentTemplate.from_json("{not json")
    with pytest.raises(TemplateError, match="damaged"):
        DocumentTemplate.from_json("[1, 2]")
    data = json.loads(DEFAULT_TEMPLATE.to_json())
    data["logo"] = "***"
    with pytest.raises(TemplateError, match="choose the logo file again"):
        DocumentTemplate.from_json(json.dumps(data))


def test_texts_have_limits_and_a_template_needs_a_name() -> None:
    problems = template_problems(replace(DEFAULT_TEMPLATE, name=" ", footer_text="x" * 201))
    assert set(problems) == {"name", "footer_text"}
    assert "200" in problems["footer_text"]


def test_a_stored_logo_survives_base64() -> None:
    logo = jpeg()
    data = json.loads(replace(DEFAULT_TEMPLATE, logo=logo).to_json())
    assert base64.b64decode(data["logo"]) == logo
