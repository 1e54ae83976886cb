"""WooCommerce REST API v3 order JSON: a page of orders, or one order."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from desktop_app.domain.orders import OrderAddress, OrderLine, OrderStatus, Refund, TaxLine, total_discrepancy
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.woocommerce_json import READER
from desktop_app.formats.problems import FileRefused
from tests.formats.conftest import ORDER_FILES, ReadOrders, Refusal, by_reference, total_of

D = Decimal
PAGE = "woocommerce/orders-page-1.json"


def _read(document: object) -> list:
    return READER.read(json.dumps(document).encode(), "x.json", ReadOptions())


def test_a_page_of_orders_adds_up(read_orders: ReadOrders) -> None:
    orders = read_orders(PAGE)

    assert [(o.reference, o.source_line) for o in orders] == [("7021", 1), ("7022", 2), ("7023", 3)]
    assert total_of(orders) == D("57.90") + D("140.00") + D("80.00") == D("277.90")
    assert total_of(orders, "total_tax") == D("7.59") + D("0.00") + D("13.33") == D("20.92")
    assert all(total_discrepancy(o) == 0 for o in orders)


def test_tax_inclusive_order_with_coupon_fee_shipping_and_refund(read_orders: ReadOrders) -> None:
    order = by_reference(read_orders(PAGE))["7021"]

    # Line amounts are stated without tax: with prices_include_tax they are read back with it.
    assert order.taxes_included is True
    assert order.lines == (
        OrderLine("Mug « Bonjour »", D(2), D("20.00"), "MUG-BJR", D("4.00"), D(20), D("6.00"), True),
        OrderLine("Café en grains 1 kg", D(1), D("20.00"), "CAF-1KG", D("2.00"), D("5.5"), D("0.94"), True))
    # The coupon is inside the line totals; the negative fee ('Remise fidélité') is the order discount.
    assert (order.discount_codes, order.discount) == ("bienvenue10", D("2.00"))
    assert (order.shipping, order.shipping_tax) == (D("5.90"), D("0.98"))
    assert (order.total, order.total_tax) == (D("57.90"), D("7.59"))
    assert order.tax_lines == (TaxLine("TVA", D(20), D("6.65")), TaxLine("TVA réduite", D("5.5"), D("0.94")))
    assert order.refunds == (Refund(D("18.00"), None, "Mug ébréché à la livraison", "7100"),)
    assert order.refunded == D("18.00")
    assert (order.status, order.payment_method, order.payment_reference) == (
        OrderStatus.PAID, "Carte bancaire (Stripe)", "pi_3P1aB2LkdIwHu7ix0AbCdEf")
    assert order.billing == OrderAddress("Zoé Nguyễn", "", "3 rue du Marché", "", "33000", "Bordeaux", "", "FR",
                                         "+33 5 56 00 00 00")


def test_dates_come_from_the_gmt_twins_and_the_invoice_date_is_local(read_orders: ReadOrders) -> None:
    order = by_reference(read_orders(PAGE))["7021"]

    assert order.ordered_at == datetime(2026, 3, 31, 22, 30, tzinfo=UTC)
    assert order.order_date == date(2026, 4, 1)   # half past midnight in Paris
    assert order.paid_at == datetime(2026, 3, 31, 22, 30, 5, tzinfo=UTC)


def test_tax_exclusive_usd_order_paid_by_transfer_with_a_positive_fee(read_orders: ReadOrders) -> None:
    order = by_reference(read_orders(PAGE))["7022"]

    assert (order.currency, order.taxes_included) == ("USD", False)
    assert order.lines == (
        OrderLine("Handmade notebook set", D(4), D("30.00"), "NB-SET", D("0.00"), D(0), D("0.00"), False),
        OrderLine("Gift wrapping", D(1), D("5.00"), "", D(0), D(0), D("0.00"), False))
    assert (order.shipping, order.total) == (D("15.00"), D("140.00"))
    # 'completed' with a bank transfer: the shop has not necessarily seen the money.
    assert (order.status, order.shop_status) == (OrderStatus.AWAITING_PAYMENT, "completed")
    assert order.fulfilled_at == datetime(2026, 3, 31, 8, 0, tzinfo=UTC)
    assert order.notes == "Please ship with\nthe invoice inside."
    assert order.billing.company == "Acme Corp." and order.billing.region == "CA"


def test_cancelled_business_order_without_gmt_dates(read_orders: ReadOrders) -> None:
    order = by_reference(read_orders(PAGE))["7023"]

    assert order.status is OrderStatus.CANCELLED
    assert order.ordered_at == datetime(2026, 3, 29, 11, 11, 11, tzinfo=ZoneInfo("Europe/Paris"))
    assert order.vat_number == "BE0123456749"
    assert order.customer_name == "Ōkami BVBA"
    assert order.lines[0].unit_price == D("80.00")


def test_one_order_object_alone(read_orders: ReadOrders) -> None:
    [order] = read_orders("woocommerce/order-7030.json")

    assert (order.reference, order.currency, order.total, order.total_tax) == ("7030", "GBP", D("29.00"), D("4.83"))
    assert order.status is OrderStatus.PAID   # processing through PayPal


def test_floats_never_become_money() -> None:
    # `price` is a float in the API; an amount written as a JSON number is read exactly.
    document = json.loads((ORDER_FILES / "woocommerce/order-7030.json").read_text(encoding="utf-8"))
    document["line_items"][0]["price"] = 0.1 + 0.2
    document["total"] = 29.00

    [order] = _read(document)

    assert order.total == D("29.0")
    assert order.lines[0].unit_price == D("24.00")
    assert all(isinstance(value, Decimal) for value in (order.total, order.total_tax, order.shipping))


def test_an_orders_wrapper_is_accepted() -> None:
    document = json.loads((ORDER_FILES / "woocommerce/order-7030.json").read_text(encoding="utf-8"))

    assert [o.reference for o in _read({"orders": [document]})] == ["7030"]


MALFORMED = [
    ("bad/woocommerce_bad_amount.json", 2, "total", "'57,9O' is not a number"),
    ("bad/woocommerce_negative_quantity.json", 1, "line_items[0].quantity", "'-4': a quantity cannot be negative."),
    ("bad/woocommerce_duplicate_order.json", 3, "number",
     "order 7021 appears a second time (first at line 1); an export holds each order once, so this file may "
     "join two exports."),
]


@pytest.mark.parametrize(("relative", "line", "column", "message"), MALFORMED)
def test_malformed_file_is_refused_with_one_precise_problem(refusal: Refusal, relative: str, line: int,
                                                            column: str, message: str) -> None:
    problems = refusal(relative, reader="woocommerce")

    assert [(p.line, p.column, p.message) for p in problems] == [(line, column, message)]


def test_a_cut_file_is_refused_where_it_stops(refusal: Refusal) -> None:
    text = (ORDER_FILES / "bad/woocommerce_truncated.json").read_text(encoding="utf-8")

    [problem] = refusal("bad/woocommerce_truncated.json", reader="woocommerce-json")

    assert problem.line == text.count("\n") + 1
    assert problem.message.startswith("the file is not valid JSON here (")
    assert problem.message.endswith("); it may be cut short.")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty."),
    (b"[]", "the file holds no orders (an empty list)."),
    (b'"orders"', "the file holds no list of orders."),
])
def test_empty_or_shapeless_json(content: bytes, message: str) -> None:
    with pytest.raises(FileRefused) as caught:
        READER.read(content, "x.json", ReadOptions())

    assert [p.message for p in caught.value.problems] == [message]


def test_a_missing_total_and_date_are_named() -> None:
    document = json.loads((ORDER_FILES / "woocommerce/order-7030.json").read_text(encoding="utf-8"))
    del document["total"], document["date_created"], document["date_created_gmt"]

    with pytest.raises(FileRefused) as caught:
        _read([document])

    assert [(p.line, p.column, p.message) for p in caught.value.problems] == [
        (1, "date_created", "the order's date is missing."), (1, "total", "this amount is missing.")]
