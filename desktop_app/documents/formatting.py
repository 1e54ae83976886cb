"""Numbers, amounts, dates and country names written the way the document's reader expects.

A document is formatted in its own language (a German customer gets `1.234,50 €`), independently of
the UI language; babel supplies the CLDR rules, including French's narrow no-break space.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from desktop_app.i18n import normalize_language

# The territory that gives each document language its conventions (en_GB: "15 March 2026", €1,234.50).
LOCALES = {"fr": "fr_FR", "en": "en_GB", "de": "de_DE", "es": "es_ES"}
QUANTITY_PATTERN = "#,##0.####"     # up to the 4 decimals a quantity may have (BR-FR-DEC-02)


class Formatter:
    """Formats values for one document language."""

    __slots__ = ("language", "locale")

    def __init__(self, language: str) -> None:
        self.language = normalize_language(language)
        self.locale = Locale.parse(LOCALES.get(self.language, "en_GB"))

    def money(self, amount: Decimal, currency: str) -> str:
        """An amount with its currency, rounded to the currency's minor unit: `1 234,50 €`."""
        return str(format_currency(amount, currency, locale=self.locale))

    def unit_price(self, amount: Decimal, currency: str) -> str:
        """A unit price keeps every significant decimal it has (up to 6), at least the currency's."""
        return str(format_currency(amount.normalize(), currency, locale=self.locale,
                                   decimal_quantization=False))

    def number(self, value: Decimal) -> str:
        """A plain decimal number such as an exchange rate, every significant decimal kept."""
        return str(format_decimal(value.normalize(), locale=self.locale, decimal_quantization=False))

    def quantity(self, value: Decimal) -> str:
        return str(format_decimal(value, format=QUANTITY_PATTERN, locale=self.locale))

    def percent(self, rate: Decimal) -> str:
        """A VAT rate given in percent (20, 5.5) as the locale writes it: `5,5 %`."""
        return str(format_percent(rate / 100, locale=self.locale, decimal_quantization=False))

    def date(self, value: date) -> str:
        """A date in words: `1 mars 2026`, `1 March 2026`."""
        return str(format_date(value, "long", locale=self.locale))

    def short_date(self, value: date) -> str:
        """A compact date for tables: `01/03/2026`."""
        return str(format_date(value, "short", locale=self.locale))

    def country(self, code: str) -> str:
        """The country's name in the document's language; the code itself when unknown."""
        return str(self.locale.territories.get(code.upper(), code))


@cache
def formatter(language: str) -> Formatter:
    """The (shared, immutable) formatter of `language`."""
    return Formatter(language)


def grouped_iban(iban: str) -> str:
    """IBAN in groups of four, as printed: `FR76 3000 6000 0112 3456 7890 189`."""
    compact = "".join(iban.split()).upper()
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
