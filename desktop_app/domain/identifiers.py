"""Checks of the identifiers an invoice carries: SIREN/SIRET, EU VAT numbers, IBAN/BIC, e-mail, postcodes.

Checksums come from python-stdnum, schwifty and email-validator; this module only turns their
verdicts into sentences and normalised values.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import get_cc_module
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.fr import siren as fr_siren
from stdnum.fr import siret as fr_siret
from stdnum.fr import tva as fr_tva

from desktop_app.domain.countries import ISO_COUNTRIES, POSTCODE_PATTERNS, VAT_PREFIX
from desktop_app.domain.errors import InvalidValue
from desktop_app.i18n import _


def check_siren(value: str, field: str = "siren") -> str:
    """A SIREN (9 digits, Luhn key) in compact form."""
    try:
        return str(fr_siren.validate(value))
    except ValidationError:
        raise InvalidValue(field, _("'{value}' is not a valid SIREN: it has 9 digits and a check "
                                    "digit (e.g. 732 829 320).").format(value=value)) from None


def check_siret(value: str, field: str = "siret") -> str:
    """A SIRET (SIREN + 5-digit establishment number, Luhn key) in compact form."""
    try:
        return str(fr_siret.validate(value))
    except ValidationError:
        raise InvalidValue(field, _("'{value}' is not a valid SIRET: it has 14 digits, the SIREN "
                                    "followed by the establishment number.").format(value=value)) from None


def check_vat_number(value: str, field: str = "vat_number") -> str:
    """A VAT number with its country prefix, in compact form (FR40303265045, CHE123456789, GB...)."""
    compact = "".join(value.split()).upper()
    try:
        return str(eu_vat.validate(compact))
    except ValidationError:
        pass
    # Outside the EU (Switzerland, the United Kingdom, Norway...), the country's own module checks it.
    module = get_cc_module(compact[:2].lower(), "vat") if compact[:2].isalpha() else None
    try:
        if module is None:
            raise ValidationError()
        checked = str(module.validate(compact))
        return checked if checked.startswith(compact[:2]) else compact[:2] + checked
    except ValidationError:
        raise InvalidValue(field, _("'{value}' is not a valid EU VAT number: it starts with the country "
                                    "code (FR, DE, ...) followed by the number.").format(value=value)) from None


def vat_country(vat_number: str) -> str:
    """ISO country of a VAT number ('EL...' is Greece)."""
    prefix = vat_number[:2].upper()
    return {v: k for k, v in VAT_PREFIX.items()}.get(prefix, prefix)


def french_vat_for_siren(siren: str) -> str:
    """The French VAT number derived from a SIREN (FR + 2-digit key + SIREN)."""
    compact = check_siren(siren)
    # The key python-stdnum checks (stdnum.fr.tva.validate): (SIREN followed by 12) modulo 97.
    candidate = f"FR{int(compact + '12') % 97:02d}{compact}"
    return "FR" + str(fr_tva.validate(candidate))


def check_vat_matches_siren(vat_number: str, siren: str) -> None:
    """A French VAT number embeds the company's SIREN: refuse one that belongs to someone else."""
    if vat_number.startswith("FR") and vat_number[4:] != siren:
        raise InvalidValue("vat_number", _("The VAT number {vat} does not belong to SIREN {siren} "
                                           "(expected {expected}).").format(
            vat=vat_number, siren=siren, expected=french_vat_for_siren(siren)))


def check_iban(value: str, field: str = "iban") -> str:
    """An IBAN in compact form, checked by country length and its key."""
    try:
        return IBAN(value).compact
    except SchwiftyException:
        raise InvalidValue(field, _("'{value}' is not a valid IBAN: check the country code, length "
                                    "and key.").format(value=value)) from None


def check_bic(value: str, field: str = "bic") -> str:
    """A BIC (8 or 11 characters)."""
    try:
        return str(BIC(value.replace(" ", "").upper(), allow_invalid=False))
    except SchwiftyException:
        raise InvalidValue(field, _("'{value}' is not a valid BIC: 8 or 11 letters and digits "
                                    "(e.g. BNPAFRPP).").format(value=value)) from None


def check_email(value: str, field: str = "email") -> str:
    """An e-mail address, checked for syntax only (no network)."""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise InvalidValue(field, _("'{value}' is not a valid e-mail address.").format(value=value)) from None


def check_country(value: str, field: str = "country") -> str:
    """An ISO 3166 alpha-2 country code, upper-case."""
    code = value.strip().upper()
    if code not in ISO_COUNTRIES:
        raise InvalidValue(field, _("'{value}' is not a country code: use two letters such as FR, "
                                    "BE or DE.").format(value=value))
    return code


def check_postcode(value: str, country: str, field: str = "postcode") -> str:
    """A postcode in the shape its country uses; French ones that lost a leading zero are re-padded."""
    code = value.strip().upper()
    if country == "FR" and code.isdigit() and len(code) == 4:
        code = "0" + code
    pattern = POSTCODE_PATTERNS.get(country)
    if pattern is None:
        if not code or len(code) > 12:
            raise InvalidValue(field, _("'{value}' is not a postcode.").format(value=value))
        return code
    if not pattern.match(code):
        raise InvalidValue(field, _("'{value}' is not a postcode of {country}.").format(
            value=value, country=country))
    return code

