"""The settings a shop can change, their defaults and their checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.numbering import check_pattern
from desktop_app.domain.payment_terms import parse_payment_term
from desktop_app.i18n import LANGUAGES, N_, _


def _pattern(value: str) -> str:
    check_pattern(value)
    return value


def _term(value: str) -> str:
    return parse_payment_term(value).code


def _choice(*choices: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in choices:
            raise InvalidValue("value", _("Choose one of: {choices}.").format(choices=", ".join(choices)))
        return value
    return check


def _integer(low: int, high: int) -> Callable[[str], int]:
    def check(value: str) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise InvalidValue("value", _("'{value}' is not a whole number.").format(value=value)) from None
        if not low <= number <= high:
            raise InvalidValue("value", _("Give a number from {low} to {high}.").format(low=low, high=high))
        return number
    return check


def _text(value: str) -> str:
    return str(value).strip()


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    default: Any
    check: Callable[[str], Any]
    description: str


SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("numbering.invoice", "F{year}-{seq:05}", _pattern, N_("Invoice numbers, e.g. F{year}-{seq:05}")),
    Setting("numbering.credit_note", "AV{year}-{seq:05}", _pattern, N_("Credit note numbers")),
    Setting("payment_terms.default", "30", _term, N_("Payment terms for new customers (days, or 45EOM)")),
    Setting("ui.language", "", _choice("", *LANGUAGES), N_("Interface language (empty: the system's)")),
    Setting("documents.language", "fr", _choice("fr", "en", "de", "es"),
            N_("Language of documents for customers without one")),
    Setting("orders.default_vat_rate", "20", _text, N_("VAT rate (%) for order lines whose file gives none")),
    Setting("invoices.sells", "goods", _choice("goods", "services", "both"),
            N_("What the shop sells: goods, services or both (decides reverse charge and the operation category)")),
    Setting("invoices.penalty_rule", "", _text,
            N_("Late-payment penalty rate printed on B2B invoices (empty: the ECB rate plus 10 points)")),
    Setting("closing.auto_after_days", 0, _integer(0, 366),
            N_("Close a month automatically this many days after it ends (0: never)")),
    Setting("smtp.host", "", _text, N_("SMTP server")),
    Setting("smtp.port", 587, _integer(1, 65535), N_("SMTP port")),
    Setting("smtp.security", "starttls", _choice("starttls", "ssl", "none"), N_("SMTP security")),
    Setting("smtp.user", "", _text, N_("SMTP user name")),
    Setting("smtp.from", "", _text, N_("Sender address of e-mails")),
)}


def check_setting(key: str, value: str) -> Any:
    """The checked, typed value of a setting; unknown keys and bad values are refused."""
    setting = SETTINGS.get(key)
    if setting is None:
        raise InvalidValue(key, _("Unknown setting '{key}'. Known settings: {known}.").format(
            key=key, known=", ".join(sorted(SETTINGS))))
    try:
        return setting.check(value)
    except InvalidValue as error:
        raise InvalidValue(key, error.message) from None
