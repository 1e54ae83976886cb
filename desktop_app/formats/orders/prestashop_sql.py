"""PrestaShop orders from the SQL Manager export of `resources/prestashop_orders.sql`.

One row per order line (order_detail), the order's columns repeated on each of its rows. Amounts
are PrestaShop's, with 6 decimals; orders are read tax-inclusive (`*_tax_incl`), as the customer
paid them, with each line's VAT rate from order_detail_tax and its tax from incl − excl.
PrestaShop 8 writes this export with PHP's fputcsv (';', quotes only where needed); 1.6 quotes
every value and ends lines with ';'. Either encoding the SQL Manager offers (UTF-8, ISO-8859-1)
is read.
"""

from __future__ import annotations

import sys
from decimal import Decimal

from desktop_app.domain.money import ZERO, is_currency_code, round_amount
from desktop_app.domain.orders import OrderAddress, OrderLine, OrderStatus, Refund, ShopOrder
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.common import (
    DamageWatch,
    Problems,
    SeenOrders,
    check_order_adds_up,
    find_columns,
    local_date,
    read_amount,
    read_datetime,
    read_quantity,
    require_columns,
    trim_zeros,
    unit_and_discount,
)
from desktop_app.formats.orders.values import (
    NO_TAX,
    full_name,
    is_taxable,
    make_address,
    parse_rate,
    status_from_words,
)
from desktop_app.formats.text import Records, header_key, is_blank
from desktop_app.i18n import _

# The columns of resources/prestashop_orders.sql, in its order (the writer uses it too).
SQL_COLUMNS = (
    "id_order", "reference", "date_add", "currency", "order_state", "valid", "payment", "transaction_id",
    "email", *(f"{side}_{part}" for side in ("billing", "delivery")
               for part in ("firstname", "lastname", "company", "vat_number", "address1", "address2",
                            "postcode", "city", "country", "phone")),
    "total_discounts_tax_incl", "total_discounts_tax_excl", "total_shipping_tax_incl",
    "total_shipping_tax_excl", "total_wrapping_tax_incl", "total_wrapping_tax_excl", "total_paid_tax_incl",
    "total_paid_tax_excl", "refunded_tax_incl", "id_order_detail", "product_name", "product_reference",
    "product_quantity", "unit_price_tax_incl", "unit_price_tax_excl", "total_price_tax_incl",
    "total_price_tax_excl", "tax_rate")
ALIASES = {name: (name,) for name in SQL_COLUMNS}
REQUIRED = ("id_order", "reference", "date_add", "product_name", "product_quantity", "total_price_tax_incl",
            "total_paid_tax_incl", "total_paid_tax_excl")
SQL_SIGNATURE = {header_key(name) for name in ("id_order", "reference", "product_quantity",
                                               "total_paid_tax_incl")}


class _Cells:
    """Typed access to one row's cells by SQL column name; bad cells become problems."""

    def __init__(self, header: list[str], columns: dict[str, int], problems: Problems) -> None:
        self.header, self.columns, self.problems = header, columns, problems

    def name(self, field: str) -> str:
        index = self.columns.get(field)
        return self.header[index] if index is not None else field

    def text(self, cells: list[str], name: str) -> str:
        index = self.columns.get(name)
        return cells[index].strip() if index is not None else ""

    def amount(self, cells: list[str], line: int, name: str, default: Decimal | None = ZERO) -> Decimal:
        index = self.columns.get(name)
        if index is None:
            return ZERO
        return trim_zeros(read_amount(cells[index], line, self.header[index], self.problems, False, default))


def read_sql_export(records: Records, problems: Problems, options: ReadOptions) -> list[ShopOrder]:
    """The orders of an SQL Manager export, grouped by id_order (each order's rows are together)."""
    columns = find_columns(records.header, ALIASES)
    if not require_columns(columns, REQUIRED, ALIASES, problems, records.header_line):
        return []
    cells_of = _Cells(records.header, columns, problems)
    seen, damage = SeenOrders(problems), DamageWatch(records.problems)
    groups: list[list[tuple[int, list[str]]]] = []
    current, skipping, damaged = None, False, set()
    for line, cells in records:
        if is_blank(cells):
            continue
        if damage.before(line) and groups:
            damaged.add(len(groups) - 1)   # a rejected row sits in this order: its sums cannot be checked
        order_id = cells_of.text(cells, "id_order")
        if order_id != current:
            current = order_id
            skipping = not seen.is_new(order_id, cells_of.text(cells, "reference"), line, cells_of.name("id_order"))
            if not skipping:
                groups.append([])
        if not skipping:
            groups[-1].append((line, cells))
    if damage.before(sys.maxsize) and groups:
        damaged.add(len(groups) - 1)
    return [order for n, rows in enumerate(groups)
            if n not in damaged and (order := _order(rows, cells_of, options)) is not None]


