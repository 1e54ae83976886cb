"""PrestaShop: the back office's orders export (8.x and 1.6) and the SQL Manager export of our query."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desktop_app.domain.orders import OrderAddress, OrderLine, OrderStatus, Refund, total_discrepancy
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.prestashop import READER
from desktop_app.formats.orders.prestashop_sql import SQL_COLUMNS
from tests.formats.conftest import ReadOrders, Refusal, by_reference, total_of

D = Decimal
PARIS = ZoneInfo("Europe/Paris")
QUERY = Path(__file__).parents[2] / "resources" / "prestashop_orders.sql"


def test_back_office_export_8x_gives_one_tax_inclusive_line_per_order(read_orders: ReadOrders) -> None:
    orders = read_orders("prestashop/order_2026-04-02_101500.csv")

    assert [(o.reference, o.external_id) for o in orders] == [
        ("XKBKNABJK", "12"), ("QWERTYUIO", "11"), ("OHSATSERP", "10"), ("LKJHGFDSA", "9")]
    first = orders[0]
    assert first.lines == (OrderLine("Order XKBKNABJK", D(1), D("52.80")),)
    assert (first.taxes_included, first.total, first.total_tax, first.currency) == (True, D("52.80"), D(0), "EUR")
    assert first.lines[0].vat_rate is None   # the export states no VAT: the shop's default rate applies
    assert first.ordered_at == datetime(2026, 4, 1, 9, 12, 44, tzinfo=PARIS)
    assert first.billing == OrderAddress(name="J. Dupont")
    assert first.shipping_address.country == "FR"
    assert orders[1].shipping_address.country == "BE"   # 'Belgique'
    assert [o.status for o in orders] == [OrderStatus.AWAITING_PAYMENT, OrderStatus.PAID, OrderStatus.CANCELLED,
                                          OrderStatus.REFUNDED]
    assert total_of(orders) == D("52.80") + D("129.90") + D("35.50") + D("18.00") == D("236.20")


def test_back_office_export_16_with_bom_quotes_trailing_semicolons_and_formatted_totals(
        read_orders: ReadOrders) -> None:
    orders = by_reference(read_orders("prestashop/order_2016-03-01_101010.csv"))

    assert orders["FGHJKLMNB"].total == D("1234.50")   # '1 234,50 €' with no-break spaces
    assert orders["AZERTYUIO"].currency == "GBP"       # '45,00 £'
    assert orders["FGHJKLMNB"].status is OrderStatus.AWAITING_PAYMENT
    assert orders["AZERTYUIO"].status is OrderStatus.PAID
    assert orders["WXCVBNQSD"].ordered_at == datetime(2016, 2, 28, 8, 0, tzinfo=PARIS)
    assert orders["FGHJKLMNB"].customer_name == "Françoise Hébert"
    assert total_of(list(orders.values())) == D("1332.30")


def test_sql_manager_export_with_lines_rates_discount_wrapping_and_refund(read_orders: ReadOrders) -> None:
    order = by_reference(read_orders("prestashop/request_sql_2.csv"))["KJHGFDSAQ"]

    assert order.lines == (
        OrderLine("Confiture d'abricot", D(2), D("5.50"), "CONF-ABR", D(0), D("5.5"), D("0.57"), True),
        OrderLine('Tablier en lin "Le Chef"', D(1), D("29.90"), "TAB-LIN", D(0), D(20), D("4.98"), True),
        OrderLine("Gift wrapping", D(1), D("2.00"), "", D(0), None, D("0.33")))
    assert (order.discount, order.shipping, order.shipping_tax) == (D("3.00"), D("6.90"), D("1.15"))
    assert (order.total, order.total_tax) == (D("46.80"), D("6.54"))
    assert total_discrepancy(order) == 0
    assert (order.refunds, order.refunded) == ((Refund(D("11.00")),), D("11.00"))
    assert (order.status, order.shop_status) == (OrderStatus.PAID, "Livré")
    assert (order.payment_method, order.payment_reference) == ("Carte bancaire", "ch_3OzZz2LkdIwHu7ix")
    assert order.email == "camille.bernard@example.fr"


def test_orders_of_one_cart_split_by_carrier_are_told_apart(read_orders: ReadOrders) -> None:
    orders = by_reference(read_orders("prestashop/request_sql_2.csv"))

    assert list(orders) == ["KJHGFDSAQ", "POIUYTREZ-22", "POIUYTREZ-23", "MNBVCXWQA"]
    split = orders["POIUYTREZ-22"]
    assert (split.external_id, split.currency, split.status) == ("22", "GBP", OrderStatus.AWAITING_PAYMENT)
    assert split.billing.name == "Ægir Þórsson" and split.billing.company == "Norðurljós ehf."
    assert orders["MNBVCXWQA"].status is OrderStatus.CANCELLED
    assert total_of(list(orders.values())) == D("46.80") + D("12.90") + D("36.50") + D("24.00") == D("120.20")


def test_sql_manager_export_of_16_in_latin1(read_orders: ReadOrders) -> None:
    [order] = read_orders("prestashop/request_sql_1_latin1.csv")

    assert order.lines[0].description == "Crème brûlée à l'ancienne"
    assert order.billing.line1 == "3 rue de l'Église"
    assert (order.total, order.total_tax, order.shipping_tax) == (D("17.00"), D("2.83"), D("0.83"))


MALFORMED = [
    ("bad/prestashop_missing_column.csv", 1, "", "the column 'Total' is missing; export the orders again with it."),
    ("bad/prestashop_sql_not_a_number.csv", 2, "product_quantity", "'deux' is not a number"),
    ("bad/prestashop_sql_duplicate_order.csv", 5, "id_order",
     "order KJHGFDSAQ appears a second time (first at line 2); an export holds each order once, so this file may "
     "join two exports."),
]


@pytest.mark.parametrize(("relative", "line", "column", "message"), MALFORMED)
def test_malformed_file_is_refused_with_one_precise_problem(refusal: Refusal, relative: str, line: int,
                                                            column: str, message: str) -> None:
    problems = refusal(relative)

    assert [(p.line, p.column, p.message) for p in problems] == [(line, column, message)]


_SCHEMA = """
CREATE TABLE ps_orders (id_order INTEGER, reference TEXT, date_add TEXT, id_currency INTEGER, current_state INTEGER,
    valid INTEGER, payment TEXT, id_customer INTEGER, id_address_invoice INTEGER, id_address_delivery INTEGER,
    total_discounts_tax_incl TEXT, total_discounts_tax_excl TEXT, total_shipping_tax_incl TEXT,
    total_shipping_tax_excl TEXT, total_wrapping_tax_incl TEXT, total_wrapping_tax_excl TEXT,
    total_paid_tax_incl TEXT, total_paid_tax_excl TEXT);
