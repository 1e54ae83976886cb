"""The global search: customers, invoices and orders by name, e-mail, number, reference or amount.

Each kind is one query through the full-text index (store.text_search) or an index on the amount,
newest first, a handful of rows each: instant on a million invoices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop_app.store.records import CustomerRecord, InvoiceRecord, OrderRecord
from desktop_app.store.text_search import matching

Cust, Inv, Ord = CustomerRecord, InvoiceRecord, OrderRecord


@dataclass(frozen=True, slots=True)
class Found:
    kind: str                 # customer | invoice | order
    id: int
    number: str               # document number, order reference, or the customer's e-mail
    name: str                 # the customer's name
    day: date | None = None
    amount: Decimal | None = None
    currency: str = "EUR"
    state: str = ""


def _either(text_match: Any, amount_match: Any) -> Any:
    present = [condition for condition in (text_match, amount_match) if condition is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else or_(*present)


def customers(session: Session, text: str, limit: int) -> list[Found]:
    found = matching(session, Cust.id, "customers_fts", (Cust.name, Cust.contact_name, Cust.email, Cust.vat_number,
                                                         Cust.siren, Cust.billing_city), text)
    if found is None:
        return []
    rows = session.execute(select(Cust.id, Cust.email, Cust.name).where(found).order_by(Cust.id.desc()).limit(limit))
    return [Found("customer", cid, email or "", name) for cid, email, name in rows]


def invoices(session: Session, text: str, amount: Decimal | None, limit: int) -> list[Found]:
    found = matching(session, Inv.id, "invoices_fts", (Inv.number, Inv.buyer_name, Inv.order_reference), text)
    by_amount = Inv.grand_total == amount if amount is not None else None
    condition = _either(found, by_amount)
    if condition is None:
        return []
    rows = session.execute(select(Inv.id, Inv.number, Inv.buyer_name, Inv.issue_date, Inv.grand_total, Inv.currency,
                                  Inv.state, Inv.kind).where(condition).order_by(Inv.id.desc()).limit(limit))
    return [Found("invoice", iid, number or "", name, day, total, currency, "credit_note" if kind == "credit_note"
                  else state) for iid, number, name, day, total, currency, state, kind in rows]


def orders(session: Session, text: str, amount: Decimal | None, limit: int) -> list[Found]:
    found = matching(session, Ord.id, "orders_fts", (Ord.reference, Ord.billing_name, Ord.billing_company,
                                                     Ord.customer_email), text)
    by_amount = Ord.total == amount if amount is not None else None
    condition = _either(found, by_amount)
    if condition is None:
        return []
    rows = session.execute(select(Ord.id, Ord.reference, Ord.billing_name, Ord.billing_company, Ord.order_date,
                                  Ord.total, Ord.currency, Ord.shop).where(condition).order_by(Ord.id.desc())
                           .limit(limit))
    return [Found("order", oid, reference, name or company, day, total, currency, shop)
            for oid, reference, name, company, day, total, currency, shop in rows]

