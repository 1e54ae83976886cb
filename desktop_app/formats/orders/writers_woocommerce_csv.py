"""Writing orders as an "Advanced Order Export For WooCommerce" CSV.

The plugin's default columns plus those merchants enable for accounting ('Order ID', 'Quantity',
'Order Line (w/o tax)', 'Order Line Tax', 'Item Tax Rate', 'Order Shipping Tax Amount', 'Order
Total Fee', 'Currency', 'Transaction ID'); products and coupons both "repeat as rows", the n-th
coupon beside the n-th product.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import tzinfo
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from desktop_app.domain.money import ZERO
from desktop_app.domain.orders import OrderAddress, OrderStatus, ShopOrder
from desktop_app.formats.orders.tax_split import OrderSplit, local_text, number_text, plain, split_order
from desktop_app.formats.orders.woocommerce_labels import ALIASES, STATUS_LABELS
from desktop_app.formats.orders.writers_woocommerce import woo_gateway, woo_slug

PARIS = ZoneInfo("Europe/Paris")

ORDER_FIELDS = (
    "order_number", "order_id", "status", "date", "note", "billing_first_name", "billing_last_name",
    "billing_company", "billing_address", "billing_city", "billing_state", "billing_postcode", "billing_country",
    "billing_email", "billing_phone", "shipping_first_name", "shipping_last_name", "shipping_address",
    "shipping_city", "shipping_state", "shipping_postcode", "shipping_country")
ITEM_FIELDS = ("sku", "item_number", "item_name", "quantity_net", "quantity", "item_cost", "line_net", "line_tax",
               "item_tax_rate")
COUPON_FIELDS = ("coupon_code", "coupon_amount", "coupon_tax")
TOTAL_FIELDS = ("payment_title", "payment_gateway", "transaction_id", "currency", "cart_discount", "subtotal",
                "shipping_method", "shipping", "shipping_tax", "fees", "refund", "total", "total_tax")
CSV_FIELDS = ORDER_FIELDS + ITEM_FIELDS + COUPON_FIELDS + TOTAL_FIELDS
_MONEY = frozenset({"item_cost", "line_net", "line_tax", "coupon_amount", "coupon_tax", "cart_discount",
                    "subtotal", "shipping", "shipping_tax", "fees", "refund", "total", "total_tax"})
_CENT = Decimal("0.01")


def write_woocommerce_csv(orders: Iterable[ShopOrder], timezone: tzinfo = PARIS, french: bool = False,
                          repeat_order_fields: bool = True, decimal_comma: bool = False,
                          bom: bool = False) -> bytes:
    """The plugin's CSV (CRLF): English or French labels, order columns repeated or blank after the first row,
    numbers formatted with a decimal comma if asked, UTF-8 with a BOM if asked."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([ALIASES[field][1 if french else 0] for field in CSV_FIELDS])
    comma_at = [i for i, field in enumerate(CSV_FIELDS) if field in _MONEY] if decimal_comma else []
    for order in orders:
        for row in _rows(order, timezone, french, repeat_order_fields):
            for i in comma_at:
                row[i] = row[i].replace(".", ",")
            writer.writerow(row)
    return ("\ufeff" if bom else "").encode("utf-8") + buffer.getvalue().encode("utf-8")


def _rows(order: ShopOrder, timezone: tzinfo, french: bool, repeat: bool) -> list[list[str]]:
    split = split_order(order)
    order_values = _order_values(order, split, timezone, french)
    items = [_item_values(order, split, i) for i in range(len(order.lines))]
    coupons = [code.strip() for code in order.discount_codes.split(",") if code.strip()]
    rows = []
    for n in range(max(len(items), len(coupons), 1)):
        values = dict(order_values) if n == 0 or repeat else {}
        if n < len(items):
            values.update(items[n])
        if n < len(coupons):
            values.update(_coupon_values(split, coupons[n], n))
        rows.append([values.get(field, "") for field in CSV_FIELDS])
    return rows


def _order_values(order: ShopOrder, split: OrderSplit, timezone: tzinfo, french: bool) -> dict[str, str]:
    gateway, title = woo_gateway(order)
    values = {
        "order_number": order.reference, "order_id": order.external_id,
        "status": STATUS_LABELS[woo_slug(order)][1 if french else 0],
        "date": local_text(order.ordered_at, timezone, "%Y-%m-%d %H:%M"), "note": order.notes,
        "billing_email": order.email, "payment_title": title, "payment_gateway": gateway,
        "transaction_id": order.payment_reference, "currency": order.currency,
        "cart_discount": plain(sum((b.net - a.net for b, a in zip(split.lines_before, split.lines)), ZERO)),
        "subtotal": plain(sum((b.net for b in split.lines_before), ZERO)),
        "shipping_method": "Colissimo" if order.shipping else "", "shipping": plain(split.shipping.net),
        "shipping_tax": plain(split.shipping.tax), "fees": plain(-split.discount.net),
        "refund": plain(order.refunded), "total": plain(order.total), "total_tax": plain(order.total_tax),
    }
    values.update(_address_values("billing", order.billing))
    values.update(_address_values("shipping", order.shipping_address))
    return values


def _address_values(side: str, address: OrderAddress) -> dict[str, str]:
    first, _, last = address.name.partition(" ")
    values = {f"{side}_first_name": first, f"{side}_last_name": last,
              f"{side}_address": ", ".join(part for part in (address.line1, address.line2) if part),
              f"{side}_city": address.city, f"{side}_state": address.region,
              f"{side}_postcode": address.postcode, f"{side}_country": address.country}
    if side == "billing":
        values.update(billing_company=address.company, billing_phone=address.phone)
    return values


def _item_values(order: ShopOrder, split: OrderSplit, i: int) -> dict[str, str]:
    line, after = order.lines[i], split.lines[i]
    # A fully refunded order shows 0 in 'Quantity (- Refund)', as the plugin nets refunded items.
    refunded_all = order.status is OrderStatus.REFUNDED and order.refunded >= order.total
    cost = (after.net / line.quantity).quantize(_CENT, rounding=ROUND_HALF_UP) if line.quantity else ZERO
    return {"sku": line.sku, "item_number": str(i + 1), "item_name": line.description,
            "quantity_net": "0" if refunded_all else number_text(line.quantity),
            "quantity": number_text(line.quantity), "item_cost": plain(cost), "line_net": plain(after.net),
            "line_tax": plain(after.tax), "item_tax_rate": number_text(line.vat_rate)}


def _coupon_values(split: OrderSplit, code: str, n: int) -> dict[str, str]:
    amount = sum((b.net - a.net for b, a in zip(split.lines_before, split.lines)), ZERO) if n == 0 else ZERO
    tax = sum((b.tax - a.tax for b, a in zip(split.lines_before, split.lines)), ZERO) if n == 0 else ZERO
    return {"coupon_code": code, "coupon_amount": plain(amount), "coupon_tax": plain(tax)}
