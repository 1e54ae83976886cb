"""Shopify orders export: real-looking files in, exact orders out, every bad file refused precisely."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from desktop_app.domain.orders import OrderAddress, OrderLine, OrderStatus, Refund, TaxLine, total_discrepancy
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.shopify import READER
from desktop_app.formats.orders.vat_assign import line_rates
from desktop_app.formats.problems import FileRefused
from tests.formats.conftest import ORDER_FILES, ReadOrders, Refusal, by_reference, total_of

D = Decimal
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def french(read_orders: ReadOrders) -> dict[str, object]:
    return by_reference(read_orders("shopify/orders_export_1.csv"))


def test_every_order_of_the_french_export_is_read_and_adds_up(read_orders: ReadOrders) -> None:
    orders = read_orders("shopify/orders_export_1.csv")

    assert [o.reference for o in orders] == ["#1004", "#1003", "#1002", "#1001"]
    # #1003's address (in 'Shipping Address2' and 'Shipping Street') and #1002's note hold line breaks.
    assert [o.source_line for o in orders] == [2, 3, 6, 10]
    assert total_of(orders) == D("18.00") + D("34.60") + D("77.72") + D("52.00") == D("182.32")
    assert total_of(orders, "total_tax") == D("3.00") + D("5.77") + D("9.36") + D("5.33") == D("23.46")
    assert all(o.currency == "EUR" and o.taxes_included and o.shop == "shopify" for o in orders)
    assert all(total_discrepancy(o) == 0 for o in orders)


def test_multi_item_order_with_discount_code_two_rates_shipping_and_refund(french: dict) -> None:
    order = french["#1002"]

    assert order.lines == (
        OrderLine("Thé vert Sencha 100 g", D(2), D("12.50"), "TH-SEN-100", D("2.50"), D("5.5"), None, True),
        OrderLine("Théière en fonte 0,8 L", D(1), D("45.00"), "TF-08", D("4.50"), D(20), None, True),
        OrderLine("Miel de lavande, 250 g", D(1), D("9.80"), "MI-LAV", D("0.98"), D("5.5"), None, True))
    # 'Discount Amount' 7.98 is all allocated to the lines: nothing left at order level.
    assert (order.discount, order.discount_codes) == (D("0.00"), "BIENVENUE10")
    assert (order.subtotal, order.shipping, order.total, order.total_tax) == (
        D("71.82"), D("5.90"), D("77.72"), D("9.36"))
    assert order.lines_total + order.shipping == order.total
    assert order.tax_lines == (TaxLine("FR TVA 20%", D(20), D("7.73")), TaxLine("FR TVA 5.5%", D("5.5"), D("1.63")))
    assert (order.status, order.shop_status) == (OrderStatus.PAID, "partially_refunded")
    assert (order.refunds, order.refunded) == ((Refund(D("12.50")),), D("12.50"))
    assert (order.payment_method, order.payment_reference) == ("Shopify Payments", "rK8vT2mQx9LpZ4wN1bYc3dHfE")
    assert order.external_id == "5987654321002"
    assert order.ordered_at == datetime(2026, 3, 29, 10, 5, 33, tzinfo=PARIS)
    assert order.order_date == date(2026, 3, 29)
    assert order.paid_at == datetime(2026, 3, 29, 10, 5, 35, tzinfo=PARIS)
    assert order.fulfilled_at == datetime(2026, 3, 30, 14, 20, tzinfo=PARIS)
    assert order.notes == "Livrer après 18h,\nsonner deux fois"
    assert order.billing == OrderAddress("Émilie Lefèvre", "Atelier Lefèvre, SARL", "12, rue des Écoles",
                                         "Bâtiment B", "05000", "Gap", "", "FR", "+33 4 92 00 00 00")
    assert order.shipping_address == order.billing


def test_cancelled_order_keeps_its_amounts(french: dict) -> None:
    order = french["#1004"]

    assert order.status is OrderStatus.CANCELLED
    assert order.shop_status == "voided"
    assert order.cancelled_at == datetime(2026, 3, 30, 11, 20, 3, tzinfo=PARIS)
    assert (order.total, order.total_tax) == (D("18.00"), D("3.00"))


def test_unpaid_marketplace_order_takes_its_billing_from_shipping(french: dict) -> None:
    order = french["#1003"]

    assert order.status is OrderStatus.AWAITING_PAYMENT
    assert order.billing == order.shipping_address == OrderAddress(
        "Ελένη Παπαδοπούλου", "", "Οδός Ερμού 25", "Είσοδος Β,\n2ος όροφος", "105 63", "Αθήνα", "", "GR", "")
    assert order.customer_name == "Ελένη Παπαδοπούλου"
    assert order.lines[0].vat_rate == D(20)   # one rate on the order: every taxable line has it


def test_a_formula_in_a_company_name_is_plain_text(french: dict) -> None:
    order = french["#1001"]

    assert order.billing.company == '=HYPERLINK("http://example.com","Boutique Martin")'
    assert order.shipping_address.company == ""
    gift_card = order.lines[1]
    assert (gift_card.description, gift_card.taxable, gift_card.vat_rate) == ("Carte cadeau 20 €", False, D(0))


def test_tax_exclusive_usd_export_with_an_older_header(read_orders: ReadOrders) -> None:
    orders = by_reference(read_orders("shopify/orders_export_us.csv"))
    order = orders["#2002"]

    assert order.taxes_included is False
    assert order.lines_total + order.shipping + order.total_tax == order.total == D("80.39")
    assert [line.vat_rate for line in order.lines] == [D("7.25"), D("7.25")]
    assert order.fulfilled_at == datetime(2026, 2, 15, 11, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert order.billing.postcode == "90503" and order.billing.region == "CA"
    # The zero-tax order cannot tell by itself: it follows the file's tax-exclusive verdict.
    assert orders["#2001"].taxes_included is False
    assert orders["#2001"].billing.name == "Maria Garcia"
    assert total_of(list(orders.values())) == D("130.39")


def test_order_date_is_the_merchants_local_date(read_orders: ReadOrders) -> None:
    # Created 2026-02-13 18:02 in California: already the 14th in Paris.
    paris = by_reference(read_orders("shopify/orders_export_us.csv"))["#2001"]
    california = by_reference(read_orders("shopify/orders_export_us.csv",
                                           timezone=ZoneInfo("America/Los_Angeles")))["#2001"]

    assert paris.order_date == date(2026, 2, 14)
    assert california.order_date == date(2026, 2, 13)
    assert paris.ordered_at == california.ordered_at


def test_taxes_included_option_overrides_the_inference(refusal: Refusal) -> None:
    problems = refusal("shopify/orders_export_us.csv", taxes_included=True)

    assert [(p.line, p.column) for p in problems] == [(2, "")]
    assert problems[0].message == ("order #2002 does not add up: its lines, shipping and discounts come to "
                                   "75.50, but the file states a total of 80.39.")


def test_gbp_export_with_bom_and_crlf(read_orders: ReadOrders) -> None:
    orders = by_reference(read_orders("shopify/orders_export_uk.csv"))

    assert {o.currency for o in orders.values()} == {"GBP"}
    refunded = orders["#3002"]
    assert refunded.status is OrderStatus.REFUNDED
    assert refunded.refunded == refunded.total == D("20.95")
    assert orders["#3001"].billing.name == "Siobhán O'Connor"
    assert orders["#3001"].billing.line1 == "Flat 2, 14 Queen's Road"
    assert orders["#3001"].billing.postcode == "SW1A 1AA"
    assert total_of(list(orders.values())) == D("81.90")
    assert total_of(list(orders.values()), "total_tax") == D("13.65")


def test_export_resaved_by_french_excel(read_orders: ReadOrders) -> None:
    # ';' separators, decimal commas, CP1252, dates without seconds or offset, zip without its 0.
    [order] = read_orders("shopify/orders_export_excel.csv")

    assert order.lines[0] == OrderLine("Pain d'épices", D(2), D("7.50"), "PE-01", D("0.00"), D("5.5"), None, True)
    assert (order.shipping, order.total, order.total_tax) == (D("4.90"), D("26.10"), D("1.36"))
    assert order.ordered_at == datetime(2026, 3, 14, 10, 22, tzinfo=PARIS)
    assert order.billing.postcode == "01000"
    assert order.tax_lines == (TaxLine("FR TVA 5,5%", D("5.5"), D("1.36")),)


def test_discount_amount_that_leaves_out_line_discounts() -> None:
    # Some exports put only the order-level rest in 'Discount Amount': the reading that adds up wins.
    data = (ORDER_FILES / "shopify/orders_export_1.csv").read_bytes().replace(
        b"BIENVENUE10,7.98,", b"BIENVENUE10,0.00,")

    order = by_reference(READER.read(data, "x.csv", ReadOptions()))["#1002"]

    assert order.discount == D("0.00")
    assert total_discrepancy(order) == 0


MALFORMED = [
    ("bad/shopify_truncated.csv", 7, "",
     "this line has 18 cells where the header has 79; the line may be cut or hold an unquoted delimiter."),
    ("bad/shopify_extra_cell.csv", 2, "",
     "this line has 80 cells where the header has 79; the line may be cut or hold an unquoted delimiter."),
    ("bad/shopify_missing_columns.csv", 1, "",
     "the columns 'Total', 'Lineitem price' are missing; export the orders again with them."),
    ("bad/shopify_not_a_number.csv", 4, "Lineitem price", "'12,5O' is not a number"),
    ("bad/shopify_negative_quantity.csv", 6, "Lineitem quantity", "'-1': a quantity cannot be negative."),
    ("bad/shopify_duplicate_order.csv", 9, "Name",
     "order #1001 appears a second time (first at line 6); an export holds each order once, so this file may "
     "join two exports."),
    ("bad/shopify_scientific_id.csv", 6, "Id",
     "'5,98765E+12': a spreadsheet turned this order id into a rounded number, and the real id is lost. Export "
     "the orders again from Shopify and import that file without opening it in a spreadsheet."),
    ("bad/shopify_does_not_add_up.csv", 6, "",
     "order #1001 does not add up: its lines, shipping and discounts come to 52.00, but the file states a total "
     "of 50.00."),
    ("bad/shopify_header_only.csv", 0, "", "the file holds no orders, only a header."),
    ("bad/empty.csv", 0, "", "the file is empty."),
]


@pytest.mark.parametrize(("relative", "line", "column", "message"), MALFORMED)
def test_malformed_file_is_refused_with_one_precise_problem(refusal: Refusal, relative: str, line: int,
                                                            column: str, message: str) -> None:
    problems = refusal(relative, reader="shopify")

    assert [(p.file, p.line, p.column, p.message) for p in problems] == [
        (relative.split("/")[-1], line, column, message)]


def test_problem_reads_like_the_specification(refusal: Refusal) -> None:
    [problem] = refusal("bad/shopify_not_a_number.csv", reader="shopify")

    assert str(problem) == "shopify_not_a_number.csv, line 4, column 'Lineitem price': '12,5O' is not a number"


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    data = (ORDER_FILES / "bad/shopify_not_a_number.csv").read_bytes().replace(b",EUR,", b",EURO,", 1)

    with pytest.raises(FileRefused) as caught:
        READER.read(data, "x.csv", ReadOptions())

    assert [(p.line, p.column) for p in caught.value.problems] == [(2, "Currency"), (4, "Lineitem price")]


def test_recognises_by_header_only() -> None:
    header = (ORDER_FILES / "shopify/orders_export_1.csv").read_bytes().split(b"\n")[0] + b"\n"

    assert READER.recognises(header, "any.csv")
    assert not READER.recognises(b"Order Number,Order Status,Item Name\n", "x.csv")


class TestLineRates:
    """Per-line VAT rates from an order's tax totals (Shopify states no rate per line)."""

    def test_two_rates_found_when_only_one_assignment_reproduces_the_taxes(self) -> None:
        rates = line_rates([D("22.50"), D("40.50"), D("8.82")], [True, True, True],
                           [(D(20), D("7.73")), (D("5.5"), D("1.63"))], D("5.90"), D(0), True)

        assert rates == (D("5.5"), D(20), D("5.5"))

    def test_shipping_spread_in_proportion_is_recognised(self) -> None:
        # 50.00 at 20 % and 8.40 at 5.5 %, shipping 6.00 spread 50/58.4 and 8.4/58.4.
        rates = line_rates([D("50.00"), D("8.40")], [True, True],
                           [(D(20), D("9.19")), (D("5.5"), D("0.48"))], D("6.00"), D(0), True)

        assert rates == (D(20), D("5.5"))

    def test_two_lines_of_the_same_amount_cannot_be_told_apart(self) -> None:
        rates = line_rates([D("10.00"), D("10.00")], [True, True],
                           [(D(20), D("1.67")), (D("5.5"), D("0.52"))], D(0), D(0), True)

        assert rates == (None, None)

    def test_untaxed_lines_get_a_zero_rate_and_no_tax_means_unknown(self) -> None:
        assert line_rates([D(5), D(7)], [True, False], [], D(0), D(0), True) == (None, D(0))

    def test_too_many_lines_to_try_leaves_the_rates_unknown(self) -> None:
        amounts = [D(n) for n in range(1, 14)]

        rates = line_rates(amounts, [True] * 13, [(D(20), D("1.00")), (D(10), D("2.00"))], D(0), D(0), False)

        assert rates == (None,) * 13
