"""The demo shop: a French tea house with a year of web orders from France, the EU and abroad.

Everything is generated from a fixed seed, so two demo shops made on the same day are identical.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from stdnum import luhn
from stdnum.eu import vat as eu_vat

from desktop_app.domain.allocation import allocate
from desktop_app.domain.identifiers import french_vat_for_siren
from desktop_app.domain.money import ZERO, plain_number, round_amount
from desktop_app.domain.orders import OrderAddress, OrderLine, OrderStatus, Refund, ShopOrder, TaxLine
from desktop_app.formats.orders.writers import write_shopify_csv
from desktop_app.formats.orders.writers_woocommerce import write_woocommerce_json
from desktop_app.services import demo_data as data

PARIS = ZoneInfo("Europe/Paris")
# Units of each currency for 1 EUR, for pricing the foreign shop fronts.
PRICE_RATES = {"EUR": Decimal("1"), "USD": Decimal("1.08"), "GBP": Decimal("0.86"), "CHF": Decimal("0.95")}


@dataclass(frozen=True, slots=True)
class Buyer:
    name: str
    email: str
    address: OrderAddress
    currency: str
    business: bool
    vat_number: str = ""
    siren: str = ""


def company_values() -> dict[str, str]:
    siren = data.COMPANY_SIREN_BASE + luhn.calc_check_digit(data.COMPANY_SIREN_BASE)
    siret_base = siren + "0001"
    return {**data.COMPANY, "siren": siren, "siret": siret_base + luhn.calc_check_digit(siret_base),
            "vat_number": french_vat_for_siren(siren)}


def _siren(rng: random.Random) -> str:
    base = "".join(rng.choice("0123456789") for _ in range(8))
    return base + luhn.calc_check_digit(base)


def _vat_number(rng: random.Random, country: str) -> str:
    prefix = "EL" if country == "GR" else country
    lengths = {"DE": 9, "BE": 10, "IT": 11, "ES": 9, "NL": 12, "EL": 9, "BG": 9}
    for _attempt in range(100_000):
        body = "".join(rng.choice("0123456789") for _ in range(lengths[prefix]))
        if prefix == "BE":
            body = "0" + body[1:]
        if prefix == "NL":
            body = body[:9] + "B" + body[10:]
        if prefix == "ES":
            body = rng.choice("ABCDEFGHJ") + body[1:]
        if eu_vat.is_valid(prefix + body):
            return prefix + body
    raise RuntimeError(f"no valid {prefix} VAT number found")


def _email(name: str, rng: random.Random) -> str:
    plain = unicodedata.normalize("NFKD", name.lower())
    ascii_name = plain.encode("ascii", "ignore").decode() or "client"
    slug = "".join(ch if ch.isalnum() else "." for ch in ascii_name).strip(".") or "client"
    while ".." in slug:
        slug = slug.replace("..", ".")
    return f"{slug}{rng.randint(1, 99)}@example.{rng.choice(['fr', 'com', 'net'])}"


def buyers(rng: random.Random) -> list[Buyer]:
    """About 200 customers: French consumers and businesses, EU businesses, customers abroad."""
    people: list[Buyer] = []
    for _ in range(130):
        name = f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)}"
        postcode, city = rng.choice(data.FRENCH_CITIES)
        address = OrderAddress(name=name, line1=f"{rng.randint(1, 120)} {rng.choice(data.STREETS)}",
                               postcode=postcode, city=city, country="FR", phone=f"+33 6 {rng.randint(10, 99)} "
                               f"{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}")
        people.append(Buyer(name, _email(name, rng), address, "EUR", False))
    for company in data.FRENCH_COMPANIES:
        for copy in range(2):
            branch = rng.choice(["Lyon", "Paris", "Nantes"])
            name = f"{company} {rng.choice(data.LEGAL_FORMS)}" if copy == 0 else f"{company} ({branch})"
            siren = _siren(rng)
            postcode, city = rng.choice(data.FRENCH_CITIES)
            contact = f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)}"
            address = OrderAddress(name=contact, company=name, line1=f"{rng.randint(1, 80)} {rng.choice(data.STREETS)}",
                                   postcode=postcode, city=city, country="FR")
            people.append(Buyer(name, _email(company, rng), address, "EUR", True,
                                french_vat_for_siren(siren), siren))
    for country, currency, names, street, postcode, city in data.EU_BUSINESSES:
        for name in names:
            address = OrderAddress(name=name, company=name, line1=street, postcode=postcode, city=city,
                                   country=country)
            people.append(Buyer(name, _email(name, rng), address, currency, True, _vat_number(rng, country)))
    for country, currency, names, street, postcode, city in data.OVERSEAS:
        for name in names:
            business = any(marker in name for marker in ("LLC", "Ltd", "AG", "株式会社"))
            address = OrderAddress(name=name, company=name if business else "", line1=street, postcode=postcode,
                                   city=city, country=country)
            people.append(Buyer(name, _email(name, rng), address, currency, business))
    return people


def _treatment(buyer: Buyer) -> tuple[str, bool]:
    """(shop, prices include VAT) for a buyer: consumers buy on Shopify, businesses on the trade shop."""
    if buyer.business and buyer.address.country == "FR":
        return "woocommerce", False
    if buyer.business and buyer.vat_number:
        return "woocommerce", False
    return "shopify", True


def _charges_vat(buyer: Buyer) -> bool:
    from desktop_app.domain.countries import is_eu

    if not is_eu(buyer.address.country):
        return False                         # export: no French VAT
    return not (buyer.business and buyer.vat_number and buyer.address.country != "FR")


def orders(rng: random.Random, people: list[Buyer], today: date, count: int = 700) -> Iterator[ShopOrder]:
    """A year of orders up to `today`, in date order."""
    moments = sorted(datetime.combine(today - timedelta(days=rng.randint(1, 365)),
                                      time(rng.randint(8, 22), rng.randint(0, 59), rng.randint(0, 59)), PARIS)
                     for _ in range(count))
    counters = {"shopify": 1001, "woocommerce": 5001}
    for moment in moments:
        buyer = rng.choice(people)
        shop, included = _treatment(buyer)
        reference = f"#{counters[shop]}" if shop == "shopify" else str(counters[shop])
        counters[shop] += 1
        yield _order(rng, buyer, shop, included, reference, moment)


def _order(rng: random.Random, buyer: Buyer, shop: str, included: bool, reference: str,
           moment: datetime) -> ShopOrder:
    rate_fx = PRICE_RATES[buyer.currency]
    vat = _charges_vat(buyer)
    lines = []
    for sku, name, gross, rate in rng.sample(data.PRODUCTS, rng.randint(1, 4)):
        quantity = Decimal(rng.choice([1, 1, 1, 2, 2, 3] if not buyer.business else [2, 4, 6, 10, 12]))
        price = gross * rate_fx
        if not included or not vat:
            price = price / (1 + rate / 100)
        line_rate = rate if vat else Decimal(0)
        lines.append(OrderLine(name, quantity, round_amount(price), sku, vat_rate=line_rate))
    subtotal = sum((line.total for line in lines), ZERO)
    discount = ZERO
    codes = ""
    if rng.random() < 0.15:
        codes, discount = "BIENVENUE10", round_amount(subtotal * Decimal("0.10"))
    shipping = ZERO if subtotal >= 60 * rate_fx else round_amount(Decimal("4.90") * rate_fx)
    if not included or not vat:
        shipping = round_amount(shipping / Decimal("1.2"))
    shipping_tax = None
    if included:
        tax_lines, total_tax = _taxes(lines, shipping, discount, included, vat)
    else:
        # A VAT-excluded trade shop (WooCommerce) takes coupons off each line and taxes line by line;
        # shipping is taxed at the standard rate.
        if discount:
            shares = allocate(discount, [line.total for line in lines])
            lines = [replace(line, discount=share) for line, share in zip(lines, shares)]
            subtotal -= discount
            discount = ZERO
        shipping_tax = round_amount(shipping * Decimal("0.2")) if vat else ZERO
        tax_lines, total_tax = _line_taxes(lines, shipping, shipping_tax, vat)
    total = subtotal - discount + shipping + (ZERO if included else total_tax)
    status, method, paid_at = _payment(rng, shop, moment)
    refunds: tuple[Refund, ...] = ()
    cancelled_at = None
    if rng.random() < 0.02:
        status, cancelled_at = OrderStatus.CANCELLED, moment + timedelta(hours=5)
    elif status is OrderStatus.PAID and rng.random() < 0.05:
        first = lines[0]
        refund = first.unit_price if included else round_amount(first.unit_price * (1 + (first.vat_rate or ZERO) / 100))
        refunded_on = min((moment + timedelta(days=6)).date(), datetime.now(PARIS).date())
        refunds = (Refund(refund, refunded_on, "Article abîmé à la livraison"),)
    return ShopOrder(
        shop=shop, reference=reference, ordered_at=moment.astimezone(UTC), order_date=moment.date(),
        currency=buyer.currency, taxes_included=included, status=status, total=total, total_tax=total_tax,
        lines=tuple(lines), external_id=str(5_000_000_000 + rng.randint(0, 999_999_999)) if shop == "shopify"
        else reference, shop_status=status.value, subtotal=subtotal - discount if included else subtotal,
        shipping=shipping, shipping_tax=shipping_tax, discount=discount, discount_codes=codes, tax_lines=tax_lines,
        refunds=refunds,
        refunded=sum((r.amount for r in refunds), ZERO), payment_method=method,
        payment_reference=f"pi_{rng.getrandbits(64):016x}" if paid_at else "", paid_at=paid_at,
        cancelled_at=cancelled_at, email=buyer.email, vat_number=buyer.vat_number, billing=buyer.address,
        shipping_address=buyer.address,
    )


def _line_taxes(lines: list[OrderLine], shipping: Decimal, shipping_tax: Decimal, vat: bool
                ) -> tuple[tuple[TaxLine, ...], Decimal]:
    if not vat:
        return (), ZERO
    by_rate: dict[Decimal, Decimal] = {}
    for line in lines:
        rate = line.vat_rate or ZERO
        by_rate[rate] = by_rate.get(rate, ZERO) + round_amount(line.total * rate / 100)
    if shipping:
        by_rate[Decimal(20)] = by_rate.get(Decimal(20), ZERO) + shipping_tax
    taxes = tuple(TaxLine(f"FR TVA {plain_number(rate)}%", rate, tax) for rate, tax in sorted(by_rate.items()))
    return taxes, sum((t.amount for t in taxes), ZERO)


def _taxes(lines: list[OrderLine], shipping: Decimal, discount: Decimal, included: bool, vat: bool
           ) -> tuple[tuple[TaxLine, ...], Decimal]:
    if not vat:
        return (), ZERO
    by_rate: dict[Decimal, Decimal] = {}
    for line in lines:
        by_rate[line.vat_rate or ZERO] = by_rate.get(line.vat_rate or ZERO, ZERO) + line.total
    rates = sorted(by_rate)
    weights = [by_rate[r] for r in rates]
    for rate, share in zip(rates, allocate(shipping, weights)):
        by_rate[rate] += share
    for rate, share in zip(rates, allocate(discount, weights)):
        by_rate[rate] -= share
    taxes = []
    for rate in rates:
        base = by_rate[rate]
        tax = round_amount(base - base / (1 + rate / 100)) if included else round_amount(base * rate / 100)
        taxes.append(TaxLine(f"FR TVA {plain_number(rate)}%", rate, tax))
    return tuple(taxes), sum((t.amount for t in taxes), ZERO)


def _payment(rng: random.Random, shop: str, moment: datetime) -> tuple[OrderStatus, str, datetime | None]:
    if shop == "woocommerce":
        if rng.random() < 0.7:
            return OrderStatus.AWAITING_PAYMENT, "bacs", None
        return OrderStatus.PAID, "stripe", moment.astimezone(UTC)
    roll = rng.random()
    if roll < 0.08:
        return OrderStatus.AWAITING_PAYMENT, "manual", None
    method = "PayPal Express Checkout" if roll < 0.30 else "Shopify Payments"
    return OrderStatus.PAID, method, moment.astimezone(UTC)


def business_identities(people: list[Buyer]) -> dict[str, tuple[str, str]]:
    """SIREN and VAT number of the French businesses, by e-mail (order files carry no SIREN)."""
    return {b.email.lower(): (b.siren, b.vat_number) for b in people if b.siren}



def exchange_rates_csv(rng: random.Random, today: date) -> bytes:
    """A year of ECB-style daily reference rates (eurofxref-hist.csv layout) for the demo's currencies."""
    levels = {"USD": Decimal("1.0850"), "GBP": Decimal("0.8550"), "CHF": Decimal("0.9420")}
    rows = ["Date,USD,GBP,CHF,"]
    day = today - timedelta(days=400)
    while day <= today:
        if day.weekday() < 5:
            for code in levels:
                step = Decimal(rng.randint(-40, 40)) / Decimal(10000)
                levels[code] = (levels[code] + step).quantize(Decimal("0.0001"))
            rows.append(f"{day.isoformat()},{levels['USD']},{levels['GBP']},{levels['CHF']},")
        day += timedelta(days=1)
    # The ECB file lists the newest day first.
    return ("\n".join([rows[0], *reversed(rows[1:])]) + "\n").encode()


def export_files(orders: list[ShopOrder], folder: Path) -> list[Path]:
    """The demo's orders as its shops would export them: two overlapping Shopify exports (the second
    repeats the last two months of the first, as merchants' exports do) and a WooCommerce JSON export."""
    web = [order for order in orders if order.shop == "shopify"]
    trade = [order for order in orders if order.shop == "woocommerce"]
    split = len(web) * 2 // 3
    overlap = max(0, split - len(web) // 6)
    files = [(folder / "orders_export_1.csv", write_shopify_csv(web[:split])),
             (folder / "orders_export_2.csv", write_shopify_csv(web[overlap:])),
             (folder / "woocommerce-orders.json", write_woocommerce_json(trade))]
    for path, content in files:
        path.write_bytes(content)
    return [path for path, _content in files]
