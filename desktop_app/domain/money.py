"""Money: Decimal amounts, one constructor that refuses floats, rounding at named points only."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from desktop_app.domain.errors import MoneyError
from desktop_app.i18n import _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# Minor units per ISO 4217 code where they differ from 2 (zero- and three-decimal currencies).
_EXPONENTS = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
    "RWF": 0, "UGX": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}


def money(value: Decimal | int | str) -> Decimal:
    """Return `value` as a Decimal amount; floats are refused because they cannot hold cents exactly."""
    if isinstance(value, bool | float):
        raise MoneyError(_("An amount must be exact; a floating-point number was given ({value}).")
                         .format(value=value))
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise MoneyError(_("'{value}' is not an amount.").format(value=value)) from None
    else:
        raise MoneyError(_("'{value}' is not an amount.").format(value=value))
    if not result.is_finite():
        raise MoneyError(_("'{value}' is not an amount.").format(value=value))
    return result


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round commercially (half away from zero), as EN 16931 amounts are rounded."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def round_amount(value: Decimal) -> Decimal:
    """Round to the cent: the only rounding for monetary amounts of a document."""
    return value.quantize(CENT, ROUND_HALF_UP)      # by position: twice as fast as by keyword


def currency_exponent(currency: str) -> int:
    """Number of decimals of `currency` (2 for EUR, 0 for JPY)."""
    return _EXPONENTS.get(currency.upper(), 2)


def is_currency_code(code: str) -> bool:
    """True for a syntactically valid ISO 4217 code (three capital letters)."""
    return len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()


def format_plain(value: Decimal) -> str:
    """Amount as a machine string with two decimals ("1234.50"), the JSON and XML form."""
    return str(round_amount(value))


def plain_number(value: Decimal) -> Decimal:
    """The same number without trailing zeros and never in exponent form (20, 5.5, 0.125)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal
