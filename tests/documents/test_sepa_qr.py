"""The EPC069-12 payload and the QR symbol that carries it."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.graphics.barcode.qrencoder import QR8bitByte, QRCode, QRErrorCorrectLevel

from desktop_app.documents.invoice_pdf import render_invoice
from desktop_app.documents.qr import qr_matrix
from desktop_app.documents.sepa_qr import epc_payload, invoice_payload, is_creditor_reference
from desktop_app.domain.invoice import PaymentInstructions, PaymentMeans
from tests.documents.conftest import make_credit_note, make_invoice, needs_poppler


def test_payload_fields_in_order_with_unstructured_reference() -> None:
    payload = epc_payload(name="Atelier Lumière", iban="FR76 3000 6000 0112 3456 7890 189", bic="agrifrpp882",
                          amount=Decimal("2106.99"), reference="F2026-00042")
    assert payload.split("\n") == ["BCD", "002", "1", "SCT", "AGRIFRPP882", "Atelier Lumière",
                                   "FR7630006000011234567890189", "EUR2106.99", "", "", "F2026-00042"]


def test_a_creditor_reference_goes_in_the_structured_field() -> None:
    assert is_creditor_reference("RF18 5390 0754 7034")
    assert not is_creditor_reference("RF19 5390 0754 7034")
    assert not is_creditor_reference("F2026-00042")
    payload = epc_payload(name="A", iban="FR7630006000011234567890189", amount=Decimal("1.5"),
                          reference="RF18 5390 0754 7034")
    assert payload.split("\n")[-2:] == ["", "RF18539007547034"] and payload.split("\n")[4] == ""


def test_limits_of_the_standard() -> None:
    with pytest.raises(ValueError):
        epc_payload(name="A", iban="FR7630006000011234567890189", amount=Decimal("0"), reference="x")
    long = epc_payload(name="N" * 100, iban="FR7630006000011234567890189", amount=Decimal("1"), reference="R" * 200)
    assert len(long.split("\n")[5]) == 70 and len(long.split("\n")[10]) == 140
    assert len(long.encode()) <= 331


def test_only_invoices_payable_in_euros_by_transfer_get_a_payload() -> None:
    invoice = make_invoice()
    assert invoice_payload(invoice) is not None
    assert invoice_payload(make_credit_note()) is None
    assert invoice_payload(replace(invoice, currency="USD")) is None
    assert invoice_payload(replace(invoice, payment=PaymentInstructions(PaymentMeans.CARD, iban="FR76"))) is None
    assert invoice_payload(replace(invoice, payment=replace(invoice.payment, iban=""))) is None


def test_the_fast_matrix_equals_reportlabs_own_symbol_for_the_chosen_mask() -> None:
    data = epc_payload(name="Atelier Lumière", iban="FR7630006000011234567890189", bic="AGRIFRPP882",
                       amount=Decimal("2106.99"), reference="F2026-00042").encode()
    rows = qr_matrix(data)
    for mask in range(8):
        code = QRCode(None, QRErrorCorrectLevel.M)
        code.addData(QR8bitByte(data))
        code.version = code.calculate_version()
        code.makeImpl(False, mask)
        if tuple("".join("1" if dark else "0" for dark in row) for row in code.modules) == rows:
            return
    pytest.fail("the symbol matches none of the eight masked symbols reportlab builds")


@needs_poppler
@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools (zbarimg) is not installed")
def test_the_printed_code_scans_back_to_the_payload(tmp_path: Path) -> None:
    document = make_invoice()
    (tmp_path / "invoice.pdf").write_bytes(render_invoice(document))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(tmp_path / "invoice.pdf"),
                    str(tmp_path / "page")], check=True)
    [image] = tmp_path.glob("page*.png")
    scanned = subprocess.run(["zbarimg", "-q", "--raw", "-Sbinary", str(image)], capture_output=True, check=True)
    assert scanned.stdout.decode("utf-8").rstrip("\n") == invoice_payload(document)
