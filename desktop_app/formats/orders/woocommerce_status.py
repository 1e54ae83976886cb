"""WooCommerce order statuses, as REST slugs or as the labels exports print (English or French).

'Processing' and 'Completed' mean paid only when the gateway took the money at checkout (card,
PayPal); with a bank transfer, a cheque or cash on delivery the shop still waits for it.
"""

from __future__ import annotations

from desktop_app.domain.orders import OrderStatus
from desktop_app.formats.orders.values import status_from_words
from desktop_app.formats.text import header_key

_CHECKOUT_PAID = "checkout-paid"   # processing/completed: paid unless the gateway is offline

_STATUSES: dict[str, OrderStatus | str] = {
    "pending": OrderStatus.AWAITING_PAYMENT, "pending payment": OrderStatus.AWAITING_PAYMENT,
    "en attente de paiement": OrderStatus.AWAITING_PAYMENT, "attente paiement": OrderStatus.AWAITING_PAYMENT,
    "on hold": OrderStatus.AWAITING_PAYMENT, "en attente": OrderStatus.AWAITING_PAYMENT,
    "processing": _CHECKOUT_PAID, "en cours": _CHECKOUT_PAID,
    "completed": _CHECKOUT_PAID, "terminee": _CHECKOUT_PAID, "termine": _CHECKOUT_PAID,
    "cancelled": OrderStatus.CANCELLED, "canceled": OrderStatus.CANCELLED, "annulee": OrderStatus.CANCELLED,
    "failed": OrderStatus.CANCELLED, "echouee": OrderStatus.CANCELLED, "echec": OrderStatus.CANCELLED,
    "trash": OrderStatus.CANCELLED, "corbeille": OrderStatus.CANCELLED,
    "checkout draft": OrderStatus.CANCELLED, "brouillon": OrderStatus.CANCELLED, "draft": OrderStatus.CANCELLED,
    "refunded": OrderStatus.REFUNDED, "remboursee": OrderStatus.REFUNDED,
}

OFFLINE_GATEWAYS = frozenset({"bacs", "cheque", "cod"})
_OFFLINE_WORDS = ("virement", "transfer", "bacs", "cheque", "check", "cash on delivery", "a la livraison",
                  "contre remboursement", "mandat", "wire")


def is_offline(gateway: str, title: str) -> bool:
    """True when the customer pays after ordering (transfer, cheque, cash on delivery)."""
    if gateway:
        return gateway.strip().lower() in OFFLINE_GATEWAYS
    words = header_key(title).replace("-", " ")
    return any(word in words for word in _OFFLINE_WORDS)


def woo_status(label: str, gateway: str = "", title: str = "") -> OrderStatus:
    """What a WooCommerce status means for invoicing, given how the customer pays."""
    key = header_key(label).replace("-", " ").removeprefix("wc ")
    status = _STATUSES.get(key)
    if status == _CHECKOUT_PAID:
        return OrderStatus.AWAITING_PAYMENT if is_offline(gateway, title) else OrderStatus.PAID
    if isinstance(status, OrderStatus):
        return status
    return status_from_words(label) or OrderStatus.AWAITING_PAYMENT
