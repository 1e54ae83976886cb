"""Invoices and credit notes rendered to PDF and read back (pdftotext, pikepdf)."""

from __future__ import annotations

import io
import os
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from desktop_app.documents.formatting import formatter
from desktop_app.documents.invoice_lines import visible_columns
from desktop_app.documents.invoice_pdf import render_facturx_invoice, render_invoice
from desktop_app.documents.letters import render_reminder, render_statement
from desktop_app.documents.template import DEFAULT_TEMPLATE, Column, DocumentTemplate, PaperSize
from desktop_app.domain.invoice import PaymentInstructions, PaymentMeans
from desktop_app.domain.tax import standard
from desktop_app.domain.totals import Line, compute_totals
from tests.documents.conftest import (
    BUYER_SIREN,
    DISCOUNT_NOTE,
    INDEMNITY_NOTE,
    PENALTY_NOTE,
    SELLER_SIREN,
    cii_sample,
    flat,
    fonts_used,
    make_credit_note,
    make_exempt_invoice,
    make_invoice,
    make_reminder,
    make_statement,
    needs_poppler,
    page_count,
    pdf_text,
    to_unicode_maps,
    vat_number,
)

pytestmark = needs_poppler


def money_fr(amount: Decimal) -> str:
    return flat(formatter("fr").money(amount, "EUR"))


def test_a_french_b2b_invoice_shows_every_mandatory_mention(tmp_path: Path) -> None:
    document = make_invoice()
    text = flat(pdf_text(render_facturx_invoice(document, cii_sample(document)), tmp_path))
    seller_mentions = ["Atelier Lumière", "12 rue des Lilas", "75011 Paris", SELLER_SIREN, vat_number(SELLER_SIREN),
                       "SAS", "10 000 €", "RCS Paris"]
    buyer_mentions = ["Boulangerie Martin", "3 place Bellecour", "69002 Lyon", BUYER_SIREN, vat_number(BUYER_SIREN),
                      "8 rue Mercière"]
    document_mentions = ["F2026-00042", "15 mars 2026", "12 mars 2026", "14 avril 2026", "#1042", "BC-2026-118"]
    legal = [PENALTY_NOTE, INDEMNITY_NOTE, DISCOUNT_NOTE, "40 €"]
    for mention in seller_mentions + buyer_mentions + document_mentions + legal:
        assert flat(mention) in text, mention
    for line in document.lines:
        assert line.description.split(",")[0] in text
        assert flat(formatter("fr").unit_price(line.unit_price, "EUR")) in text
        assert money_fr(line.net_amount) in text
    for row in document.totals.breakdown:
        assert flat(formatter("fr").percent(row.vat.rate)) in text
        assert money_fr(row.base) in text and money_fr(row.amount) in text
    totals = document.totals
    for amount in (totals.tax_basis, totals.vat_total, totals.grand_total, totals.amount_due):
        assert money_fr(amount) in text
    assert "FR76 3000 6000 0112 3456 7890 189" in text


def test_french_amounts_use_the_narrow_no_break_space_of_the_embedded_font(tmp_path: Path) -> None:
    pdf = render_invoice(make_invoice())
    assert "1 234,50 €" in flat(pdf_text(pdf, tmp_path))
    # The space is the real U+202F glyph (mapped in a ToUnicode CMap), not a '?' or a .notdef box.
    assert "202F>" in to_unicode_maps(pdf)


def test_characters_no_shipped_font_has_never_reach_the_pdf(tmp_path: Path) -> None:
    item = Line("Théière \U00010900 en fonte", Decimal(1), Decimal("30"), standard("20"))  # Phoenician
    document = make_invoice(lines=(item,), totals=compute_totals((item,)), allowances_charges=())
    pdf = render_invoice(document)
    assert "Théière ? en fonte" in flat(pdf_text(pdf, tmp_path))
    assert "10900>" not in to_unicode_maps(pdf)


