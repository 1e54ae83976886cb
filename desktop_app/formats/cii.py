"""The Factur-X EN 16931 e-invoice: UN/CEFACT Cross Industry Invoice (CII D22B) XML of a document.

Element order follows the Factur-X 1.09 EN 16931 XSD, which enforces it (the schematrons do not).
Where a business term is not obvious from the element name:

- BT-23 operation category -> ExchangedDocumentContext/BusinessProcessSpecifiedDocumentContextParameter
- BT-21/22 notes -> ExchangedDocument/IncludedNote (SubjectCode = UNTDID 4451 code); a credit note's
  reason becomes an extra AAI note
- BT-29/46 SIRET -> GlobalID scheme 0009; BT-30/47 SIREN -> SpecifiedLegalOrganization/ID scheme 0002;
  BT-31/48 VAT number -> SpecifiedTaxRegistration/ID scheme VA; BT-32 -> scheme FC;
  BT-33 legal form/capital/registry -> SellerTradeParty/Description; BT-34/49 -> URIUniversalCommunication
- BT-14 shop order -> SellerOrderReferencedDocument; BT-13 purchase order -> BuyerOrderReferencedDocument
- BT-136 line allowance -> line SpecifiedTradeAllowanceCharge with reason code 95 (BR-CO-23 wants a reason)
- BG-13/15 ship-to -> ShipToTradeParty; an intra-EU supply (K) without one states the buyer's address (BR-IC-12)
- BT-82 payment service (Stripe, PayPal) -> PaymentMeans/Information; BT-83 -> PaymentReference;
  a transfer without an IBAN gets no PaymentMeans at all rather than an invalid one (BR-61, CII-SR-470)
- BT-120/121 exemption wording (in the document's language) and VATEX code -> ExemptionReason(Code)
- BT-8 = 5 on every VAT breakdown row when the document carries the TXD ("débits") note
- BT-6 -> TaxCurrencyCode; BT-111 -> a second TaxTotalAmount whose currencyID is BT-6
- BT-25/26 preceding invoice of a credit note -> InvoiceReferencedDocument
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from lxml import etree

from desktop_app.domain.invoice import InvoiceDocument, Party, PaymentMeans
from desktop_app.domain.parties import Address
from desktop_app.domain.tax import VatRate
from desktop_app.domain.totals import AllowanceCharge, Line, VatSubtotal
from desktop_app.formats import einvoice as ev
from desktop_app.formats.text import without_controls
from desktop_app.i18n import document_language

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NSMAP = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}


def invoice_to_cii(doc: InvoiceDocument) -> bytes:
    """The CII XML (Factur-X EN 16931 profile) of an invoice (380) or credit note (381), UTF-8 encoded."""
    with document_language(doc.language):
        root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
        context = _sub(root, RSM, "ExchangedDocumentContext")
        if doc.operation_category:
            _sub(_sub(context, RAM, "BusinessProcessSpecifiedDocumentContextParameter"), RAM, "ID",
                 doc.operation_category)
        _sub(_sub(context, RAM, "GuidelineSpecifiedDocumentContextParameter"), RAM, "ID", ev.EN16931_PROFILE)
        _exchanged_document(_sub(root, RSM, "ExchangedDocument"), doc)
        transaction = _sub(root, RSM, "SupplyChainTradeTransaction")
        for number, line in enumerate(doc.lines, start=1):
            _line_item(transaction, number, line)
        _agreement(_sub(transaction, RAM, "ApplicableHeaderTradeAgreement"), doc)
        _delivery(_sub(transaction, RAM, "ApplicableHeaderTradeDelivery"), doc)
        _settlement(_sub(transaction, RAM, "ApplicableHeaderTradeSettlement"), doc)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sub(parent: etree._Element, ns: str, tag: str, text: str | None = None,
         **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", attrib=attributes or None)
    if text is not None:
        # lxml escapes markup; what XML 1.0 cannot hold at all (typed in by hand, stored long ago) is left out
        element.text = without_controls(text)
    return element


def _date_time(parent: etree._Element, tag: str, day: date) -> None:
    _sub(_sub(parent, RAM, tag), UDT, "DateTimeString", ev.compact_date(day), format="102")


def _exchanged_document(parent: etree._Element, doc: InvoiceDocument) -> None:
    _sub(parent, RAM, "ID", doc.number)
    _sub(parent, RAM, "TypeCode", doc.kind.type_code)
    _date_time(parent, "IssueDateTime", doc.issue_date)
    notes = [(note.text, note.subject.value) for note in doc.notes]
    reason = ev.credit_note_reason(doc)
    if reason:
        notes.append((reason, "AAI"))
    for text, subject in notes:
        note = _sub(parent, RAM, "IncludedNote")
        _sub(note, RAM, "Content", text)
        _sub(note, RAM, "SubjectCode", subject)


def _line_item(parent: etree._Element, number: int, line: Line) -> None:
    item = _sub(parent, RAM, "IncludedSupplyChainTradeLineItem")
    _sub(_sub(item, RAM, "AssociatedDocumentLineDocument"), RAM, "LineID", str(number))
    product = _sub(item, RAM, "SpecifiedTradeProduct")
    if line.sku:
        _sub(product, RAM, "SellerAssignedID", line.sku)
    _sub(product, RAM, "Name", line.description)
    agreement = _sub(item, RAM, "SpecifiedLineTradeAgreement")
    _sub(_sub(agreement, RAM, "NetPriceProductTradePrice"), RAM, "ChargeAmount", ev.unit_price(line.unit_price))
    delivery = _sub(item, RAM, "SpecifiedLineTradeDelivery")
    _sub(delivery, RAM, "BilledQuantity", ev.quantity(line.quantity), unitCode=line.unit_code)
    settlement = _sub(item, RAM, "SpecifiedLineTradeSettlement")
    _category_tax(settlement, "ApplicableTradeTax", line.vat)
    if line.allowance:
        _line_adjustment(settlement, False, line.allowance, ev.line_allowance_reason(), ev.DISCOUNT_REASON_CODE)
    if line.charge:
        _line_adjustment(settlement, True, line.charge, ev.line_charge_reason(), None)
    summation = _sub(settlement, RAM, "SpecifiedTradeSettlementLineMonetarySummation")
    _sub(summation, RAM, "LineTotalAmount", ev.amount(line.net_amount))


def _line_adjustment(parent: etree._Element, is_charge: bool, value: Decimal, reason: str,
                     reason_code: str | None) -> None:
    element = _sub(parent, RAM, "SpecifiedTradeAllowanceCharge")
    _sub(_sub(element, RAM, "ChargeIndicator"), UDT, "Indicator", "true" if is_charge else "false")
    _sub(element, RAM, "ActualAmount", ev.amount(value))
    if reason_code:
        _sub(element, RAM, "ReasonCode", reason_code)
    _sub(element, RAM, "Reason", reason)


def _category_tax(parent: etree._Element, tag: str, vat: VatRate) -> None:
    """The VAT category of a line (BT-151/152) or of a document-level allowance/charge (BT-95/96, BT-102/103)."""
    tax = _sub(parent, RAM, tag)
    _sub(tax, RAM, "TypeCode", ev.VAT)
    _sub(tax, RAM, "CategoryCode", vat.category.value)
    if ev.states_rate(vat):
        _sub(tax, RAM, "RateApplicablePercent", ev.percent(vat.rate))


def _agreement(parent: etree._Element, doc: InvoiceDocument) -> None:
    if doc.buyer_reference:
        _sub(parent, RAM, "BuyerReference", doc.buyer_reference)
    _party(parent, "SellerTradeParty", doc.seller, legal_information=ev.seller_legal_information(doc.seller))
    _party(parent, "BuyerTradeParty", doc.buyer)
    if doc.sales_order_reference:
        _sub(_sub(parent, RAM, "SellerOrderReferencedDocument"), RAM, "IssuerAssignedID", doc.sales_order_reference)
    if doc.purchase_order_reference:
        _sub(_sub(parent, RAM, "BuyerOrderReferencedDocument"), RAM, "IssuerAssignedID",
             doc.purchase_order_reference)


def _party(parent: etree._Element, tag: str, party: Party, legal_information: str = "") -> None:
    element = _sub(parent, RAM, tag)
    if party.siret:
        _sub(element, RAM, "GlobalID", party.siret, schemeID=ev.SIRET_SCHEME)
    _sub(element, RAM, "Name", party.name)
    if legal_information:
        _sub(element, RAM, "Description", legal_information)
    if party.siren:
        _sub(_sub(element, RAM, "SpecifiedLegalOrganization"), RAM, "ID", party.siren, schemeID=ev.SIREN_SCHEME)
    if party.contact or party.phone or party.email:
        contact = _sub(element, RAM, "DefinedTradeContact")
        if party.contact:
            _sub(contact, RAM, "PersonName", party.contact)
        if party.phone:
            _sub(_sub(contact, RAM, "TelephoneUniversalCommunication"), RAM, "CompleteNumber", party.phone)
        if party.email:
            _sub(_sub(contact, RAM, "EmailURIUniversalCommunication"), RAM, "URIID", party.email)
    _address(element, party.address)
    endpoint = party.electronic_address
    if endpoint is not None:
        scheme, value = endpoint
        _sub(_sub(element, RAM, "URIUniversalCommunication"), RAM, "URIID", value, schemeID=scheme)
    if party.vat_number:
        _sub(_sub(element, RAM, "SpecifiedTaxRegistration"), RAM, "ID", party.vat_number, schemeID="VA")
    if party.tax_registration:
        _sub(_sub(element, RAM, "SpecifiedTaxRegistration"), RAM, "ID", party.tax_registration, schemeID="FC")


def _address(parent: etree._Element, address: Address) -> None:
    element = _sub(parent, RAM, "PostalTradeAddress")
    if address.postcode:
        _sub(element, RAM, "PostcodeCode", address.postcode)
    if address.line1:
        _sub(element, RAM, "LineOne", address.line1)
    if address.line2:
        _sub(element, RAM, "LineTwo", address.line2)
    if address.city:
        _sub(element, RAM, "CityName", address.city)
    _sub(element, RAM, "CountryID", address.country.upper())
    if address.region:
        _sub(element, RAM, "CountrySubDivisionName", address.region)


def _delivery(parent: etree._Element, doc: InvoiceDocument) -> None:
    ship_to = ev.delivery_address(doc)
    if ship_to is not None:
        name, address = ship_to
        party = _sub(parent, RAM, "ShipToTradeParty")
        if name:
            _sub(party, RAM, "Name", name)
        _address(party, address)
    if doc.delivery_date is not None:
        _date_time(_sub(parent, RAM, "ActualDeliverySupplyChainEvent"), "OccurrenceDateTime", doc.delivery_date)


def _settlement(parent: etree._Element, doc: InvoiceDocument) -> None:
    if doc.payment.reference:
        _sub(parent, RAM, "PaymentReference", doc.payment.reference)
    accounting = ev.accounting_vat(doc)
    if accounting is not None:
        _sub(parent, RAM, "TaxCurrencyCode", accounting[0])
    _sub(parent, RAM, "InvoiceCurrencyCode", doc.currency.upper())
    _payment_means(parent, doc)
    for row in doc.totals.breakdown:
        _breakdown_row(parent, row, ev.vat_on_debits(doc))
    for item in doc.allowances_charges:
        _document_adjustment(parent, item)
    if doc.payment.terms or doc.due_date is not None:
        terms = _sub(parent, RAM, "SpecifiedTradePaymentTerms")
        if doc.payment.terms:
            _sub(terms, RAM, "Description", doc.payment.terms)
        if doc.due_date is not None:
            _date_time(terms, "DueDateDateTime", doc.due_date)
    _monetary_summation(parent, doc)
    if doc.preceding_invoice is not None:
        reference = _sub(parent, RAM, "InvoiceReferencedDocument")
        _sub(reference, RAM, "IssuerAssignedID", doc.preceding_invoice.number)
        issued = _sub(reference, RAM, "FormattedIssueDateTime")
        _sub(issued, QDT, "DateTimeString", ev.compact_date(doc.preceding_invoice.issue_date), format="102")


def _payment_means(parent: etree._Element, doc: InvoiceDocument) -> None:
    payment = doc.payment
    transfer = payment.means in (PaymentMeans.SEPA_TRANSFER, PaymentMeans.TRANSFER)
    if transfer and not payment.iban:
        # A transfer without an account to pay to is no instruction at all (BR-61, CII-SR-470): say nothing.
        return
    means = _sub(parent, RAM, "SpecifiedTradeSettlementPaymentMeans")
    _sub(means, RAM, "TypeCode", payment.means.value)
    if payment.paid_by:
        _sub(means, RAM, "Information", payment.paid_by)
    if transfer:
        account = _sub(means, RAM, "PayeePartyCreditorFinancialAccount")
        _sub(account, RAM, "IBANID", payment.iban.replace(" ", "").upper())
        if payment.account_name:
            _sub(account, RAM, "AccountName", payment.account_name)
        if payment.bic:
            _sub(_sub(means, RAM, "PayeeSpecifiedCreditorFinancialInstitution"), RAM, "BICID", payment.bic)


def _breakdown_row(parent: etree._Element, row: VatSubtotal, on_debits: bool) -> None:
    tax = _sub(parent, RAM, "ApplicableTradeTax")
    _sub(tax, RAM, "CalculatedAmount", ev.amount(row.amount))
    _sub(tax, RAM, "TypeCode", ev.VAT)
    reason = ev.exemption_reason(row.vat)
    if reason is not None:
        _sub(tax, RAM, "ExemptionReason", reason.text)
    _sub(tax, RAM, "BasisAmount", ev.amount(row.base))
    _sub(tax, RAM, "CategoryCode", row.vat.category.value)
    if reason is not None:
        _sub(tax, RAM, "ExemptionReasonCode", reason.code)
    if on_debits:
        _sub(tax, RAM, "DueDateTypeCode", ev.VAT_ON_DEBITS_CODE)
    if ev.states_rate(row.vat):
        _sub(tax, RAM, "RateApplicablePercent", ev.percent(row.vat.rate))


def _document_adjustment(parent: etree._Element, item: AllowanceCharge) -> None:
    element = _sub(parent, RAM, "SpecifiedTradeAllowanceCharge")
    _sub(_sub(element, RAM, "ChargeIndicator"), UDT, "Indicator", "true" if item.is_charge else "false")
    _sub(element, RAM, "ActualAmount", ev.amount(item.amount))
    _sub(element, RAM, "Reason", ev.allowance_charge_reason(item))
    _category_tax(element, "CategoryTradeTax", item.vat)


def _monetary_summation(parent: etree._Element, doc: InvoiceDocument) -> None:
    totals = doc.totals
    summation = _sub(parent, RAM, "SpecifiedTradeSettlementHeaderMonetarySummation")
    _sub(summation, RAM, "LineTotalAmount", ev.amount(totals.line_total))
    if _any(doc.allowances_charges, charges=True) or totals.charge_total:
        _sub(summation, RAM, "ChargeTotalAmount", ev.amount(totals.charge_total))
    if _any(doc.allowances_charges, charges=False) or totals.allowance_total:
        _sub(summation, RAM, "AllowanceTotalAmount", ev.amount(totals.allowance_total))
    _sub(summation, RAM, "TaxBasisTotalAmount", ev.amount(totals.tax_basis))
    # currencyID is allowed on TaxTotalAmount only (CII-DT-031); the second one is BT-111.
    _sub(summation, RAM, "TaxTotalAmount", ev.amount(totals.vat_total), currencyID=doc.currency.upper())
    accounting = ev.accounting_vat(doc)
    if accounting is not None:
        _sub(summation, RAM, "TaxTotalAmount", ev.amount(accounting[1]), currencyID=accounting[0])
    if totals.rounding:
        _sub(summation, RAM, "RoundingAmount", ev.amount(totals.rounding))
    _sub(summation, RAM, "GrandTotalAmount", ev.amount(totals.grand_total))
    if totals.prepaid:
        _sub(summation, RAM, "TotalPrepaidAmount", ev.amount(totals.prepaid))
    _sub(summation, RAM, "DuePayableAmount", ev.amount(totals.amount_due))


def _any(items: Iterable[AllowanceCharge], charges: bool) -> bool:
    return any(item.is_charge is charges for item in items)
