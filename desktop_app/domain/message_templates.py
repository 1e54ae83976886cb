"""The words of e-mails and reminder letters: editable templates with placeholders, per language.

Each template has a subject and a body (the e-mail) and, for reminders, a letter text. The defaults
are translated strings rendered in the document's language; the shop's edits are stored by template
and language and replace the default field by field. Placeholders are `{name}` from a fixed list and
are substituted as plain text (never Python formatting, so an edited template cannot reach anything).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from desktop_app.domain.dunning import REMINDER_TEMPLATES
from desktop_app.domain.errors import InvalidValue
from desktop_app.i18n import N_, _, document_language

PLACEHOLDERS = {
    "customer": N_("the customer's name"),
    "company": N_("your company's name"),
    "invoice": N_("the (first) invoice number"),
    "invoices": N_("every invoice number, separated by commas"),
    "invoice_lines": N_("one line per invoice: number, dates, amount due, days late"),
    "issue_date": N_("the (first) invoice's date"),
    "due_date": N_("the (first) invoice's due date"),
    "days_late": N_("days since the due date (the longest)"),
    "amount_due": N_("what is left to pay on the invoices"),
    "penalties": N_("for businesses: the sentence stating interest and the 40 € indemnity"),
    "interest": N_("late-payment interest to date"),
    "indemnity": N_("the fixed recovery indemnity"),
    "total_due": N_("amount due plus interest, indemnity and fees"),
    "payment_details": N_("how to pay: IBAN, BIC and reference"),
}
TEMPLATE_KEYS = ("invoice", "credit_note", *REMINDER_TEMPLATES)
TEMPLATE_NAMES = {"invoice": N_("Invoice e-mail"), "credit_note": N_("Credit note e-mail"), **REMINDER_TEMPLATES}
FIELDS = ("subject", "body", "letter")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]*)\}")


@dataclass(frozen=True, slots=True)
class MessageTemplate:
    subject: str
    body: str
    letter: str = ""


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with each known `{name}` replaced by its value; anything else is left as written."""
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def unknown_placeholders(text: str) -> list[str]:
    return [name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS]


def template_problems(template: MessageTemplate) -> dict[str, str]:
    """Field problems of an edited template: unknown placeholders, an empty subject or body."""
    problems = {}
    for name in FIELDS:
        text = getattr(template, name)
        unknown = unknown_placeholders(text)
        if unknown:
            problems[name] = _("Unknown placeholder: {names}. Known ones: {known}.").format(
                names=", ".join("{" + u + "}" for u in unknown), known=", ".join("{" + p + "}" for p in PLACEHOLDERS))
    for name in ("subject", "body"):
        if not getattr(template, name).strip() and name not in problems:
            problems[name] = _("This text cannot be empty.")
    if "\n" in template.subject or "\r" in template.subject:
        problems["subject"] = _("A subject is a single line.")
    return problems


def parse_overrides(value: str | Mapping[str, Any]) -> dict[str, dict[str, dict[str, str]]]:
    """The shop's edited templates ({template: {language: {field: text}}}), checked."""
    raw: Any = value
    if isinstance(value, str):
        try:
            raw = json.loads(value) if value.strip() else {}
        except ValueError:
            raise InvalidValue("email.templates", _("The e-mail templates are not valid JSON.")) from None
    if not isinstance(raw, Mapping):
        raise InvalidValue("email.templates", _("The e-mail templates must be a set of templates."))
    checked: dict[str, dict[str, dict[str, str]]] = {}
    for key, languages in raw.items():
        if key not in TEMPLATE_KEYS or not isinstance(languages, Mapping):
            raise InvalidValue("email.templates", _("Unknown e-mail template '{key}'.").format(key=key))
        for language, fields in languages.items():
            if not isinstance(fields, Mapping) or set(fields) - set(FIELDS):
                raise InvalidValue("email.templates", _("Template '{key}' ({language}): only subject, body and "
                                                        "letter can be set.").format(key=key, language=language))
            texts = {name: str(text) for name, text in fields.items()}
            problems = template_problems(replace(default_template(key, str(language)), **texts))
            if problems:
                field_name, message = next(iter(problems.items()))
                raise InvalidValue("email.templates", f"{key} ({language}), {field_name}: {message}")
            checked.setdefault(str(key), {})[str(language)] = texts
    return checked


def resolve(overrides: Mapping[str, Mapping[str, Mapping[str, str]]], key: str, language: str) -> MessageTemplate:
    """The template in use: the default in `language`, with the shop's edits for that language."""
    edits = overrides.get(key, {}).get(language, {})
    return replace(default_template(key, language), **{k: v for k, v in edits.items() if k in FIELDS})


def default_template(key: str, language: str) -> MessageTemplate:
    """Comptoir's wording of a template, in `language`."""
    if key not in TEMPLATE_KEYS:
        raise InvalidValue("template", _("Unknown e-mail template '{key}'.").format(key=key))
    with document_language(language):
        return _defaults()[key]


def _defaults() -> dict[str, MessageTemplate]:
    signature = _("Kind regards,\n{company}")
    return {
        "invoice": MessageTemplate(
            _("Invoice {invoice} from {company}"),
            _("Hello {customer},\n\nPlease find attached our invoice {invoice} of {issue_date}, for {amount_due}, "
              "payable by {due_date}.\n\n{payment_details}\n\nThank you for your trust.\n\n") + signature),
        "credit_note": MessageTemplate(
            _("Credit note {invoice} from {company}"),
            _("Hello {customer},\n\nPlease find attached our credit note {invoice} of {issue_date}.\n\n") + signature),
        "friendly": MessageTemplate(
            _("Payment reminder: {invoices}"),
            _("Hello {customer},\n\nUnless we are mistaken, the following is still unpaid although its due date "
              "has passed:\n\n{invoice_lines}\n\nAmount due: {amount_due}\n\nIt has probably slipped your mind: "
              "we would be grateful if you could settle it in the next few days. If you have paid in the "
              "meantime, please disregard this message.\n\n{payment_details}\n\n") + signature,
            _("Unless we are mistaken, the invoices below are still unpaid although their due date has passed. "
              "We would be grateful if you could settle them in the next few days. If you have paid in the "
              "meantime, please disregard this letter.")),
        "second": MessageTemplate(
            _("Second reminder: {invoices} overdue"),
            _("Hello {customer},\n\nDespite our previous reminder, the following is still unpaid, {days_late} days "
              "after its due date:\n\n{invoice_lines}\n\n{penalties}\n\nTotal due: {total_due}\n\nPlease settle "
              "this amount within 8 days. If there is a problem with this invoice, please tell us so that we "
              "can sort it out.\n\n{payment_details}\n\n") + signature,
            _("Despite our previous reminder, the invoices below are still unpaid. Please settle the total due "
              "within 8 days. {penalties}")),
        "formal_notice": MessageTemplate(
            _("Formal notice to pay: {invoices}"),
            _("Hello {customer},\n\nDespite our reminders, the following is still unpaid, {days_late} days after "
              "its due date:\n\n{invoice_lines}\n\n{penalties}\n\nWe hereby give you formal notice to pay the "
              "total due, {total_due}, within 8 days. Failing payment within that time, we will take legal "
              "action to recover it, without further notice.\n\n{payment_details}\n\n") + signature,
            _("FORMAL NOTICE TO PAY. Despite our reminders, the invoices below are still unpaid. We hereby give "
              "you formal notice to pay the total due, {total_due}, within 8 days of receiving this letter. "
              "Failing payment within that time, we will take legal action to recover it, without further "
              "notice. {penalties}")),
    }
