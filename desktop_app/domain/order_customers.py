"""Who bought: the customer an imported order belongs to, as Comptoir would file them."""

from __future__ import annotations

from desktop_app.domain.orders import OrderAddress, ShopOrder
from desktop_app.domain.parties import Address, Customer, CustomerKind

_LANGUAGE_BY_COUNTRY = {
    "FR": "fr", "BE": "fr", "LU": "fr", "MC": "fr", "CH": "fr", "RE": "fr", "GP": "fr", "MQ": "fr",
    "DE": "de", "AT": "de", "LI": "de", "ES": "es", "MX": "es", "AR": "es",
}


def language_for_country(country: str) -> str:
    """The document language a customer of `country` most likely reads."""
    return _LANGUAGE_BY_COUNTRY.get(country.upper(), "en")


def _address(source: OrderAddress, default_country: str) -> Address:
    return Address(source.line1, source.line2, source.postcode, source.city,
                   (source.country or default_country).upper(), source.region)


def customer_from_order(order: ShopOrder, payment_terms: str, default_country: str = "FR") -> Customer:
    """A new customer record for the buyer of `order` (matched first by VAT number, then e-mail)."""
    billing_source = order.billing if not order.billing.is_empty else order.shipping_address
    billing = _address(billing_source, default_country)
    shipping = None
    if not order.shipping_address.is_empty:
        candidate = _address(order.shipping_address, default_country)
        if candidate != billing:
            shipping = candidate
    is_business = bool(order.vat_number or billing_source.company)
    name = billing_source.company or billing_source.name or order.email or order.reference
    contact = billing_source.name if billing_source.company else ""
    return Customer(
        name=name, kind=(CustomerKind.BUSINESS if is_business else CustomerKind.CONSUMER).value,
        contact_name=contact, email=order.email, phone=billing_source.phone, vat_number=order.vat_number,
        language=language_for_country(billing.country), currency=order.currency,
        payment_terms=payment_terms, billing=billing, shipping=shipping,
    )
