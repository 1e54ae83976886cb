"""Reading one order of a mapped CSV: cells found through the user's mapping, typed, checked."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from desktop_app.domain.money import ZERO, is_currency_code
from desktop_app.domain.orders import OrderLine, OrderStatus, ShopOrder
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.common import (
    Problems,
    check_order_adds_up,
    local_date,
    read_amount,
    read_datetime,
    read_quantity,
)
from desktop_app.formats.orders.mapping_targets import TARGETS_BY_KEY, flag
from desktop_app.formats.orders.values import make_address, parse_rate, status_from_words
from desktop_app.formats.text import header_key
from desktop_app.i18n import _

Rows = list[tuple[int, list[str]]]


class MappedRows:
    """The file's columns as the mapping names them, with the mapping's settings."""

    def __init__(self, header: list[str], mapping: Mapping[str, str], problems: Problems,
                 options: ReadOptions) -> None:
        positions: dict[str, int] = {}
        for index, name in enumerate(header):
            positions.setdefault(header_key(name), index)
        self.header = header
        self.problems = problems
        self.options = options
        self.columns = {key: positions[header_key(column)] for key, column in mapping.items()
                        if key in TARGETS_BY_KEY and column.strip() and header_key(column) in positions}
        included = flag(mapping.get("taxes_included"))
        self.taxes_included = included if included is not None else (
            options.taxes_included if options.taxes_included is not None else True)
        self.date_format = mapping.get("date_format", "").strip()
        self.shop = mapping.get("shop", "").strip() or "csv"
        self.default_currency = mapping.get("default_currency", "").strip().upper() or options.default_currency
        self.decimal_comma = False

    def name(self, key: str) -> str:
        index = self.columns.get(key)
        return self.header[index] if index is not None else TARGETS_BY_KEY[key].label

    def text(self, cells: list[str], key: str) -> str:
        index = self.columns.get(key)
        return cells[index].strip() if index is not None else ""

    def amount_columns(self) -> list[int]:
        return [index for key, index in self.columns.items() if TARGETS_BY_KEY[key].kind == "amount"]

    def amount(self, cells: list[str], line: int, key: str, default: Decimal | None = ZERO) -> Decimal:
        index = self.columns.get(key)
        if index is None:
            return ZERO
        return read_amount(cells[index], line, self.header[index], self.problems, self.decimal_comma, default)

    def moment(self, cells: list[str], line: int) -> datetime | None:
        text = self.text(cells, "date")
        if not self.date_format or not text:
            return read_datetime(text, line, self.name("date"), self.problems, self.options.timezone, True)
        try:
            value = datetime.strptime(text, self.date_format)  # noqa: DTZ007 - zone set below
        except ValueError:
            self.problems.add(line, self.name("date"), _("'{value}' does not match the date format {pattern}.")
                              .format(value=text, pattern=self.date_format))
            return None
        return value if value.tzinfo else value.replace(tzinfo=self.options.timezone)

    def rate(self, cells: list[str], line: int) -> Decimal | None:
        text = self.text(cells, "vat_rate")
        rate = parse_rate(text)
        if text and rate is None:
            self.problems.add(line, self.name("vat_rate"), _("'{value}' is not a VAT rate in percent.")
                              .format(value=text))
        return rate

    def line(self, cells: list[str], line: int) -> OrderLine:
        index = self.columns["quantity"]
        quantity = read_quantity(cells[index], line, self.header[index], self.problems, self.decimal_comma)
        return OrderLine(self.text(cells, "description"), quantity, self.amount(cells, line, "unit_price", None),
                         self.text(cells, "sku"), self.amount(cells, line, "line_discount"),
                         self.rate(cells, line))


def build_order(rows: Rows, cells_of: MappedRows) -> ShopOrder | None:
    """The order of a group of rows (its fields from the first), or None after noting its problems."""
    before = len(cells_of.problems.items)
    line, first = rows[0]
    ordered_at = cells_of.moment(first, line)
    lines = tuple(cells_of.line(cells, row_line) for row_line, cells in rows)
    currency = cells_of.text(first, "currency").upper() or cells_of.default_currency
    if not is_currency_code(currency):
        cells_of.problems.add(line, cells_of.name("currency"), _(
            "'{value}' is not a currency code (three letters such as EUR).").format(value=currency))
    shipping = cells_of.amount(first, line, "shipping")
    discount = cells_of.amount(first, line, "order_discount")
    total_tax = cells_of.amount(first, line, "total_tax")
    lines_total = sum((ln.total for ln in lines), ZERO)
    stated = "total" in cells_of.columns
    total = cells_of.amount(first, line, "total", None) if stated else (
        lines_total + shipping - discount + (ZERO if cells_of.taxes_included else total_tax))
    if len(cells_of.problems.items) > before or ordered_at is None:
        return None
    order = _order(cells_of, first, line, ordered_at, currency, lines, shipping, discount, total, total_tax)
    if stated:
        check_order_adds_up(order, cells_of.problems, line)
    return order


def _order(c: MappedRows, first: list[str], line: int, ordered_at: datetime, currency: str,
           lines: tuple[OrderLine, ...], shipping: Decimal, discount: Decimal, total: Decimal,
           total_tax: Decimal) -> ShopOrder:
    status = c.text(first, "status")
    billing = make_address(name=c.text(first, "customer_name"), company=c.text(first, "customer_company"),
                           line1=c.text(first, "billing_line1"), line2=c.text(first, "billing_line2"),
                           postcode=c.text(first, "billing_postcode"), city=c.text(first, "billing_city"),
                           country=c.text(first, "country") or c.options.default_country)
    return ShopOrder(
        shop=c.shop, reference=c.text(first, "reference"), ordered_at=ordered_at,
        order_date=local_date(ordered_at, c.options.timezone), currency=currency,
        taxes_included=c.taxes_included, status=status_from_words(status) or OrderStatus.AWAITING_PAYMENT,
        total=total, total_tax=total_tax, lines=lines, shop_status=status,
        subtotal=sum((ln.total for ln in lines), ZERO), shipping=shipping, discount=discount,
        payment_method=c.text(first, "payment_method"), email=c.text(first, "customer_email"),
        vat_number=c.text(first, "customer_vat_number"), billing=billing, shipping_address=billing,
        source_line=line)
