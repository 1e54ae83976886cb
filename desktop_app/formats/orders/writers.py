"""Writing orders as the shops' own export files: Shopify CSV, WooCommerce plugin CSV and REST JSON,
PrestaShop SQL Manager CSV. The demo shop and `make bench` write with these and import through the
readers, so the real path is exercised; the files copy the real exports' headers and quirks
(continuation rows, Shopify's apostrophe before zip codes, PrestaShop's 6-decimal amounts...).

Reading a written file gives back the orders, for the fields each format carries.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from desktop_app.domain.money import ZERO
from desktop_app.domain.orders import OrderAddress, OrderStatus, ShopOrder
from desktop_app.formats.orders.tax_split import number_text, plain, split_order
from desktop_app.formats.orders.writers_prestashop import write_prestashop_sql_csv
from desktop_app.formats.orders.writers_woocommerce import write_woocommerce_json
from desktop_app.formats.orders.writers_woocommerce_csv import write_woocommerce_csv

__all__ = ["SHOPIFY_HEADER", "write_prestashop_sql_csv", "write_shopify_csv", "write_woocommerce_csv",
           "write_woocommerce_json"]

PARIS = ZoneInfo("Europe/Paris")

SHOPIFY_HEADER = (
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing",
    "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method",
    "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price",
    "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status",
    "Billing Name", "Billing Street", "Billing Address1", "Billing Address2", "Billing Company", "Billing City",
    "Billing Zip", "Billing Province", "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street",
    "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip",
    "Shipping Province", "Shipping Country", "Shipping Phone", "Notes", "Note Attributes", "Cancelled at",
    "Payment Method", "Payment Reference", "Refunded Amount", "Vendor", "Outstanding Balance", "Employee",
    "Location", "Device ID", "Id", "Tags", "Risk Level", "Source", "Lineitem discount", "Tax 1 Name",
    "Tax 1 Value", "Tax 2 Name", "Tax 2 Value", "Tax 3 Name", "Tax 3 Value", "Tax 4 Name", "Tax 4 Value",
    "Tax 5 Name", "Tax 5 Value", "Phone", "Receipt Number", "Duties", "Billing Province Name",
    "Shipping Province Name", "Payment ID", "Payment Terms Name", "Next Payment Due At", "Payment References")
_AT = {name: index for index, name in enumerate(SHOPIFY_HEADER)}


def write_shopify_csv(orders: Iterable[ShopOrder], timezone: tzinfo = PARIS, vendor: str = "") -> bytes:
    """An `orders_export_1.csv` as Shopify writes it (UTF-8, LF, one row per line item)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SHOPIFY_HEADER)
    for order in orders:
        writer.writerows(_shopify_rows(order, timezone, vendor))
    return buffer.getvalue().encode("utf-8")


def _shopify_time(order: ShopOrder, moment_attr: str, timezone: tzinfo) -> str:
    moment = getattr(order, moment_attr)
    return moment.astimezone(timezone).strftime("%Y-%m-%d %H:%M:%S %z") if moment is not None else ""


def _financial_status(order: ShopOrder) -> str:
    refunded = order.refunded > 0
    if order.status is OrderStatus.REFUNDED:
        return "refunded"
    if order.status is OrderStatus.CANCELLED:
        return "refunded" if refunded else "voided"
    if order.status is OrderStatus.PAID:
        return "partially_refunded" if refunded else "paid"
    return order.shop_status if order.shop_status in ("authorized", "partially_paid") else "pending"


def _shopify_rows(order: ShopOrder, timezone: tzinfo, vendor: str) -> list[list[str]]:
    created = _shopify_time(order, "ordered_at", timezone)
    rows = []
    for position, line in enumerate(order.lines):
        row = [""] * len(SHOPIFY_HEADER)
        row[_AT["Name"]], row[_AT["Email"]], row[_AT["Created at"]] = order.reference, order.email, created
        row[_AT["Lineitem quantity"]] = number_text(line.quantity)
        row[_AT["Lineitem name"]], row[_AT["Lineitem price"]] = line.description, plain(line.unit_price)
        row[_AT["Lineitem sku"]], row[_AT["Lineitem requires shipping"]] = line.sku, "true"
        row[_AT["Lineitem taxable"]] = "true" if line.taxable else "false"
        row[_AT["Lineitem fulfillment status"]] = "fulfilled" if order.fulfilled_at else "pending"
        row[_AT["Vendor"]], row[_AT["Lineitem discount"]] = vendor, plain(line.discount)
        if position == 0:
            _shopify_order_fields(row, order, timezone)
        rows.append(row)
    return rows


