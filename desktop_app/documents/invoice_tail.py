"""What follows the lines, on the last page: the VAT breakdown, the totals (with document-level
allowances and charges), exemption wording, payment instructions with the SEPA QR code, legal
notes and the template's message."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.documents.blocks import Line, side_by_side, stacked, text_block
from desktop_app.documents.closing import payment_block, table_block, totals_block
from desktop_app.documents.flow import Block
from desktop_app.documents.formatting import Formatter, grouped_iban
from desktop_app.documents.invoice_lines import signed_amount, vat_label
from desktop_app.documents.pen import BODY, MUTED, SMALL, Pen
from desktop_app.documents.sepa_qr import invoice_payload
from desktop_app.documents.table import Table, TableColumn, TableRow
from desktop_app.documents.template import DocumentTemplate
from desktop_app.domain.invoice import InvoiceDocument, NoteSubject, PaymentMeans
from desktop_app.i18n import N_, _

MEANS_NAMES = {
    PaymentMeans.SEPA_TRANSFER: N_("SEPA credit transfer"), PaymentMeans.TRANSFER: N_("Bank transfer"),
    PaymentMeans.CARD: N_("Card"), PaymentMeans.ONLINE_SERVICE: N_("Online payment"),
    PaymentMeans.CHEQUE: N_("Cheque"), PaymentMeans.CASH: N_("Cash"),
}
# Printed notes, in this order; BAR (B2B/B2C) is a code for machines and is not printed.
PRINTED_NOTES = (NoteSubject.LEGAL, NoteSubject.VAT_ON_DEBITS, NoteSubject.GENERAL, NoteSubject.PENALTIES,
                 NoteSubject.INDEMNITY, NoteSubject.DISCOUNT)


def tail_blocks(pen: Pen, document: InvoiceDocument, template: DocumentTemplate, fmt: Formatter) -> list[Block]:
    """The closing blocks of an invoice or credit note, in reading order."""
    style = pen.style
    blocks = []
    if document.reason:
        blocks.append(text_block(pen, style.left, style.content_width,
                                 [Line(_("Reason: {reason}").format(reason=document.reason))]))
    blocks.append(_summary(pen, document, fmt))
    payment = _payment(pen, document, template, fmt)
    if payment is not None:
        blocks.append(payment)
    notes = [note.text for subject in PRINTED_NOTES for note in document.notes if note.subject is subject]
    if notes:
        blocks.append(text_block(pen, style.left, style.content_width, [Line(text, SMALL + 0.5, colour=MUTED)
                                                                      for text in notes]))
    if template.message:
        blocks.append(text_block(pen, style.left, style.content_width,
                                 [Line(template.message, BODY, colour=style.primary)]))
    return blocks


def _summary(pen: Pen, document: InvoiceDocument, fmt: Formatter) -> Block:
    """VAT breakdown and exemption wording on the left, totals on the right."""
    style = pen.style
    left_width = style.content_width * 0.52
    currency = document.currency
    breakdown = Table(pen, [TableColumn(_("VAT rate"), align="left", wraps=True), TableColumn(_("Taxable amount")),
                            TableColumn(_("VAT amount"))],
                      [TableRow((vat_label(row.vat, fmt), fmt.money(row.base, currency),
                                 fmt.money(row.amount, currency))) for row in document.totals.breakdown],
                      style.left, left_width)
    wording = list(dict.fromkeys(_(row.vat.exemption.wording) for row in document.totals.breakdown
                                 if row.vat.exemption is not None))
    left = [table_block(breakdown)]
    if wording:
        left.append(text_block(pen, style.left, left_width, [Line(text, SMALL + 0.5, bold=True) for text in wording]))
    eur = _vat_in_eur(document, fmt)
    if eur:
        left.append(text_block(pen, style.left, left_width, [Line(eur, SMALL + 0.5, colour=MUTED)]))
    return side_by_side(stacked(left, 6), _totals(pen, document, fmt))


def _totals(pen: Pen, document: InvoiceDocument, fmt: Formatter) -> Block:
    totals = document.totals

    def money(amount: Decimal) -> str:
        return fmt.money(amount, document.currency)

    pairs = []
    if document.allowances_charges:
        # Document-level allowances and charges (shipping, a discount code) sit between the lines
        # total and the taxable total they change, each with its VAT rate.
        pairs.append((_("Lines total excl. VAT"), money(totals.line_total)))
        for item in document.allowances_charges:
            name = item.reason or (_("Charge") if item.is_charge else _("Allowance"))
            pairs.append((f"{name} ({vat_label(item.vat, fmt)})", money(signed_amount(item.amount, item.is_charge))))
    pairs += [(_("Total excl. VAT"), money(totals.tax_basis)), (_("Total VAT"), money(totals.vat_total)),
              (_("Total incl. VAT"), money(totals.grand_total))]
    if totals.prepaid:
        pairs.append((_("Already paid"), money(-totals.prepaid)))
    if totals.rounding:
        pairs.append((_("Rounding"), money(totals.rounding)))
    label = _("Total credited") if document.is_credit_note else _("Amount due")
    return totals_block(pen, pairs, label, money(totals.amount_due))


def _vat_in_eur(document: InvoiceDocument, fmt: Formatter) -> str:
    """BT-111 for a foreign-currency invoice, with the rate used (French requirement)."""
    if not document.vat_accounting_currency or document.vat_total_accounting is None:
        return ""
    text = _("VAT total in {currency}: {amount}").format(
        currency=document.vat_accounting_currency,
        amount=fmt.money(document.vat_total_accounting, document.vat_accounting_currency))
    if document.exchange_rate is not None:
        rate = _("1 EUR = {rate} {currency}").format(rate=fmt.number(document.exchange_rate),
                                                     currency=document.currency)
        if document.exchange_rate_date is not None:
            rate = _("{rate} on {date}").format(rate=rate, date=fmt.date(document.exchange_rate_date))
        text = f"{text} ({rate})"
    return text


def _payment(pen: Pen, document: InvoiceDocument, template: DocumentTemplate, fmt: Formatter) -> Block | None:
    lines = _payment_lines(document, fmt)
    if not lines:
        return None
    return payment_block(pen, lines, invoice_payload(document) if template.show_qr else None)


def _payment_lines(document: InvoiceDocument, fmt: Formatter) -> list[str]:
    payment, totals = document.payment, document.totals

    def money(amount: Decimal) -> str:
        return fmt.money(amount, document.currency)

    lines = []
    if totals.prepaid and payment.paid_by:
        lines.append(_("{amount} paid with {gateway}.").format(amount=money(totals.prepaid), gateway=payment.paid_by))
    if document.is_credit_note:
        return lines + ([payment.terms] if payment.terms else [])
    if totals.amount_due <= 0:
        return [*lines, _("This invoice is fully paid.")]
    if document.due_date is not None:
        lines.append(_("Please pay {amount} by {date}.").format(amount=money(totals.amount_due),
                                                                date=fmt.date(document.due_date)))
    if payment.terms:
        lines.append(payment.terms)
    means = MEANS_NAMES.get(payment.means)
    if means:
        lines.append(_("Payment method: {means}").format(means=_(means)))
    if payment.iban:
        holder = payment.account_name or document.seller.name
        lines.append(_("IBAN {iban} · BIC {bic}").format(iban=grouped_iban(payment.iban), bic=payment.bic)
                     if payment.bic else _("IBAN {iban}").format(iban=grouped_iban(payment.iban)))
        lines.append(_("Account holder: {name}").format(name=holder))
    lines.append(_("Payment reference: {reference}").format(reference=payment.reference or document.number))
    return lines
