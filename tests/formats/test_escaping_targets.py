"""Each writer escapes for its own target, whatever the text's origin (typed by hand, stored long ago):
XML drops what XML 1.0 cannot hold, XLSX what a workbook refuses; readers strip it on the way in."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from lxml import etree

from desktop_app.domain.report_table import Column, Report, Table
from desktop_app.formats.cii import invoice_to_cii
from desktop_app.formats.orders import ReadOptions, reader_named
from desktop_app.formats.problems import FileRefused
from desktop_app.formats.tabular import csv_bytes, xlsx_bytes
from desktop_app.formats.text import decode, without_controls
from desktop_app.formats.ubl import invoice_to_ubl
from tests.support.invoices import CONSUMER, b2c_shop_order

FIXTURES = __import__("pathlib").Path(__file__).parents[1] / "fixtures"
HOSTILE = "Chez <Zoé> & Cie\x07\x1b[0m\x0b\u202e=1+1\ud800\uffff"


def test_without_controls_keeps_what_every_target_carries():
    assert without_controls(HOSTILE) == "Chez <Zoé> & Cie[0m\u202e=1+1"
    assert without_controls("line\tone\r\nline two") == "line\tone\r\nline two"


@pytest.mark.parametrize("write", [invoice_to_cii, invoice_to_ubl])
def test_xml_writers_hold_any_text(write):
    document = b2c_shop_order()
    hostile = replace(document, buyer=replace(CONSUMER, name=HOSTILE),
                      lines=(replace(document.lines[0], description=HOSTILE), *document.lines[1:]))
    xml = write(hostile)
    texts = " ".join(etree.fromstring(xml).itertext())
    assert "Chez <Zoé> & Cie[0m\u202e=1+1" in texts and b"&lt;Zo\xc3\xa9&gt; &amp; Cie" in xml


def test_spreadsheets_hold_any_text_and_never_a_formula():
    table = Table("Ventes", (Column("name", "Client"),), (("=HYPERLINK(\"http://x\")\x07",), ("@SUM(A1)",), ("-2+3",)))
    report = Report("sales", "Ventes", date(2026, 3, 1), date(2026, 3, 31), tables=(table,))
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(report)))
    values = [cell for row in book.active.iter_rows() for cell in row if cell.value]
    assert all(cell.data_type == "s" for cell in values)
    assert "=HYPERLINK(\"http://x\")" in [cell.value for cell in values]
    text = csv_bytes(report).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text and "'-2+3" in text


def test_readers_strip_controls_and_json_escapes():
    data = (FIXTURES / "orders" / "woocommerce" / "order-7030.json").read_text(encoding="utf-8")
    data = data.replace('"first_name": "Niamh"', '"first_name": "Ni\\u0007amh\\ud800\\u001b"', 1)
    [order] = reader_named("woocommerce-json").read(data.encode(), "order-7030.json", ReadOptions())
    assert "Niamh" in order.billing.name and without_controls(order.billing.name) == order.billing.name
    assert decode("Zoé\x07;12\x1f\n".encode(), "x.csv") == "Zoé;12\n"


def test_a_nul_byte_is_refused_in_words():
    with pytest.raises(FileRefused, match="binary data"):
        decode(b"Name,Total\nZo\x00e,12\n", "export.csv")
