"""Each kind of sale carries the legal mentions French law asks for, read from the document model."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.domain.invoice import NoteSubject
from desktop_app.domain.parties import Address, Customer
from desktop_app.domain.progress import run_job
from desktop_app.domain.tax import VatCategory, standard
from desktop_app.domain.totals import Line
from desktop_app.services.company import set_company, set_settings
from desktop_app.services.customers import save_customer
from desktop_app.services.invoices import invoice_view
from desktop_app.services.invoicing import DraftInput, save_draft
from desktop_app.services.issuing import issue_documents
from desktop_app.services.rates import set_rate
from tests.support.shop import COMPANY

DAY = date(2026, 3, 9)


def _issue(db, customer: Customer, currency: str = ""):
    saved = save_customer(db, customer)
    line = Line("Atelier de dégustation", Decimal(2), Decimal("150.00"), standard("20"))
    draft = save_draft(db, DraftInput(customer_id=saved.id or 0, lines=(line,), delivery_date=date(2026, 3, 6),
                                      currency=currency))
    result = run_job(issue_documents(db, [draft], on=DAY))
    assert not result.refused, result.refused
    return invoice_view(db, draft, on=DAY).document


def _subjects(doc):
    return {note.subject for note in doc.notes}


GERMAN = Customer(name="Teehaus Müller GmbH", kind="b2b", vat_number="DE136695976",
                  billing=Address("Hauptstraße 12", "", "10115", "Berlin", "DE"))
AMERICAN = Customer(name="Blue Harbor Trading LLC", kind="b2b", currency="USD",
                    billing=Address("220 NW 8th Ave", "", "97209", "Portland", "US", "OR"))


def test_reverse_charge_for_services_to_an_eu_business(db):
    set_company(db, COMPANY)
    set_settings(db, {"invoices.sells": "services"})
    doc = _issue(db, GERMAN)
    [row] = doc.totals.breakdown
    assert row.vat.category is VatCategory.REVERSE_CHARGE and row.amount == 0
    assert row.vat.exemption.code == "VATEX-EU-AE" and "Reverse charge" in row.vat.exemption.wording
    assert doc.buyer.vat_number == "DE136695976" and doc.seller.vat_number == "FR44732829320"
    assert {NoteSubject.PENALTIES, NoteSubject.INDEMNITY, NoteSubject.DISCOUNT} <= _subjects(doc)
    assert NoteSubject.VAT_ON_DEBITS in _subjects(doc)
    assert doc.operation_category == "S1"
    assert any("40\xa0€" in note.text or "40 €" in note.text for note in doc.notes)


def test_intra_eu_supply_of_goods(db):
    set_company(db, COMPANY)
    doc = _issue(db, GERMAN)
    [row] = doc.totals.breakdown
    assert row.vat.category is VatCategory.INTRA_EU and row.vat.exemption.code == "VATEX-EU-IC"
    assert "262 ter I" in row.vat.exemption.wording
    assert doc.operation_category == "B1"


def test_export_outside_the_eu_in_dollars_states_the_vat_in_euros(db):
    set_company(db, COMPANY)
    set_rate(db, "USD", Decimal("1.0850"), date(2026, 3, 6))
    doc = _issue(db, AMERICAN)
    [row] = doc.totals.breakdown
    assert row.vat.category is VatCategory.EXPORT and "262 I" in row.vat.exemption.wording
    assert doc.currency == "USD" and doc.vat_accounting_currency == "EUR"
    assert doc.vat_total_accounting == Decimal("0.00") and doc.exchange_rate == Decimal("1.0850")
    assert doc.exchange_rate_date == date(2026, 3, 6)


def test_a_taxed_sale_in_pounds_converts_its_vat(db):
    set_company(db, COMPANY)
    set_rate(db, "GBP", Decimal("0.8500"), date(2026, 3, 9))
    french = Customer(name="Zoë Lefèvre", currency="GBP", billing=Address("2 place des Célestins", "", "69002",
                                                                         "Lyon", "FR"))
    doc = _issue(db, french, currency="GBP")
    assert doc.totals.vat_total == Decimal("60.00")
    assert doc.vat_total_accounting == Decimal("70.59")          # 60.00 / 0.85, to the cent


def test_an_exempt_seller_says_art_293_b_and_charges_no_vat(db):
    set_company(db, {**COMPANY, "vat_number": "", "vat_regime": "franchise", "legal_form": "EI",
                     "siret": "73282932000074"})
    doc = _issue(db, Customer(name="Zoë Lefèvre", billing=Address("2 place des Célestins", "", "69002", "Lyon", "FR")))
    [row] = doc.totals.breakdown
    assert row.vat.category is VatCategory.EXEMPT and row.amount == 0
    assert "293 B" in row.vat.exemption.wording and row.vat.exemption.code == "VATEX-FR-FRANCHISE"
    assert doc.seller.vat_number == "" and doc.seller.tax_registration == "73282932000074"
    assert doc.totals.grand_total == Decimal("300.00")
    assert any(note.subject is NoteSubject.BUYER_TYPE and note.text == "B2C" for note in doc.notes)
