"""`--format auto`: each export is recognised from its header (or JSON shape) alone."""

from __future__ import annotations

import pytest

from desktop_app.formats.orders import ReaderFamily, ReadOptions, detect, reader_named, readers
from desktop_app.formats.problems import FileRefused
from tests.formats.conftest import ORDER_FILES

EXPECTED = {
    "shopify/orders_export_1.csv": "shopify",
    "shopify/orders_export_us.csv": "shopify",
    "shopify/orders_export_uk.csv": "shopify",
    "shopify/orders_export_excel.csv": "shopify",
    "woocommerce/orders-export-2026-03-31.csv": "woocommerce-csv",
    "woocommerce/export-commandes-fr.csv": "woocommerce-csv",
    "woocommerce/orders-page-1.json": "woocommerce-json",
    "woocommerce/order-7030.json": "woocommerce-json",
    "prestashop/order_2026-04-02_101500.csv": "prestashop",
    "prestashop/order_2016-03-01_101010.csv": "prestashop",
    "prestashop/request_sql_2.csv": "prestashop",
    "prestashop/request_sql_1_latin1.csv": "prestashop",
    # Files with a missing column are still recognised, so the refusal can name the column.
    "bad/shopify_missing_columns.csv": "shopify",
    "bad/woocommerce_missing_column.csv": "woocommerce-csv",
    "bad/prestashop_missing_column.csv": "prestashop",
}


def test_every_order_fixture_is_listed() -> None:
    good = {str(p.relative_to(ORDER_FILES)) for p in ORDER_FILES.glob("*/*") if p.parent.name != "bad"}

    assert good - set(EXPECTED) == {"mapped/ventes-marche-mars.csv"}


@pytest.mark.parametrize(("relative", "name"), sorted(EXPECTED.items()))
def test_detect_picks_the_reader_of_each_export(relative: str, name: str) -> None:
    path = ORDER_FILES / relative

    assert detect(path.read_bytes(), path.name).name == name


@pytest.mark.parametrize(("relative", "message"), [
    ("bad/unknown_bank_statement.csv",
     "this file is not an order export Comptoir knows (Shopify, WooCommerce, PrestaShop). For another shop, "
     "import it as CSV with a column mapping."),
    ("mapped/ventes-marche-mars.csv",
     "this file is not an order export Comptoir knows (Shopify, WooCommerce, PrestaShop). For another shop, "
     "import it as CSV with a column mapping."),
    ("bad/empty.csv", "the file is empty."),
])
def test_unknown_files_are_refused(relative: str, message: str) -> None:
    path = ORDER_FILES / relative

    with pytest.raises(FileRefused) as caught:
        detect(path.read_bytes(), path.name)

    assert [(p.file, p.line, p.message) for p in caught.value.problems] == [(path.name, 0, message)]


def test_binary_data_is_not_recognised() -> None:
    with pytest.raises(FileRefused):
        detect(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)), "orders.xlsx")


def test_the_command_line_names_find_their_readers() -> None:
    assert set(readers()) == {"shopify", "woocommerce-csv", "woocommerce-json", "prestashop", "csv"}
    assert reader_named("shopify").name == "shopify"
    assert reader_named("csv").name == "csv"
    assert isinstance(reader_named("woocommerce"), ReaderFamily)


@pytest.mark.parametrize("relative", ["woocommerce/orders-export-2026-03-31.csv", "woocommerce/orders-page-1.json"])
def test_the_woocommerce_family_reads_both_of_its_formats(relative: str) -> None:
    path = ORDER_FILES / relative

    orders = reader_named("woocommerce").read(path.read_bytes(), path.name, ReadOptions())

    assert orders and all(order.shop == "woocommerce" for order in orders)


def test_a_family_refuses_a_file_of_another_shop() -> None:
    path = ORDER_FILES / "shopify/orders_export_1.csv"

    with pytest.raises(FileRefused) as caught:
        reader_named("woocommerce").read(path.read_bytes(), path.name, ReadOptions())

    assert caught.value.problems[0].message.startswith("this file is not a woocommerce order export Comptoir knows")


def test_an_unknown_format_name_lists_the_known_ones() -> None:
    with pytest.raises(FileRefused) as caught:
        reader_named("magento")

    assert caught.value.problems[0].message == (
        "unknown order format 'magento'; known formats: csv, prestashop, shopify, woocommerce, woocommerce-csv, "
        "woocommerce-json.")
