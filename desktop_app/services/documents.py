"""The document model of an invoice or credit note: who, what, how much, and how to pay.

At issue time, the parties, notes and payment details are frozen into the document (they would
otherwise follow later edits of the company or the customer); drafts use today's values.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

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
from desktop_app.domain.mentions import payment_notes
from desktop_app.domain.parties import Address, Company, Customer
from desktop_app.domain.payment_terms import parse_payment_term
from desktop_app.i18n import _, document_language
from desktop_app.store.invoices import StoredInvoice


def seller_party(company: Company) -> Party:
    return Party(name=company.name, address=company.postal_address, siren=company.siren, siret=company.siret,
                 vat_number=company.vat_number, email=company.email, phone=company.phone,
                 legal_form=company.legal_form, capital=company.capital, rcs=company.rcs,
                 tax_registration=company.siret if company.is_vat_exempt else "")


def buyer_party(customer: Customer) -> Party:
    siren = customer.siren
    if not siren and customer.vat_number.startswith("FR") and len(customer.vat_number) == 13:
        siren = customer.vat_number[4:]          # a French VAT number embeds the SIREN
    return Party(name=customer.name, address=customer.billing, siren=siren, siret=customer.siret,
                 vat_number=customer.vat_number, email=customer.email, phone=customer.phone,
                 contact=customer.contact_name, is_business=customer.is_business)


def _flat(value: Any) -> dict[str, Any]:
    """A slotted dataclass as a plain dict, one level deep (much cheaper than `asdict` in batches)."""
    return {name: getattr(value, name) for name in value.__dataclass_fields__}


def _party_json(party: Party) -> dict[str, Any]:
    data = _flat(party)
    data["address"] = _flat(party.address)
    return data


def _party_from_json(data: dict[str, Any]) -> Party:
    values = dict(data)
    values["address"] = Address(**values["address"])
    return Party(**values)


def payment_instructions(company: Company, reference: str, terms_code: str, paid_by: str) -> PaymentInstructions:
    """How the customer pays: already paid by a gateway, or by transfer to the company's IBAN."""
    if paid_by:
        words = paid_by.lower()
        means = PaymentMeans.CARD if ("card" in words or "carte" in words or "shopify" in words) \
            else PaymentMeans.ONLINE_SERVICE
        return PaymentInstructions(means=means, reference=reference, paid_by=paid_by,
                                   terms=_("Paid online on ordering ({method}).").format(method=paid_by))
    means = PaymentMeans.SEPA_TRANSFER if company.iban else PaymentMeans.TRANSFER
    return PaymentInstructions(means=means, iban=company.iban, bic=company.bic, account_name=company.name,
                               reference=reference, terms=parse_payment_term(terms_code).describe())


def frozen_extras(stored: StoredInvoice, company: Company, customer: Customer, number: str,
                  penalty_rule: str, ship_to: Address | None = None, ship_to_name: str = "",
                  preceding: PrecedingInvoice | None = None, sells: str = "goods") -> dict[str, Any]:
    """What a document states besides its lines and totals, in the document's language, as issued."""
    with document_language(stored.language):
        buyer = buyer_party(customer)
        notes = list(payment_notes(buyer.is_business, penalty_rule or _("the ECB refinancing rate plus 10 points"),
                                   buyer.address.country != company.country))
        if stored.kind == "credit_note" and stored.reason:
            notes.append(Note(stored.reason, NoteSubject.GENERAL))
        if stored.notes:
            notes.append(Note(stored.notes, NoteSubject.GENERAL))
        if company.vat_regime == "debits" and sells != "goods" and not company.is_vat_exempt:
            notes.append(Note(_("Option for paying VAT on debits."), NoteSubject.VAT_ON_DEBITS))
        payment = payment_instructions(company, number, stored.payment_terms, stored.paid_at_checkout_by)
    prepaid_whole = bool(stored.paid_at_checkout_by) and stored.totals.rounding == 0
    return {
        "seller": _party_json(seller_party(company)), "buyer": _party_json(buyer),
        "ship_to": _flat(ship_to) if ship_to else None, "ship_to_name": ship_to_name,
        "notes": [[note.text, note.subject.value] for note in notes],
        "payment": {**_flat(payment), "means": payment.means.value},
        # BT-23: B goods, S services, M both; 2 = already paid, which needs prepaid = total (BR-FR-CO-09).
        "operation_category": {"goods": "B", "services": "S", "both": "M"}.get(sells, "B")
        + ("2" if prepaid_whole and stored.kind == "invoice" else "1"),
        "preceding": {"number": preceding.number, "issue_date": preceding.issue_date.isoformat()}
        if preceding else None,
    }


def build_document(stored: StoredInvoice, extras: dict[str, Any], number: str | None = None,
                   issue_date: date | None = None, due_date: date | None = None,
                   prepaid: Decimal | None = None, vat_total_eur: Decimal | None = None,
                   exchange_rate: Decimal | None = None, rate_date: date | None = None) -> InvoiceDocument:
    """The InvoiceDocument of a stored document with its extras (frozen or live)."""
    totals = stored.totals
    if prepaid is not None:
        totals = replace(totals, prepaid=prepaid, amount_due=totals.grand_total - prepaid + totals.rounding)
    preceding = extras.get("preceding")
    ship_to = extras.get("ship_to")
    return InvoiceDocument(
        kind=DocumentKind(stored.kind), number=number if number is not None else (stored.number or ""),
        issue_date=issue_date or stored.issue_date or date.today(), currency=stored.currency,  # noqa: DTZ011
        language=stored.language, seller=_party_from_json(extras["seller"]), buyer=_party_from_json(extras["buyer"]),
        lines=stored.lines, totals=totals, allowances_charges=stored.allowances_charges,
        due_date=due_date if due_date is not None else stored.due_date, delivery_date=stored.delivery_date,
        ship_to=Address(**ship_to) if ship_to else None, ship_to_name=extras.get("ship_to_name", ""),
        sales_order_reference=stored.order_reference, buyer_reference=stored.buyer_reference,
        preceding_invoice=PrecedingInvoice(preceding["number"], date.fromisoformat(preceding["issue_date"]))
        if preceding else None,
        payment=PaymentInstructions(**{**extras["payment"], "means": PaymentMeans(extras["payment"]["means"])}),
        notes=tuple(Note(text, NoteSubject(subject)) for text, subject in extras["notes"]),
        vat_accounting_currency="EUR" if stored.currency != "EUR" else "",
        vat_total_accounting=vat_total_eur if vat_total_eur is not None else stored.vat_total_eur,
        exchange_rate=exchange_rate if exchange_rate is not None else stored.exchange_rate,
        exchange_rate_date=rate_date if rate_date is not None else stored.exchange_rate_date,
        operation_category=extras.get("operation_category", "B1"), reason=stored.reason,
    )