CREATE TABLE ps_order_detail (id_order_detail INTEGER, id_order INTEGER, product_name TEXT, product_reference TEXT,
    product_quantity INTEGER, unit_price_tax_incl TEXT, unit_price_tax_excl TEXT, total_price_tax_incl TEXT,
    total_price_tax_excl TEXT);
CREATE TABLE ps_customer (id_customer INTEGER, email TEXT);
CREATE TABLE ps_currency (id_currency INTEGER, iso_code TEXT);
CREATE TABLE ps_address (id_address INTEGER, firstname TEXT, lastname TEXT, company TEXT, vat_number TEXT,
    address1 TEXT, address2 TEXT, postcode TEXT, city TEXT, id_country INTEGER, phone TEXT);
CREATE TABLE ps_country (id_country INTEGER, iso_code TEXT);
CREATE TABLE ps_order_state_lang (id_order_state INTEGER, id_lang INTEGER, name TEXT);
CREATE TABLE ps_configuration (name TEXT, value TEXT);
CREATE TABLE ps_order_payment (id_order_payment INTEGER, order_reference TEXT, transaction_id TEXT);
CREATE TABLE ps_order_slip (id_order INTEGER, total_products_tax_incl TEXT, total_shipping_tax_incl TEXT);
CREATE TABLE ps_order_detail_tax (id_order_detail INTEGER, id_tax INTEGER);
CREATE TABLE ps_tax (id_tax INTEGER, rate TEXT);
INSERT INTO ps_configuration VALUES ('PS_LANG_DEFAULT', '1');
INSERT INTO ps_currency VALUES (1, 'EUR');
INSERT INTO ps_country VALUES (8, 'FR'), (3, 'BE');
INSERT INTO ps_customer VALUES (7, 'lea.moreau@example.fr');
INSERT INTO ps_address VALUES
    (70, 'Léa', 'Moreau', 'Moreau & Fils', 'FR40123456824', '9 rue Sainte-Catherine', '', '33000', 'Bordeaux', 8,
     '05 56 11 22 33'),
    (71, 'Léa', 'Moreau', '', '', 'Rue Neuve 3', '', '1000', 'Bruxelles', 3, '');
