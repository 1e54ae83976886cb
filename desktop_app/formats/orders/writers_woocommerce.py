"""Writing orders as WooCommerce REST API v3 JSON, and the status and gateway both WooCommerce writers use.

WooCommerce states line amounts without tax and their tax apart; tax_split computes them from each
line's rate (or its tax_amount) so that the taxes add up to the order's total_tax.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from desktop_app.domain.money import ZERO
from desktop_app.domain.orders import OrderAddress, OrderStatus, ShopOrder
from desktop_app.formats.orders.tax_split import OrderSplit, local_text, plain, split_order
from desktop_app.formats.orders.woocommerce_labels import STATUS_LABELS
from desktop_app.formats.orders.woocommerce_status import woo_status

PARIS = ZoneInfo("Europe/Paris")
_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}


def woo_slug(order: ShopOrder) -> str:
    """The WooCommerce status of an order: its own when it came from WooCommerce, else the usual one."""
    gateway, _title = woo_gateway(order)
    if order.shop_status in STATUS_LABELS and woo_status(order.shop_status, gateway) is order.status:
        return order.shop_status
    return {OrderStatus.PAID: "completed" if order.fulfilled_at else "processing",
            OrderStatus.AWAITING_PAYMENT: "on-hold", OrderStatus.CANCELLED: "cancelled",
            OrderStatus.REFUNDED: "refunded"}[order.status]


def woo_gateway(order: ShopOrder) -> tuple[str, str]:
    """Gateway id and title: an unpaid order waits for a transfer or a cheque, a paid one used a card."""
    title = order.payment_method
    lowered = title.lower()
    if order.status is OrderStatus.AWAITING_PAYMENT:
        return ("cheque", title) if "ch" in lowered and "que" in lowered else ("bacs", title or "Virement bancaire")
    return ("ppcp-gateway", title) if "paypal" in lowered else ("stripe", title or "Carte bancaire")


def write_woocommerce_json(orders: Iterable[ShopOrder], timezone: tzinfo = PARIS) -> bytes:
    """A `GET /wp-json/wc/v3/orders` response body: a JSON list of order objects."""
    documents = [_json_order(order, index, timezone) for index, order in enumerate(orders, start=1)]
    text = json.dumps(documents, indent=2, ensure_ascii=False)
    return _NUMBER_MARK.sub(r"\1", text).encode("utf-8")


def _json_dates(key: str, moment: datetime | None, timezone: tzinfo) -> dict[str, str | None]:
    if moment is None:
        return {key: None, f"{key}_gmt": None}
    return {key: local_text(moment, timezone, "%Y-%m-%dT%H:%M:%S"),
            f"{key}_gmt": local_text(moment, UTC, "%Y-%m-%dT%H:%M:%S")}


# The REST API writes `price` and `rate_percent` as JSON numbers. The json module only writes numbers
# from floats, which would round a Decimal: the digits are marked in a string, then unquoted.
_NUMBER_MARK = re.compile(r'"#number:(-?[0-9]+(?:\.[0-9]+)?)"')


def _json_number(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else f"#number:{format(value.normalize(), 'f')}"


def _json_order(order: ShopOrder, index: int, timezone: tzinfo) -> dict[str, Any]:
    split = split_order(order)
    gateway, title = woo_gateway(order)
    rate_ids = {rate: n for n, rate in enumerate(sorted({line.vat_rate for line in order.lines
                                                         if line.vat_rate} | {split.main_rate} - {ZERO}),
                                                        start=1)}
    key = hashlib.sha1(f"{order.reference}{index}".encode()).hexdigest()[:13]
    return {
        "id": int(order.external_id) if order.external_id.isdigit() else index, "parent_id": 0,
        "number": order.reference, "order_key": f"wc_order_{key}", "created_via": "checkout",
        "version": "8.9.3", "status": woo_slug(order), "currency": order.currency,
        "currency_symbol": _SYMBOLS.get(order.currency, order.currency),
        **_json_dates("date_created", order.ordered_at, timezone),
        **_json_dates("date_modified", order.ordered_at, timezone),
        "discount_total": plain(sum((b.net - a.net for b, a in zip(split.lines_before, split.lines)), ZERO)),
        "discount_tax": plain(sum((b.tax - a.tax for b, a in zip(split.lines_before, split.lines)), ZERO)),
        "shipping_total": plain(split.shipping.net), "shipping_tax": plain(split.shipping.tax),
        "cart_tax": plain(sum((a.tax for a in split.lines), ZERO) - split.discount.tax),
        "total": plain(order.total), "total_tax": plain(order.total_tax),
        "prices_include_tax": order.taxes_included, "customer_id": 0, "customer_note": order.notes,
        "billing": {**_json_address(order.billing), "email": order.email},
        "shipping": _json_address(order.shipping_address), "payment_method": gateway,
        "payment_method_title": title, "transaction_id": order.payment_reference,
        **_json_dates("date_paid", order.paid_at, timezone),
        **_json_dates("date_completed", order.fulfilled_at, timezone),
        "meta_data": [{"id": index, "key": "_billing_vat_number", "value": order.vat_number}]
        if order.vat_number else [],
        "line_items": _json_lines(order, split, rate_ids, index),
        "tax_lines": _json_tax_lines(order, split, rate_ids),
        "shipping_lines": [{"id": index * 100 + 90, "method_title": "Colissimo", "method_id": "flat_rate",
                            "instance_id": "1", "total": plain(split.shipping.net),
                            "total_tax": plain(split.shipping.tax),
                            "taxes": _json_taxes(rate_ids.get(split.main_rate), split.shipping.tax),
                            "meta_data": []}] if order.shipping else [],
        "fee_lines": [{"id": index * 100 + 95, "name": "Remise", "tax_class": "", "tax_status": "taxable",
                       "total": plain(-split.discount.net), "total_tax": plain(-split.discount.tax),
                       "taxes": _json_taxes(rate_ids.get(split.main_rate), -split.discount.tax),
                       "meta_data": []}] if order.discount else [],
        "coupon_lines": _json_coupons(order, split, index),
        "refunds": [{"id": index * 100 + n, "reason": refund.reason, "total": plain(-refund.amount)}
                    for n, refund in enumerate(order.refunds, start=1)],
    }


def _json_taxes(rate_id: int | None, tax: Decimal, before: Decimal | None = None) -> list[dict[str, Any]]:
    if rate_id is None:
        return []
    return [{"id": rate_id, "total": plain(tax), "subtotal": plain(tax if before is None else before)}]


def _json_lines(order: ShopOrder, split: OrderSplit, rate_ids: dict[Decimal, int], index: int) -> list[Any]:
    return [{"id": index * 100 + n, "name": line.description, "product_id": 0, "variation_id": 0,
             "quantity": _json_number(line.quantity), "tax_class": "", "subtotal": plain(before.net),
             "subtotal_tax": plain(before.tax), "total": plain(after.net), "total_tax": plain(after.tax),
             "taxes": _json_taxes(rate_ids.get(line.vat_rate) if line.vat_rate else None, after.tax, before.tax),
             "meta_data": [], "sku": line.sku,
             "price": _json_number(round(after.net / line.quantity, 6)) if line.quantity else 0,
             "parent_name": None}
            for n, (line, before, after) in enumerate(zip(order.lines, split.lines_before, split.lines))]


def _json_tax_lines(order: ShopOrder, split: OrderSplit, rate_ids: dict[Decimal, int]) -> list[Any]:
    found = []
    for rate, rate_id in rate_ids.items():
        taxes = sum((a.tax for line, a in zip(order.lines, split.lines) if line.vat_rate == rate), ZERO)
        if rate == split.main_rate:
            taxes -= split.discount.tax
        found.append({"id": rate_id, "rate_code": f"{order.billing.country or 'FR'}-TVA-{rate_id}",
                      "rate_id": rate_id, "label": "TVA", "compound": False, "tax_total": plain(taxes),
                      "shipping_tax_total": plain(split.shipping.tax if rate == split.main_rate else ZERO),
                      "rate_percent": _json_number(rate), "meta_data": []})
    return found


def _json_coupons(order: ShopOrder, split: OrderSplit, index: int) -> list[dict[str, Any]]:
    codes = [code.strip() for code in order.discount_codes.split(",") if code.strip()]
    amount = sum((b.net - a.net for b, a in zip(split.lines_before, split.lines)), ZERO)
    tax = sum((b.tax - a.tax for b, a in zip(split.lines_before, split.lines)), ZERO)
    return [{"id": index * 100 + 80 + n, "code": code, "discount": plain(amount if n == 0 else ZERO),
             "discount_tax": plain(tax if n == 0 else ZERO), "meta_data": []} for n, code in enumerate(codes)]


def _json_address(address: OrderAddress) -> dict[str, str]:
    first, _, last = address.name.partition(" ")
    return {"first_name": first, "last_name": last, "company": address.company, "address_1": address.line1,
            "address_2": address.line2, "city": address.city, "state": address.region,
            "postcode": address.postcode, "country": address.country, "phone": address.phone}
