"""Letters in the invoices' look: a payment reminder and a customer statement, as PDF/A-3B.

Their inputs are small values defined here; the services fill them from the store and the dunning
rules (days late, interest, the 40 EUR indemnity of C. com. L441-10 are computed there, not here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from desktop_app.documents.blocks import Line, party_block, text_block
from desktop_app.documents.closing import payment_block, table_block, totals_block
from desktop_app.documents.flow import Block
from desktop_app.documents.formatting import Formatter, formatter, grouped_iban
from desktop_app.documents.pages import Heading, draw_document, heading_block, open_document, right_column
from desktop_app.documents.pdfa import PdfMetadata, make_pdfa
from desktop_app.documents.pen import Pen
from desktop_app.documents.sepa_qr import MAX_AMOUNT, epc_payload
from desktop_app.documents.table import Table, TableColumn, TableRow
from desktop_app.documents.template import DEFAULT_TEMPLATE, DocumentTemplate
from desktop_app.domain.invoice import Party, PaymentInstructions
from desktop_app.domain.money import ZERO
from desktop_app.i18n import N_, _, document_language


class FeeKind(StrEnum):
    INTEREST = "interest"        # late-payment interest (C. com. L441-10)
    INDEMNITY = "indemnity"      # fixed recovery indemnity, 40 EUR per invoice (D441-5)
    FEE = "fee"                  # any other agreed fee


FEE_NAMES = {FeeKind.INTEREST: N_("Late-payment interest"),
             FeeKind.INDEMNITY: N_("Fixed recovery indemnity (40 €)"),
             FeeKind.FEE: N_("Reminder fee")}


@dataclass(frozen=True, slots=True)
class OverdueInvoice:
    number: str
    issue_date: date
    due_date: date
    total: Decimal
    amount_due: Decimal
    days_late: int


@dataclass(frozen=True, slots=True)
class ReminderFee:
    kind: FeeKind
    amount: Decimal
    label: str = ""              # e.g. "Interest at 13.15 % for 32 days"; the kind's name when empty


@dataclass(frozen=True, slots=True)
class ReminderLetter:
    seller: Party
    customer: Party
    date: date
    language: str
    currency: str
    invoices: tuple[OverdueInvoice, ...]
    fees: tuple[ReminderFee, ...] = ()
    message: str = ""            # the letter's text; a polite default when empty
    level: int = 1               # 1 for the first reminder, 2 for the second...
    reference: str = ""
    payment: PaymentInstructions = field(default_factory=PaymentInstructions)
    formal_notice: bool = False  # a mise en demeure: titled so, as the law and a court expect to read

    @property
    def invoices_due(self) -> Decimal:
        return sum((invoice.amount_due for invoice in self.invoices), ZERO)

    @property
    def fees_total(self) -> Decimal:
        return sum((fee.amount for fee in self.fees), ZERO)

    @property
    def total_due(self) -> Decimal:
        return self.invoices_due + self.fees_total


class EntryKind(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    PAYMENT = "payment"


ENTRY_NAMES = {EntryKind.INVOICE: N_("Invoice"), EntryKind.CREDIT_NOTE: N_("Credit note"),
               EntryKind.PAYMENT: N_("Payment")}


@dataclass(frozen=True, slots=True)
class StatementEntry:
    date: date
    kind: EntryKind
    reference: str
    amount: Decimal              # positive: invoices raise the balance, credit notes and payments lower it
    due_date: date | None = None
    description: str = ""

    @property
    def signed(self) -> Decimal:
        return self.amount if self.kind is EntryKind.INVOICE else -self.amount


@dataclass(frozen=True, slots=True)
class CustomerStatement:
    seller: Party
    customer: Party
    date: date
    language: str
    currency: str
    period_start: date
    period_end: date
    entries: tuple[StatementEntry, ...]
    opening_balance: Decimal = ZERO
    message: str = ""
    payment: PaymentInstructions = field(default_factory=PaymentInstructions)

    @property
    def closing_balance(self) -> Decimal:
        return self.opening_balance + sum((entry.signed for entry in self.entries), ZERO)


def render_reminder(letter: ReminderLetter, template: DocumentTemplate = DEFAULT_TEMPLATE) -> bytes:
    """The reminder as a PDF/A-3B file, in the letter's language."""
    with document_language(letter.language):
        title = _("Formal notice") if letter.formal_notice else _("Payment reminder")
        fmt = formatter(letter.language)
        buffer, pen = open_document(template, title=title, author=letter.seller.name, language=letter.language)
        pairs = [(_("Date"), fmt.date(letter.date)), (_("Reminder no."), str(letter.level))]
        heading = Heading(letter.seller, title, letter.reference, pairs, letter.customer.address.country)
        tail = _reminder_tail(pen, letter, fmt, template.show_qr)
        body = _letter_heading(pen, template, heading, letter.customer, fmt, letter.message or _(
            "According to our records, the invoices below are still unpaid although their due date has "
            "passed. Please pay the amount due without delay; if you have paid it in the meantime, please "
            "disregard this letter."))
        draw_document(pen, template, body, _overdue_table(pen, letter, fmt), tail, running_title=title,
                      seller_name=letter.seller.name)
        metadata = PdfMetadata(f"{title} {letter.reference}".strip(), letter.seller.name,
                               _("{title} to {customer}").format(title=title, customer=letter.customer.name),
                               letter.date, letter.language)
    return make_pdfa(buffer.getvalue(), metadata)


