"""Writing orders as the SQL Manager export of `resources/prestashop_orders.sql`.

PrestaShop 8 writes it with PHP's fputcsv: ';', a value quoted only when it holds a space, ';', a
quote or a line break, LF line ends; 1.6 quotes every value and ends each line with ';'. Amounts
carry PrestaShop's 6 decimals, dates the shop's local time without offset.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from desktop_app.domain.orders import OrderAddress, OrderStatus, ShopOrder
from desktop_app.formats.orders.prestashop_sql import SQL_COLUMNS
from desktop_app.formats.orders.tax_split import OrderSplit, local_text, plain, split_order

PARIS = ZoneInfo("Europe/Paris")
_SIX = Decimal("0.000001")
_STATE_NAMES = {OrderStatus.PAID: "Paiement accepté", OrderStatus.AWAITING_PAYMENT: "En attente de virement bancaire",
                OrderStatus.CANCELLED: "Annulé", OrderStatus.REFUNDED: "Remboursé"}


def write_prestashop_sql_csv(orders: Iterable[ShopOrder], timezone: tzinfo = PARIS, legacy: bool = False,
                             encoding: str = "utf-8") -> bytes:
    """The SQL Manager's CSV of the orders' lines (PrestaShop 8, or 1.6 with `legacy`)."""
    rows = [list(SQL_COLUMNS)]
    for index, order in enumerate(orders, start=1):
        rows.extend(_rows(order, index, timezone))
    if legacy:   # 1.6 forgot to double the quotes inside values; doubled here so the file stays readable
        text = "\n".join("".join(f"{name};" for name in rows[0]) if i == 0 else
                         "".join('"' + value.replace('"', '""') + '";' for value in row)
                         for i, row in enumerate(rows))
    else:
        text = "".join(";".join(_fputcsv(value) for value in row) + "\n" for row in rows)
    return text.encode(encoding, errors="replace")


def _fputcsv(value: str) -> str:
    if any(ch in value for ch in ' ;"\n\r\t\\'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _six(value: Decimal) -> str:
    return plain(value.quantize(_SIX, rounding=ROUND_HALF_UP), 6)


def _rows(order: ShopOrder, index: int, timezone: tzinfo) -> list[list[str]]:
    split = split_order(order)
    order_id = order.external_id if order.external_id.isdigit() else str(index)
    shared = _order_values(order, split, order_id, timezone)
    rows = []
    for n, (line, after) in enumerate(zip(order.lines, split.lines), start=1):
        quantity = line.quantity or Decimal(1)
        values = dict(shared)
        values.update({
            "id_order_detail": str(int(order_id) * 100 + n), "product_name": line.description,
            "product_reference": line.sku, "product_quantity": str(line.quantity.normalize()),
            "unit_price_tax_incl": _six(line.unit_price if not line.discount and order.taxes_included
                                        else after.gross / quantity),
            "unit_price_tax_excl": _six(after.net / quantity), "total_price_tax_incl": _six(after.gross),
            "total_price_tax_excl": _six(after.net),
            "tax_rate": "" if line.vat_rate is None else f"{line.vat_rate:.3f}"})
        rows.append([values[name] for name in SQL_COLUMNS])
    return rows


def _order_values(order: ShopOrder, split: OrderSplit, order_id: str, timezone: tzinfo) -> dict[str, str]:
    values = {
        "id_order": order_id, "reference": order.reference, "date_add": local_text(order.ordered_at, timezone),
        "currency": order.currency, "order_state": _state_name(order),
        "valid": "1" if order.status is OrderStatus.PAID else "0", "payment": order.payment_method,
        "transaction_id": order.payment_reference, "email": order.email,
        "total_discounts_tax_incl": _six(split.discount.gross), "total_discounts_tax_excl": _six(split.discount.net),
        "total_shipping_tax_incl": _six(split.shipping.gross), "total_shipping_tax_excl": _six(split.shipping.net),
        "total_wrapping_tax_incl": _six(Decimal(0)), "total_wrapping_tax_excl": _six(Decimal(0)),
        "total_paid_tax_incl": _six(order.total), "total_paid_tax_excl": _six(order.total - order.total_tax),
        "refunded_tax_incl": _six(order.refunded) if order.refunded else "",
    }
    values.update(_address_values("billing", order.billing, order.vat_number))
    values.update(_address_values("delivery", order.shipping_address, ""))
    return values


def _state_name(order: ShopOrder) -> str:
    own = order.shop_status
    return own if order.shop == "prestashop" and own else _STATE_NAMES[order.status]


def _address_values(side: str, address: OrderAddress, vat_number: str) -> dict[str, str]:
    first, _, last = address.name.partition(" ")
    return {f"{side}_firstname": first, f"{side}_lastname": last, f"{side}_company": address.company,
            f"{side}_vat_number": vat_number, f"{side}_address1": address.line1, f"{side}_address2": address.line2,
            f"{side}_postcode": address.postcode, f"{side}_city": address.city, f"{side}_country": address.country,
            f"{side}_phone": address.phone}
