"""Any CSV read through a column mapping the user built (a market stall's sales sheet here)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from desktop_app.domain.orders import OrderAddress, OrderLine, OrderStatus
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.mapped_csv import MAPPING_SETTINGS, MAPPING_TARGETS, READER, validate_mapping
from desktop_app.formats.problems import FileRefused, Problem
from tests.formats.conftest import ORDER_FILES, by_reference, total_of

D = Decimal
SALES = ORDER_FILES / "mapped" / "ventes-marche-mars.csv"
MAPPING = {
    "reference": "N° vente", "date": "Date", "customer_name": "Client", "customer_company": "Société",
    "customer_email": "E-mail", "billing_line1": "Adresse", "billing_postcode": "CP", "billing_city": "Ville",
    "country": "Pays", "description": "Article", "sku": "Réf.", "quantity": "Qté", "unit_price": "PU TTC",
    "line_discount": "Remise", "vat_rate": "TVA %", "shipping": "Port", "total": "Total TTC", "status": "Statut",
    "payment_method": "Règlement", "date_format": "%d/%m/%Y %H:%M", "shop": "Marché de Noël",
    "taxes_included": "true",
}


def _read(mapping: dict[str, str], data: bytes | None = None) -> list:
    return READER.read(SALES.read_bytes() if data is None else data, SALES.name, ReadOptions(mapping=mapping))


def _refused(mapping: dict[str, str], data: bytes | None = None) -> list[Problem]:
    with pytest.raises(FileRefused) as caught:
        _read(mapping, data)
    return caught.value.problems


def test_latin1_semicolon_decimal_comma_sheet_read_through_the_mapping() -> None:
    orders = by_reference(_read(MAPPING))
    first = orders["V-0001"]

    assert first.shop == "Marché de Noël"
    assert first.lines == (
        OrderLine("Savon artisanal", D(3), D("4.50"), "SAV-01", D("0.00"), D(20)),
        OrderLine("Porte-savon en bois", D(1), D("6.50"), "PS-02", D("1.00"), D(20)))   # blank reference: same order
    assert (first.shipping, first.total, first.taxes_included) == (D("3.90"), D("22.90"), True)
    assert first.ordered_at == datetime(2026, 3, 2, 14, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert first.billing == OrderAddress("Gérard Lenoir", "", "5, chemin des Prés", "", "07000", "Privas", "", "FR")
    assert (first.status, first.payment_method, first.email) == (OrderStatus.PAID, "Carte", "gerard.lenoir@example.fr")
    second = orders["V-0002"]
    assert (second.status, second.billing.country, second.customer_name) == (
        OrderStatus.AWAITING_PAYMENT, "DK", "Fjord ApS")
    assert second.billing.name == "Søren Ødegaard"
    assert total_of(list(orders.values())) == D("51.90")


def test_dates_are_recognised_without_a_format() -> None:
    mapping = {key: value for key, value in MAPPING.items() if key != "date_format"}

    assert _read(mapping)[1].ordered_at == datetime(2026, 3, 3, 9, 5, tzinfo=ZoneInfo("Europe/Paris"))


def test_without_a_total_column_the_total_is_the_lines_own() -> None:
    mapping = {key: value for key, value in MAPPING.items() if key != "total"}

    assert [o.total for o in _read(mapping)] == [D("22.90"), D("29.00")]


def test_a_total_that_does_not_add_up_is_refused() -> None:
    data = SALES.read_bytes().replace(b";22,90;", b";21,90;")

    assert [(p.line, p.message) for p in _refused(MAPPING, data)] == [
        (2, "order V-0001 does not add up: its lines, shipping and discounts come to 22.90, but the file states a "
            "total of 21.90.")]


def test_bad_cells_are_named_by_their_column() -> None:
    data = SALES.read_bytes().replace(b";4,50;", b";4,5O;").replace(b";20;3,90;", b";vingt;3,90;")

    assert [(p.line, p.column, p.message) for p in _refused(MAPPING, data)] == [
        (2, "PU TTC", "'4,5O' is not a number"), (2, "TVA %", "'vingt' is not a VAT rate in percent.")]


def test_a_date_not_in_the_given_format() -> None:
    mapping = dict(MAPPING, date_format="%Y-%m-%d")

    problems = _refused(mapping)

    assert (problems[0].line, problems[0].column, problems[0].message) == (
        2, "Date", "'02/03/2026 14:30' does not match the date format %Y-%m-%d.")


def test_the_same_order_twice_is_refused() -> None:
    again = "V-0001;02/03/2026 14:30;Gérard Lenoir;;;;;;;Savon;S;1;4,50;0;20;0;4,50;Payée;\r\n"
    data = SALES.read_bytes() + again.encode("cp1252")

    assert [(p.line, p.column) for p in _refused(MAPPING, data)] == [(5, "N° vente")]


def test_targets_and_settings_for_the_mapping_editor() -> None:
    assert {t.key for t in MAPPING_TARGETS if t.required} == {"reference", "date", "description", "quantity",
                                                               "unit_price"}
    assert [t.label for t in MAPPING_TARGETS][:2] == ["Order reference", "Order date"]
    assert {s.key for s in MAPPING_SETTINGS} == {"decimal_comma", "date_format", "taxes_included",
                                                 "default_currency", "shop"}


def test_validate_mapping_names_every_mistake() -> None:
    mapping = {"reference": "N° vente", "date": "Jour", "quantity": "Qté", "colour": "Couleur",
               "decimal_comma": "maybe", "date_format": "%H:%M", "default_currency": "euro",
               "taxes_included": "false", "total": "Total TTC"}

    problems = validate_mapping(mapping, ["N° vente", "Date", "Qté", "Total TTC"], "v.csv")

    assert [(p.column, p.message) for p in problems] == [
        ("colour", "'colour' is not a field Comptoir reads."),
        ("description", "'Line description' must be mapped to a column."),
        ("unit_price", "'Unit price' must be mapped to a column."),
        ("decimal_comma", "'maybe' is not a choice for 'Decimal comma (12,50)' (auto, true, false)."),
        ("date_format", "'%H:%M' is not a date format giving day, month and year (for example %d/%m/%Y)."),
        ("default_currency", "'euro' is not a currency code (three letters such as EUR)."),
        ("total_tax", "prices exclude VAT, so the order total includes it: map 'Total VAT' as well."),
        ("date", "the column 'Jour' (for 'Order date') is not in the file."),
    ]


def test_a_complete_mapping_has_no_problem() -> None:
    assert validate_mapping(MAPPING) == []


def test_only_chosen_by_name_and_never_without_a_mapping() -> None:
    assert READER.recognises(SALES.read_bytes(), SALES.name) is False
    with pytest.raises(FileRefused) as caught:
        READER.read(SALES.read_bytes(), SALES.name, ReadOptions())

    assert [p.message for p in caught.value.problems] == ["no column mapping was given for this CSV file."]
