"""The settings a shop can change, their defaults and their checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.accounting import check_account, parse_account_map
from desktop_app.domain.dunning import DEFAULT_PLAN, parse_plan
from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.late_payment import DEFAULT_ECB_RATES, parse_ecb_rates, parse_rate_setting
from desktop_app.domain.message_templates import parse_overrides
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


def _account(value: str) -> str:
    return check_account(value)


def _account_map(value: str) -> str:
    parse_account_map(value)
    return " ".join(str(value).replace(",", " ").replace(";", " ").split())


def _journal_code(value: str) -> str:
    code = str(value).strip().upper()
    if not (code.isascii() and code.isalnum() and 1 <= len(code) <= 8):
        raise InvalidValue("value", _("A journal code is 1 to 8 letters or digits, e.g. VE."))
    return code


def _plan(value: Any) -> list[dict[str, Any]]:
    return parse_plan(value).as_json()


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
    Setting("accounts.customers", "411000", _account, N_("Customers account (FEC); each customer is an "
                                                           "auxiliary account of it")),
    Setting("accounts.sales", "S20=707110 S10=707120 S5.5=707130 S2.1=707140 K=707200 G=707300 AE=706200 *=707000",
            _account_map, N_("Revenue accounts per VAT category and rate (S20=707110 ... *=default)")),
    Setting("accounts.vat", "20=445711 10=445712 5.5=445713 2.1=445714 *=445710", _account_map,
            N_("VAT collected accounts per rate (20=445711 ... *=default)")),
    Setting("accounts.customer_credit", "419100", _account, N_("Account of payments kept as customer credit")),
    Setting("accounts.bank", "512000", _account, N_("Bank account (payments from bank statements and by hand)")),
    Setting("accounts.payment_providers", "511000", _account,
            N_("Account of payments collected by Stripe, PayPal or the shop's checkout")),
    Setting("accounts.fees", "627000", _account, N_("Account of payment providers' fees")),
    Setting("accounts.suspense", "471000", _account, N_("Suspense account of payments applied to no invoice")),
    Setting("accounts.rounding_gain", "758000", _account, N_("Account of rounding cents received")),
    Setting("accounts.rounding_loss", "658000", _account, N_("Account of rounding cents given")),
    Setting("fec.sales_journal", "VE", _journal_code, N_("Journal code of sales in the FEC")),
    Setting("fec.bank_journal", "BQ", _journal_code, N_("Journal code of payments in the FEC")),
    Setting("fec.separator", "|", _choice("|", "tab"), N_("Field separator of the FEC: | or tab")),
    Setting("fec.encoding", "iso-8859-15", _choice("iso-8859-15", "utf-8"), N_("Character set of the FEC")),
    Setting("smtp.host", "", _text, N_("SMTP server")),
    Setting("smtp.port", 587, _integer(1, 65535), N_("SMTP port")),
    Setting("smtp.security", "starttls", _choice("starttls", "ssl", "none"), N_("SMTP security")),
    Setting("smtp.user", "", _text, N_("SMTP user name")),
    Setting("smtp.from", "", _text, N_("Sender address of e-mails")),
    Setting("dunning.plan", DEFAULT_PLAN.as_json(), _plan,
            N_("Reminder levels (JSON): days after the due date, channel email/letter/both, wording, fee, penalties")),
    Setting("dunning.interest_rate", "", parse_rate_setting,
            N_("Annual late-payment interest rate in % for businesses (empty: the ECB rate plus 10 points)")),
    Setting("dunning.ecb_rates", DEFAULT_ECB_RATES, parse_ecb_rates,
            N_("ECB main refinancing rate in % by half-year (JSON), for the legal late-payment rate")),
    Setting("email.templates", {}, parse_overrides,
            N_("Your wording of e-mails and reminder letters (JSON, by template and language)")),
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
