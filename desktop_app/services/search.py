"""The global search of the main window (Ctrl+K): customers, invoices and orders at once, by name,
e-mail, number, reference or amount ("129,90")."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from desktop_app.formatting import parse_number
from desktop_app.store import search_queries as queries
from desktop_app.store.database import Database
from desktop_app.store.search_queries import Found
from desktop_app.store.text_search import words

__all__ = ["Found", "global_search"]


def _amount(text: str) -> Decimal | None:
    """The amount a search names ("129,90", "1 234.50 €"), if it is one."""
    cleaned = text.replace("€", "").replace("EUR", "").strip()
    if not cleaned or not any(ch.isdigit() for ch in cleaned) or any(ch.isalpha() for ch in cleaned):
        return None
    try:
        value = parse_number(cleaned)
    except (ValueError, InvalidOperation, ArithmeticError):
        return None
    return value if value == value.quantize(Decimal("0.01")) and value > 0 else None


def global_search(db: Database, text: str, limit: int = 8) -> list[Found]:
    """Customers, then invoices, then orders matching `text` (at most `limit` of each, newest first)."""
    if not words(text):
        return []
    amount = _amount(text)
    with db.reading() as session:
        return [*queries.customers(session, text, limit), *queries.invoices(session, text, amount, limit),
                *queries.orders(session, text, amount, limit)]
