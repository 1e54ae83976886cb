"""The same e-invoice as UBL 2.1, following Peppol BIS Billing 3.0 (an EN 16931 CIUS).

Invoices use the Invoice root, credit notes the CreditNote root. Where a business term is not
obvious from the element name:

- BT-21/22 notes -> cbc:Note "#SUBJECT#text" (UBL has no subject code; Peppol and the French rules
  read the code between hashes); a credit note's reason becomes an extra "#AAI#" note
- BT-9 -> cbc:DueDate on an Invoice, cac:PaymentMeans/cbc:PaymentDueDate on a CreditNote (no DueDate there)
- BT-13/BT-14 -> cac:OrderReference ID/SalesOrderID; ID is mandatory, "NA" when only BT-14 is known
- BT-29/46 SIRET -> PartyIdentification scheme 0009; BT-30/47 SIREN -> PartyLegalEntity/CompanyID 0002;
  BT-32 -> PartyTaxScheme whose TaxScheme is not VAT; BT-33 -> PartyLegalEntity/CompanyLegalForm
- BT-82 payment service (Stripe, PayPal) -> cbc:PaymentMeansCode/@name
- BT-111 -> a second cac:TaxTotal in the BT-6 currency, without subtotals

`UblProfile.FRENCH_CTC` writes the French CTC binding instead (XP Z12-012): BT-24 is the bare EN 16931
URN and BT-23 (B1, S1, M2...) goes in cbc:ProfileID, which Peppol reserves for its own process id.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from lxml import etree

from desktop_app.domain.invoice import InvoiceDocument, Party, PaymentMeans
from desktop_app.domain.parties import Address
from desktop_app.domain.tax import VatRate
from desktop_app.domain.totals import Line
from desktop_app.formats import einvoice as ev
from desktop_app.formats.text import without_controls
from desktop_app.i18n import document_language

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
PEPPOL_CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PEPPOL_PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
TAX_REGISTRATION_SCHEME = "TAX"   # any TaxScheme other than VAT marks BT-32


class UblProfile(StrEnum):
    PEPPOL = "peppol"
    FRENCH_CTC = "fr-ctc"


def invoice_to_ubl(doc: InvoiceDocument, profile: UblProfile = UblProfile.PEPPOL) -> bytes:
    """The UBL 2.1 XML of an invoice or credit note, UTF-8 encoded."""
    with document_language(doc.language):
        builder = _Builder(doc)
        root = builder.document(profile)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sub(parent: etree._Element, ns: str, tag: str, text: str | None = None,
         **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", attrib=attributes or None)
    if text is not None:
        # lxml escapes markup; what XML 1.0 cannot hold at all (typed in by hand, stored long ago) is left out
        element.text = without_controls(text)
    return element


def _iso(day: date) -> str:
    return day.isoformat()


class _Builder:
    """Writes one document; holds the currency every amount must name (UBL puts it on each amount)."""

    def __init__(self, doc: InvoiceDocument) -> None:
        self.doc = doc
        self.currency = doc.currency.upper()
        self.credit = doc.is_credit_note

    def money(self, parent: etree._Element, tag: str, value: Decimal, currency: str | None = None) -> None:
        _sub(parent, CBC, tag, ev.amount(value), currencyID=currency or self.currency)

    def document(self, profile: UblProfile) -> etree._Element:
        doc = self.doc
        ns = CREDIT_NOTE_NS if self.credit else INVOICE_NS
        root = etree.Element(f"{{{ns}}}{'CreditNote' if self.credit else 'Invoice'}",
                             nsmap={None: ns, "cac": CAC, "cbc": CBC})
        if profile is UblProfile.FRENCH_CTC:
            _sub(root, CBC, "CustomizationID", ev.EN16931_PROFILE)
            _sub(root, CBC, "ProfileID", doc.operation_category)
        else:
            _sub(root, CBC, "CustomizationID", PEPPOL_CUSTOMIZATION)
            _sub(root, CBC, "ProfileID", PEPPOL_PROFILE)
        _sub(root, CBC, "ID", doc.number)
        _sub(root, CBC, "IssueDate", _iso(doc.issue_date))
        if not self.credit and doc.due_date is not None:
            _sub(root, CBC, "DueDate", _iso(doc.due_date))
        _sub(root, CBC, "CreditNoteTypeCode" if self.credit else "InvoiceTypeCode", doc.kind.type_code)
        self.notes(root)
        _sub(root, CBC, "DocumentCurrencyCode", self.currency)
        accounting = ev.accounting_vat(doc)
        if accounting is not None:
            _sub(root, CBC, "TaxCurrencyCode", accounting[0])
        if doc.buyer_reference:
            _sub(root, CBC, "BuyerReference", doc.buyer_reference)
        if doc.purchase_order_reference or doc.sales_order_reference:
            order = _sub(root, CAC, "OrderReference")
            _sub(order, CBC, "ID", doc.purchase_order_reference or "NA")
            if doc.sales_order_reference:
                _sub(order, CBC, "SalesOrderID", doc.sales_order_reference)
        if doc.preceding_invoice is not None:
            reference = _sub(_sub(root, CAC, "BillingReference"), CAC, "InvoiceDocumentReference")
            _sub(reference, CBC, "ID", doc.preceding_invoice.number)
            _sub(reference, CBC, "IssueDate", _iso(doc.preceding_invoice.issue_date))
        self.party(_sub(root, CAC, "AccountingSupplierParty"), doc.seller, ev.seller_legal_information(doc.seller))
        self.party(_sub(root, CAC, "AccountingCustomerParty"), doc.buyer)
        self.delivery(root)
        self.payment(root)
        for item in doc.allowances_charges:
            self.allowance_charge(root, item.is_charge, item.amount, ev.allowance_charge_reason(item), item.vat)
        self.tax_totals(root)
        self.monetary_total(root)
        for number, line in enumerate(doc.lines, start=1):
            self.line(root, number, line)
        return root

    def notes(self, root: etree._Element) -> None:
        notes = [(note.subject.value, note.text) for note in self.doc.notes]
        reason = ev.credit_note_reason(self.doc)
        if reason:
            notes.append(("AAI", reason))
        for subject, text in notes:
            _sub(root, CBC, "Note", f"#{subject}#{text}")

    def party(self, parent: etree._Element, party: Party, legal_information: str = "") -> None:
        element = _sub(parent, CAC, "Party")
        endpoint = party.electronic_address
        if endpoint is not None:
            _sub(element, CBC, "EndpointID", endpoint[1], schemeID=endpoint[0])
        if party.siret:
            _sub(_sub(element, CAC, "PartyIdentification"), CBC, "ID", party.siret, schemeID=ev.SIRET_SCHEME)
        _address(_sub(element, CAC, "PostalAddress"), party.address)
        for company_id, scheme in ((party.vat_number, ev.VAT), (party.tax_registration, TAX_REGISTRATION_SCHEME)):
            if company_id:
                tax_scheme = _sub(element, CAC, "PartyTaxScheme")
                _sub(tax_scheme, CBC, "CompanyID", company_id)
                _sub(_sub(tax_scheme, CAC, "TaxScheme"), CBC, "ID", scheme)
        legal = _sub(element, CAC, "PartyLegalEntity")
        _sub(legal, CBC, "RegistrationName", party.name)
        if party.siren:
            _sub(legal, CBC, "CompanyID", party.siren, schemeID=ev.SIREN_SCHEME)
        if legal_information:
            _sub(legal, CBC, "CompanyLegalForm", legal_information)
        if party.contact or party.phone or party.email:
            contact = _sub(element, CAC, "Contact")
            for tag, value in (("Name", party.contact), ("Telephone", party.phone), ("ElectronicMail", party.email)):
                if value:
                    _sub(contact, CBC, tag, value)

    def delivery(self, root: etree._Element) -> None:
        ship_to = ev.delivery_address(self.doc)
        if ship_to is None and self.doc.delivery_date is None:
            return
        delivery = _sub(root, CAC, "Delivery")
        if self.doc.delivery_date is not None:
            _sub(delivery, CBC, "ActualDeliveryDate", _iso(self.doc.delivery_date))
        if ship_to is not None:
            name, address = ship_to
            _address(_sub(_sub(delivery, CAC, "DeliveryLocation"), CAC, "Address"), address)
            if name:
                _sub(_sub(_sub(delivery, CAC, "DeliveryParty"), CAC, "PartyName"), CBC, "Name", name)

    def payment(self, root: etree._Element) -> None:
        doc, payment = self.doc, self.doc.payment
        transfer = payment.means in (PaymentMeans.SEPA_TRANSFER, PaymentMeans.TRANSFER)
        # A transfer without an account to pay to is no instruction at all (BR-61): say nothing.
        if not (transfer and not payment.iban):
            means = _sub(root, CAC, "PaymentMeans")
            code = _sub(means, CBC, "PaymentMeansCode", payment.means.value)
            if payment.paid_by:
                code.set("name", payment.paid_by)
            if self.credit and doc.due_date is not None:
                _sub(means, CBC, "PaymentDueDate", _iso(doc.due_date))
            if payment.reference:
                _sub(means, CBC, "PaymentID", payment.reference)
            if transfer:
                account = _sub(means, CAC, "PayeeFinancialAccount")
                _sub(account, CBC, "ID", payment.iban.replace(" ", "").upper())
                if payment.account_name:
                    _sub(account, CBC, "Name", payment.account_name)
                if payment.bic:
                    _sub(_sub(account, CAC, "FinancialInstitutionBranch"), CBC, "ID", payment.bic)
        if payment.terms:
            _sub(_sub(root, CAC, "PaymentTerms"), CBC, "Note", payment.terms)

    def allowance_charge(self, parent: etree._Element, is_charge: bool, value: Decimal, reason: str,
                         vat: VatRate | None, reason_code: str | None = None) -> None:
        element = _sub(parent, CAC, "AllowanceCharge")
        _sub(element, CBC, "ChargeIndicator", "true" if is_charge else "false")
        if reason_code:
            _sub(element, CBC, "AllowanceChargeReasonCode", reason_code)
        _sub(element, CBC, "AllowanceChargeReason", reason)
        self.money(element, "Amount", value)
        if vat is not None:
            _tax_category(element, "TaxCategory", vat)

    def tax_totals(self, root: etree._Element) -> None:
        total = _sub(root, CAC, "TaxTotal")
        self.money(total, "TaxAmount", self.doc.totals.vat_total)
        for row in self.doc.totals.breakdown:
            subtotal = _sub(total, CAC, "TaxSubtotal")
            self.money(subtotal, "TaxableAmount", row.base)
            self.money(subtotal, "TaxAmount", row.amount)
            _tax_category(subtotal, "TaxCategory", row.vat, with_exemption=True)
        accounting = ev.accounting_vat(self.doc)
        if accounting is not None:
            self.money(_sub(root, CAC, "TaxTotal"), "TaxAmount", accounting[1], accounting[0])

    def monetary_total(self, root: etree._Element) -> None:
        totals = self.doc.totals
        element = _sub(root, CAC, "LegalMonetaryTotal")
        self.money(element, "LineExtensionAmount", totals.line_total)
        self.money(element, "TaxExclusiveAmount", totals.tax_basis)
        self.money(element, "TaxInclusiveAmount", totals.grand_total)
        if any(not item.is_charge for item in self.doc.allowances_charges) or totals.allowance_total:
            self.money(element, "AllowanceTotalAmount", totals.allowance_total)
        if any(item.is_charge for item in self.doc.allowances_charges) or totals.charge_total:
            self.money(element, "ChargeTotalAmount", totals.charge_total)
        if totals.prepaid:
            self.money(element, "PrepaidAmount", totals.prepaid)
        if totals.rounding:
            self.money(element, "PayableRoundingAmount", totals.rounding)
        self.money(element, "PayableAmount", totals.amount_due)

    def line(self, root: etree._Element, number: int, line: Line) -> None:
        element = _sub(root, CAC, "CreditNoteLine" if self.credit else "InvoiceLine")
        _sub(element, CBC, "ID", str(number))
        _sub(element, CBC, "CreditedQuantity" if self.credit else "InvoicedQuantity", ev.quantity(line.quantity),
             unitCode=line.unit_code)
        self.money(element, "LineExtensionAmount", line.net_amount)
        if line.allowance:
            self.allowance_charge(element, False, line.allowance, ev.line_allowance_reason(), None,
                                  ev.DISCOUNT_REASON_CODE)
        if line.charge:
            self.allowance_charge(element, True, line.charge, ev.line_charge_reason(), None)
        item = _sub(element, CAC, "Item")
        _sub(item, CBC, "Name", line.description)
        if line.sku:
            _sub(_sub(item, CAC, "SellersItemIdentification"), CBC, "ID", line.sku)
        _tax_category(item, "ClassifiedTaxCategory", line.vat)
        price = _sub(element, CAC, "Price")
        _sub(price, CBC, "PriceAmount", ev.unit_price(line.unit_price), currencyID=self.currency)


def _address(element: etree._Element, address: Address) -> None:
    for tag, value in (("StreetName", address.line1), ("AdditionalStreetName", address.line2),
                       ("CityName", address.city), ("PostalZone", address.postcode),
                       ("CountrySubentity", address.region)):
        if value:
            _sub(element, CBC, tag, value)
    _sub(_sub(element, CAC, "Country"), CBC, "IdentificationCode", address.country.upper())


def _tax_category(parent: etree._Element, tag: str, vat: VatRate, with_exemption: bool = False) -> None:
    category = _sub(parent, CAC, tag)
    _sub(category, CBC, "ID", vat.category.value)
    if ev.states_rate(vat):
        _sub(category, CBC, "Percent", ev.percent(vat.rate))
    reason = ev.exemption_reason(vat) if with_exemption else None
    if reason is not None:
        _sub(category, CBC, "TaxExemptionReasonCode", reason.code)
        _sub(category, CBC, "TaxExemptionReason", reason.text)
    _sub(_sub(category, CAC, "TaxScheme"), CBC, "ID", ev.VAT)
