"""E-mails from the shop's templates: the invoice e-mail (a new invoice PDF to its customer), the wording
of every template per language, and the test e-mail that checks the SMTP settings."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop_app.documents.formatting import formatter, grouped_iban
from desktop_app.domain.errors import DomainError, ValidationFailed
from desktop_app.domain.invoice import InvoiceDocument, PaymentInstructions
from desktop_app.domain.message_templates import (
    PLACEHOLDERS,
    TEMPLATE_KEYS,
    TEMPLATE_NAMES,
    MessageTemplate,
    fill,
    parse_overrides,
    resolve,
    template_problems,
)
from desktop_app.domain.progress import Job, Progress
from desktop_app.formats.email_message import AddressError, Attachment, OutgoingMail, build_message, check_address
from desktop_app.formats.email_message import new_message_id as make_message_id
from desktop_app.i18n import _, active_language, document_language
from desktop_app.services.closing import PARIS
from desktop_app.services.company import all_settings, set_settings
from desktop_app.services.customers import get_customer
from desktop_app.services.invoices import invoice_view
from desktop_app.services.outbox import queue_mail
from desktop_app.services.rendering import invoice_pdf
from desktop_app.services.smtp import SendFailure, check_sender, host_name, open_transport, smtp_config
from desktop_app.store.database import Database
from desktop_app.store.journal import append_event
from desktop_app.store.types import utcnow

__all__ = ["PLACEHOLDERS", "TEMPLATE_KEYS", "TEMPLATE_NAMES", "InvoiceMail", "MessageTemplate"]


def tidy(text: str) -> str:
    """Blank lines left by empty placeholders squeezed to one; no trailing spaces."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def payment_details(payment: PaymentInstructions, holder: str, reference: str, language: str) -> str:
    """How to pay, in `language`: a transfer to the shop's IBAN with a reference."""
    with document_language(language):
        if payment.paid_by:
            return payment.terms
        if not payment.iban:
            return _("Please contact us to settle this amount.")
        bank = (_("IBAN {iban} · BIC {bic}").format(iban=grouped_iban(payment.iban), bic=payment.bic)
                if payment.bic else _("IBAN {iban}").format(iban=grouped_iban(payment.iban)))
        return _("Payment by bank transfer to:\n{bank}\nAccount holder: {holder}\nReference: {reference}").format(
            bank=bank, holder=payment.account_name or holder, reference=reference)


def template_overrides(db: Database) -> dict[str, dict[str, dict[str, str]]]:
    return parse_overrides(all_settings(db)["email.templates"])


def message_template(db: Database, key: str, language: str) -> MessageTemplate:
    """The wording in use for a template and language (the shop's edits over the defaults)."""
    return resolve(template_overrides(db), key, language)


def save_message_template(db: Database, key: str, language: str, template: MessageTemplate) -> None:
    """Keep the shop's wording of one template in one language; refused with the field problems."""
    problems = template_problems(template)
    if problems:
        raise ValidationFailed(problems)
    overrides = template_overrides(db)
    overrides.setdefault(key, {})[language] = {"subject": template.subject, "body": template.body,
                                               "letter": template.letter}
    set_settings(db, {"email.templates": overrides})  # type: ignore[dict-item]


def reset_message_template(db: Database, key: str, language: str) -> MessageTemplate:
    """Go back to Comptoir's wording of a template in a language."""
    overrides = template_overrides(db)
    overrides.get(key, {}).pop(language, None)
    set_settings(db, {"email.templates": {k: v for k, v in overrides.items() if v}})  # type: ignore[dict-item]
    return message_template(db, key, language)


@dataclass(frozen=True, slots=True)
class Composed:
    subject: str
    body: str
    letter: str = ""


def compose(template: MessageTemplate, values: Mapping[str, str]) -> Composed:
    return Composed(tidy(fill(template.subject, values)), tidy(fill(template.body, values)) + "\n",
                    tidy(fill(template.letter, values)))


@dataclass(frozen=True, slots=True)
class InvoiceMail:
    """An invoice e-mail as the template writes it, for the user to read (and touch up) before it is queued."""

    invoice_id: int
    number: str
    customer: str
    to: str                  # the customer's address; "" when it has none
    subject: str
    body: str
    attachment: str          # the name of the attached PDF (Factur-X for an invoice)


def _invoice_text(db: Database, invoice_id: int) -> tuple[InvoiceDocument, str, Composed]:
    """An issued document, its customer's address as it is today (as reminders use it; "" when it has
    none) and its e-mail written from the shop's template, in the document's language."""
    view = invoice_view(db, invoice_id)
    document = view.document
    if view.stored.state != "issued":
        raise DomainError(_("Only an issued document can be sent; issue the draft first."))
    language = document.language
    fmt = formatter(language)
    values = {
        "customer": document.buyer.name, "company": document.seller.name, "invoice": document.number,
        "invoices": document.number, "issue_date": fmt.date(document.issue_date),
        "due_date": fmt.date(document.due_date) if document.due_date else "",
        "amount_due": fmt.money(document.totals.amount_due, document.currency),
        "total_due": fmt.money(document.totals.amount_due, document.currency),
        "payment_details": payment_details(document.payment, document.seller.name, document.number, language),
    }
    key = "credit_note" if document.is_credit_note else "invoice"
    address = get_customer(db, view.stored.customer_id).email.strip()
    return document, address, compose(message_template(db, key, language), values)


