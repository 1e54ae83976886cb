"""Documents to render: a French B2B invoice and its variants, a small CII sample, PDF readers."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from lxml.builder import ElementMaker

from desktop_app.documents.letters import (
    CustomerStatement,
    EntryKind,
    FeeKind,
    OverdueInvoice,
    ReminderFee,
    ReminderLetter,
    StatementEntry,
)
from desktop_app.domain.invoice import (
    DocumentKind,
    InvoiceDocument,
    Note,
    NoteSubject,
    Party,
    PaymentInstructions,
    PaymentMeans,
    PrecedingInvoice,
)
from desktop_app.domain.parties import Address
from desktop_app.domain.tax import VatCategory, no_vat, standard
from desktop_app.domain.totals import AllowanceCharge, Line, compute_totals

SELLER_SIREN = "732829320"
BUYER_SIREN = "552100554"
PENALTY_NOTE = ("Pénalités de retard : trois fois le taux d'intérêt légal, exigibles dès le lendemain "
                "de l'échéance.")
INDEMNITY_NOTE = "Indemnité forfaitaire pour frais de recouvrement : 40 €."
DISCOUNT_NOTE = "Pas d'escompte pour paiement anticipé."


def vat_number(siren: str) -> str:
    """The French VAT number of a SIREN (key = (12 + 3 × (SIREN mod 97)) mod 97)."""
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def seller() -> Party:
    return Party(name="Atelier Lumière", address=Address("12 rue des Lilas", "", "75011", "Paris", "FR"),
                 siren=SELLER_SIREN, siret=SELLER_SIREN + "00017", vat_number=vat_number(SELLER_SIREN),
                 email="compta@atelier-lumiere.fr", phone="01 23 45 67 89", legal_form="SAS",
                 capital="10 000 €", rcs="RCS Paris")


def buyer() -> Party:
    return Party(name="Boulangerie Martin", address=Address("3 place Bellecour", "Bâtiment B", "69002", "Lyon", "FR"),
                 siren=BUYER_SIREN, vat_number=vat_number(BUYER_SIREN), contact="Claire Martin")


def lines(count: int = 10) -> tuple[Line, ...]:
    rates = (standard("20"), standard("5.5"), standard("10"))
    return tuple(Line(description=f"Article {i + 1}: lampe en laiton brossé, abat-jour lin naturel"
                      + (" avec variateur tactile et câble tressé de deux mètres, finition main" if i % 3 == 0 else ""),
                      quantity=Decimal(1 + i % 4), unit_price=Decimal("1234.50") if i == 0 else Decimal(f"{19 + i}.90"),
                      vat=rates[i % 3], sku=f"LMP-{i + 1:03d}",
                      allowance=Decimal("5.00") if i == 2 else Decimal(0))
                 for i in range(count))


def make_invoice(count: int = 10, *, language: str = "fr", **changes: object) -> InvoiceDocument:
    """A French B2B invoice payable by SEPA transfer, with the three BR-FR-05 notes."""
    items = lines(count)
    charges = (AllowanceCharge(True, Decimal("15.00"), standard("20"), "Livraison"),)
    document = InvoiceDocument(
        kind=DocumentKind.INVOICE, number="F2026-00042", issue_date=date(2026, 3, 15), currency="EUR",
        language=language, seller=seller(), buyer=buyer(), lines=items, totals=compute_totals(items, charges),
        allowances_charges=charges, due_date=date(2026, 4, 14), delivery_date=date(2026, 3, 12),
        ship_to=Address("8 rue Mercière", "", "69002", "Lyon", "FR"), ship_to_name="Boulangerie Martin (atelier)",
        sales_order_reference="#1042", purchase_order_reference="BC-2026-118",
        payment=PaymentInstructions(PaymentMeans.SEPA_TRANSFER, iban="FR7630006000011234567890189",
                                    bic="AGRIFRPP882", reference="F2026-00042",
                                    terms="Paiement à 30 jours"),
        notes=(Note("B2B", NoteSubject.BUYER_TYPE), Note(PENALTY_NOTE, NoteSubject.PENALTIES),
               Note(INDEMNITY_NOTE, NoteSubject.INDEMNITY), Note(DISCOUNT_NOTE, NoteSubject.DISCOUNT)))
    return replace(document, **changes)  # type: ignore[arg-type]


def make_credit_note() -> InvoiceDocument:
    items = lines(2)
    return replace(make_invoice(), kind=DocumentKind.CREDIT_NOTE, number="AV2026-00003", lines=items,
                   totals=compute_totals(items), allowances_charges=(), due_date=None,
                   preceding_invoice=PrecedingInvoice("F2026-00042", date(2026, 3, 15)),
                   reason="Retour de deux lampes endommagées")


def make_exempt_invoice() -> InvoiceDocument:
    """A franchise-en-base seller (no VAT): one exempt line."""
    items = (Line("Atelier de restauration, 2 heures", Decimal(2), Decimal("45.00"), no_vat(VatCategory.EXEMPT),
                  unit_code="HUR"),)
    return replace(make_invoice(), lines=items, totals=compute_totals(items), allowances_charges=())


def cii_sample(document: InvoiceDocument, level_urn: str = "urn:cen.eu:en16931:2017") -> bytes:
    """A small, well-formed Factur-X CII document (header, parties, totals) for embedding tests."""
    prefix = "urn:un:unece:uncefact:data:standard:"
    spaces = {"rsm": prefix + "CrossIndustryInvoice:100",
              "ram": prefix + "ReusableAggregateBusinessInformationEntity:100",
              "udt": prefix + "UnqualifiedDataType:100"}
    rsm = ElementMaker(namespace=spaces["rsm"], nsmap=spaces)
    ram = ElementMaker(namespace=spaces["ram"])
    udt = ElementMaker(namespace=spaces["udt"])
    totals = document.totals
    root = rsm.CrossIndustryInvoice(
        rsm.ExchangedDocumentContext(ram.GuidelineSpecifiedDocumentContextParameter(ram.ID(level_urn))),
        rsm.ExchangedDocument(ram.ID(document.number), ram.TypeCode(document.kind.type_code),
                              ram.IssueDateTime(udt.DateTimeString(document.issue_date.strftime("%Y%m%d"),
                                                                   format="102"))),
        rsm.SupplyChainTradeTransaction(
            ram.ApplicableHeaderTradeAgreement(ram.SellerTradeParty(ram.Name(document.seller.name)),
                                               ram.BuyerTradeParty(ram.Name(document.buyer.name))),
            ram.ApplicableHeaderTradeDelivery(),
            ram.ApplicableHeaderTradeSettlement(
                ram.InvoiceCurrencyCode(document.currency),
                ram.SpecifiedTradeSettlementHeaderMonetarySummation(
                    ram.TaxBasisTotalAmount(str(totals.tax_basis)),
                    ram.GrandTotalAmount(str(totals.grand_total)),
                    ram.DuePayableAmount(str(totals.amount_due))))))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def pdf_text(data: bytes, tmp_path: Path, name: str = "doc") -> str:
    """The text of a PDF as pdftotext extracts it (reading order, physical layout)."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True)
    return result.stdout.decode("utf-8")


