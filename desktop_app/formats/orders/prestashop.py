"""PrestaShop orders: the back office's "Orders > Export" CSV, and the richer SQL Manager export.

Back-office export (Commandes > Exporter): 1.7.7+/8.x write `;`-separated UTF-8 without BOM, raw
totals with 6 decimals ('52.800000'); 1.5/1.6 write a BOM, quote every value, end each line with
';' and may format the total ('52,80 €'). Labels follow the back office's language (French or
English), and files re-saved on Windows arrive in CP1252. This export has no lines, no VAT, no
shipping or discount split: each order becomes ONE line "Order <reference>" for its whole total,
tax-inclusive, with vat_rate None (the importing service applies the shop's default rate) and a
total_tax of 0, since the file states none.

SQL Manager export (Paramètres avancés > Base de données > Gestionnaire SQL): the query shipped in
`resources/prestashop_orders.sql` gives one row per order line with VAT rates, shipping,
discounts, gift wrapping and refunds (credit slips); see prestashop_sql.py.

The order reference is PrestaShop's 9-letter `reference` (what customers quote on bank
transfers); `id_order` is kept as the external id. Orders of one cart split across carriers share
a reference: they are then told apart as 'REFERENCE-<id_order>'.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from desktop_app.domain.money import ZERO
from desktop_app.domain.orders import OrderAddress, OrderLine, OrderStatus, ShopOrder
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.common import (
    Problems,
    SeenOrders,
    cell,
    check_order_adds_up,
    column_uses_decimal_comma,
    find_columns,
    header_keys,
    local_date,
    read_amount,
    read_datetime,
    require_columns,
    trim_zeros,
)
from desktop_app.formats.orders.prestashop_sql import SQL_SIGNATURE, read_sql_export
from desktop_app.formats.orders.values import make_address, status_from_words
from desktop_app.formats.text import Records, header_key, is_blank, open_records
from desktop_app.i18n import N_, _

ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("ID", "Id commande"), "reference": ("Reference", "Référence"),
    "new": ("New client", "Nouveau client"), "country": ("Delivery", "Livraison"),
    "customer": ("Customer", "Client"), "total": ("Total", "Total payé"),
    "payment": ("Payment", "Paiement"), "status": ("Status", "État", "Etat", "Statut"),
    "date": ("Date",), "company": ("Company", "Société"),
}
REQUIRED = ("id", "reference", "total", "status", "date")
_BACK_OFFICE_SIGNATURES = ({"id"}, {"reference"}, {"status", "etat", "statut"},
                           {"payment", "paiement", "delivery", "livraison"})
_CURRENCY_SIGNS = {"€": "EUR", "£": "GBP", "$": "USD", "CHF": "CHF"}
_CURRENCY_CODE = re.compile(r"\b([A-Z]{3})\b")


class PrestaShopReader:
    name = "prestashop"
    label = N_("PrestaShop (Orders export, SQL Manager export)")

    def recognises(self, data: bytes, file_name: str) -> bool:
        keys = header_keys(data)
        return SQL_SIGNATURE.issubset(keys) or all(keys & wanted for wanted in _BACK_OFFICE_SIGNATURES)

    def read(self, data: bytes, file_name: str, options: ReadOptions) -> list[ShopOrder]:
        """Every order of the export, or FileRefused naming each bad cell."""
        records = open_records(data, file_name)
        problems = Problems(file_name)
        if SQL_SIGNATURE.issubset({header_key(name) for name in records.header}):
            orders = read_sql_export(records, problems, options)
        else:
            orders = self._back_office(records, problems, options)
        problems.extend(records.problems)
        if not orders and not problems:
            problems.add(0, "", _("the file holds no orders, only a header."))
        problems.raise_if_any()
        return tell_shared_references_apart(orders)

    def _back_office(self, records: Records, problems: Problems, options: ReadOptions) -> list[ShopOrder]:
        columns = find_columns(records.header, ALIASES)
        if not require_columns(columns, REQUIRED, ALIASES, problems, records.header_line):
            return []
        rows = [(line, cells) for line, cells in records if not is_blank(cells)]
        decimal_comma = column_uses_decimal_comma([cells for _, cells in rows], [columns["total"]])
        seen = SeenOrders(problems)
        orders = []
        for line, cells in rows:
            order = self._order(line, cells, records.header, columns, problems, options, decimal_comma)
            if order is not None and seen.is_new(order.external_id, order.reference, line,
                                                 records.header[columns["id"]]):
                orders.append(order)
        return orders

    def _order(self, line: int, cells: list[str], header: list[str], columns: dict[str, int],
               problems: Problems, options: ReadOptions, decimal_comma: bool) -> ShopOrder | None:
        before = len(problems.items)
        reference = cell(cells, columns["reference"])
        if not reference:
            problems.add(line, header[columns["reference"]], _("the order reference is empty."))
        raw_total = cells[columns["total"]]
        total = trim_zeros(read_amount(raw_total, line, header[columns["total"]], problems, decimal_comma, None))
        ordered_at = read_datetime(cells[columns["date"]], line, header[columns["date"]], problems,
                                   options.timezone, required=True)
        if len(problems.items) > before or ordered_at is None:
            return None
        return self._make_order(line, cells, columns, options, reference, total, raw_total, ordered_at,
                                problems)

    def _make_order(self, line: int, cells: list[str], columns: dict[str, int], options: ReadOptions,
                    reference: str, total: Decimal, raw_total: str, ordered_at: datetime,
                    problems: Problems) -> ShopOrder:
        customer, company = cell(cells, columns.get("customer")), cell(cells, columns.get("company"))
        status_label = cell(cells, columns["status"])
        order = ShopOrder(
            shop="prestashop", reference=reference, ordered_at=ordered_at,
            order_date=local_date(ordered_at, options.timezone),
            currency=_currency_of(raw_total) or options.default_currency, taxes_included=True,
            status=status_from_words(status_label) or OrderStatus.AWAITING_PAYMENT, total=total,
            total_tax=ZERO, lines=(OrderLine(_("Order {reference}").format(reference=reference), Decimal(1),
                                             total),),
            external_id=cell(cells, columns["id"]), shop_status=status_label, subtotal=total,
            payment_method=cell(cells, columns.get("payment")),
            billing=OrderAddress(name=customer, company=company),
            shipping_address=make_address(name=customer, company=company,
                                          country=cell(cells, columns.get("country"))),
            source_line=line)
        check_order_adds_up(order, problems, line)
        return order


def _currency_of(raw_total: str) -> str:
    """The currency a formatted total shows ('52,80 €' -> EUR), '' for a bare number."""
    for sign, code in _CURRENCY_SIGNS.items():
        if sign in raw_total:
            return code
    found = _CURRENCY_CODE.search(raw_total)
    return found.group(1) if found else ""


def tell_shared_references_apart(orders: list[ShopOrder]) -> list[ShopOrder]:
    """Orders of one cart split by carrier share a reference: suffix each with its id_order."""
    counts = Counter(order.reference for order in orders)
    return [replace(order, reference=f"{order.reference}-{order.external_id}")
            if counts[order.reference] > 1 else order for order in orders]


READER = PrestaShopReader()
