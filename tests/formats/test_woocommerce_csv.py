"""WooCommerce "Advanced Order Export" CSV, in English and in French."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from desktop_app.domain.orders import OrderAddress, OrderLine, OrderStatus, Refund, total_discrepancy
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.woocommerce_csv import READER
from desktop_app.formats.orders.woocommerce_status import woo_status
from desktop_app.formats.problems import FileRefused
from tests.formats.conftest import ReadOrders, Refusal, by_reference, total_of

D = Decimal
PARIS = ZoneInfo("Europe/Paris")
ENGLISH = "woocommerce/orders-export-2026-03-31.csv"
FRENCH = "woocommerce/export-commandes-fr.csv"


def test_english_export_with_order_columns_repeated_on_every_row(read_orders: ReadOrders) -> None:
    orders = read_orders(ENGLISH)

    assert [o.reference for o in orders] == ["4101", "4102", "4103", "4104"]
    assert [o.source_line for o in orders] == [2, 8, 9, 10]   # 4101's note spans two lines on each row
    # Repeated order columns are read once, never summed.
    assert total_of(orders) == D("60.90") + D("30.00") + D("29.90") + D("18.00") == D("138.80")
    assert total_of(orders, "total_tax") == D("8.43") + D("5.00") + D("4.98") + D("3.00") == D("21.41")
    assert all(not o.taxes_included and total_discrepancy(o) == 0 for o in orders)


def test_order_with_coupon_row_two_rates_and_shipping(read_orders: ReadOrders) -> None:
    order = by_reference(read_orders(ENGLISH))["4101"]

    # 'Order Line (w/o tax)' is exact where 'Item Cost' (16.67) is rounded.
    assert order.lines == (
        OrderLine("Organic cotton tote", D(2), D("16.665"), "TOTE-ORG", D("0.00"), D(20), D("6.67"), True),
        OrderLine("Lavender soap", D(3), D("4.74"), "SOAP-LAV", D("0.00"), D("5.5"), D("0.78"), True))
    assert order.lines_total == D("47.55")
    # The coupon is already inside the line amounts: no order discount on top.
    assert (order.discount_codes, order.discount) == ("spring5", D("0.00"))
    assert (order.shipping, order.shipping_tax, order.total_tax, order.total) == (
        D("4.92"), D("0.98"), D("8.43"), D("60.90"))
    assert order.status is OrderStatus.PAID
    assert (order.payment_method, order.payment_reference) == ("Credit Card (Stripe)", "pi_3OxYz2LkdIwHu7ix1a2b3c4d")
    assert order.external_id == "4101"
    assert order.ordered_at == datetime(2026, 3, 31, 14, 5, tzinfo=PARIS)
    assert order.notes == "Merci de laisser le colis\nchez la gardienne"
    assert order.billing == OrderAddress("Zoë Dubois", "", "8 place Bellecour, Appartement 3", "", "69002", "Lyon",
                                         "", "FR", "+33 6 98 76 54 32")
    assert order.email == "zoe.dubois@example.fr"


@pytest.mark.parametrize(("reference", "status"), [
    ("4101", OrderStatus.PAID), ("4102", OrderStatus.AWAITING_PAYMENT), ("4103", OrderStatus.REFUNDED),
    ("4104", OrderStatus.CANCELLED)])
def test_statuses(read_orders: ReadOrders, reference: str, status: OrderStatus) -> None:
    assert by_reference(read_orders(ENGLISH))[reference].status is status


def test_refunded_order_keeps_its_original_quantities(read_orders: ReadOrders) -> None:
    # 'Quantity (- Refund)' says 0; 'Quantity' keeps the 2 candles the invoice must show.
    order = by_reference(read_orders(ENGLISH))["4103"]

    assert [line.quantity for line in order.lines] == [D(2)]
    assert (order.refunds, order.refunded) == ((Refund(D("29.90")),), D("29.90"))
    assert order.billing.name == "Inês Ferreira" and order.billing.postcode == "1100-053"


def test_french_export_semicolons_decimal_comma_bom_and_blank_continuation_rows(read_orders: ReadOrders) -> None:
    orders = by_reference(read_orders(FRENCH))
    order = orders["512"]

    assert order.lines == (
        OrderLine("Savon au lait d'ânesse", D(2), D("5.00"), "SAV-ANE", D(0), None, None, True),
        OrderLine("Huile d'argan 50 ml", D(1), D("12.50"), "HUI-ARG-50", D(0), None, None, True))
    assert (order.shipping, order.total_tax, order.total) == (D("4.15"), D("5.33"), D("31.98"))
    assert (order.status, order.shop_status) == (OrderStatus.PAID, "Terminée")
    assert order.ordered_at == datetime(2026, 3, 31, 18, 47, tzinfo=PARIS)
    assert orders["511"].status is OrderStatus.AWAITING_PAYMENT   # 'En attente' with a bank transfer
    assert orders["511"].billing.name == "Hélène Çelik"
    assert total_of(list(orders.values())) == D("49.98")
    assert total_of(list(orders.values()), "total_tax") == D("8.33")


def test_an_export_without_a_currency_column_takes_the_default(read_orders: ReadOrders) -> None:
    assert {o.currency for o in read_orders(FRENCH)} == {"EUR"}
    assert {o.currency for o in read_orders(FRENCH, default_currency="CHF")} == {"CHF"}


def test_a_product_repeated_beside_a_second_coupon_is_one_line() -> None:
    data = (b"Order Number,Order Status,Order Date,Item #,Item Name,Quantity,Order Line (w/o tax),Coupon Code,"
            b"Order Shipping Amount,Order Total Amount,Order Total Tax Amount\r\n"
            b"88,Completed,2026-03-01 10:00,1,Mug,1,10.00,ete,0.00,12.00,2.00\r\n"
            b"88,Completed,2026-03-01 10:00,1,Mug,1,10.00,fidele,0.00,12.00,2.00\r\n")

    [order] = READER.read(data, "x.csv", ReadOptions())

    assert len(order.lines) == 1
    assert order.discount_codes == "ete, fidele"


@pytest.mark.parametrize(("label", "gateway", "title", "status"), [
    ("Processing", "stripe", "", OrderStatus.PAID),
    ("Processing", "bacs", "", OrderStatus.AWAITING_PAYMENT),
    ("Completed", "", "Chèque", OrderStatus.AWAITING_PAYMENT),
    ("En cours", "", "Carte bancaire", OrderStatus.PAID),
    ("Terminée", "cod", "", OrderStatus.AWAITING_PAYMENT),
    ("On hold", "stripe", "", OrderStatus.AWAITING_PAYMENT),
    ("Attente paiement", "", "", OrderStatus.AWAITING_PAYMENT),
    ("Échouée", "", "", OrderStatus.CANCELLED),
    ("Annulée", "", "", OrderStatus.CANCELLED),
    ("Remboursée", "", "", OrderStatus.REFUNDED),
    ("wc-completed", "ppcp-gateway", "", OrderStatus.PAID),
    ("Expédiée", "", "", OrderStatus.PAID),
    ("Custom status", "", "", OrderStatus.AWAITING_PAYMENT),
])
def test_status_labels_and_gateways(label: str, gateway: str, title: str, status: OrderStatus) -> None:
    assert woo_status(label, gateway, title) is status


MALFORMED = [
    ("bad/woocommerce_missing_column.csv", 1, "",
     "the column 'Order Total Amount' is missing; export the orders again with it."),
    ("bad/woocommerce_not_a_number.csv", 2, "Order Line (w/o tax)", "'vingt-cinq' is not a number"),
    ("bad/woocommerce_duplicate_order.csv", 4, "Order Number",
     "order 4102 appears a second time (first at line 2); an export holds each order once, so this file may "
     "join two exports."),
    ("bad/woocommerce_refund_hidden_quantity.csv", 2, "",
     "order 4103 does not add up: its lines, shipping and discounts plus taxes come to 19.90, but the file "
     "states a total of 29.90. The quantities in 'Quantity (- Refund)' leave out refunded items: add the "
     "column 'Quantity' to the export."),
]


@pytest.mark.parametrize(("relative", "line", "column", "message"), MALFORMED)
def test_malformed_file_is_refused_with_one_precise_problem(refusal: Refusal, relative: str, line: int,
                                                            column: str, message: str) -> None:
    problems = refusal(relative, reader="woocommerce")

    assert [(p.line, p.column, p.message) for p in problems] == [(line, column, message)]


def test_a_line_without_any_amount_column_cannot_be_read() -> None:
    data = b"Order Number,Order Status,Order Date,Item Name,Quantity,Order Total Amount,Order Total Tax Amount\n"

    with pytest.raises(FileRefused) as caught:
        READER.read(data + b"1,Completed,2026-03-01,Mug,1,12.00,2.00\n", "x.csv", ReadOptions())

    assert [p.message for p in caught.value.problems] == [
        "one of the columns 'Order Line (w/o tax)' / 'Item Cost' is needed; export the orders again with it."]
