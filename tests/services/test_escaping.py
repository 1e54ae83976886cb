"""Text from an imported file reaches PDFs, CII/UBL XML, CSV/XLSX reports and e-mails escaped for each:
markup, ampersands, spreadsheet formulas, control characters and right-to-left marks in customer names,
addresses and line descriptions."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import openpyxl
import pikepdf
import pytest
from lxml import etree

from desktop_app.bootstrap import open_database
from desktop_app.domain.orders import OrderAddress, OrderLine
from desktop_app.domain.periods import Period
from desktop_app.domain.progress import run_job
from desktop_app.formats.email_message import OutgoingMail, build_message, read_message
from desktop_app.formats.orders.writers import write_shopify_csv
from desktop_app.services.company import set_settings
from desktop_app.services.customers import customer_ids, customers_by_ids
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.issuing import issue_documents
from desktop_app.services.mail_messages import send_invoice_by_email
from desktop_app.services.order_import import import_orders
from desktop_app.services.outbox import message_bytes, outbox_items
from desktop_app.services.rendering import invoice_pdf, invoice_xml
from desktop_app.services.reports import build_report, report_bytes
from desktop_app.services.verify import verify
from desktop_app.store.types import utcnow
from tests.support.einvoice_validation import RuleSet, check_xsd
from tests.support.shop import COMPANY, order

RTL = "\u202e"
NAME = f"=cmd|' /C calc'!A0 <script>alert('x')</script> & Fils {RTL}lanigiro\r\nBcc: victim@example.org\x07"
STREET = "1 rue des Lilas\x1b[31m <b>&amp;</b>"
DESCRIPTION = "Thé <vert> & \"citron\"\x0b\x0c =HYPERLINK(\"http://evil.example\") \x1f" + RTL
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    db = open_database(folder / "shop.db")
    from desktop_app.services.company import set_company

    set_company(db, COMPANY)
    set_settings(db, {"smtp.from": "bonjour@maison-lumiere.example"})
    address = OrderAddress(name=NAME, line1=STREET, postcode="69002", city="Lyon & <Co>",
                           country="FR")
    hostile = order("#6001", [OrderLine(DESCRIPTION, Decimal(2), Decimal("14.90"), "THE-X", vat_rate=Decimal("5.5"))],
                    "29.80", "1.55", email="client@example.fr", address=address, day=date(2026, 3, 2))
    export = folder / "orders_export_hostile.csv"
    export.write_bytes(write_shopify_csv([replace(hostile, notes="=1+1\x01")]))
    run_job(import_orders(db, [export]))
    run_job(draft_from_orders(db))
    result = run_job(issue_documents(db, on=date(2026, 3, 9)))
    assert [d.number for d in result.issued] == ["F2026-00001"], result.refused
    yield db
    db.dispose()


def test_the_reader_strips_control_characters_no_target_can_carry(shop):
    [customer] = customers_by_ids(shop, customer_ids(shop))
    for text in (customer.name, customer.billing.line1, customer.billing.city):
        assert not CONTROL.search(text), repr(text)
    assert "<script>" in customer.name and "&" in customer.name and RTL in customer.name     # data, kept as typed


def test_the_pdf_renders_and_is_a_pdf_a(shop):
    pdf = invoice_pdf(shop, 1)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
        assert document.attachments["factur-x.xml"].get_file().read_bytes() == invoice_xml(shop, 1, "cii")
    assert run_job(verify(shop)).ok


@pytest.mark.parametrize("syntax, schema", [("cii", RuleSet.FACTURX_EN16931_XSD), ("ubl", RuleSet.UBL_INVOICE_XSD)])
def test_the_xml_parses_validates_and_keeps_the_text(shop, syntax, schema):
    xml = invoice_xml(shop, 1, syntax)
    root = etree.fromstring(xml)
    assert check_xsd(xml, schema) == []
    texts = " ".join(t for t in root.itertext())
    assert "<script>alert('x')</script> & Fils" in texts and "Thé <vert> & \"citron\"" in texts
    assert b"<script>" not in xml and b"&lt;script&gt;" in xml
    assert not CONTROL.search(xml.decode("utf-8"))


def test_spreadsheet_cells_are_neutralised(shop):
    report = run_job(build_report(shop, "sales", Period(date(2026, 3, 1), date(2026, 3, 31))))
    rows = list(csv.reader(io.StringIO(report_bytes(shop, report, "csv").decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert any("cmd|" in cell for cell in cells) or any("script" in cell for cell in cells)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@") and not re.fullmatch(r"-?[\d,]+", cell)]
    book = openpyxl.load_workbook(io.BytesIO(report_bytes(shop, report, "xlsx")))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value


def test_the_email_headers_cannot_be_injected(shop):
    send_invoice_by_email(shop, 1)
    [item] = outbox_items(shop)
    data = message_bytes(shop, item.id)
    head = data.split(b"\r\n\r\n", 1)[0]
    assert b"\r\nBcc:" not in head and not re.search(rb"\r\n(?![ \t])[^:\r\n]*victim", head)
    message = read_message(data)
    assert [a.addr_spec for a in message["To"].addresses] == ["client@example.fr"]
    assert message["Bcc"] is None


@pytest.mark.parametrize("field", ["subject", "sender_name", "recipient_name"])
def test_building_a_message_with_hostile_header_text(field):
    hostile = "Facture\r\nBcc: victim@example.org\x00" + RTL
    mail = OutgoingMail(sender="shop@example.fr", sender_name="Shop", recipients=("client@example.fr",),
                        subject="Votre facture", body="Bonjour", recipient_name="Client")
    data = build_message(replace(mail, **{field: hostile}), "<id@example.fr>", utcnow())
    message = read_message(data)
    assert message["Bcc"] is None and b"\r\nBcc:" not in data.split(b"\r\n\r\n", 1)[0]
    assert [a.addr_spec for a in message["To"].addresses] == ["client@example.fr"]
