"""The fingerprint of an issued document: SHA-256 over the values exactly as stored.

Computed at issue time from the values about to be written, and recomputed by `verify` from the raw
rows (no object building, so a million documents are checked in seconds). Any later change to a
stored value of the document, its lines, allowances, charges or VAT rows changes the fingerprint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from desktop_app.store.records import InvoiceAdjustmentRecord, InvoiceLineRecord, InvoiceRecord, InvoiceVatRecord

HEADER = ("kind", "number", "issue_date", "due_date", "delivery_date", "currency", "customer_id", "order_id",
          "corrected_invoice_id", "order_reference", "buyer_reference", "parties", "line_total", "allowance_total",
          "charge_total", "tax_basis", "vat_total", "grand_total", "prepaid", "rounding", "amount_due",
          "vat_total_eur", "exchange_rate", "exchange_rate_date")
LINE = ("position", "sku", "description", "quantity", "unit_code", "unit_price", "allowance", "charge",
        "net_amount", "vat_category", "vat_rate")
ADJUSTMENT = ("position", "is_charge", "amount", "reason", "vat_category", "vat_rate")
VAT = ("vat_category", "vat_rate", "base", "amount")


def _raw(value: Any) -> str:
    """A stored value as text, the same whichever way it was read."""
    kind = value.__class__
    if kind is str:                   # most values, read raw: no conversion at all
        return value  # type: ignore[no-any-return]
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def fingerprint(header: Sequence[Any], lines: Iterable[Sequence[Any]], adjustments: Iterable[Sequence[Any]],
                vat_rows: Iterable[Sequence[Any]]) -> str:
    # One buffer hashed once: the same bytes as feeding each row, then its separator, to the digest.
    parts: list[str] = []
    for group in ([header], lines, adjustments, sorted(vat_rows, key=lambda row: (_raw(row[0]), int(row[1])))):
        for row in group:
            parts.append("\x1f".join([value if value.__class__ is str else _raw(value) for value in row]))
            parts.append("\x1e")
        parts.append("\x1d")
    return hashlib.sha256("".join(parts).encode("utf-8")).hexdigest()


@cache
def _converters(model: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    """Per column, the function giving what the database stores (integer cents for amounts), or None."""
    return tuple(getattr(model.__table__.c[name].type, "process_bind_param", None) for name in names)


def as_stored(model: Any, names: tuple[str, ...], values: Mapping[str, Any]) -> tuple[Any, ...]:
    """Column values as the database stores them."""
    return tuple(value if convert is None or value is None else convert(value, None)
                 for convert, value in zip(_converters(model, names), (values[name] for name in names)))


def document_fingerprint(header: Mapping[str, Any], lines: Sequence[Mapping[str, Any]],
                         adjustments: Sequence[Mapping[str, Any]], vat_rows: Sequence[Mapping[str, Any]]) -> str:
    """The fingerprint of a document given as column values (before they are written)."""
    return fingerprint(as_stored(InvoiceRecord, HEADER, header),
                       [as_stored(InvoiceLineRecord, LINE, row) for row in lines],
                       [as_stored(InvoiceAdjustmentRecord, ADJUSTMENT, row) for row in adjustments],
                       [as_stored(InvoiceVatRecord, VAT, row) for row in vat_rows])

