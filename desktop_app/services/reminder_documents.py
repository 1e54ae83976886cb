"""What one reminder says: the e-mail and the letter for one customer's invoices at one level, with the
late-payment interest and the 40 € indemnity stated for business customers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from desktop_app.documents.formatting import formatter
from desktop_app.documents.letters import FeeKind, OverdueInvoice, ReminderFee, ReminderLetter, render_reminder
from desktop_app.documents.template import DocumentTemplate
from desktop_app.domain.dunning import Channel, DueReminder, DunningLevel
from desktop_app.domain.invoice import Party, PaymentInstructions, PaymentMeans
from desktop_app.domain.late_payment import NO_PENALTIES, InterestRule, LatePenalties, late_penalties
from desktop_app.domain.message_templates import resolve
from desktop_app.domain.money import ZERO
from desktop_app.domain.parties import Company
from desktop_app.formats.email_message import AddressError, Attachment, OutgoingMail, check_address
from desktop_app.i18n import _, document_language
from desktop_app.services.documents import seller_party
from desktop_app.services.mail_messages import Composed, compose, payment_details
from desktop_app.services.smtp import SmtpConfig
from desktop_app.store.dunning import OverdueRow


@dataclass(frozen=True, slots=True)
class ReminderItem:
    row: OverdueRow
    due: DueReminder
    penalties: LatePenalties


@dataclass(frozen=True, slots=True)
class ReminderBatch:
    """One customer's invoices due at the same level on the same day, in one currency: one e-mail or letter."""

    customer_id: int
    level: int
    step: DunningLevel
    day: date
    language: str
    currency: str
    items: tuple[ReminderItem, ...]

    @property
    def is_business(self) -> bool:
        return self.items[0].row.is_business

    @property
    def amount_due(self) -> Decimal:
        return sum((item.row.amount_due for item in self.items), ZERO)

    @property
    def interest(self) -> Decimal:
        return sum((item.penalties.interest for item in self.items), ZERO)

    @property
    def indemnity(self) -> Decimal:
        return sum((item.penalties.indemnity for item in self.items), ZERO)

    @property
    def fee(self) -> Decimal:
        # Recovery costs stay with the creditor for consumers (C. proc. civ. exéc. L111-8): businesses only.
        return self.step.fee if self.is_business else ZERO

    @property
    def total_due(self) -> Decimal:
        return self.amount_due + self.interest + self.indemnity + self.fee

    @property
    def email(self) -> str:
        address = self.items[0].row.email.strip()
        try:
            return check_address(address) if address else ""
        except AddressError:
            return ""

    @property
    def channel(self) -> Channel:
        """The level's channel; a letter when the customer has no usable e-mail address."""
        if not self.email:
            return Channel.LETTER
        return self.step.channel


def make_batch(customer_id: int, items: Sequence[tuple[OverdueRow, DueReminder]], day: date,
               rule: InterestRule) -> ReminderBatch:
    row, due = items[0]
    with_penalties = tuple(ReminderItem(r, d, late_penalties(r.amount_due, r.due_date, day, rule, r.is_business,
                                                             r.currency) if d.step.penalties else NO_PENALTIES)
                           for r, d in items)
    return ReminderBatch(customer_id, due.level, due.step, day, row.language, row.currency, with_penalties)


@dataclass(slots=True)
class ShopContext:
    """What every reminder of a run shares: the seller, its wording and its mail settings."""

    company: Company
    overrides: dict[str, dict[str, dict[str, str]]]
    smtp: SmtpConfig
    written_at: datetime | None = None
    templates: dict[int, DocumentTemplate] = field(default_factory=dict)


def _payment(company: Company, reference: str) -> PaymentInstructions:
    return PaymentInstructions(PaymentMeans.SEPA_TRANSFER if company.iban else PaymentMeans.TRANSFER,
                               company.iban, company.bic, company.name, reference)