def test_japanese_text_is_drawn_with_the_embedded_fallback_face(tmp_path: Path) -> None:
    item = Line("Théière 南部鉄器 en fonte", Decimal(1), Decimal("30"), standard("20"))
    document = make_invoice(lines=(item,), totals=compute_totals((item,)), allowances_charges=())
    pdf = render_invoice(document)
    assert "Théière 南部鉄器 en fonte" in flat(pdf_text(pdf, tmp_path))
    fonts = fonts_used(pdf)
    assert any("+DroidSansFallback" in base_font for base_font, _, _ in fonts)
    assert all(embedded for _, _, embedded in fonts)


@pytest.mark.parametrize("render", [
    lambda: render_facturx_invoice(make_invoice(), cii_sample(make_invoice())),
    lambda: render_invoice(make_credit_note()),
    lambda: render_reminder(make_reminder()),
    lambda: render_statement(make_statement()),
], ids=["invoice", "credit-note", "reminder", "statement"])
def test_every_font_is_an_embedded_truetype_subset(render: object) -> None:
    fonts = fonts_used(render())  # type: ignore[operator]
    assert fonts
    for base_font, subtype, embedded in fonts:
        assert embedded, base_font
        assert subtype == "/TrueType" and "+DejaVuSans" in base_font, base_font


def test_a_thousand_line_invoice_repeats_its_header_and_totals_once(tmp_path: Path) -> None:
    document = make_invoice(1000, language="en")
    pdf = render_invoice(document)
    pages = pdf_text(pdf, tmp_path).split("\f")[:-1]
    count = page_count(pdf)
    assert len(pages) == count and 25 <= count <= 50
    for number, page in enumerate(pages, start=1):
        assert "Description" in page and "Unit price" in page, number
        assert f"Page {number}/{count}" in page
        assert ("Amount due" in page) == (number == count)
        assert ("Total excl. VAT" in page) == (number == count)
    text = flat("\n".join(pages))
    positions = [text.index(f"Article {i}: ") for i in (1, 2, 500, 999, 1000)]
    assert positions == sorted(positions)
    assert flat(formatter("en").money(document.totals.amount_due, "EUR")) in flat(pages[-1])


def test_a_line_taller_than_a_page_is_split_between_pages(tmp_path: Path) -> None:
    words = " ".join(f"mot{i}" for i in range(1500))
    item = Line(words, Decimal(1), Decimal("10"), standard("20"))
    document = make_invoice(lines=(item,), totals=compute_totals((item,)), allowances_charges=(), language="en")
    pdf = render_invoice(document)
    text = flat(pdf_text(pdf, tmp_path))
    assert page_count(pdf) >= 2
    assert "mot0 " in text and "mot1499" in text and text.count("Amount due") == 1


def test_a_credit_note_refers_to_the_invoice_it_corrects(tmp_path: Path) -> None:
    document = make_credit_note()
    text = flat(pdf_text(render_invoice(replace(document, language="en")), tmp_path))
    assert "CREDIT NOTE" in text and "AV2026-00003" in text
    assert "F2026-00042 of 15 March 2026" in text
    assert "Retour de deux lampes endommagées" in text
    assert "Scan to pay" not in text and "Due date" not in text


def test_exempt_and_reverse_charge_invoices_say_why_there_is_no_vat(tmp_path: Path) -> None:
    text = flat(pdf_text(render_invoice(replace(make_exempt_invoice(), language="en")), tmp_path))
    assert "VAT not applicable, art. 293 B of the French tax code (CGI)" in text
    assert "2 h" in text, "the unit of an hourly service is printed"


def test_a_foreign_currency_invoice_states_its_vat_in_euros(tmp_path: Path) -> None:
    base = make_invoice(language="en")
    document = replace(base, currency="USD", vat_accounting_currency="EUR", vat_total_accounting=Decimal("293.72"),
                       exchange_rate=Decimal("1.0850"), exchange_rate_date=date(2026, 3, 14))
    text = flat(pdf_text(render_invoice(document), tmp_path))
    assert "VAT total in EUR: €293.72 (1 EUR = 1.085 USD on 14 March 2026)" in text
    assert "US$1,234.50" in text
    assert "Scan to pay" not in text, "EPC QR codes are for euro transfers only"


