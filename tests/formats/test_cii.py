"""The Factur-X EN 16931 CII writer: every kind of invoice the shop issues validates against the
Factur-X XSD, the Factur-X EN 16931 schematron and the French BR-FR rules, and states the document's
own totals; broken documents are caught by the rule that names the fault."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cache

import pytest
from lxml import etree

from desktop_app.domain.invoice import InvoiceDocument, NoteSubject, PaymentInstructions
from desktop_app.domain.tax import VatCategory, no_vat
from desktop_app.domain.totals import Line
from desktop_app.formats import einvoice
from desktop_app.formats.cii import invoice_to_cii
from desktop_app.formats.ubl import invoice_to_ubl
from tests.support.einvoice_totals import cii_totals, expected_totals
from tests.support.einvoice_validation import RuleSet, ValidationResult, validate, validate_cii
from tests.support.invoices import (
    BAKERY,
    CASES,
    S20,
    b2b_invoice,
    b2c_shop_order,
    credit_note,
    franchise_invoice,
    intra_eu_invoice,
    make_document,
    mixed_rates_order,
    paid_at_checkout_invoice,
    reverse_charge_invoice,
    usd_invoice,
)

NS = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
      "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
      "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
      "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"}
SETTLEMENT = "//ram:ApplicableHeaderTradeSettlement"


@cache
def _xml(case: str) -> bytes:
    return invoice_to_cii(CASES[case]())


def _tree(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def _texts(xml: bytes, path: str) -> list[str]:
    return [str(value) for value in _tree(xml).xpath(path, namespaces=NS)]


def _assert_valid(result: ValidationResult) -> None:
    assert result.ok, result.report()
    assert set(result.checked) == {RuleSet.FACTURX_EN16931_XSD, RuleSet.FACTURX_EN16931, RuleSet.BR_FR_CII}
    assert all(count > 0 for count in result.fired.values()), result.fired


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_case_validates_under_factur_x_en16931_and_br_fr(case: str) -> None:
    _assert_valid(validate_cii(_xml(case)))


@pytest.mark.parametrize("case", sorted(CASES))
def test_xml_states_the_documents_own_totals(case: str) -> None:
    doc = CASES[case]()
    assert cii_totals(_xml(case), doc.currency) == expected_totals(doc)


def test_a_total_one_cent_off_fails_the_sum_rules() -> None:
    doc = b2b_invoice()
    wrong = replace(doc, totals=replace(doc.totals, grand_total=doc.totals.grand_total + Decimal("0.01")))
    result = validate_cii(invoice_to_cii(wrong), french_rules=False)
    assert {"BR-CO-15", "BR-CO-16"} <= result.error_rules, result.report()


def test_a_b2b_invoice_without_the_recovery_indemnity_note_fails_br_fr_05() -> None:
    doc = b2b_invoice()
    without_pmt = replace(doc, notes=tuple(n for n in doc.notes if n.subject is not NoteSubject.INDEMNITY))
    result = validate_cii(invoice_to_cii(without_pmt))
    assert result.error_rules == {"BR-FR-05"}, result.report()
    assert "PMT" in result.errors[0].text


def test_a_credit_note_without_its_invoice_reference_fails_br_fr_co_05() -> None:
    result = validate_cii(invoice_to_cii(replace(credit_note(), preceding_invoice=None)))
    assert result.error_rules == {"BR-FR-CO-05"}, result.report()


def test_header_and_parties_carry_the_french_identifiers() -> None:
    xml = _xml("b2b")
    assert _texts(xml, "//rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID/"
                       "text()") == ["M1"]
    assert _texts(xml, "//rsm:ExchangedDocument/ram:TypeCode/text()") == ["380"]
    assert _texts(xml, "//ram:IssueDateTime/udt:DateTimeString/text()") == ["20261124"]
    assert _texts(xml, "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']/text()") \
        == ["732829320"]
    assert _texts(xml, "//ram:SellerTradeParty/ram:GlobalID[@schemeID='0009']/text()") == ["73282932000074"]
    assert _texts(xml, "//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']/text()") \
        == ["FR44732829320"]
    assert _texts(xml, "//ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID[@schemeID='0225']/text()") \
        == ["552100554"]
    assert _texts(xml, "//ram:SellerTradeParty/ram:Description/text()")[0].startswith("SAS, ")
    assert _texts(xml, "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID/text()") == ["BC-2026-118"]
    subjects = _texts(xml, "//rsm:ExchangedDocument/ram:IncludedNote/ram:SubjectCode/text()")
    assert subjects == ["PMD", "PMT", "AAB", "BAR", "TXD"]


def test_vat_on_debits_is_stated_on_every_breakdown_row() -> None:
    assert _texts(_xml("b2b"), f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:DueDateTypeCode/text()") == ["5"]
    assert _texts(_xml("usd"), f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:DueDateTypeCode/text()") == []


def test_line_allowance_price_and_quantity_forms() -> None:
    xml = _xml("b2b")
    line = "//ram:IncludedSupplyChainTradeLineItem[ram:AssociatedDocumentLineDocument/ram:LineID='2']"
    assert _texts(xml, f"{line}//ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount/text()") == ["9.00"]
    assert _texts(xml, f"{line}//ram:SpecifiedTradeAllowanceCharge/ram:ReasonCode/text()") == ["95"]
    assert _texts(xml, f"{line}//ram:LineTotalAmount/text()") == ["81.00"]
    assert _texts(xml, "//ram:BilledQuantity/@unitCode") == ["HUR", "C62"]
    prices = _texts(_xml("mixed_rates"), "//ram:NetPriceProductTradePrice/ram:ChargeAmount/text()")
    assert prices == ["9.385", "20.75", "2.083333"]


def test_mixed_rates_state_each_rate_with_its_share_of_shipping_and_discount() -> None:
    xml, doc = _xml("mixed_rates"), mixed_rates_order()
    assert _texts(xml, f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:RateApplicablePercent/text()") == ["5.50", "20.00"]
    adjustments = _tree(xml).xpath(f"{SETTLEMENT}/ram:SpecifiedTradeAllowanceCharge", namespaces=NS)
    stated = [(a.xpath("string(ram:ChargeIndicator/udt:Indicator)", namespaces=NS),
               a.xpath("string(ram:CategoryTradeTax/ram:RateApplicablePercent)", namespaces=NS)) for a in adjustments]
    assert sorted(stated) == [("false", "20.00"), ("false", "5.50"), ("true", "20.00"), ("true", "5.50")]
    assert len(adjustments) == len(doc.allowances_charges)
    assert _texts(xml, "//ram:SellerOrderReferencedDocument/ram:IssuerAssignedID/text()") == ["WEB-1043"]


def test_tax_inclusive_order_states_its_rounding_and_the_amount_paid() -> None:
    doc, xml = b2c_shop_order(), _xml("b2c_rounding")
    assert doc.totals.rounding == Decimal("-0.01")
    assert _texts(xml, "//ram:RoundingAmount/text()") == ["-0.01"]
    assert _texts(xml, "//ram:DuePayableAmount/text()") == ["36.87"]
    assert _texts(xml, "//ram:ShipToTradeParty/ram:Name/text()") == ["Louise Durand"]
    assert _texts(xml, "//ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID[@schemeID='EM']/text()") \
        == ["camille.durand@example.fr"]


def test_paid_at_checkout_states_prepaid_total_and_nothing_due() -> None:
    doc, xml = paid_at_checkout_invoice(), _xml("paid_at_checkout")
    assert _texts(xml, "//ram:TotalPrepaidAmount/text()") == [einvoice.amount(doc.totals.grand_total)]
    assert _texts(xml, "//ram:DuePayableAmount/text()") == ["0.00"]
    assert _texts(xml, "//ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode/text()") == ["48"]
    assert _texts(xml, "//ram:SpecifiedTradeSettlementPaymentMeans/ram:Information/text()") == ["Stripe"]
    assert _texts(xml, "//ram:PayeePartyCreditorFinancialAccount") == []


def test_reverse_charge_names_both_vat_numbers_and_the_exemption() -> None:
    xml = _xml("reverse_charge_de")
    assert reverse_charge_invoice().language == "en"
    assert _texts(xml, f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:CategoryCode/text()") == ["AE"]
    assert _texts(xml, f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:ExemptionReasonCode/text()") == ["VATEX-EU-AE"]
    assert "Reverse charge" in _texts(xml, f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:ExemptionReason/text()")[0]
    assert _texts(xml, "//ram:BuyerTradeParty/ram:SpecifiedTaxRegistration/ram:ID/text()") == ["DE136695976"]


def test_intra_eu_supply_states_where_the_goods_went() -> None:
    xml = _xml("intra_eu_be")
    assert intra_eu_invoice().ship_to is not None
    assert _texts(xml, "//ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID/text()") == ["BE"]
    assert _texts(xml, "//ram:ActualDeliverySupplyChainEvent//udt:DateTimeString/text()") == ["20261119"]
    assert _texts(xml, f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:ExemptionReasonCode/text()") == ["VATEX-EU-IC"]


def test_intra_eu_supply_without_ship_to_states_the_buyers_address() -> None:
    xml = invoice_to_cii(replace(intra_eu_invoice(), ship_to=None, ship_to_name=""))
    assert _texts(xml, "//ram:ShipToTradeParty/ram:Name/text()") == ["Brasserie Lambiek BV"]
    assert _texts(xml, "//ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CityName/text()") == ["Bruxelles"]


def test_franchise_seller_is_exempt_and_identified_without_a_vat_number() -> None:
    xml = _xml("franchise")
    assert franchise_invoice().seller.vat_number == ""
    assert _texts(xml, f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:ExemptionReasonCode/text()") \
        == ["VATEX-FR-FRANCHISE"]
    assert "293 B" in _texts(xml, f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:ExemptionReason/text()")[0]
    assert _texts(xml, "//ram:IncludedSupplyChainTradeLineItem//ram:RateApplicablePercent/text()") == ["0.00"] * 2
    assert _texts(xml, "//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID/@schemeID") == ["FC"]


def test_foreign_currency_invoice_states_its_vat_total_in_euros() -> None:
    doc, xml = usd_invoice(), _xml("usd")
    assert _texts(xml, f"{SETTLEMENT}/ram:TaxCurrencyCode/text()") == ["EUR"]
    assert _texts(xml, f"{SETTLEMENT}/ram:InvoiceCurrencyCode/text()") == ["USD"]
    assert _texts(xml, "//ram:TaxTotalAmount/@currencyID") == ["USD", "EUR"]
    assert doc.vat_total_accounting is not None
    assert _texts(xml, "//ram:TaxTotalAmount[@currencyID='EUR']/text()") == [einvoice.amount(doc.vat_total_accounting)]


def test_credit_note_references_the_invoice_it_corrects() -> None:
    xml = _xml("credit_note")
    assert _texts(xml, "//rsm:ExchangedDocument/ram:TypeCode/text()") == ["381"]
    assert _texts(xml, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID/text()") == ["F2026-00042"]
    assert _texts(xml, "//ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString/text()") \
        == ["20261114"]
    assert "mal imprimées" in _texts(xml, "//ram:IncludedNote[ram:SubjectCode='AAI']/ram:Content/text()")[0]


def test_out_of_scope_states_no_rate_anywhere() -> None:
    xml = _xml("out_of_scope")
    assert _texts(xml, "//ram:ApplicableTradeTax/ram:CategoryCode/text()") == ["O", "O"]
    assert _texts(xml, "//ram:RateApplicablePercent") == []


def test_transfer_without_an_account_gives_no_payment_instruction() -> None:
    doc = replace(credit_note(), payment=PaymentInstructions(terms="Remboursement sous 15 jours"))
    xml = invoice_to_cii(doc)
    assert _texts(xml, "//ram:SpecifiedTradeSettlementPaymentMeans") == []
    assert _texts(xml, "//ram:SpecifiedTradePaymentTerms/ram:Description/text()") == ["Remboursement sous 15 jours"]


def test_text_is_escaped_not_pasted() -> None:
    doc: InvoiceDocument = b2b_invoice()
    odd = replace(doc.lines[0], description='Logo "A&B" <v2>')
    xml = invoice_to_cii(replace(doc, lines=(odd, *doc.lines[1:])))
    assert _texts(xml, "//ram:SpecifiedTradeProduct/ram:Name/text()")[0] == 'Logo "A&B" <v2>'
    assert b"&amp;B" in xml and b"&lt;v2&gt;" in xml


@pytest.mark.parametrize(("value", "quantity", "price", "amount"), [
    ("2", "2", "2.00", "2.00"), ("0.3333", "0.3333", "0.3333", "0.33"), ("12.5", "12.5", "12.50", "12.50"),
    ("2.083333", "2.0833", "2.083333", "2.08"), ("-0.01", "-0.01", "-0.01", "-0.01"),
    ("100", "100", "100.00", "100.00"),
])
def test_number_forms(value: str, quantity: str, price: str, amount: str) -> None:
    assert einvoice.quantity(Decimal(value)) == quantity
    assert einvoice.unit_price(Decimal(value)) == price
    assert einvoice.amount(Decimal(value)) == amount


def test_zero_rated_line_next_to_a_standard_rate_validates() -> None:
    zero = no_vat(VatCategory.ZERO_RATED)
    doc = make_document(BAKERY, [Line("Affiche A2", Decimal(1), Decimal("20.00"), S20),
                                 Line("Journal local", Decimal(2), Decimal("1.50"), zero)])
    xml = invoice_to_cii(doc)
    _assert_valid(validate_cii(xml))
    assert _texts(xml, f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:CategoryCode/text()") == ["S", "Z"]
    assert _texts(xml, f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:ExemptionReasonCode") == []


def test_the_xsd_check_bites_on_element_order() -> None:
    tree = _tree(_xml("b2b"))
    context = tree[0]
    context.append(context[0])           # BT-23 after BT-24: the order the XSD forbids
    result = validate(etree.tostring(tree), [RuleSet.FACTURX_EN16931_XSD])
    assert result.error_rules == {"XSD"}, result.report()


def test_a_document_the_schematron_does_not_recognise_is_an_error() -> None:
    ubl = invoice_to_ubl(b2b_invoice())
    assert "NOT-RECOGNISED" in validate(ubl, [RuleSet.FACTURX_EN16931]).error_rules
    assert "NOT-RECOGNISED" in validate_cii(ubl, french_rules=False).error_rules