def _penalty_sentence(batch: ReminderBatch) -> str:
    if batch.interest <= 0 and batch.indemnity <= 0:
        return ""
    fmt = formatter(batch.language)
    rate = fmt.percent(batch.items[0].penalties.rate)
    interest = fmt.money(batch.interest, batch.currency)
    if batch.indemnity > 0:
        return _("Under article L441-10 of the French Commercial Code, late-payment interest at {rate} a year "
                 "({interest} to date) and the fixed indemnity for recovery costs of {indemnity} are also due.").format(
            rate=rate, interest=interest, indemnity=fmt.money(batch.indemnity, "EUR"))
    return _("Under article L441-10 of the French Commercial Code, late-payment interest at {rate} a year "
             "({interest} to date) is also due.").format(rate=rate, interest=interest)


def batch_values(batch: ReminderBatch, company: Company) -> dict[str, str]:
    """The placeholders' values, in the batch's language (call inside its document_language)."""
    fmt = formatter(batch.language)
    rows = [item.row for item in batch.items]
    first = rows[0]
    lines = [_("• {number} of {issue_date}, due {due_date}: {amount} left to pay, {days} days late").format(
        number=r.number, issue_date=fmt.date(r.issue_date), due_date=fmt.date(r.due_date),
        amount=fmt.money(r.amount_due, r.currency), days=item.due.days_late) for r, item in zip(rows, batch.items)]
    numbers = ", ".join(r.number for r in rows)
    return {
        "customer": first.customer, "company": company.name, "invoice": first.number, "invoices": numbers,
        "invoice_lines": "\n".join(lines), "issue_date": fmt.date(first.issue_date),
        "due_date": fmt.date(first.due_date), "days_late": str(max(item.due.days_late for item in batch.items)),
        "amount_due": fmt.money(batch.amount_due, batch.currency), "penalties": _penalty_sentence(batch),
        "interest": fmt.money(batch.interest, batch.currency), "indemnity": fmt.money(batch.indemnity, "EUR"),
        "total_due": fmt.money(batch.total_due, batch.currency),
        "payment_details": payment_details(_payment(company, numbers), company.name, numbers, batch.language),
    }


def batch_text(batch: ReminderBatch, shop: ShopContext) -> Composed:
    with document_language(batch.language):
        values = batch_values(batch, shop.company)
    return compose(resolve(shop.overrides, batch.step.template, batch.language), values)


def render_letter(batch: ReminderBatch, shop: ShopContext, customer: Party, text: Composed,
                  template: DocumentTemplate) -> bytes:
    """The reminder letter as PDF/A, in the shop's invoice template."""
    fmt = formatter(batch.language)
    with document_language(batch.language):
        fees = []
        if batch.interest > 0:
            fees.append(ReminderFee(FeeKind.INTEREST, batch.interest, _("Late-payment interest at {rate} a year")
                                    .format(rate=fmt.percent(batch.items[0].penalties.rate))))
        if batch.indemnity > 0:
            fees.append(ReminderFee(FeeKind.INDEMNITY, batch.indemnity))
        if batch.fee > 0:
            fees.append(ReminderFee(FeeKind.FEE, batch.fee))
    invoices = tuple(OverdueInvoice(i.row.number, i.row.issue_date, i.row.due_date, i.row.total, i.row.amount_due,
                                    i.due.days_late) for i in batch.items)
    numbers = ", ".join(invoice.number for invoice in invoices)
    letter = ReminderLetter(seller_party(shop.company), customer, batch.day, batch.language, batch.currency, invoices,
                            tuple(fees), text.letter, batch.level, invoices[0].number, _payment(shop.company, numbers),
                            formal_notice=batch.step.template == "formal_notice")
    return render_reminder(letter, template)


def reminder_mail(batch: ReminderBatch, shop: ShopContext, text: Composed, sender: str,
                  attachments: Sequence[Attachment]) -> OutgoingMail:
    return OutgoingMail(sender, shop.smtp.sender_name, (batch.email,), text.subject, text.body, batch.language,
                        batch.items[0].row.customer, tuple(attachments))


def letter_filename(batch: ReminderBatch) -> str:
    with document_language(batch.language):
        word = _("reminder")
    return f"{word}-{batch.level}-{batch.items[0].row.number}.pdf"