def _shopify_order_fields(row: list[str], order: ShopOrder, timezone: tzinfo) -> None:
    line_discounts = sum((line.discount for line in order.lines), ZERO)
    cancelled = order.cancelled_at or (order.ordered_at if order.status is OrderStatus.CANCELLED else None)
    values = {
        "Financial Status": _financial_status(order), "Paid at": _shopify_time(order, "paid_at", timezone),
        "Fulfillment Status": "fulfilled" if order.fulfilled_at else "unfulfilled",
        "Fulfilled at": _shopify_time(order, "fulfilled_at", timezone), "Accepts Marketing": "no",
        "Currency": order.currency, "Subtotal": plain(order.lines_total - order.discount),
        "Shipping": plain(order.shipping), "Taxes": plain(order.total_tax), "Total": plain(order.total),
        "Discount Code": order.discount_codes, "Discount Amount": plain(order.discount + line_discounts),
        "Shipping Method": "Standard" if order.shipping else "", "Notes": order.notes,
        "Cancelled at": cancelled.astimezone(timezone).strftime("%Y-%m-%d %H:%M:%S %z") if cancelled else "",
        "Payment Method": order.payment_method, "Payment Reference": order.payment_reference,
        "Refunded Amount": plain(order.refunded),
        "Outstanding Balance": plain(order.total if order.status is OrderStatus.AWAITING_PAYMENT else ZERO),
        "Id": order.external_id, "Risk Level": "Low", "Source": "web", "Payment ID": order.payment_reference,
        "Payment References": order.payment_reference,
    }
    for side, address in (("Billing", order.billing), ("Shipping", order.shipping_address)):
        values.update(_shopify_address(side, address))
    for n, (name, amount) in enumerate(_shopify_taxes(order), start=1):
        values[f"Tax {n} Name"], values[f"Tax {n} Value"] = name, plain(amount)
    for name, value in values.items():
        row[_AT[name]] = value


def _shopify_address(side: str, address: OrderAddress) -> dict[str, str]:
    street = ", ".join(part for part in (address.line1, address.line2) if part)
    return {f"{side} Name": address.name, f"{side} Street": street, f"{side} Address1": address.line1,
            f"{side} Address2": address.line2, f"{side} Company": address.company, f"{side} City": address.city,
            f"{side} Zip": f"'{address.postcode}" if address.postcode else "", f"{side} Province": address.region,
            f"{side} Country": address.country, f"{side} Phone": address.phone,
            f"{side} Province Name": address.region}


def _shopify_taxes(order: ShopOrder) -> list[tuple[str, Decimal]]:
    """The order's tax lines, or one per rate ('FR TVA 20%'), shipping's tax on the main rate."""
    if order.tax_lines:
        return [(tax.name, tax.amount) for tax in order.tax_lines[:5]]
    split = split_order(order)
    by_rate: dict[Decimal, Decimal] = {}
    for line, part in zip(order.lines, split.lines):
        rate = line.vat_rate if line.vat_rate is not None else split.main_rate
        by_rate[rate] = by_rate.get(rate, ZERO) + part.tax
    by_rate[split.main_rate] = by_rate.get(split.main_rate, ZERO) + split.shipping.tax - split.discount.tax
    word = "FR TVA" if order.billing.country in ("FR", "") else "VAT"
    if not any(by_rate.values()):
        return []
    return [(f"{word} {number_text(rate)}%", amount) for rate, amount in sorted(by_rate.items(), reverse=True)
            if rate][:5]
