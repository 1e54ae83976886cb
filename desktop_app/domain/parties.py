"""The seller (company profile) and the buyers (customers), with the checks their fields need."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from desktop_app.domain import identifiers as ids
from desktop_app.domain.countries import is_eu
from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.money import is_currency_code
from desktop_app.domain.payment_terms import parse_payment_term
from desktop_app.i18n import _

DOCUMENT_LANGUAGES = ("fr", "en", "de", "es")


class VatRegime(StrEnum):
    """When the seller owes VAT, or that it charges none (franchise en base)."""

    DEBITS = "debits"                # on invoicing ("TVA sur les débits")
    RECEIPTS = "encaissements"       # on payment (services)
    FRANCHISE = "franchise"          # exempt seller, art. 293 B CGI


class CustomerKind(StrEnum):
    BUSINESS = "b2b"
    CONSUMER = "b2c"


@dataclass(frozen=True, slots=True)
class Address:
    line1: str = ""
    line2: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "FR"
    region: str = ""

    @property
    def is_complete(self) -> bool:
        return bool(self.line1.strip() and self.city.strip() and self.country)

    def lines(self) -> list[str]:
        """The address as printed, one string per line."""
        city_line = " ".join(part for part in (self.postcode, self.city) if part)
        return [part for part in (self.line1, self.line2, city_line, self.region) if part]


@dataclass(frozen=True, slots=True)
class Company:
    """The seller as it appears on every invoice."""

    name: str = ""
    legal_form: str = ""          # SAS, SARL, EI...
    capital: str = ""             # share capital as printed, e.g. "10 000 €"
    siren: str = ""
    siret: str = ""
    vat_number: str = ""
    rcs: str = ""                 # "RCS Paris"
    address: str = ""
    address2: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "FR"
    email: str = ""
    phone: str = ""
    website: str = ""
    iban: str = ""
    bic: str = ""
    vat_regime: str = VatRegime.DEBITS.value
    currency: str = "EUR"

    @property
    def postal_address(self) -> Address:
        return Address(self.address, self.address2, self.postcode, self.city, self.country)

    @property
    def is_vat_exempt(self) -> bool:
        return self.vat_regime == VatRegime.FRANCHISE.value


COMPANY_KEYS = tuple(f.name for f in fields(Company))


def _strip(value: str) -> str:
    return " ".join(value.split())


def _company_checks(c: Company) -> dict[str, Callable[[], str]]:
    return {
        "siren": lambda: ids.check_siren(c.siren),
        "siret": lambda: ids.check_siret(c.siret),
        "vat_number": lambda: ids.check_vat_number(c.vat_number),
        "country": lambda: ids.check_country(c.country),
        "postcode": lambda: ids.check_postcode(c.postcode, c.country.upper()),
        "email": lambda: ids.check_email(c.email),
        "iban": lambda: ids.check_iban(c.iban),
        "bic": lambda: ids.check_bic(c.bic),
        "currency": lambda: _check_currency(c.currency),
        "vat_regime": lambda: _check_regime(c.vat_regime),
        "capital": lambda: _check_capital(c.capital),
    }


def _check_currency(code: str) -> str:
    if not is_currency_code(code.upper()):
        raise InvalidValue("currency", _("'{value}' is not a currency code such as EUR.").format(value=code))
    return code.upper()


def _check_regime(value: str) -> str:
    try:
        return VatRegime(value).value
    except ValueError:
        raise InvalidValue("vat_regime", _("VAT regime must be one of: debits, encaissements, "
                                           "franchise.")) from None


def _check_capital(value: str) -> str:
    digits = value.replace(" ", "").replace("\u202f", "").replace("\xa0", "").replace("€", "")
    digits = digits.replace("EUR", "").replace(",", ".")
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        raise InvalidValue("capital", _("'{value}' is not an amount of share capital.").format(
            value=value)) from None
    if amount < 0:
        raise InvalidValue("capital", _("Share capital cannot be negative."))
    return _strip(value)


def company_problems(company: Company) -> tuple[Company, dict[str, str]]:
    """Normalise a company profile; returns it with a message per invalid field."""
    values = {name: _strip(str(getattr(company, name))) for name in COMPANY_KEYS}
    cleaned = replace(company, **values)
    problems: dict[str, str] = {}
    normalised: dict[str, str] = {}
    for name, check in _company_checks(cleaned).items():
        if not getattr(cleaned, name):
            continue
        try:
            normalised[name] = check()
        except InvalidValue as error:
            problems[name] = error.message
    cleaned = replace(cleaned, **normalised)
    if cleaned.siren and cleaned.siret and "siren" not in problems and "siret" not in problems \
            and not cleaned.siret.startswith(cleaned.siren):
        problems["siret"] = _("The SIRET must begin with the SIREN {siren}.").format(siren=cleaned.siren)
    if cleaned.siren and cleaned.vat_number and not problems.keys() & {"siren", "vat_number"}:
        try:
            ids.check_vat_matches_siren(cleaned.vat_number, cleaned.siren)
        except InvalidValue as error:
            problems["vat_number"] = error.message
    return cleaned, problems


def missing_company_mentions(company: Company) -> list[str]:
    """Mandatory seller mentions that are still empty, in words (C. com. L441-9, CGI 242 nonies A)."""
    missing = []
    if not company.name:
        missing.append(_("the company name"))
    if not (company.address and company.postcode and company.city):
        missing.append(_("the company address"))
    if not company.siren:
        missing.append(_("the SIREN"))
    if not company.vat_number and not company.is_vat_exempt:
        missing.append(_("the VAT number (or the franchise VAT regime)"))
    return missing


def update_company(company: Company, changes: Mapping[str, str]) -> Company:
    """Apply KEY=VALUE changes; unknown keys are refused."""
    unknown = sorted(set(changes) - set(COMPANY_KEYS))
    if unknown:
        raise InvalidValue(unknown[0], _("Unknown company field '{key}'. Known fields: {known}.").format(
            key=unknown[0], known=", ".join(COMPANY_KEYS)))
    return replace(company, **dict(changes))


@dataclass(frozen=True, slots=True)
class Customer:
    """A buyer: a business (B2B) or a consumer (B2C)."""

    name: str
    kind: str = CustomerKind.CONSUMER.value
    id: int | None = None
    contact_name: str = ""
    email: str = ""
    phone: str = ""
    siren: str = ""
    siret: str = ""
    vat_number: str = ""
    language: str = "fr"
    currency: str = "EUR"
    payment_terms: str = "30"
    notes: str = ""
    billing: Address = Address()
    shipping: Address | None = None

    @property
    def is_business(self) -> bool:
        return self.kind == CustomerKind.BUSINESS.value

    @property
    def country(self) -> str:
        return self.billing.country


def customer_problems(customer: Customer) -> tuple[Customer, dict[str, str]]:
    """Normalise a customer; returns it with a message per invalid field (keys as form field names)."""
    problems: dict[str, str] = {}
    c = replace(customer, name=_strip(customer.name), email=customer.email.strip(),
                siren=customer.siren.strip(), siret=customer.siret.strip(),
                vat_number=customer.vat_number.strip(), notes=customer.notes.strip())

    def attempt(field: str, check: Callable[[], str]) -> str | None:
        try:
            return check()
        except InvalidValue as error:
            problems[field] = error.message
            return None

    if not c.name:
        problems["name"] = _("A customer needs a name.")
    if c.kind not in (CustomerKind.BUSINESS.value, CustomerKind.CONSUMER.value):
        problems["kind"] = _("A customer is a business (b2b) or a consumer (b2c).")
    changes: dict[str, object] = {}
    for field, check in (("email", ids.check_email), ("siren", ids.check_siren),
                         ("siret", ids.check_siret), ("vat_number", ids.check_vat_number)):
        value = getattr(c, field)
        if value:
            checked = attempt(field, lambda check=check, value=value, field=field: check(value, field))
            if checked is not None:
                changes[field] = checked
    if c.language not in DOCUMENT_LANGUAGES:
        problems["language"] = _("Documents can be written in: {languages}.").format(
            languages=", ".join(DOCUMENT_LANGUAGES))
    if not is_currency_code(c.currency):
        problems["currency"] = _("'{value}' is not a currency code such as EUR.").format(value=c.currency)
    attempt("payment_terms", lambda: parse_payment_term(c.payment_terms).code)
    billing = _address_problems(c.billing, "billing", problems)
    shipping = _address_problems(c.shipping, "shipping", problems) if c.shipping else None
    c = replace(c, billing=billing, shipping=shipping, **changes)  # type: ignore[arg-type]
    if c.is_business and "siren" not in problems and c.billing.country == "FR" and not c.siren \
            and not c.siret:
        problems["siren"] = _("A French business customer needs its SIREN on invoices.")
    if c.is_business and not c.vat_number and is_eu(c.billing.country) and c.billing.country != "FR":
        problems["vat_number"] = _("An EU business customer needs its VAT number (for reverse charge).")
    if c.siret and c.siren and not c.siret.startswith(c.siren) and not problems.keys() & {"siren", "siret"}:
        problems["siret"] = _("The SIRET must begin with the SIREN {siren}.").format(siren=c.siren)
    return c, problems


def _address_problems(address: Address, prefix: str, problems: dict[str, str]) -> Address:
    country = address.country.strip().upper()
    try:
        country = ids.check_country(country, f"{prefix}_country")
    except InvalidValue as error:
        problems[error.field] = error.message
        return address
    postcode = address.postcode.strip()
    if postcode:
        try:
            postcode = ids.check_postcode(postcode, country, f"{prefix}_postcode")
        except InvalidValue as error:
            problems[error.field] = error.message
    if prefix == "billing" and not address.line1.strip():
        problems["billing_line1"] = _("The billing address is needed on invoices.")
    if prefix == "billing" and not address.city.strip():
        problems["billing_city"] = _("The city is needed on invoices.")
    return Address(_strip(address.line1), _strip(address.line2), postcode, _strip(address.city), country,
                   _strip(address.region))

