"""The fields a generic order CSV can be mapped to, the settings of a mapping, and its checks.

The GUI's mapping editor lists MAPPING_TARGETS and MAPPING_SETTINGS (labels through `_()`), and
calls validate_mapping() before saving; the mapped CSV reader uses them to read a file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain.money import is_currency_code
from desktop_app.formats.problems import Problem
from desktop_app.formats.text import header_key
from desktop_app.i18n import N_, _

TRUE_WORDS, FALSE_WORDS = ("true", "yes", "oui", "1"), ("false", "no", "non", "0")


@dataclass(frozen=True, slots=True)
class MappingTarget:
    """A field Comptoir can read from a column: its key in the mapping, label, and whether needed."""

    key: str
    label_source: str
    required: bool = False
    kind: str = "text"   # text, date, amount, quantity, rate, currency, status

    @property
    def label(self) -> str:
        return _(self.label_source)


@dataclass(frozen=True, slots=True)
class MappingSetting:
    """A setting of a mapping (not a column): its key, label, and the values it accepts (any if empty)."""

    key: str
    label_source: str
    choices: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return _(self.label_source)


MAPPING_TARGETS: tuple[MappingTarget, ...] = (
    MappingTarget("reference", N_("Order reference"), True),
    MappingTarget("date", N_("Order date"), True, "date"),
    MappingTarget("customer_name", N_("Customer name")),
    MappingTarget("customer_email", N_("Customer e-mail")),
    MappingTarget("customer_company", N_("Customer company")),
    MappingTarget("customer_vat_number", N_("Customer VAT number")),
    MappingTarget("billing_line1", N_("Billing address")),
    MappingTarget("billing_line2", N_("Billing address, second line")),
    MappingTarget("billing_postcode", N_("Billing postcode")),
    MappingTarget("billing_city", N_("Billing city")),
    MappingTarget("country", N_("Country")),
    MappingTarget("currency", N_("Currency"), kind="currency"),
    MappingTarget("description", N_("Line description"), True),
    MappingTarget("sku", N_("SKU")),
    MappingTarget("quantity", N_("Quantity"), True, "quantity"),
    MappingTarget("unit_price", N_("Unit price"), True, "amount"),
    MappingTarget("line_discount", N_("Line discount"), kind="amount"),
    MappingTarget("vat_rate", N_("Line VAT rate (%)"), kind="rate"),
    MappingTarget("shipping", N_("Shipping"), kind="amount"),
    MappingTarget("order_discount", N_("Order discount"), kind="amount"),
    MappingTarget("total", N_("Order total"), kind="amount"),
    MappingTarget("total_tax", N_("Total VAT"), kind="amount"),
    MappingTarget("status", N_("Status"), kind="status"),
    MappingTarget("payment_method", N_("Payment method")),
)

MAPPING_SETTINGS: tuple[MappingSetting, ...] = (
    MappingSetting("decimal_comma", N_("Decimal comma (12,50)"), ("auto", "true", "false")),
    MappingSetting("date_format", N_("Date format, e.g. %d/%m/%Y %H:%M (empty: recognised)")),
    MappingSetting("taxes_included", N_("Prices include VAT"), ("true", "false")),
    MappingSetting("default_currency", N_("Currency when the file names none")),
    MappingSetting("shop", N_("Shop name")),
)
TARGETS_BY_KEY = {target.key: target for target in MAPPING_TARGETS}
SETTINGS_BY_KEY = {setting.key: setting for setting in MAPPING_SETTINGS}


def flag(value: str | None) -> bool | None:
    """A yes/no setting: True, False, or None when not given ('auto', empty)."""
    word = (value or "").strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


def validate_mapping(mapping: Mapping[str, str], header: list[str] | None = None,
                     file: str = "") -> list[Problem]:
    """What is wrong with a mapping (and, given the file's header, with it for that file)."""
    problems: list[Problem] = []

    def add(key: str, message: str) -> None:
        problems.append(Problem(file, 0, key, message))

    for key in mapping:
        if key not in TARGETS_BY_KEY and key not in SETTINGS_BY_KEY:
            add(key, _("'{key}' is not a field Comptoir reads.").format(key=key))
    for target in MAPPING_TARGETS:
        if target.required and not mapping.get(target.key, "").strip():
            add(target.key, _("'{field}' must be mapped to a column.").format(field=target.label))
    for setting in MAPPING_SETTINGS:
        value = mapping.get(setting.key, "").strip()
        if value and setting.choices and value.lower() not in setting.choices + TRUE_WORDS + FALSE_WORDS:
            add(setting.key, _("'{value}' is not a choice for '{setting}' ({choices}).").format(
                value=value, setting=setting.label, choices=", ".join(setting.choices)))
    _check_date_format(mapping.get("date_format", ""), add)
    currency = mapping.get("default_currency", "").strip()
    if currency and not is_currency_code(currency):
        add("default_currency", _("'{value}' is not a currency code (three letters such as EUR).")
            .format(value=currency))
    if flag(mapping.get("taxes_included")) is False and mapping.get("total") and not mapping.get("total_tax"):
        add("total_tax", _("prices exclude VAT, so the order total includes it: map 'Total VAT' as well."))
    if header is not None:
        present = {header_key(name) for name in header}
        for key, target in TARGETS_BY_KEY.items():
            column = mapping.get(key, "").strip()
            if column and header_key(column) not in present:
                add(key, _("the column '{column}' (for '{field}') is not in the file.").format(
                    column=column, field=target.label))
    return problems


def _check_date_format(pattern: str, add: Callable[[str, str], None]) -> None:
    if not pattern.strip():
        return
    sample = datetime(2026, 12, 31, 13, 45)  # noqa: DTZ001 - a format check, no moment
    try:
        back = datetime.strptime(sample.strftime(pattern), pattern)  # noqa: DTZ007
        readable = back.date() == sample.date()
    except ValueError:
        readable = False
    if not readable:
        add("date_format", _("'{pattern}' is not a date format giving day, month and year (for example "
                             "%d/%m/%Y).").format(pattern=pattern))
