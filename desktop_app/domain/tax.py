"""VAT categories (EN 16931 UNCL5305 subset), rates and the legal wording each exemption needs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.money import money, plain_number
from desktop_app.i18n import N_, _


class VatCategory(StrEnum):
    """The VAT category of a line, an allowance or a charge (BT-151, BT-95, BT-102)."""

    STANDARD = "S"
    ZERO_RATED = "Z"
    EXEMPT = "E"
    REVERSE_CHARGE = "AE"
    INTRA_EU = "K"
    EXPORT = "G"
    OUT_OF_SCOPE = "O"


@dataclass(frozen=True, slots=True)
class Exemption:
    """Why no VAT is charged: the sentence printed on the invoice and its VATEX code (BT-120/121)."""

    wording: str   # English source string, translated into the document's language when printed
    code: str


# Each category that charges no VAT must say why on the invoice (CGI ann. II art. 242 nonies A 12°-13°).
EXEMPTIONS: dict[VatCategory, Exemption] = {
    VatCategory.EXEMPT: Exemption(N_("VAT not applicable, art. 293 B of the French tax code (CGI)"),
                                  "VATEX-FR-FRANCHISE"),
    VatCategory.REVERSE_CHARGE: Exemption(N_("Reverse charge (autoliquidation): VAT due by the customer"),
                                          "VATEX-EU-AE"),
    VatCategory.INTRA_EU: Exemption(
        N_("VAT exemption, art. 262 ter I of the French tax code (CGI): intra-EU supply of goods"),
        "VATEX-EU-IC"),
    VatCategory.EXPORT: Exemption(N_("VAT exemption, art. 262 I of the French tax code (CGI): export"),
                                  "VATEX-EU-G"),
    VatCategory.OUT_OF_SCOPE: Exemption(N_("Not subject to VAT"), "VATEX-EU-O"),
}

# Rates French invoices may carry (BR-FR-16): mainland, Corsica and overseas departments.
FRENCH_RATES = tuple(Decimal(r) for r in
                     ("20", "10", "5.5", "2.1", "13", "8.5", "7", "1.05", "0.9", "1.75", "9.2", "9.6",
                      "19.6", "20.6", "0"))


@dataclass(frozen=True, slots=True, order=True)
class VatRate:
    """A VAT category with its rate in percent; the key of a VAT breakdown row (BG-23)."""

    category: VatCategory
    rate: Decimal

    def __post_init__(self) -> None:
        rate = money(self.rate)
        if rate < 0 or rate >= 100:
            raise InvalidValue("vat_rate", _("A VAT rate must be between 0 and 100 %."))
        if self.category is not VatCategory.STANDARD and rate != 0:
            raise InvalidValue("vat_rate", _("Only standard-rated VAT has a rate above 0 %."))
        if self.category is VatCategory.STANDARD and rate == 0:
            raise InvalidValue("vat_rate", _("Standard-rated VAT needs a rate above 0 %; use zero-rated."))
        object.__setattr__(self, "rate", plain_number(rate))

    @property
    def exemption(self) -> Exemption | None:
        return EXEMPTIONS.get(self.category)

    @property
    def fraction(self) -> Decimal:
        return self.rate / 100


def standard(rate: str | Decimal) -> VatRate:
    """A standard-rated VatRate, e.g. standard("20")."""
    return VatRate(VatCategory.STANDARD, money(rate))


def no_vat(category: VatCategory) -> VatRate:
    """A zero-VAT rate of a non-standard category (exempt, reverse charge, export...)."""
    return VatRate(category, Decimal(0))