def _order(rows: list[tuple[int, list[str]]], c: _Cells, options: ReadOptions) -> ShopOrder | None:
    before = len(c.problems.items)
    line, first = rows[0]
    ordered_at = read_datetime(c.text(first, "date_add"), line, c.name("date_add"), c.problems,
                               options.timezone, True)
    currency = c.text(first, "currency").upper() or options.default_currency
    if not is_currency_code(currency):
        c.problems.add(line, c.name("currency"), _("'{value}' is not a currency code (three letters such as EUR).")
                       .format(value=currency))
    lines = [_line(row_line, cells, c) for row_line, cells in rows]
    wrapping = c.amount(first, line, "total_wrapping_tax_incl")
    if wrapping:
        lines.append(OrderLine(_("Gift wrapping"), Decimal(1), wrapping, "", ZERO, None,
                               wrapping - c.amount(first, line, "total_wrapping_tax_excl")))
    total = c.amount(first, line, "total_paid_tax_incl", None)
    total_tax = total - c.amount(first, line, "total_paid_tax_excl", None)
    shipping = c.amount(first, line, "total_shipping_tax_incl")
    refunded = c.amount(first, line, "refunded_tax_incl")
    if len(c.problems.items) > before or ordered_at is None:
        return None
    billing, delivery = _address(first, c, "billing"), _address(first, c, "delivery")
    state = c.text(first, "order_state")
    order = ShopOrder(
        shop="prestashop", reference=c.text(first, "reference"), ordered_at=ordered_at,
        order_date=local_date(ordered_at, options.timezone), currency=currency, taxes_included=True,
        status=_status(state, c.text(first, "valid")), total=total, total_tax=total_tax, lines=tuple(lines),
        external_id=c.text(first, "id_order"), shop_status=state, subtotal=sum((ln.total for ln in lines), ZERO),
        shipping=shipping, shipping_tax=shipping - c.amount(first, line, "total_shipping_tax_excl"),
        discount=c.amount(first, line, "total_discounts_tax_incl"), refunds=(Refund(refunded),) if refunded else (),
        refunded=refunded, payment_method=c.text(first, "payment"),
        payment_reference=c.text(first, "transaction_id"), email=c.text(first, "email"),
        vat_number=c.text(first, "billing_vat_number"), billing=billing if not billing.is_empty else delivery,
        shipping_address=delivery, source_line=line)
    check_order_adds_up(order, c.problems, line)
    return order


def _line(line: int, cells: list[str], c: _Cells) -> OrderLine:
    index = c.columns["product_quantity"]
    quantity = read_quantity(cells[index], line, c.header[index], c.problems)
    total = c.amount(cells, line, "total_price_tax_incl", None)
    unit = c.amount(cells, line, "unit_price_tax_incl")
    discount = ZERO
    if quantity * unit != total:   # the unit price is rounded: rebuild the one the total implies
        unit, discount = unit_and_discount(quantity, total, total)
    tax = round_amount(total - c.amount(cells, line, "total_price_tax_excl", total))   # excl keeps 6 decimals
    rate = parse_rate(c.text(cells, "tax_rate"))
    if rate is None and not tax:
        rate = NO_TAX
    return OrderLine(c.text(cells, "product_name"), quantity, unit, c.text(cells, "product_reference"),
                     discount, rate, tax, is_taxable(rate, tax))


def _status(state: str, valid: str) -> OrderStatus:
    # The state's name says cancelled or refunded; `valid` (1 once paid) settles the rest, whatever
    # the name of a shop's own states.
    found = status_from_words(state)
    if found in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        return found
    if valid == "1":
        return OrderStatus.PAID
    return found or OrderStatus.AWAITING_PAYMENT


def _address(cells: list[str], c: _Cells, side: str) -> OrderAddress:
    def part(name: str) -> str:
        return c.text(cells, f"{side}_{name}")

    return make_address(name=full_name(part("firstname"), part("lastname")), company=part("company"),
                        line1=part("address1"), line2=part("address2"), postcode=part("postcode"),
                        city=part("city"), country=part("country"), phone=part("phone"))
