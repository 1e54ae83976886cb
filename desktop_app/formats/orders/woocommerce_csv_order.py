"""Reading the cells of one WooCommerce plugin-CSV order: its product rows, amounts and addresses."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.domain.money import ZERO
from desktop_app.domain.orders import OrderAddress, OrderLine, ShopOrder
from desktop_app.formats.orders.common import (
    Problems,
    check_order_adds_up,
    read_amount,
    read_quantity,
    unit_and_discount,
)
from desktop_app.formats.orders.values import full_name, is_taxable, make_address, parse_rate, rate_reproducing
from desktop_app.i18n import _

_ORDER_AMOUNTS = ("shipping", "shipping_tax", "fees", "refund", "total_tax")


class WooRowReader:
    """Typed access to the cells of the plugin's rows, noting every bad cell as a problem."""

    def __init__(self, header: list[str], columns: dict[str, int], problems: Problems,
                 decimal_comma: bool) -> None:
        self.header = header
        self.columns = columns
        self.problems = problems
        self.decimal_comma = decimal_comma

    def has(self, field: str) -> bool:
        return field in self.columns

    def name(self, field: str) -> str:
        index = self.columns.get(field)
        return self.header[index] if index is not None else ""

    def text(self, cells: list[str], field: str) -> str:
        index = self.columns.get(field)
        return cells[index].strip() if index is not None else ""

    def amount(self, cells: list[str], line: int, field: str, default: Decimal | None = ZERO) -> Decimal:
        index = self.columns.get(field)
        if index is None:
            return ZERO
        return read_amount(cells[index], line, self.header[index], self.problems, self.decimal_comma, default)

    def order_amounts(self, first: list[str], line: int) -> dict[str, Decimal]:
        """The order-level amounts, from the order's first row (other rows repeat them: never summed)."""
        found = {name: self.amount(first, line, name) for name in _ORDER_AMOUNTS}
        found["total"] = self.amount(first, line, "total", None)
        return found

    def lines(self, rows: list[tuple[int, list[str]]]) -> tuple[list[OrderLine], list[str]]:
        """The product lines and coupon codes of an order's rows (a row may hold one, the other, both)."""
        lines: list[OrderLine] = []
        codes: list[str] = []
        seen_items: set[str] = set()
        for line, cells in rows:
            code = self.text(cells, "coupon_code")
            if code and code not in codes:
                codes.append(code)
            item = self.text(cells, "item_number")
            if not self.text(cells, "item_name") or (item and item in seen_items):
                continue   # a coupon row, or a product repeated beside a second coupon
            seen_items.add(item)
            lines.append(self._line(cells, line))
        return lines, codes

    def _line(self, cells: list[str], line: int) -> OrderLine:
        field = "quantity" if self.has("quantity") else "quantity_net"
        index = self.columns[field]
        quantity = read_quantity(cells[index], line, self.header[index], self.problems, self.decimal_comma)
        tax = self.amount(cells, line, "line_tax") if self.has("line_tax") else None
        if self.has("line_net"):
            net = self.amount(cells, line, "line_net", None)
            unit, discount = unit_and_discount(quantity, net, net)
        else:
            unit, discount = self.amount(cells, line, "item_cost", None), ZERO
            net = quantity * unit
        rate = parse_rate(self.text(cells, "item_tax_rate"))
        if rate is None and tax is not None:
            rate = rate_reproducing(net, tax)
        return OrderLine(self.text(cells, "item_name"), quantity, unit, self.text(cells, "sku"), discount,
                         rate, tax, is_taxable(rate, tax))

    def address(self, cells: list[str], side: str) -> OrderAddress:
        def part(name: str) -> str:
            return self.text(cells, f"{side}_{name}")

        return make_address(
            name=part("full_name") or full_name(part("first_name"), part("last_name")), company=part("company"),
            line1=part("address") or part("address_1"), line2="" if part("address") else part("address_2"),
            postcode=part("postcode"), city=part("city"), region=part("state"), country=part("country"),
            phone=part("phone"))

    def check(self, order: ShopOrder, line: int) -> None:
        """The order must add up; say which missing column would let it when that is the likely cause."""
        hint = ""
        if not self.has("quantity") and order.refunded:
            hint = _("The quantities in '{column}' leave out refunded items: add the column 'Quantity' to "
                     "the export.").format(column=self.name("quantity_net"))
        elif not self.has("line_net"):
            hint = _("'{column}' is rounded to the cent: add the column 'Order Line (w/o tax)' to the "
                     "export for exact line totals.").format(column=self.name("item_cost"))
        check_order_adds_up(order, self.problems, line, hint)
