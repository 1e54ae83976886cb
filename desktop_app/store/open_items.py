"""What customers owe: invoices still open or recently paid as the matching engine sees them,
payments taken at checkout that a provider has not settled yet, and customers' credit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from desktop_app.domain.money import ZERO
from desktop_app.domain.payments import OpenItem
from desktop_app.store.records import (
    AllocationRecord,
    CustomerRecord,
    InvoiceBalanceRecord,
    InvoiceRecord,
    OrderRecord,
    PaymentRecord,
    SettlementRecord,
)
from desktop_app.store.types import Scaled

Inv, Bal, Pay, Alloc = InvoiceRecord, InvoiceBalanceRecord, PaymentRecord, AllocationRecord
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Receivable:
    """An issued invoice with what is left to pay on it."""

    id: int
    number: str
    customer_id: int
    customer_name: str
    currency: str
    payable: Decimal
    balance: Decimal
    issue_date: date
    due_date: date | None
    order_reference: str
    paid_at_checkout_by: str

    @property
    def oldest_first_key(self) -> tuple[date, date, str]:
        return (self.due_date or self.issue_date, self.issue_date, self.number)


def _receivable_query() -> Any:
    payable = type_coerce(Inv.grand_total + Inv.rounding, Scaled(2))
    return (select(Inv.id, Inv.number, Inv.customer_id, Inv.buyer_name, Inv.currency, payable, Bal.balance,
                   Inv.issue_date, Inv.due_date, Inv.order_reference, Inv.paid_at_checkout_by)
            .join(Bal, Bal.invoice_id == Inv.id)
            .where(Inv.state == "issued", Inv.kind == "invoice"))


def receivables(session: Session, ids: Sequence[int]) -> dict[int, Receivable]:
    """Issued invoices by id (credit notes and drafts are left out)."""
    found: dict[int, Receivable] = {}
    for start in range(0, len(ids), _CHUNK):
        for row in session.execute(_receivable_query().where(Inv.id.in_(ids[start:start + _CHUNK]))):
            found[row[0]] = Receivable(*row)
    return found


def numbers_of(session: Session, ids: Sequence[int]) -> list[str]:
    """The numbers of issued invoices, in the order of `ids`."""
    found = receivables(session, ids)
    return [found[i].number for i in ids if i in found]


def open_receivables(session: Session, customer_id: int) -> list[Receivable]:
    """A customer's invoices with something left to pay, oldest due first."""
    rows = session.execute(_receivable_query().where(Inv.customer_id == customer_id, Bal.open == 1))
    return sorted((Receivable(*row) for row in rows), key=lambda r: r.oldest_first_key)


def unsettled_checkout(session: Session, invoice_ids: Sequence[int]) -> dict[int, list[tuple[int, Decimal]]]:
    """Per invoice, the payments taken at checkout and the part of each no provider has settled yet."""
    settled = (select(SettlementRecord.payment_id, func.sum(SettlementRecord.amount).label("amount"))
               .group_by(SettlementRecord.payment_id).subquery())
    reversed_ids = select(Pay.reverses_id).where(Pay.reverses_id.is_not(None))
    found: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for start in range(0, len(invoice_ids), _CHUNK):
        query = (select(Alloc.invoice_id, Pay.id, Alloc.amount, settled.c.amount)
                 .join(Pay, Pay.id == Alloc.payment_id).outerjoin(settled, settled.c.payment_id == Pay.id)
                 .where(Pay.source == "checkout", Pay.kind == "payment", Pay.id.not_in(reversed_ids),
                        Alloc.invoice_id.in_(invoice_ids[start:start + _CHUNK]))
                 .order_by(Pay.id))
        for invoice_id, payment_id, amount, done in session.execute(query):
            left = amount - (done or ZERO)
            if left > 0:
                found[invoice_id].append((payment_id, left))
    return dict(found)


def open_items(session: Session, since: date) -> list[OpenItem]:
    """The invoices a statement may pay: every open one, and those issued since `since` (so that a
    second payment of a paid invoice, or the provider's settlement of a checkout payment, is known)."""
    base = (select(Inv.id, Inv.number, Bal.balance, Inv.currency, Inv.issue_date, Inv.due_date, Inv.order_reference,
                   Inv.customer_id, Inv.buyer_name, CustomerRecord.email, OrderRecord.payment_reference,
                   Inv.paid_at_checkout_by)
            .join(Bal, Bal.invoice_id == Inv.id).join(CustomerRecord, CustomerRecord.id == Inv.customer_id)
            .outerjoin(OrderRecord, OrderRecord.id == Inv.order_id)
            .where(Inv.state == "issued", Inv.kind == "invoice"))
    # Two queries, each on its own index (open balances; issue date), rather than one OR that scans all.
    rows = {row[0]: row for row in session.execute(base.where(Bal.open == 1))}
    rows.update({row[0]: row for row in session.execute(base.where(Bal.open == 0, Inv.issue_date >= since))})
    awaiting = unsettled_checkout(session, [i for i, row in rows.items() if row[11]])
    items = []
    for invoice_id, row in rows.items():
        (_id, number, balance, currency, issued, due, order_ref, customer_id, name, email, gateway, paid_by) = row
        items.append(OpenItem(
            invoice_id=invoice_id, number=number or "", amount_due=max(balance, ZERO), currency=currency,
            issue_date=issued, due_date=due, order_reference=order_ref, customer_id=customer_id,
            customer_name=name, customer_email=email or "", gateway_ids=(gateway,) if gateway else (),
            paid_at_checkout_by=paid_by,
            awaiting_settlement=sum((left for _p, left in awaiting.get(invoice_id, ())), ZERO)))
    return items


def customer_credit(session: Session, customer_id: int) -> dict[str, Decimal]:
    """What a customer has paid beyond their invoices and not yet used or refunded, per currency."""
    rows = session.execute(select(Pay.currency, func.sum(Alloc.amount)).join(Pay, Pay.id == Alloc.payment_id)
                           .where(Alloc.invoice_id.is_(None), Alloc.customer_id == customer_id)
                           .group_by(Pay.currency))
    return {currency: amount for currency, amount in rows if amount}


def customers_with_credit(session: Session) -> dict[int, dict[str, Decimal]]:
    """Every customer holding credit, per currency."""
    rows = session.execute(select(Alloc.customer_id, Pay.currency, func.sum(Alloc.amount))
                           .join(Pay, Pay.id == Alloc.payment_id)
                           .where(Alloc.invoice_id.is_(None), Alloc.customer_id.is_not(None))
                           .group_by(Alloc.customer_id, Pay.currency))
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for customer_id, currency, amount in rows:
        if amount:
            found[customer_id][currency] = amount
    return dict(found)
