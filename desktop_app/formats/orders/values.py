"""Values the order readers clean the same way: countries, postcodes, VAT rates, order statuses."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache, lru_cache

from desktop_app.domain.countries import ISO_COUNTRIES
from desktop_app.domain.orders import OrderAddress, OrderStatus
from desktop_app.formats.text import header_key

NO_TAX = Decimal(0)   # the VAT rate of a line the shop charged no tax on



def is_taxable(rate: Decimal | None, tax: Decimal | None) -> bool:
    """Whether the shop charges VAT on a line: by its rate when known (a 0.01 line at 20 % is taxed
    even if its tax rounds to 0.00), else by its tax."""
    if rate is not None:
        return rate != 0
    return tax is None or tax != 0


# Codes people write that are not ISO 3166 but mean one country.
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}


@cache
def _country_names() -> dict[str, str]:
    # Exports name countries in the back office's language (PrestaShop 'Livraison', WooCommerce
    # 'Country Name'); babel knows every territory name in these languages.
    from babel import Locale

    names: dict[str, str] = {}
    for language in ("en", "fr", "de", "es", "it", "nl"):
        for code, name in Locale(language).territories.items():
            if code in ISO_COUNTRIES:
                names.setdefault(header_key(name), code)
    return names


def country_code(text: str) -> str:
    """ISO 3166 alpha-2 code of a country given by code or by name ('' when unknown or empty)."""
    if text in ISO_COUNTRIES:
        return text
    value = text.strip()
    if len(value) == 2 and value.isalpha():
        code = value.upper()
        return _COUNTRY_ALIASES.get(code, code if code in ISO_COUNTRIES else "")
    return _country_names().get(header_key(value), "") if value else ""


def clean_postcode(raw: str, country: str) -> str:
    """A postcode without the apostrophe Shopify adds for Excel, with the leading zero Excel removed."""
    value = raw.strip().lstrip("'").strip()
    if country == "FR" and len(value) == 4 and value.isdigit():
        value = "0" + value
    return value


def make_address(name: str = "", company: str = "", line1: str = "", line2: str = "", postcode: str = "",
                 city: str = "", region: str = "", country: str = "", phone: str = "") -> OrderAddress:
    """An address from export cells: spaces trimmed, country as ISO code, postcode cleaned."""
    code = country_code(country)
    if "  " in name or "\n" in name or "\t" in name:
        name = " ".join(name.split())
    return OrderAddress(name=name.strip(), company=company.strip(), line1=line1.strip(),
                        line2=line2.strip(), postcode=clean_postcode(postcode, code), city=city.strip(),
                        region=region.strip(), country=code, phone=phone.strip())


def full_name(*parts: str) -> str:
    return " ".join(" ".join(part.split()) for part in parts if part.strip())


_RATE_IN_NAME = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")


@lru_cache(maxsize=512)
def rate_from_name(name: str) -> Decimal | None:
    """The percentage a tax name states: 'FR TVA 20%' -> 20, 'TVA 5,5 %' -> 5.5, 'VAT' -> None."""
    found = _RATE_IN_NAME.search(name)
    return clean_rate(Decimal(found.group(1).replace(",", "."))) if found else None


def parse_rate(raw: str) -> Decimal | None:
    """A rate cell ('20', '20.000', '5,5', '20%', '0.2' is not guessed): None when empty or junk."""
    text = raw.strip().rstrip("%").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return clean_rate(value) if value.is_finite() and value >= 0 else None


def clean_rate(value: Decimal) -> Decimal:
    """A rate without trailing zeros and never in exponent form: 20.000 -> 20, 5.500 -> 5.5."""
    value = value.quantize(Decimal("0.0001")).normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


# Status words of every shop, in English and French, most specific first: a partial refund is
# still a paid order, "not paid" must win over "paid", and "(paid)" over "awaiting".
_STATUS_RULES: Sequence[tuple[OrderStatus, tuple[str, ...]]] = (
    (OrderStatus.PAID, ("partially refunded", "partial refund", "remboursement partiel",
                        "partiellement rembourse")),
    (OrderStatus.REFUNDED, ("refund", "rembours")),
    (OrderStatus.CANCELLED, ("cancel", "annul", "void", "fail", "echou", "expire", "erreur", "error",
                             "trash", "corbeille")),
    (OrderStatus.AWAITING_PAYMENT, ("not paid", "non paye", "unpaid", "impaye", "partially paid")),
    (OrderStatus.PAID, ("(paid)", "(paye)")),
    (OrderStatus.AWAITING_PAYMENT, ("pending", "attente", "await", "hold", "authori", "autoris", "draft",
                                    "brouillon")),
    (OrderStatus.PAID, ("paid", "paye", "paiement accepte", "payment accepted", "complet", "termin",
                        "livr", "deliver", "ship", "expedi", "process", "en cours", "preparation",
                        "accept")),
)


@lru_cache(maxsize=256)
def status_from_words(text: str) -> OrderStatus | None:
    """What a shop's status words mean for invoicing; None when they say nothing known."""
    words = header_key(text)
    if not words:
        return None
    for status, needles in _STATUS_RULES:
        if any(needle in words for needle in needles):
            return status
    return None


# VAT rates in use in the EU (standard and reduced), to recognise the rate a line's tax reproduces.
COMMON_RATES = tuple(Decimal(r) for r in (
    "0", "2.1", "3", "4", "5", "5.5", "6", "7", "8", "8.5", "9", "10", "12", "13", "14", "15", "16", "17",
    "18", "19", "20", "21", "22", "23", "24", "25", "25.5", "27"))


def rate_reproducing(net: Decimal, tax: Decimal) -> Decimal | None:
    """The one usual VAT rate whose tax on `net`, rounded to the cent, is `tax` (None if not one)."""
    if not net:
        return None
    cent = Decimal("0.01")
    found = [rate for rate in COMMON_RATES
             if (net * rate / 100).quantize(cent, rounding=ROUND_HALF_UP) == tax]
    return found[0] if len(found) == 1 else None