def test_a_paid_invoice_says_so_and_has_no_qr_code(tmp_path: Path) -> None:
    base = make_invoice(language="en")
    totals = compute_totals(base.lines, base.allowances_charges, prepaid=base.totals.grand_total)
    document = replace(base, totals=totals, payment=PaymentInstructions(PaymentMeans.ONLINE_SERVICE, paid_by="Stripe"))
    text = flat(pdf_text(render_invoice(document), tmp_path))
    assert "This invoice is fully paid." in text and "paid with Stripe" in text
    assert "Scan to pay" not in text


def test_the_qr_code_follows_the_template(tmp_path: Path) -> None:
    document = make_invoice(language="en")
    assert "Scan to pay" in flat(pdf_text(render_invoice(document), tmp_path))
    hidden = render_invoice(document, replace(DEFAULT_TEMPLATE, show_qr=False))
    assert "Scan to pay" not in flat(pdf_text(hidden, tmp_path))


def test_a_draft_has_no_number_and_says_so(tmp_path: Path) -> None:
    text = flat(pdf_text(render_invoice(make_invoice(number="", language="en")), tmp_path))
    assert "Draft: not a valid invoice" in text


def test_columns_follow_the_template_without_hiding_a_mandatory_mention() -> None:
    document = make_invoice()
    bare = replace(DEFAULT_TEMPLATE, columns=())
    assert visible_columns(document, bare) == [Column.DISCOUNT, Column.VAT_RATE], "several rates, one discount"
    single = (Line("Lampe", Decimal(1), Decimal("10"), standard("20"), sku="L-1"),)
    plain = replace(document, lines=single, totals=compute_totals(single))
    assert visible_columns(plain, bare) == []
    assert visible_columns(plain, replace(DEFAULT_TEMPLATE, columns=tuple(Column))) == [Column.SKU, Column.VAT_RATE]


def test_letter_paper_and_a_logo(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("CMYK", (400, 120), (0, 200, 200, 0)).save(buffer, "JPEG")
    template = DocumentTemplate(name="US", logo=buffer.getvalue(), paper=PaperSize.LETTER)
    pdf = render_invoice(make_invoice(), template)
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        assert [float(v) for v in opened.pages[0].MediaBox] == [0, 0, 612, 792]
        images = [x for x in opened.pages[0].Resources.XObject.values() if x.Subtype == "/Image"]
        assert len(images) == 1
        assert images[0].ColorSpace == "/DeviceRGB", "a CMYK logo is converted: the output intent is RGB"


def test_rendered_pages_are_written_as_pictures_for_review(tmp_path: Path) -> None:
    """PNGs of typical pages, for a person to look at (set COMPTOIR_SHOTS=dir to keep them)."""
    folder = Path(os.environ.get("COMPTOIR_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    branded = DocumentTemplate(name="Brand", primary_colour="#c8102e", secondary_colour="#b5651d",
                               columns=(Column.SKU, Column.UNIT, Column.DISCOUNT, Column.VAT_RATE),
                               header_text="Luminaires faits main à Paris", footer_text="Merci de votre confiance.",
                               message="Merci pour votre commande !")
    documents = {"invoice": (render_facturx_invoice(make_invoice(), cii_sample(make_invoice())), "1"),
                 "invoice-branded": (render_invoice(make_invoice(), branded), "1"),
                 "invoice-1000-lines": (render_invoice(make_invoice(1000)), "2"),
                 "credit-note": (render_invoice(make_credit_note()), "1"),
                 "reminder": (render_reminder(make_reminder()), "1"),
                 "statement": (render_statement(make_statement()), "1")}
    for name, (pdf, page) in documents.items():
        (folder / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", page, "-l", page, "-singlefile",
                        str(folder / f"{name}.pdf"), str(folder / name)], check=True)
        with Image.open(folder / f"{name}.png") as picture:
            assert picture.size == (662, 936)   # A4 at 80 dpi
            grey = picture.convert("L")
            histogram = grey.histogram()
            dark = sum(histogram[:60]) / (picture.size[0] * picture.size[1])
            assert 0.002 < dark < 0.08, f"{name}: {dark:.1%} of the page is near black"
            assert grey.getpixel((330, 2)) < 200, "the brand band is drawn at the top"
