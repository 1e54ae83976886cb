"""Writers make files like the shops' own; reading what they wrote gives the orders back."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.money import ZERO
from desktop_app.domain.orders import OrderAddress, OrderLine, OrderStatus, Refund, ShopOrder, total_discrepancy
from desktop_app.formats.orders import ReadOptions, detect
from desktop_app.formats.orders.prestashop_sql import SQL_COLUMNS
from desktop_app.formats.orders.tax_split import vat_of
from desktop_app.formats.orders.writers import (
    SHOPIFY_HEADER,
    write_prestashop_sql_csv,
    write_shopify_csv,
    write_woocommerce_csv,
    write_woocommerce_json,
)

D = Decimal
PARIS = ZoneInfo("Europe/Paris")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FORMATS_MD_HEADER = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,"
    "Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,"
    "Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,"
    "Lineitem fulfillment status,"
    "Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,"
    "Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,"
    "Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,"
    "Note Attributes,Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,"
    "Location,Device ID,Id,Tags,Risk Level,Source,Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,"
    "Tax 3 Name,Tax 3 Value,Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,"
    "Billing Province Name,Shipping Province Name,Payment ID,Payment Terms Name,Next Payment Due At,Payment References")

NAMES = ["Émilie Lefèvre", "Søren Ødegaard", "Ελένη Παπαδοπούλου", "山田 太郎", "Jean-Luc O'Neil", "Zoë Dubois"]
PRODUCTS = ["Thé vert Sencha", 'Tablier "Le Chef"', "Miel de lavande, 250 g", "Mug « Bonjour »", "Carnet A5"]
COMPANIES = ["", "", "Atelier Lefèvre, SARL", "Fjord ApS", '=HYPERLINK("http://x","y")']
NOTES = ["", "Livrer après 18h,\nsonner deux fois", 'Code "B12"', "Laisser chez la gardienne"]
cents = st.integers(min_value=1, max_value=20_000).map(lambda c: D(c).scaleb(-2))


@st.composite
def addresses(draw: st.DrawFn) -> OrderAddress:
    country, postcode = draw(st.sampled_from([("FR", "05000"), ("FR", "75011"), ("DK", "1051"), ("GB", "SW1A 1AA")]))
    return OrderAddress(draw(st.sampled_from(NAMES)), draw(st.sampled_from(COMPANIES)), "12, rue des Écoles",
                        draw(st.sampled_from(["", "Bâtiment B"])), postcode, "Gap", "", country,
                        draw(st.sampled_from(["", "+33 4 92 00 00 00"])))


@st.composite
def orders(draw: st.DrawFn, included: bool | None = None, rates: tuple[Decimal, ...] = (D(20), D("5.5")),
           line_discounts: bool = True, seconds: bool = True) -> ShopOrder:
    """One order as a shop computes it: VAT per line at its rate, shipping and discount on the main rate."""
    included = draw(st.booleans()) if included is None else included
    lines = []
    for name in draw(st.lists(st.sampled_from(PRODUCTS), min_size=1, max_size=4, unique=True)):
        quantity, price, rate = D(draw(st.integers(1, 5))), draw(cents), draw(st.sampled_from(rates))
        discount = draw(st.sampled_from([ZERO, (quantity * price / 10).quantize(D("0.01"))])) if line_discounts \
            else ZERO
        tax = vat_of(quantity * price - discount, rate, included)
        lines.append(OrderLine(name, quantity, price, name[:3].upper(), discount, rate, tax, rate != 0))
    main = max(lines, key=lambda line: abs(line.total)).vat_rate or ZERO
    shipping = draw(st.sampled_from([ZERO, D("4.90"), D("6.00")]))
    lines_total = sum((line.total for line in lines), ZERO)
    discount = draw(st.sampled_from([ZERO, (lines_total / 20).quantize(D("0.01"))]))
    shipping_tax, discount_tax = vat_of(shipping, main, included), vat_of(discount, main, included)
    total_tax = sum((line.tax_amount or ZERO for line in lines), ZERO) + shipping_tax - discount_tax
    total = lines_total + shipping - discount + (ZERO if included else total_tax)
    status = draw(st.sampled_from(list(OrderStatus)))
    refunded = {OrderStatus.REFUNDED: total, OrderStatus.PAID: draw(st.sampled_from([ZERO, D("5.00")]))}.get(
        status, ZERO)
    at = datetime(2026, 1, 1, 8, tzinfo=PARIS) + timedelta(days=draw(st.integers(0, 360)),
                                                           minutes=draw(st.integers(0, 700)),
                                                           seconds=draw(st.integers(0, 59)) if seconds else 0)
    billing = draw(addresses())
    return ShopOrder(
        shop="demo", reference=f"#{draw(st.integers(1000, 9999))}", ordered_at=at, order_date=at.date(),
        currency=draw(st.sampled_from(["EUR", "USD", "GBP"])), taxes_included=included, status=status, total=total,
        total_tax=total_tax, lines=tuple(lines), external_id=str(draw(st.integers(1, 10**12))), shipping=shipping,
        shipping_tax=shipping_tax, discount=discount, discount_codes=draw(st.sampled_from(["", "BIENVENUE10"])),
        refunds=(Refund(refunded),) if refunded else (), refunded=refunded,
        payment_method=draw(st.sampled_from(["Carte bancaire", "PayPal", "Virement bancaire"])),
        payment_reference=draw(st.sampled_from(["", "pi_3OxYz2Lkd"])),
        paid_at=at + timedelta(seconds=2) if status is OrderStatus.PAID else None,
        cancelled_at=at + timedelta(hours=1) if status is OrderStatus.CANCELLED else None,
        email="client@example.fr", billing=billing,
        shipping_address=draw(st.sampled_from([billing, draw(addresses())])),
        notes=draw(st.sampled_from(NOTES)), fulfilled_at=at + timedelta(days=1) if draw(st.booleans()) else None)


def _unique(batch: list[ShopOrder]) -> list[ShopOrder]:
    return [replace(order, reference=f"#{1000 + n}", external_id=str(5000 + n)) for n, order in enumerate(batch)]


def _read(data: bytes, name: str, **options: Any) -> list[ShopOrder]:
    return detect(data, name).read(data, name, ReadOptions(**options))


def _common(order: ShopOrder) -> dict[str, Any]:
    return {"reference": order.reference, "currency": order.currency, "status": order.status, "total": order.total,
            "total_tax": order.total_tax, "refunded": order.refunded, "email": order.email}


@SETTINGS
@given(st.lists(orders(), min_size=1, max_size=4))
def test_shopify_round_trip(batch: list[ShopOrder]) -> None:
    batch = _unique(batch)

    for written, read in zip(batch, _read(write_shopify_csv(batch), "orders_export_1.csv")):
        assert _common(read) == _common(written)
        assert (read.external_id, read.ordered_at, read.paid_at, read.fulfilled_at) == (
            written.external_id, written.ordered_at, written.paid_at, written.fulfilled_at)
        assert (read.shipping, read.discount, read.discount_codes, read.notes) == (
            written.shipping, written.discount, written.discount_codes, written.notes)
        assert (read.payment_method, read.payment_reference) == (written.payment_method, written.payment_reference)
        assert (read.billing, read.shipping_address) == (written.billing, written.shipping_address)
        assert [(ln.description, ln.sku, ln.quantity, ln.unit_price, ln.discount) for ln in read.lines] == [
            (ln.description, ln.sku, ln.quantity, ln.unit_price, ln.discount) for ln in written.lines]
        if read.total_tax:
            assert read.taxes_included == written.taxes_included
        # Shopify states no rate per line: each found rate is the right one, never a guess.
        assert all(r.vat_rate in (w.vat_rate, None) for r, w in zip(read.lines, written.lines) if w.taxable)
        if written.total_tax and len({line.vat_rate for line in written.lines if line.taxable}) == 1:
            assert [r.vat_rate for r in read.lines if r.taxable] == [w.vat_rate for w in written.lines if w.taxable]


@SETTINGS
@given(st.lists(orders(rates=(D(20), D("5.5"), D(0))), min_size=1, max_size=4))
def test_woocommerce_json_round_trip(batch: list[ShopOrder]) -> None:
    batch = _unique(batch)

    for written, read in zip(batch, _read(write_woocommerce_json(batch), "orders.json")):
        assert _common(read) == _common(written)
        assert (read.taxes_included, read.shipping, read.shipping_tax, read.discount) == (
            written.taxes_included, written.shipping, written.shipping_tax, written.discount)
        assert read.lines == written.lines
        assert (read.ordered_at, read.paid_at, read.fulfilled_at) == (
            written.ordered_at, written.paid_at, written.fulfilled_at)
        assert (read.billing.name, read.billing.company, read.billing.postcode, read.notes, read.discount_codes) == (
            written.billing.name, written.billing.company, written.billing.postcode, written.notes,
            written.discount_codes)
        assert total_discrepancy(read) == 0


@SETTINGS
@given(st.lists(orders(included=False, line_discounts=False, rates=(D(20), D("5.5"), D(0)), seconds=False),
                min_size=1, max_size=4),
       st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_woocommerce_csv_round_trip(batch: list[ShopOrder], french: bool, repeat: bool, comma: bool,
                                    bom: bool) -> None:
    batch = _unique(batch)
    data = write_woocommerce_csv(batch, french=french, repeat_order_fields=repeat, decimal_comma=comma, bom=bom)

    for written, read in zip(batch, _read(data, "orders-export.csv")):
        assert _common(read) == _common(written)
        assert (read.external_id, read.ordered_at, read.shipping, read.shipping_tax, read.discount) == (
            written.external_id, written.ordered_at, written.shipping, written.shipping_tax, written.discount)
        assert read.lines == written.lines
        assert read.billing.line1 == ", ".join(p for p in (written.billing.line1, written.billing.line2) if p)


@SETTINGS
@given(st.lists(orders(included=True, line_discounts=False), min_size=1, max_size=4), st.booleans())
def test_prestashop_sql_export_round_trip(batch: list[ShopOrder], legacy: bool) -> None:
    batch = _unique(batch)
    data = write_prestashop_sql_csv(batch, legacy=legacy, encoding="latin-1" if legacy else "utf-8")

    for written, read in zip(batch, _read(data, "request_sql_2.csv")):
        assert _common(read) == _common(written) | {"reference": written.reference}
        assert (read.ordered_at, read.shipping, read.shipping_tax, read.discount, read.vat_number) == (
            written.ordered_at, written.shipping, written.shipping_tax, written.discount, written.vat_number)
        assert read.lines == written.lines
        assert (read.billing.company, read.shipping_address.postcode) == (
            written.billing.company.encode("latin-1", "replace").decode("latin-1") if legacy
            else written.billing.company, written.shipping_address.postcode)


def _fixed_order() -> ShopOrder:
    return orders(included=True).example() if False else ShopOrder(
        shop="demo", reference="#1001", ordered_at=datetime(2026, 3, 14, 10, 22, 5, tzinfo=PARIS),
        order_date=datetime(2026, 3, 14).date(), currency="EUR", taxes_included=True, status=OrderStatus.PAID,
        total=D("56.90"), total_tax=D("9.48"), shipping=D("6.90"), shipping_tax=D("1.15"), external_id="5987654321001",
        lines=(OrderLine("Tasse en grès", D(2), D("16.00"), "TA-GRES", ZERO, D(20), D("5.33")),
               OrderLine("Théière", D(1), D("18.00"), "TH-01", ZERO, D(20), D("3.00"))),
        billing=OrderAddress("Julien Martin", "", "7 quai de la Fosse", "", "05000", "Gap", "", "FR"),
        shipping_address=OrderAddress("Julien Martin", "", "7 quai de la Fosse", "", "05000", "Gap", "", "FR"))


def test_shopify_file_looks_like_the_real_export() -> None:
    text = write_shopify_csv([_fixed_order()]).decode("utf-8")
    header, first, second = text.split("\n")[:3]

    assert header == FORMATS_MD_HEADER and len(SHOPIFY_HEADER) == 79
    cells = dict(zip(SHOPIFY_HEADER, first.split(",")))
    assert (cells["Billing Zip"], cells["Created at"], cells["Total"]) == ("'05000", "2026-03-14 10:22:05 +0100",
                                                                           "56.90")
    continuation = {name for name, value in zip(SHOPIFY_HEADER, second.split(",")) if value}
    assert continuation == {"Name", "Email", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price",
                            "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable",
                            "Lineitem fulfillment status", "Lineitem discount"} - {"Email"}


def test_woocommerce_files_look_like_the_real_exports() -> None:
    english = write_woocommerce_csv([_fixed_order()]).decode("utf-8")
    french = write_woocommerce_csv([_fixed_order()], french=True, decimal_comma=True, bom=True).decode("utf-8")
    [document] = json.loads(write_woocommerce_json([_fixed_order()]))

    assert english.startswith("Order Number,Order ID,Order Status,Order Date,") and "\r\n" in english
    assert french.startswith("\ufeffNuméro de commande,") and ",En cours," in french and "\"26,67\"" in french
    assert (document["total"], document["prices_include_tax"], document["status"]) == ("56.90", True, "processing")
    assert isinstance(document["line_items"][0]["price"], float)
    assert document["date_created"] == "2026-03-14T10:22:05" and document["date_created_gmt"] == "2026-03-14T09:22:05"


def test_prestashop_file_looks_like_the_sql_manager_export() -> None:
    lines = write_prestashop_sql_csv([_fixed_order()]).decode("utf-8").split("\n")
    legacy = write_prestashop_sql_csv([_fixed_order()], legacy=True).decode("utf-8").split("\n")

    assert lines[0].split(";") == list(SQL_COLUMNS)
    assert ";56.900000;" in lines[1] and ';"Paiement accepté";' in lines[1] and ';"Tasse en grès";' in lines[1]
    assert legacy[0].endswith("tax_rate;") and legacy[1].startswith('"5987654321001";"#1001";')


def test_a_bench_sized_batch_reads_back_whole() -> None:
    batch = [replace(_fixed_order(), reference=f"#{n}", external_id=str(n)) for n in range(1, 2001)]

    read = _read(write_shopify_csv(batch), "orders_export_1.csv")

    assert len(read) == 2000 and sum((o.total for o in read), ZERO) == D("56.90") * 2000
