"""The mandatory mentions of a French invoice (C. com. L441-9, CGI ann. II art. 242 nonies A): the
notes Comptoir adds by itself, and the check that refuses to issue while one is missing."""

from __future__ import annotations

from desktop_app.domain.invoice import DocumentKind, InvoiceDocument, Note, NoteSubject
from desktop_app.domain.tax import VatCategory
from desktop_app.i18n import _


def payment_notes(buyer_is_business: bool, penalty_rule: str, buyer_abroad: bool = False) -> tuple[Note, ...]:
    """Penalty rate, recovery indemnity and discount terms (BR-FR-05), and the kind of buyer (BAR).

    Call inside `document_language(...)` so that the notes speak the document's language.
    """
    if buyer_is_business:
        notes = (
            Note(_("Late-payment penalties: {rule}, due from the day after the due date.").format(rule=penalty_rule),
                 NoteSubject.PENALTIES),
            Note(_("Fixed indemnity for recovery costs in case of late payment: 40 €."), NoteSubject.INDEMNITY),
            Note(_("No discount for early payment."), NoteSubject.DISCOUNT),
        )
    else:
        notes = (
            Note(_("Late-payment penalties: the legal interest rate in force."), NoteSubject.PENALTIES),
            Note(_("Fixed recovery indemnity: not applicable (consumer customer)."), NoteSubject.INDEMNITY),
            Note(_("No discount for early payment."), NoteSubject.DISCOUNT),
        )
    # BAR values of the French rules: B2B needs a French SIREN; businesses abroad are B2BINT.
    kind = ("B2BINT" if buyer_abroad else "B2B") if buyer_is_business else "B2C"
    return (*notes, Note(kind, NoteSubject.BUYER_TYPE))


def missing_mentions(doc: InvoiceDocument) -> list[str]:
    """Every mandatory mention the document lacks, in words; empty when it can be issued."""
    missing: list[str] = []
    seller, buyer = doc.seller, doc.buyer
    if not seller.name:
        missing.append(_("the seller's name"))
    if not (seller.address.line1 and seller.address.city):
        missing.append(_("the seller's address"))
    if not seller.siren:
        missing.append(_("the seller's SIREN"))
    categories = {row.vat.category for row in doc.totals.breakdown}
    if not seller.vat_number and categories != {VatCategory.EXEMPT}:
        missing.append(_("the seller's VAT number"))
    if not buyer.name:
        missing.append(_("the customer's name"))
    if not (buyer.address.line1 and buyer.address.city):
        missing.append(_("the customer's address"))
    if buyer.is_business and buyer.address.country == "FR" and not buyer.siren:
        missing.append(_("the customer's SIREN (business customer)"))
    if categories & {VatCategory.INTRA_EU, VatCategory.REVERSE_CHARGE} and not buyer.vat_number:
        missing.append(_("the customer's VAT number (needed for an intra-EU supply or reverse charge)"))
    if not doc.lines:
        missing.append(_("at least one line"))
    for number, line in enumerate(doc.lines, start=1):
        if not line.description.strip():
            missing.append(_("the description of line {n}").format(n=number))
        if line.quantity == 0:
            missing.append(_("the quantity of line {n}").format(n=number))
    if doc.kind is DocumentKind.INVOICE and doc.delivery_date is None:
        missing.append(_("the delivery date"))
    if doc.kind is DocumentKind.INVOICE and doc.due_date is None:
        missing.append(_("the payment due date"))
    if doc.kind is DocumentKind.CREDIT_NOTE and doc.preceding_invoice is None:
        missing.append(_("the invoice this credit note corrects"))
    subjects = {note.subject for note in doc.notes}
    if buyer.is_business and not {NoteSubject.PENALTIES, NoteSubject.INDEMNITY} <= subjects:
        missing.append(_("the late-payment penalty rate and the 40 € recovery indemnity"))
    if doc.currency != "EUR" and doc.vat_total_accounting is None:
        missing.append(_("the VAT total in euros (no exchange rate for {currency})").format(currency=doc.currency))
    return missing