def render_statement(statement: CustomerStatement, template: DocumentTemplate = DEFAULT_TEMPLATE) -> bytes:
    """The customer statement as a PDF/A-3B file, in its language."""
    with document_language(statement.language):
        title = _("Statement of account")
        fmt = formatter(statement.language)
        buffer, pen = open_document(template, title=title, author=statement.seller.name,
                                    language=statement.language)
        period = _("{start} to {end}").format(start=fmt.date(statement.period_start),
                                              end=fmt.date(statement.period_end))
        heading = Heading(statement.seller, title, period, [(_("Date"), fmt.date(statement.date))],
                          statement.customer.address.country)
        body = _letter_heading(pen, template, heading, statement.customer, fmt, statement.message)
        draw_document(pen, template, body, _statement_table(pen, statement, fmt),
                      _statement_tail(pen, statement, fmt, template.show_qr), running_title=title,
                      seller_name=statement.seller.name)
        metadata = PdfMetadata(title, statement.seller.name,
                               _("{title} for {customer}").format(title=title, customer=statement.customer.name),
                               statement.date, statement.language)
    return make_pdfa(buffer.getvalue(), metadata)


def _letter_heading(pen: Pen, template: DocumentTemplate, heading: Heading, customer: Party, fmt: Formatter,
                    message: str) -> Block:
    right_x, right_width = right_column(pen)
    addressee = party_block(pen, _("To"), customer, fmt, heading.seller.address.country, right_x, right_width)
    block = heading_block(pen, template, heading, fmt, addressee)
    if not message:
        return block
    style = pen.style
    text = text_block(pen, style.left, style.content_width, [Line(message)])

    def draw(top: float) -> None:
        block.draw(top)
        text.draw(top - block.height - 16)
    return Block(block.height + 16 + text.height, draw)


def _overdue_table(pen: Pen, letter: ReminderLetter, fmt: Formatter) -> Table:
    columns = [TableColumn(_("Invoice"), align="left", wraps=True), TableColumn(_("Issue date")),
               TableColumn(_("Due date")), TableColumn(_("Days late")), TableColumn(_("Invoice total")),
               TableColumn(_("Amount due"))]
    rows = [TableRow((item.number, fmt.short_date(item.issue_date), fmt.short_date(item.due_date),
                      str(item.days_late), fmt.money(item.total, letter.currency),
                      fmt.money(item.amount_due, letter.currency))) for item in letter.invoices]
    return Table(pen, columns, rows, pen.style.left, pen.style.content_width)