INSERT INTO ps_order_state_lang VALUES (5, 1, 'Livré'), (5, 2, 'Delivered');
INSERT INTO ps_tax VALUES (1, '20.000'), (2, '5.500');
INSERT INTO ps_orders VALUES
    (41, 'ABCDEFGHI', '2026-05-02 10:00:00', 1, 5, 1, 'Carte bancaire', 7, 70, 71, '0.000000', '0.000000',
     '5.900000', '4.920000', '0.000000', '0.000000', '37.900000', '31.650000'),
    (40, 'ZYXWVUTSR', '2025-12-31 23:00:00', 1, 5, 1, 'Carte bancaire', 7, 70, 70, '0.000000', '0.000000',
     '0.000000', '0.000000', '0.000000', '0.000000', '10.000000', '8.330000');
INSERT INTO ps_order_detail VALUES
    (410, 41, 'Bocal de miel', 'MIEL-500', 2, '5.500000', '5.213270', '11.000000', '10.426540'),
    (411, 41, 'Torchon imprimé', 'TOR-01', 1, '21.000000', '17.500000', '21.000000', '17.500000'),
    (400, 40, 'Ancienne commande', 'OLD', 1, '10.000000', '8.333333', '10.000000', '8.333333');
INSERT INTO ps_order_detail_tax VALUES (410, 2), (411, 1), (400, 1);
INSERT INTO ps_order_payment VALUES (1, 'ABCDEFGHI', 'pi_3PaYmEnT41');
INSERT INTO ps_order_slip VALUES (41, '5.500000', '0.000000');
"""


def _sql_manager_export() -> bytes:
    """The query run on a miniature PrestaShop database, exported as PrestaShop 8's SQL Manager does."""
    db = sqlite3.connect(":memory:")
    db.executescript(_SCHEMA)
    cursor = db.execute(QUERY.read_text(encoding="utf-8"))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([column[0] for column in cursor.description])
    writer.writerows(["" if value is None else str(value) for value in row] for row in cursor)
    return buffer.getvalue().encode("utf-8")


def test_the_shipped_query_names_the_columns_the_reader_expects() -> None:
    header = _sql_manager_export().split(b"\n")[0].decode().split(";")

    assert tuple(header) == SQL_COLUMNS


def test_the_shipped_query_result_is_read_as_orders() -> None:
    [order] = READER.read(_sql_manager_export(), "request_sql_4.csv", ReadOptions())   # 2025's order is left out

    assert (order.reference, order.external_id, order.order_date) == ("ABCDEFGHI", "41", date(2026, 5, 2))
    assert [(line.description, line.quantity, line.unit_price, line.vat_rate) for line in order.lines] == [
        ("Bocal de miel", D(2), D("5.50"), D("5.5")), ("Torchon imprimé", D(1), D("21.00"), D(20))]
    assert (order.total, order.total_tax, order.shipping) == (D("37.90"), D("6.25"), D("5.90"))
    assert (order.status, order.shop_status) == (OrderStatus.PAID, "Livré")   # the shop's default language
    assert order.payment_reference == "pi_3PaYmEnT41"
    assert order.refunded == D("5.50")
    assert (order.vat_number, order.billing.company, order.billing.country) == (
        "FR40123456824", "Moreau & Fils", "FR")
    assert (order.shipping_address.city, order.shipping_address.country) == ("Bruxelles", "BE")
