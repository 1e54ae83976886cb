"""The UBL 2.1 writer (Peppol BIS Billing 3.0): every case validates against the UBL 2.1 XSD and the
CEN EN 16931 UBL schematron and states the document's own totals; the French CTC flavour also passes
the BR-FR UBL rules."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cache

import pytest
from lxml import etree

from desktop_app.domain.invoice import NoteSubject
from desktop_app.formats.ubl import PEPPOL_CUSTOMIZATION, PEPPOL_PROFILE, UblProfile, invoice_to_ubl
from tests.support.einvoice_totals import expected_totals, ubl_totals
from tests.support.einvoice_validation import RuleSet, validate_ubl
from tests.support.invoices import CASES, b2b_invoice, credit_note, usd_invoice

NS = {"inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
      "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
      "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}


@cache
def _xml(case: str, profile: UblProfile = UblProfile.PEPPOL) -> bytes:
    return invoice_to_ubl(CASES[case](), profile)


def _texts(xml: bytes, path: str) -> list[str]:
    return [str(value) for value in etree.fromstring(xml).xpath(path, namespaces=NS)]


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_case_validates_against_ubl_xsd_and_cen_schematron(case: str) -> None:
    result = validate_ubl(_xml(case))
    assert result.ok, result.report()
    assert result.fired[RuleSet.CEN_UBL] > 0


@pytest.mark.parametrize("case", sorted(CASES))
def test_french_ctc_flavour_also_passes_br_fr(case: str) -> None:
    result = validate_ubl(_xml(case, UblProfile.FRENCH_CTC), french_rules=True)
    assert result.ok, result.report()
    assert result.fired[RuleSet.BR_FR_UBL] > 0


@pytest.mark.parametrize("case", sorted(CASES))
def test_xml_states_the_documents_own_totals(case: str) -> None:
    doc = CASES[case]()
    assert ubl_totals(_xml(case), doc.currency) == expected_totals(doc)


def test_peppol_identifiers_and_french_ctc_identifiers() -> None:
    assert _texts(_xml("b2b"), "/inv:Invoice/cbc:CustomizationID/text()") == [PEPPOL_CUSTOMIZATION]
    assert _texts(_xml("b2b"), "/inv:Invoice/cbc:ProfileID/text()") == [PEPPOL_PROFILE]
    french = _xml("b2b", UblProfile.FRENCH_CTC)
    assert _texts(french, "/inv:Invoice/cbc:CustomizationID/text()") == ["urn:cen.eu:en16931:2017"]
    assert _texts(french, "/inv:Invoice/cbc:ProfileID/text()") == ["M1"]


def test_peppol_profile_id_is_not_the_french_bt_23() -> None:
    """Why the French flavour exists: the French rules read BT-23 where Peppol puts its process id."""
    result = validate_ubl(_xml("b2b"), french_rules=True)
    assert result.error_rules == {"BR-FR-08"}, result.report()


def test_a_total_one_cent_off_fails_the_sum_rules() -> None:
    doc = b2b_invoice()
    wrong = replace(doc, totals=replace(doc.totals, grand_total=doc.totals.grand_total + Decimal("0.01")))
    result = validate_ubl(invoice_to_ubl(wrong))
    assert {"BR-CO-15", "BR-CO-16"} <= result.error_rules, result.report()


def test_a_b2b_invoice_without_the_recovery_indemnity_note_fails_br_fr_05() -> None:
    doc = b2b_invoice()
    without_pmt = replace(doc, notes=tuple(n for n in doc.notes if n.subject is not NoteSubject.INDEMNITY))
    result = validate_ubl(invoice_to_ubl(without_pmt, UblProfile.FRENCH_CTC), french_rules=True)
    assert result.error_rules == {"BR-FR-05"}, result.report()


def test_a_credit_note_without_its_invoice_reference_fails_br_fr_co_05() -> None:
    xml = invoice_to_ubl(replace(credit_note(), preceding_invoice=None), UblProfile.FRENCH_CTC)
    result = validate_ubl(xml, french_rules=True)
    assert result.error_rules == {"BR-FR-CO-05"}, result.report()


def test_notes_carry_their_subject_between_hashes() -> None:
    notes = _texts(_xml("b2b"), "/inv:Invoice/cbc:Note/text()")
    assert [note.split("#")[1] for note in notes] == ["PMD", "PMT", "AAB", "BAR", "TXD"]
    assert notes[3] == "#BAR#B2B"


def test_credit_note_root_lines_reference_and_due_date() -> None:
    xml = _xml("credit_note")
    assert etree.QName(etree.fromstring(xml)).localname == "CreditNote"
    assert _texts(xml, "/cn:CreditNote/cbc:CreditNoteTypeCode/text()") == ["381"]
    assert _texts(xml, "//cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID/text()") == ["F2026-00042"]
    assert _texts(xml, "//cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate/text()") == ["2026-11-14"]
    assert _texts(xml, "//cac:PaymentMeans/cbc:PaymentDueDate/text()") == ["2026-12-09"]
    assert len(_texts(xml, "//cac:CreditNoteLine/cbc:CreditedQuantity")) == 1


def test_foreign_currency_invoice_has_a_second_tax_total_in_euros() -> None:
    doc, xml = usd_invoice(), _xml("usd")
    assert _texts(xml, "/inv:Invoice/cbc:TaxCurrencyCode/text()") == ["EUR"]
    assert _texts(xml, "/inv:Invoice/cac:TaxTotal/cbc:TaxAmount/@currencyID") == ["USD", "EUR"]
    assert len(_texts(xml, "/inv:Invoice/cac:TaxTotal[cbc:TaxAmount/@currencyID='EUR']/cac:TaxSubtotal")) == 0
    assert doc.vat_total_accounting is not None


def test_party_identifiers() -> None:
    xml = _xml("franchise")
    seller = "//cac:AccountingSupplierParty/cac:Party"
    assert _texts(xml, f"{seller}/cbc:EndpointID/@schemeID") == ["0225"]
    assert _texts(xml, f"{seller}/cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']/text()") == ["818131344"]
    assert _texts(xml, f"{seller}/cac:PartyTaxScheme/cac:TaxScheme/cbc:ID/text()") == ["TAX"]
    assert _texts(_xml("paid_at_checkout"), "//cac:PaymentMeans/cbc:PaymentMeansCode/@name") == ["Stripe"]
    assert _texts(_xml("mixed_rates"), "//cac:OrderReference/cbc:ID/text()") == ["NA"]
    assert _texts(_xml("mixed_rates"), "//cac:OrderReference/cbc:SalesOrderID/text()") == ["WEB-1043"]
