"""Which VAT applies to a sale, from who sells, who buys and where: data-driven rules, France first.

- an exempt seller (franchise en base, art. 293 B CGI) charges no VAT: category E;
- goods leaving the EU (and the French overseas territories) are exports: category G;
- goods to a business of another EU country with a VAT number: intra-EU supply, category K;
  services in the same case: reverse charge, category AE;
- everything else is taxed at the lines' own rates: category S.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.countries import FRENCH_OVERSEAS, is_eu
from desktop_app.domain.tax import VatCategory


@dataclass(frozen=True, slots=True)
class Sale:
    seller_country: str
    seller_exempt: bool
    buyer_country: str
    buyer_is_business: bool
    buyer_vat_number: str
    services: bool = False           # the shop sells services rather than goods


def vat_category(sale: Sale) -> VatCategory:
    """The VAT category every line of this sale falls under (S: each line keeps its own rate)."""
    if sale.seller_exempt:
        return VatCategory.EXEMPT
    buyer = sale.buyer_country.upper()
    outside = not is_eu(buyer) or buyer in FRENCH_OVERSEAS
    if outside and buyer != sale.seller_country.upper():
        return VatCategory.OUT_OF_SCOPE if sale.services and sale.buyer_is_business else VatCategory.EXPORT
    if buyer != sale.seller_country.upper() and sale.buyer_is_business and sale.buyer_vat_number:
        return VatCategory.REVERSE_CHARGE if sale.services else VatCategory.INTRA_EU
    return VatCategory.STANDARD
