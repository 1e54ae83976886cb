"""One Shopify order from its rows: the first row's order fields, every row's line item.

This runs 100,000 times for a large export, so cells are reached by precomputed position and
plain amounts ('12.50') become Decimals without a detour; anything unusual takes the careful path
of common.read_amount, which names the bad cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from operator import is_not, itemgetter
from typing import cast

from desktop_app.domain.money import ZERO, is_currency_code
from desktop_app.domain.orders import OrderAddress, OrderLine, OrderStatus, Refund, ShopOrder, TaxLine
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.common import (
    Problems,
    check_order_adds_up,
    local_date,
    read_amount,
    read_datetime,
    read_quantity,
)
from desktop_app.formats.orders.values import NO_TAX, make_address, rate_from_name, status_from_words
from desktop_app.formats.orders.vat_assign import LineRates
from desktop_app.formats.text import PLAIN_NUMBER_CHARS, Rows, looks_like_scientific
from desktop_app.i18n import _

_ADDRESS_PARTS = ("Name", "Company", "Address1", "Address2", "Street", "Zip", "City", "Province",
                  "Province Name", "Country", "Phone")
_PART_KEYS = tuple(part.lower().replace(" ", "_") for part in _ADDRESS_PARTS)

# Field -> the names Shopify has used for its column (header drift across versions and apps).
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("Name",), "email": ("Email",), "financial_status": ("Financial Status",),
    "paid_at": ("Paid at",), "fulfilled_at": ("Fulfilled at", "Fulfillment Date", "Fulfilled Date"),
    "currency": ("Currency",), "subtotal": ("Subtotal",), "shipping": ("Shipping",), "taxes": ("Taxes",),
    "total": ("Total",), "discount_code": ("Discount Code",), "discount_amount": ("Discount Amount",),
    "created_at": ("Created at",), "lineitem_quantity": ("Lineitem quantity",),
    "lineitem_name": ("Lineitem name",), "lineitem_price": ("Lineitem price",),
    "lineitem_sku": ("Lineitem sku",), "lineitem_taxable": ("Lineitem taxable",),
    "lineitem_discount": ("Lineitem discount",), "notes": ("Notes",), "cancelled_at": ("Cancelled at",),
    "payment_method": ("Payment Method",), "payment_reference": ("Payment Reference",),
    "payment_id": ("Payment ID",), "payment_references": ("Payment References",),
    "refunded_amount": ("Refunded Amount",), "id": ("Id", "ID", "Order ID"), "phone": ("Phone",),
    **{f"tax{n}_name": (f"Tax {n} Name",) for n in range(1, 6)},
    **{f"tax{n}_value": (f"Tax {n} Value",) for n in range(1, 6)},
    **{f"{side}_{key}": (f"{side.title()} {part}",)
       for side in ("billing", "shipping") for part, key in zip(_ADDRESS_PARTS, _PART_KEYS)},
}
REQUIRED = ("name", "financial_status", "currency", "subtotal", "shipping", "taxes", "total", "created_at",
            "lineitem_quantity", "lineitem_name", "lineitem_price")

_FINANCIAL = {
    "paid": OrderStatus.PAID, "partially_refunded": OrderStatus.PAID,
    "pending": OrderStatus.AWAITING_PAYMENT, "authorized": OrderStatus.AWAITING_PAYMENT,
    "partially_paid": OrderStatus.AWAITING_PAYMENT, "voided": OrderStatus.CANCELLED,
    "expired": OrderStatus.CANCELLED, "refunded": OrderStatus.REFUNDED,
}
_NOT_TAXABLE = ("false", "no", "0")
_is_not_none = partial(is_not, None)

# A line item as read: name, quantity, unit price, sku, line discount, taxable.
_Item = tuple[str, Decimal, Decimal, str, Decimal, bool]

# subtotal, shipping, taxes, total, discount amount, refunded amount
_Amounts = tuple[Decimal, Decimal, Decimal, Decimal, Decimal, Decimal]
_AMOUNT_FIELDS = ("subtotal", "shipping", "taxes", "total", "discount_amount", "refunded_amount")
_DATE_FIELDS = ("created_at", "cancelled_at", "paid_at", "fulfilled_at")
# Text of the order row fetched at once: these, then both addresses' parts.
_TEXT_FIELDS = ("financial_status", "discount_code", "payment_method", "payment_reference", "payment_id",
                "payment_references", "email", "notes", *(f"{side}_{key}" for side in ("billing", "shipping")
                                                          for key in _PART_KEYS), "currency", "id")
_CURRENCY, _ID = len(_TEXT_FIELDS) - 2, len(_TEXT_FIELDS) - 1


class _PlainAmounts(dict[str, Decimal | None]):
    """'12.50' -> Decimal, remembered: an export repeats the same few amounts ('0.00', '4.90')
    thousands of times. None for anything the careful parser must see (and maybe report)."""

    def __init__(self, decimal_comma: bool) -> None:
        super().__init__()
        self.decimal_comma = decimal_comma

    def __missing__(self, raw: str) -> Decimal | None:
        value = None
        if raw and not self.decimal_comma and raw.isascii() and not raw.translate(PLAIN_NUMBER_CHARS):
            try:
                value = Decimal(raw)
            except InvalidOperation:
                value = None
        if len(self) < 100_000:
            self[raw] = value
        return value


class ShopifyOrderBuilder:
    """Turns the rows of one order into a ShopOrder, noting every bad cell as a problem."""

    def __init__(self, header: list[str], columns: dict[str, int], problems: Problems,
                 options: ReadOptions, decimal_comma: bool, taxes_included: bool = True) -> None:
        self.header = header
        self.columns = columns
        self.problems = problems
        self.options = options
        self.decimal_comma = decimal_comma
        self.fast = _PlainAmounts(decimal_comma).__getitem__
        # Tax-inclusive unless the file's own amounts say otherwise; an order whose amounts cannot tell
        # follows the last one that could (`entry_used`: one did before any could).
        self.last_verdict = taxes_included
        self.decided = False
        self.entry_used = False
        self.rates = LineRates()
        # A column the export lacks points at the "" appended to each order row (see build()).
        self.width = len(header)
        self.at = {name: columns.get(name, self.width) for name in ALIASES}
        self.timezone = options.timezone
        # The order row's cells are fetched by one C call per group of fields.
        self._amount_cells = itemgetter(*(self.at[name] for name in _AMOUNT_FIELDS))
        self._date_cells = itemgetter(*(self.at[name] for name in _DATE_FIELDS))
        self._text_cells = itemgetter(*(self.at[name] for name in _TEXT_FIELDS))
        self._taxes = [(self.at[f"tax{n}_name"], self.at[f"tax{n}_value"]) for n in range(1, 6)]

    def column_name(self, name: str) -> str:
        index = self.at[name]
        return self.header[index] if index < self.width else ALIASES[name][0]

    def build(self, name: str, rows: Rows) -> ShopOrder | None:
        """The order of one run of rows (the first is the order row), or None after noting problems."""
        before = len(self.problems.items)
        line, first = rows[0]
        first.append("")   # the cell of every column this export lacks
        amounts = self._amounts(first, line)
        texts = tuple(map(str.strip, self._text_cells(first)))
        dates = self._dates(first, line)
        currency = self._currency(texts[_CURRENCY], line)
        external_id = self._external_id(texts[_ID], line)
        tax_lines = self._tax_lines(first, line)
        items = self._lines(rows)
        created = dates[0]
        if len(self.problems.items) > before or created is None:
            return None
        return self._order(name, line, amounts, texts, (created, *dates[1:]), currency, external_id, tax_lines,
                           items)

    def _order(self, name: str, line: int, amounts: _Amounts, texts: tuple[str, ...],
               dates: tuple[datetime, datetime | None, datetime | None, datetime | None], currency: str,
               external_id: str, tax_lines: tuple[TaxLine, ...], items: list[_Item]) -> ShopOrder:
        subtotal, shipping, taxes, total, _discount_amount, refunded = amounts
        totals = [quantity * price - discount for _, quantity, price, _, discount, _ in items]
        line_totals = sum(totals, ZERO)
        included = self._taxes_included(subtotal, shipping, taxes, total)
        discount = self._order_discount(amounts, items, line_totals, included)
        lines = tuple([OrderLine(description, quantity, price, sku, line_discount, rate, None, taxable)
                       for (description, quantity, price, sku, line_discount, taxable), rate
                       in zip(items, self._rates(totals, items, tax_lines, shipping - discount, included))])
        created, cancelled_at, paid_at, fulfilled_at = dates
        status_text, codes, method, reference, payment_id, references, email, notes = texts[:8]
        billing, shipping_address = _addresses(texts[8:])
        order = ShopOrder(
            shop="shopify", reference=name, ordered_at=created, order_date=local_date(created, self.timezone),
            currency=currency, taxes_included=included, status=self._status(status_text, cancelled_at, total),
            total=total, total_tax=taxes, lines=lines, external_id=external_id, shop_status=status_text,
            subtotal=subtotal, shipping=shipping, discount=discount, discount_codes=codes, tax_lines=tax_lines,
            refunds=(Refund(refunded),) if refunded else (), refunded=refunded, payment_method=method,
            payment_reference=reference or payment_id or references, paid_at=paid_at, cancelled_at=cancelled_at,
            email=email, billing=billing, shipping_address=shipping_address, notes=notes, source_line=line,
            fulfilled_at=fulfilled_at)
        if line_totals + shipping - discount + (ZERO if included else taxes) != total:
            check_order_adds_up(order, self.problems, line)
        return order

    def _rates(self, totals: list[Decimal], items: list[_Item], tax_lines: tuple[TaxLine, ...], extra: Decimal,
               included: bool) -> Sequence[Decimal | None]:
        if len(tax_lines) == 1 and tax_lines[0].rate and tax_lines[0].amount:   # one rate: every taxed line
            rate = tax_lines[0].rate
            return [rate if item[5] else NO_TAX for item in items]
        return self.rates.of(totals, [item[5] for item in items], [(t.rate, t.amount) for t in tax_lines], extra,
                             ZERO, included)

    def _amounts(self, first: list[str], line: int) -> _Amounts:
        raw = self._amount_cells(first)
        values = tuple(map(self.fast, raw))
        if all(map(_is_not_none, values)):   # `None in values` would compare None with each Decimal: slow
            return cast(_Amounts, values)
        # Something else than a plain number: the careful parser reads it or names the problem.
        return cast(_Amounts, tuple(
            value if value is not None else self._careful_amount(name, cell, line)
            for name, cell, value in zip(_AMOUNT_FIELDS, raw, values)))

    def _careful_amount(self, name: str, cell: str, line: int) -> Decimal:
        index = self.at[name]
        if index == self.width:
            return ZERO
        return read_amount(cell, line, self.header[index], self.problems, self.decimal_comma,
                           None if name == "total" else ZERO)

    def _dates(self, first: list[str], line: int) -> tuple[datetime | None, ...]:
        found: list[datetime | None] = []
        for name, raw in zip(_DATE_FIELDS, self._date_cells(first)):
            required = name == "created_at"
            found.append(read_datetime(raw, line, self.column_name(name), self.problems, self.timezone, required)
                         if raw or required else None)
        return tuple(found)

    def _currency(self, text: str, line: int) -> str:
        code = text.upper()
        if not is_currency_code(code):
            self.problems.add(line, self.column_name("currency"), _(
                "'{value}' is not a currency code (three letters such as EUR).").format(value=code))
        return code

    def _external_id(self, value: str, line: int) -> str:
        if ("E" in value or "e" in value) and looks_like_scientific(value):
            self.problems.add(line, self.column_name("id"), _(
                "'{value}': a spreadsheet turned this order id into a rounded number, and the real id is "
                "lost. Export the orders again from Shopify and import that file without opening it in a "
                "spreadsheet.").format(value=value))
        return value

    def _lines(self, rows: Rows) -> list[_Item]:
        at, problems, comma, fast, header = self.at, self.problems, self.decimal_comma, self.fast, self.header
        i_qty, i_name, i_price = at["lineitem_quantity"], at["lineitem_name"], at["lineitem_price"]
        i_sku, i_taxable, i_discount = at["lineitem_sku"], at["lineitem_taxable"], at["lineitem_discount"]
        width = self.width
        lines: list[_Item] = []
        for line, cells in rows:
            raw = cells[i_qty]
            quantity = (Decimal(raw) if raw.isascii() and raw.isdigit()
                        else read_quantity(raw, line, header[i_qty], problems, comma))
            price = fast(cells[i_price])
            if price is None:
                price = read_amount(cells[i_price], line, header[i_price], problems, comma, None)
            discount = ZERO if i_discount == width else fast(cells[i_discount])
            if discount is None:
                discount = read_amount(cells[i_discount], line, header[i_discount], problems, comma)
            lines.append((cells[i_name].strip(), quantity, price, "" if i_sku == width else cells[i_sku].strip(),
                          discount, i_taxable == width or cells[i_taxable].strip().lower() not in _NOT_TAXABLE))
        return lines

    def _taxes_included(self, subtotal: Decimal, shipping: Decimal, taxes: Decimal, total: Decimal) -> bool:
        if self.options.taxes_included is not None:
            return self.options.taxes_included
        if taxes and subtotal + shipping == total:
            self.last_verdict = self.decided = True
        elif taxes and subtotal + shipping + taxes == total:
            self.last_verdict, self.decided = False, True
        elif not self.decided:
            self.entry_used = True
        return self.last_verdict

    def _order_discount(self, amounts: _Amounts, items: list[_Item], line_totals: Decimal,
                        included: bool) -> Decimal:
        # 'Discount Amount' is the order's whole discount; the share Shopify allocated to lines
        # ('Lineitem discount') is already inside the line totals. Exports where the column holds
        # only the rest exist too: the reading that makes the order add up wins.
        _subtotal, shipping, taxes, total, discount, _refunded = amounts
        rest = discount - sum((item[4] for item in items), ZERO)
        extra = ZERO if included else taxes
        for candidate in (rest, discount):
            if line_totals + shipping - candidate + extra == total:
                return candidate
        return rest

    def _tax_lines(self, first: list[str], line: int) -> tuple[TaxLine, ...]:
        found = []
        for i_name, i_value in self._taxes:
            name, value = first[i_name], first[i_value]
            if not (name or value):
                continue
            name = name.strip()
            if name or value.strip():
                amount = self.fast(value)
                if amount is None:
                    amount = read_amount(value, line, self.header[i_value], self.problems, self.decimal_comma)
                found.append(TaxLine(name, rate_from_name(name), amount))
        return tuple(found)

    def _status(self, financial: str, cancelled_at: datetime | None, total: Decimal) -> OrderStatus:
        if cancelled_at is not None:
            return OrderStatus.CANCELLED
        financial = financial.lower()
        if not financial and not total:
            return OrderStatus.PAID   # exchange or free order: nothing to pay
        return _FINANCIAL.get(financial) or status_from_words(financial) or OrderStatus.AWAITING_PAYMENT


def _addresses(parts: tuple[str, ...]) -> tuple[OrderAddress, OrderAddress]:
    """Billing and shipping addresses; billing falls back to shipping (marketplace orders)."""
    size = len(_PART_KEYS)
    billing, shipping = parts[:size], parts[size:2 * size]
    shipping_address = _make_address(shipping)
    if billing == shipping or not (billing[0] or billing[2] or billing[4] or billing[6]):
        return shipping_address, shipping_address
    return _make_address(billing), shipping_address


def _make_address(parts: tuple[str, ...]) -> OrderAddress:
    name, company, line1, line2, street, postcode, city, region, region_name, country, phone = parts
    return make_address(name=name, company=company, line1=line1 or street, line2=line2, postcode=postcode,
                        city=city, region=region_name or region, country=country, phone=phone)
