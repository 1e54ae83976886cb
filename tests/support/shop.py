"""A small fixture shop: a French company and orders of every kind, stored the way an import stores them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

from desktop_app.domain.orders import OrderAddress, OrderLine, OrderStatus, Refund, ShopOrder, TaxLine
from desktop_app.domain.progress import run_job
from desktop_app.services.company import set_company
from desktop_app.services.order_import import ImportSummary, store_orders
from desktop_app.services.rates import set_rate

D = Decimal
COMPANY = {"name": "Maison Lumière", "legal_form": "SAS", "capital": "20 000 €", "siren": "732829320",
           "vat_number": "FR44732829320", "address": "12 rue des Capucins", "postcode": "69001", "city": "Lyon",
           "country": "FR", "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP", "rcs": "RCS Lyon",
           "email": "bonjour@maison-lumiere.example"}
PARIS_CONSUMER = OrderAddress(name="Zoë Lefèvre", line1="2 place des Célestins", postcode="69002", city="Lyon",
                              country="FR")


def order(reference: str, lines: list[OrderLine], total: str, tax: str, *, day: date = date(2026, 3, 2),
          included: bool = True, status: OrderStatus = OrderStatus.PAID, method: str = "Shopify Payments",
          shipping: str = "0", discount: str = "0", email: str = "zoe@example.fr",
          address: OrderAddress = PARIS_CONSUMER, vat_number: str = "", currency: str = "EUR",
          refunds: tuple[Refund, ...] = (), shop: str = "shopify", tax_lines: tuple[TaxLine, ...] = ()) -> ShopOrder:
    moment = datetime.combine(day, time(10, 0), UTC)
    refunded = sum((r.amount for r in refunds), D(0))
    return ShopOrder(shop=shop, reference=reference, ordered_at=moment, order_date=day, currency=currency,
                     taxes_included=included, status=status, total=D(total), total_tax=D(tax), lines=tuple(lines),
                     shipping=D(shipping), discount=D(discount), payment_method=method,
                     paid_at=moment if status is OrderStatus.PAID else None, email=email, vat_number=vat_number,
                     billing=address, shipping_address=address, refunds=refunds, refunded=refunded,
                     tax_lines=tax_lines)


def tea(quantity: str = "2", price: str = "14.90", rate: str = "5.5") -> OrderLine:
    return OrderLine("Sencha Kagoshima 100 g", D(quantity), D(price), "THE-SEN", vat_rate=D(rate))


def teapot(quantity: str = "1", price: str = "59.00", rate: str = "20") -> OrderLine:
    return OrderLine("Théière en fonte 0,8 L", D(quantity), D(price), "ACC-FON", vat_rate=D(rate))


def fixture_orders() -> list[ShopOrder]:
    """Orders of every kind a small French shop sees."""
    return [
        # paid at checkout, two rates, shipping: 29.80 + 59.00 + 4.90 = 93.70
        order("#1001", [tea(), teapot()], "93.70", "10.18", shipping="4.90"),
        # bank transfer awaited, with a discount code
        order("#1002", [teapot("2")], "106.20", "17.70", status=OrderStatus.AWAITING_PAYMENT, method="manual",
              discount="11.80", email="anne@example.fr"),
        # cancelled: never invoiced
        order("#1003", [tea("1")], "14.90", "0.78", status=OrderStatus.CANCELLED),
        # partially refunded: invoiced in full, credit note for the refund
        order("#1004", [tea("3")], "44.70", "2.33", refunds=(Refund(D("14.90"), date(2026, 3, 5), "abîmé"),),
              email="paul@example.fr"),
        # intra-EU business, VAT-excluded prices, transfer
        order("5001", [teapot("10", "49.17")], "491.70", "0", included=False, status=OrderStatus.AWAITING_PAYMENT,
              method="bacs", email="einkauf@teehaus.example",
              address=OrderAddress(name="Teehaus Müller GmbH", company="Teehaus Müller GmbH", line1="Hauptstraße 12",
                                   postcode="10115", city="Berlin", country="DE"),
              vat_number="DE136695976", shop="woocommerce"),
        # export to the United States, in dollars
        order("#1005", [teapot("1", "52.00", "0")], "52.00", "0", currency="USD", email="emily@example.com",
              address=OrderAddress(name="Emily Carter", line1="350 5th Avenue", postcode="10118", city="New York",
                                   region="NY", country="US")),
    ]


def make_shop(db, orders: list[ShopOrder] | None = None) -> ImportSummary:
    """Configure the company, add a USD rate, and store the orders as an import would."""
    set_company(db, COMPANY)
    set_rate(db, "USD", D("1.0850"), date(2026, 3, 1))
    summary = ImportSummary()
    run_job(store_orders(db, [("fixture.csv", o) for o in (orders or fixture_orders())], summary))
    return summary
