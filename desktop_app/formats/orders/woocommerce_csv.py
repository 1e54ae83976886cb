"""WooCommerce orders exported by the "Advanced Order Export For WooCommerce" plugin (CSV).

One row per product ("repeat as rows"); the order columns are either repeated on every product
row (the plugin's default) or blank on the rows after the first. Coupons may come as rows of their
own or beside the products. Labels are English or French. Money columns are WooCommerce's own,
tax-exclusive amounts ('Item Cost' is the unit price after coupons), so orders are read with
taxes_included False: lines + shipping + fees + 'Order Total Tax Amount' = 'Order Total Amount'.

The default 'Quantity (- Refund)' column leaves refunded items out; the reader prefers 'Quantity'
when the export has it, and says so when a refund makes an order not add up without it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from desktop_app.domain.money import ZERO, is_currency_code
from desktop_app.domain.orders import OrderLine, Refund, ShopOrder
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.common import (
    DamageWatch,
    Problems,
    SeenOrders,
    column_uses_decimal_comma,
    find_columns,
    header_keys,
    local_date,
    read_datetime,
    require_columns,
)
from desktop_app.formats.orders.woocommerce_csv_order import WooRowReader
from desktop_app.formats.orders.woocommerce_labels import ALIASES, REQUIRED
from desktop_app.formats.orders.woocommerce_status import woo_status
from desktop_app.formats.problems import Problem
from desktop_app.formats.text import header_key, is_blank, open_records
from desktop_app.i18n import N_, _

_MONEY_FIELDS = ("item_cost", "line_net", "line_tax", "shipping", "shipping_tax", "fees", "refund", "total",
                 "total_tax", "cart_discount", "subtotal", "coupon_amount")


def _keys(*fields: str) -> set[str]:
    return {header_key(name) for f in fields for name in ALIASES[f]}


_ORDER_KEYS, _STATUS_KEYS = _keys("order_number"), _keys("status")
_ITEM_KEYS = _keys("item_name", "quantity_net", "item_cost")


@dataclass(slots=True)
class _Group:
    number: str
    line: int
    first: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    valid: bool = True


class WooCommerceCsvReader:
    name = "woocommerce-csv"
    family = "woocommerce"
    label = N_("WooCommerce (Advanced Order Export CSV)")

    def recognises(self, data: bytes, file_name: str) -> bool:
        keys = header_keys(data)
        return all(keys & wanted for wanted in (_ORDER_KEYS, _STATUS_KEYS, _ITEM_KEYS))

    def read(self, data: bytes, file_name: str, options: ReadOptions) -> list[ShopOrder]:
        """Every order of the export, or FileRefused naming each bad cell."""
        records = open_records(data, file_name)
        problems = Problems(file_name)
        columns = find_columns(records.header, ALIASES)
        complete = require_columns(columns, REQUIRED, ALIASES, problems, records.header_line)
        complete &= self._require_one_of(columns, problems, records.header_line)
        rows = list(records) if complete else []
        problems.raise_if_any()
        decimal_comma = column_uses_decimal_comma(
            [cells for _, cells in rows], [columns[f] for f in _MONEY_FIELDS if f in columns])
        row_reader = WooRowReader(records.header, columns, problems, decimal_comma)
        orders = [order for group in self._groups(rows, records.header[columns["order_number"]], columns,
                                                  problems, records.problems)
                  if group.valid and (order := self._order(group, row_reader, options)) is not None]
        problems.extend(records.problems)
        if not orders and not problems:
            problems.add(0, "", _("the file holds no orders, only a header."))
        problems.raise_if_any()
        return orders

    def _require_one_of(self, columns: dict[str, int], problems: Problems, line: int) -> bool:
        complete = True
        for fields in (("quantity", "quantity_net"), ("line_net", "item_cost")):
            if not any(f in columns for f in fields):
                problems.add(line, "", _("one of the columns {names} is needed; export the orders again "
                                         "with it.").format(names=" / ".join(f"'{ALIASES[f][0]}'" for f in fields)))
                complete = False
        return complete

    def _groups(self, rows: list[tuple[int, list[str]]], number_column: str, columns: dict[str, int],
                problems: Problems, rejected: list[Problem]) -> list[_Group]:
        i_number = columns["order_number"]
        seen, damage = SeenOrders(problems), DamageWatch(rejected)
        groups: list[_Group] = []
        for line, cells in rows:
            if damage.before(line) and groups:
                groups[-1].valid = False   # a rejected row sits in this order: its sums cannot be checked
            number = cells[i_number].strip()
            if not number:
                if groups:
                    groups[-1].rows.append((line, cells))   # a continuation row with blank order columns
                elif not is_blank(cells):
                    problems.add(line, number_column, _(
                        "the order number is empty, so this row belongs to no order."))
                continue
            if not groups or number != groups[-1].number:
                groups.append(_Group(number, line, cells))
                groups[-1].valid = seen.is_new(number, number, line, number_column)
            groups[-1].rows.append((line, cells))
        if damage.before(sys.maxsize) and groups:
            groups[-1].valid = False
        return groups

    def _order(self, group: _Group, rows: WooRowReader, options: ReadOptions) -> ShopOrder | None:
        before = len(rows.problems.items)
        first, line = group.first, group.line
        ordered_at = read_datetime(rows.text(first, "date"), line, rows.name("date"), rows.problems,
                                   options.timezone, required=True)
        lines, codes = rows.lines(group.rows)
        amounts = rows.order_amounts(first, line)
        currency = rows.text(first, "currency").upper() or options.default_currency
        if not is_currency_code(currency):
            rows.problems.add(line, rows.name("currency"), _(
                "'{value}' is not a currency code (three letters such as EUR).").format(value=currency))
        if len(rows.problems.items) > before or ordered_at is None:
            return None
        return self._make_order(group, rows, options, ordered_at, currency, lines, codes, amounts)

    def _make_order(self, group: _Group, rows: WooRowReader, options: ReadOptions, ordered_at: datetime,
                    currency: str, lines: list[OrderLine], codes: list[str],
                    amounts: dict[str, Decimal]) -> ShopOrder:
        first = group.first
        fees = amounts["fees"]
        if fees > 0:
            lines.append(OrderLine(_("Fees"), Decimal(1), fees))
        refund_date = read_datetime(rows.text(first, "refund_date"), group.line, rows.name("refund_date"),
                                    rows.problems, options.timezone)
        refunded = amounts["refund"]
        status_label = rows.text(first, "status")
        order = ShopOrder(
            shop="woocommerce", reference=group.number, ordered_at=ordered_at,
            order_date=local_date(ordered_at, options.timezone), currency=currency, taxes_included=False,
            status=woo_status(status_label, rows.text(first, "payment_gateway"),
                              rows.text(first, "payment_title")),
            total=amounts["total"], total_tax=amounts["total_tax"], lines=tuple(lines),
            external_id=rows.text(first, "order_id"), shop_status=status_label,
            subtotal=sum((ln.total for ln in lines), ZERO), shipping=amounts["shipping"],
            shipping_tax=amounts["shipping_tax"] if rows.has("shipping_tax") else None,
            discount=-fees if fees < 0 else ZERO, discount_codes=", ".join(codes),
            refunds=(Refund(refunded, local_date(refund_date, options.timezone) if refund_date else None),)
            if refunded else (), refunded=refunded,
            payment_method=rows.text(first, "payment_title") or rows.text(first, "payment_gateway"),
            payment_reference=rows.text(first, "transaction_id"), email=rows.text(first, "billing_email"),
            vat_number=rows.text(first, "vat_number"), billing=rows.address(first, "billing"),
            shipping_address=rows.address(first, "shipping"), notes=rows.text(first, "note"),
            source_line=group.line)
        if order.billing.is_empty:
            order = replace(order, billing=order.shipping_address)
        rows.check(order, group.line)
        return order


READER = WooCommerceCsvReader()