def _edited(number: str, subject: str, body: str) -> tuple[str, str]:
    """A subject on one line and a message, as the user left them; refused when either is empty."""
    subject = re.sub(r"\s*[\r\n]+\s*", " ", subject).strip()   # a header is one line; no-break spaces stay
    if not subject or not body.strip():
        raise DomainError(_("The e-mail of {number} needs a subject and a message.").format(number=number))
    return subject, body.strip() + "\n"


def invoice_mail(db: Database, invoice_id: int, to: str = "", subject: str | None = None,
                 body: str | None = None) -> OutgoingMail:
    """The e-mail that sends an issued invoice (or credit note) with its PDF, in the document's language;
    `subject` and `body`, when given, replace the template's words."""
    document, address, text = _invoice_text(db, invoice_id)
    recipient = (to or address).strip()
    if not recipient:
        raise DomainError(_("{customer} has no e-mail address: add one to the customer first.").format(
            customer=document.buyer.name))
    try:
        check_address(recipient)
    except AddressError:
        raise DomainError(_("'{address}' is not an e-mail address.").format(address=recipient)) from None
    subject, body = _edited(document.number, text.subject if subject is None else subject,
                            text.body if body is None else body)
    config = smtp_config(db)
    pdf = Attachment(f"{document.number}.pdf", invoice_pdf(db, invoice_id))
    return OutgoingMail(check_sender(config), config.sender_name, (recipient,), subject, body, document.language,
                        document.buyer.name, (pdf,))


def send_invoice_by_email(db: Database, invoice_id: int, to: str = "", subject: str | None = None,
                          body: str | None = None) -> int:
    """Put the invoice e-mail in the outbox (it goes at the next sending); returns the message's id."""
    mail = invoice_mail(db, invoice_id, to, subject, body)
    with db.transaction() as session:
        outbox_id = queue_mail(session, "invoice", invoice_id, mail, utcnow())
        append_event(session, "invoice_emailed", {"invoice_id": invoice_id, "outbox_id": outbox_id})
    return outbox_id


def prepare_invoice_mails(db: Database, invoice_ids: Sequence[int]) -> Job[list[InvoiceMail]]:
    """The e-mails of issued documents as the templates write them, to show before they are queued."""
    check_sender(smtp_config(db))            # said now, before the user reads and edits them
    mails = []
    for done, invoice_id in enumerate(invoice_ids, start=1):
        document, address, text = _invoice_text(db, invoice_id)
        mails.append(InvoiceMail(invoice_id, document.number, document.buyer.name, address, text.subject,
                                 text.body, f"{document.number}.pdf"))
        yield Progress(done, len(invoice_ids), _("Preparing the e-mails"))
    return mails


def queue_invoice_mails(db: Database, mails: Sequence[InvoiceMail]) -> Job[list[int]]:
    """Put invoice e-mails (as the user read them) in the outbox, one transaction each; every address is
    checked first, so a wrong one queues nothing. Returns the messages' ids."""
    config = smtp_config(db)
    check_sender(config)
    for mail in mails:
        try:
            check_address(mail.to.strip())
        except AddressError:
            raise DomainError(_("{number}: '{address}' is not an e-mail address.").format(
                number=mail.number, address=mail.to.strip())) from None
        _edited(mail.number, mail.subject, mail.body)
    queued = []
    for done, mail in enumerate(mails, start=1):
        queued.append(send_invoice_by_email(db, mail.invoice_id, mail.to, mail.subject, mail.body))
        yield Progress(done, len(mails), _("Putting the e-mails in the outbox"))
    return queued


def send_test_email(db: Database, to: str = "") -> Job[str]:
    """Send a short message straight away (not through the outbox) to check the settings; returns the
    address it went to. Any problem is raised in words."""
    config = smtp_config(db)
    sender = check_sender(config)
    recipient = (to or sender).strip()
    try:
        check_address(recipient)
    except AddressError:
        raise DomainError(_("'{address}' is not an e-mail address.").format(address=recipient)) from None
    yield Progress(0, 2, _("Connecting to {host}").format(host=config.host or "?"))
    body = _("This is a test message from Comptoir on {machine}: your e-mail settings work.\n\nServer: {host}:{port} "
             "({security})\n").format(machine=host_name(), host=config.host, port=config.port,
                                      security=config.security)
    mail = OutgoingMail(sender, config.sender_name, (recipient,), _("Comptoir test e-mail"), body, active_language())
    data = build_message(mail, make_message_id(sender), utcnow().astimezone(PARIS))
    try:
        transport = open_transport(db)
        try:
            yield Progress(1, 2, _("Sending the test e-mail"))
            transport.send(sender, [recipient], data)
        finally:
            transport.close()
    except SendFailure as failure:
        raise DomainError(str(failure)) from None
    yield Progress(2, 2, _("Test e-mail sent"))
    return recipient
