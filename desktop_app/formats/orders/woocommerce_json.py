"""WooCommerce REST API v3 orders (`GET /wp-json/wc/v3/orders`): a JSON list of orders, or one order.

Money is in strings and line amounts are always without tax, even when `prices_include_tax` is
true; coupons are already taken off the line totals; refunds carry negative totals; local dates
have no offset (their `_gmt` twins are UTC and preferred). The JSON is parsed with every decimal
number as a Decimal, so the float `price` of a line never reaches an amount.

Problems name the order by its position in the file ("line" 3 = the third order) and the value
by its key path ("line_items[2].total").
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from desktop_app.domain.orders import ShopOrder
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.common import Problems, SeenOrders
from desktop_app.formats.orders.woocommerce_json_order import WooJsonOrder
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.formats.text import decode, without_controls
from desktop_app.i18n import N_, _


class WooCommerceJsonReader:
    name = "woocommerce-json"
    family = "woocommerce"
    label = N_("WooCommerce (REST API JSON)")

    def recognises(self, data: bytes, file_name: str) -> bool:
        head = data[:65536].removeprefix(b"\xef\xbb\xbf").lstrip()
        return (head[:1] in (b"[", b"{") and b'"prices_include_tax"' in head
                and (b'"line_items"' in head or b'"order_key"' in head))

    def read(self, data: bytes, file_name: str, options: ReadOptions) -> list[ShopOrder]:
        """Every order of the file, or FileRefused naming each bad value by order and key path."""
        raw_orders = self._documents(data, file_name)
        problems = Problems(file_name)
        seen = SeenOrders(problems)
        orders = []
        for index, raw in enumerate(raw_orders, start=1):
            if not isinstance(raw, dict):
                problems.add(index, "", _("this entry is not an order object."))
                continue
            order = WooJsonOrder(raw, index, problems, options).read()
            if order is not None and seen.is_new(order.external_id or order.reference, order.reference,
                                                 index, "number"):
                orders.append(order)
        problems.raise_if_any()
        return orders

    def _documents(self, data: bytes, file_name: str) -> list[Any]:
        text = decode(data, file_name)
        if not text.strip():
            raise FileRefused([Problem(file_name, 0, "", _("the file is empty."))])
        try:
            document = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as error:
            raise FileRefused([Problem(file_name, error.lineno, "", _(
                "the file is not valid JSON here ({reason}, character {column}); it may be cut short.").format(
                reason=error.msg, column=error.colno))]) from None
        document = _cleaned(document)
        if isinstance(document, dict):
            document = document.get("orders", [document])
        if not isinstance(document, list):
            raise FileRefused([Problem(file_name, 0, "", _("the file holds no list of orders."))])
        if not document:
            raise FileRefused([Problem(file_name, 0, "", _("the file holds no orders (an empty list)."))])
        return document


READER = WooCommerceJsonReader()


def _cleaned(value: Any) -> Any:
    """The parsed document with its strings rid of what JSON escapes can smuggle in (\\u0007, lone
    surrogates) and no target can carry."""
    if isinstance(value, str):
        return without_controls(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {without_controls(str(key)): _cleaned(item) for key, item in value.items()}
    return value