def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
                                   reason="poppler-utils (pdftotext, pdftoppm) is not installed")


def make_reminder(language: str = "fr") -> ReminderLetter:
    invoices = (OverdueInvoice("F2026-00012", date(2026, 1, 10), date(2026, 2, 9), Decimal("1250.00"),
                               Decimal("1250.00"), 34),
                OverdueInvoice("F2026-00019", date(2026, 1, 24), date(2026, 2, 23), Decimal("480.40"),
                               Decimal("230.40"), 20))
    fees = (ReminderFee(FeeKind.INTEREST, Decimal("14.82"), "Intérêts de retard au taux de 12,15 % sur 34 jours"),
            ReminderFee(FeeKind.INDEMNITY, Decimal("80.00"), "Indemnité forfaitaire de recouvrement : 2 × 40 €"))
    return ReminderLetter(seller(), buyer(), date(2026, 3, 15), language, "EUR", invoices, fees, level=2,
                          reference="R2026-0007",
                          payment=PaymentInstructions(iban="FR7630006000011234567890189", bic="AGRIFRPP882"))


def make_statement(language: str = "fr") -> CustomerStatement:
    entries = (StatementEntry(date(2026, 1, 10), EntryKind.INVOICE, "F2026-00012", Decimal("1250.00"),
                              date(2026, 2, 9)),
               StatementEntry(date(2026, 1, 24), EntryKind.INVOICE, "F2026-00019", Decimal("480.40"),
                              date(2026, 2, 23)),
               StatementEntry(date(2026, 2, 2), EntryKind.PAYMENT, "VIR 0202", Decimal("250.00"),
                              description="Virement reçu"),
               StatementEntry(date(2026, 2, 20), EntryKind.CREDIT_NOTE, "AV2026-00002", Decimal("60.00")))
    return CustomerStatement(seller(), buyer(), date(2026, 3, 31), language, "EUR", date(2026, 1, 1),
                             date(2026, 3, 31), entries, opening_balance=Decimal("120.00"),
                             payment=PaymentInstructions(iban="FR7630006000011234567890189", bic="AGRIFRPP882"))


def flat(text: str) -> str:
    """Whitespace (narrow and no-break spaces included) collapsed to single spaces."""
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def fonts_used(data: bytes) -> list[tuple[str, str, bool]]:
    """(BaseFont, Subtype, embedded?) of every font of every page, fonts inside form XObjects included."""
    found: list[tuple[str, str, bool]] = []

    def walk(resources: pikepdf.Object) -> None:
        for font in resources.get("/Font", {}).values():
            found.append((str(font.get("/BaseFont", "")), str(font.get("/Subtype")), is_embedded(font)))
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                walk(xobject.Resources)

    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            walk(page.Resources)
    return found


def is_embedded(font: pikepdf.Object) -> bool:
    """True when the font program is in the file (for a Type0 font, in its descendant)."""
    if font.get("/Subtype") == "/Type0":
        return all(is_embedded(descendant) for descendant in font.DescendantFonts)
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def to_unicode_maps(data: bytes) -> str:
    """All ToUnicode CMaps of the document's fonts, decoded and upper-cased."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return "".join(font.ToUnicode.read_bytes().decode("latin-1").upper()
                       for page in pdf.pages for font in page.Resources.get("/Font", {}).values()
                       if "/ToUnicode" in font)
