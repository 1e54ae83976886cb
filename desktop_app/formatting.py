"""Numbers, amounts, dates and percentages in the reader's language (babel/CLDR), for the UI and
for documents alike: `1 234,50 €` in French, `€1,234.50` in English."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date as _format_date
from babel.numbers import NumberFormatError, format_currency, format_decimal, format_percent, parse_decimal

from desktop_app.i18n import active_language

_LOCALES = {"fr": "fr_FR", "en": "en_GB", "de": "de_DE", "es": "es_ES"}


def locale_for(language: str | None = None) -> str:
    """The CLDR locale used for a language code ('fr' -> 'fr_FR')."""
    code = language or active_language()
    return _LOCALES.get(code, code if "_" in code else "en_GB")


@cache
def _locale(name: str) -> Locale:
    # Parsed once: a list repaints hundreds of amounts and dates, and babel parses a locale name each time.
    return Locale.parse(name)


def money(amount: Decimal, currency: str, language: str | None = None) -> str:
    """An amount with its currency, e.g. '1 234,50 €'."""
    return format_currency(amount, currency, locale=_locale(locale_for(language)))


def number(value: Decimal, language: str | None = None, places: int | None = None) -> str:
    """A plain number ('1 234,5'); with `places`, exactly that many decimals."""
    if places is not None:
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(value, format=pattern, locale=locale_for(language))
    return format_decimal(value, locale=locale_for(language))


def percent(rate: Decimal, language: str | None = None) -> str:
    """A VAT rate given in percent ('5.5') as '5,5 %'."""
    return format_percent(rate / 100, locale=locale_for(language), decimal_quantization=False)


def day(value: date | datetime | None, language: str | None = None, style: str = "medium") -> str:
    """A date ('28 nov. 2026'); empty for None."""
    if value is None:
        return ""
    return _format_date(value, format=style, locale=_locale(locale_for(language)))


def count(value: int, language: str | None = None) -> str:
    """A whole number grouped by thousands ('1 014 299'), as the lists count their rows."""
    return format_decimal(value, format="#,##0", locale=locale_for(language))


def parse_number(text: str, language: str | None = None) -> Decimal:
    """A number typed by the user ('1 234,5' in French, '1,234.5' in English, or plain '1234.5')."""
    cleaned = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "")
    if re.fullmatch(r"-?\d+,\d{1,2}", cleaned):
        # "150,00" is a decimal comma whatever the interface language: nobody groups thousands that way.
        return Decimal(cleaned.replace(",", "."))
    try:
        return parse_decimal(cleaned, locale=locale_for(language), strict=False)
    except NumberFormatError:
        try:
            return Decimal(cleaned.replace(",", "."))
        except ArithmeticError:
            raise ValueError(text) from None