def _reminder_tail(pen: Pen, letter: ReminderLetter, fmt: Formatter, show_qr: bool) -> list[Block]:
    currency = letter.currency
    blocks = []
    if letter.fees:
        fees = Table(pen, [TableColumn(_("Fees and interest"), align="left", wraps=True), TableColumn(_("Amount"))],
                     [TableRow((fee.label or _(FEE_NAMES[fee.kind]), fmt.money(fee.amount, currency)))
                      for fee in letter.fees], pen.style.left, pen.style.content_width)
        blocks.append(table_block(fees))
    pairs = [(_("Invoices due"), fmt.money(letter.invoices_due, currency))]
    if letter.fees:
        pairs.append((_("Fees and interest"), fmt.money(letter.fees_total, currency)))
    blocks.append(totals_block(pen, pairs, _("Total due"), fmt.money(letter.total_due, currency)))
    blocks.append(payment_block(pen, _payment_lines(letter.payment, letter.seller, letter.reference),
                                _letter_payload(letter.payment, letter.seller, currency, letter.total_due,
                                                letter.reference) if show_qr else None))
    return blocks


def _statement_table(pen: Pen, statement: CustomerStatement, fmt: Formatter) -> Table:
    currency = statement.currency
    columns = [TableColumn(_("Date"), align="left"), TableColumn(_("Document"), align="left", wraps=True),
               TableColumn(_("Due date")), TableColumn(_("Debit")), TableColumn(_("Credit")),
               TableColumn(_("Balance"))]
    rows = [TableRow((fmt.short_date(statement.period_start), _("Opening balance"), "", "", "",
                      fmt.money(statement.opening_balance, currency)), bold=True)]
    balance = statement.opening_balance
    for entry in statement.entries:
        balance += entry.signed
        name = f"{_(ENTRY_NAMES[entry.kind])} {entry.reference}".strip()
        debit = fmt.money(entry.amount, currency) if entry.signed > 0 else ""
        credit = fmt.money(entry.amount, currency) if entry.signed <= 0 else ""
        rows.append(TableRow((fmt.short_date(entry.date), " · ".join(p for p in (name, entry.description) if p),
                              fmt.short_date(entry.due_date) if entry.due_date else "", debit, credit,
                              fmt.money(balance, currency))))
    return Table(pen, columns, rows, pen.style.left, pen.style.content_width)


def _statement_tail(pen: Pen, statement: CustomerStatement, fmt: Formatter, show_qr: bool) -> list[Block]:
    currency = statement.currency
    invoiced = sum((e.amount for e in statement.entries if e.kind is EntryKind.INVOICE), ZERO)
    settled = sum((e.amount for e in statement.entries if e.kind is not EntryKind.INVOICE), ZERO)
    pairs = [(_("Opening balance"), fmt.money(statement.opening_balance, currency)),
             (_("Invoiced"), fmt.money(invoiced, currency)),
             (_("Credited and paid"), fmt.money(-settled, currency))]
    blocks = [totals_block(pen, pairs, _("Balance due"), fmt.money(statement.closing_balance, currency))]
    if statement.closing_balance > 0:
        blocks.append(payment_block(pen, _payment_lines(statement.payment, statement.seller, ""),
                                    _letter_payload(statement.payment, statement.seller, currency,
                                                    statement.closing_balance, "") if show_qr else None))
    return blocks


def _payment_lines(payment: PaymentInstructions, seller: Party, reference: str) -> list[str]:
    lines = [payment.terms] if payment.terms else []
    if payment.iban:
        lines.append(_("IBAN {iban} · BIC {bic}").format(iban=grouped_iban(payment.iban), bic=payment.bic)
                     if payment.bic else _("IBAN {iban}").format(iban=grouped_iban(payment.iban)))
        lines.append(_("Account holder: {name}").format(name=payment.account_name or seller.name))
    if payment.reference or reference:
        lines.append(_("Payment reference: {reference}").format(reference=payment.reference or reference))
    return lines or [_("Please contact us to settle this amount.")]


def _letter_payload(payment: PaymentInstructions, seller: Party, currency: str, amount: Decimal,
                    reference: str) -> str | None:
    if currency != "EUR" or not payment.iban or not Decimal("0.01") <= amount <= MAX_AMOUNT:
        return None
    return epc_payload(name=payment.account_name or seller.name, iban=payment.iban, bic=payment.bic, amount=amount,
                       reference=payment.reference or reference)
