"""Finding invoices for lists: ids of a status tab or search, and rows for the ids in view."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select, type_coerce
from sqlalchemy.orm import Session

from desktop_app.domain.invoice_status import InvoiceStatus, invoice_status
from desktop_app.domain.money import ZERO
from desktop_app.store.records import InvoiceBalanceRecord, InvoiceRecord
from desktop_app.store.types import Scaled

Inv, Bal = InvoiceRecord, InvoiceBalanceRecord


@dataclass(frozen=True, slots=True)
class InvoiceFilter:
    status: str = ""        # draft | issued | unpaid | overdue | paid | credited | credit_notes | "" (all)
    search: str = ""        # number, customer name, order reference
    customer_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True, slots=True)
class InvoiceSummary:
    id: int
    kind: str
    state: str
    number: str | None
    issue_date: date | None
    due_date: date | None
    customer: str
    order_reference: str
    currency: str
    total: Decimal
    balance: Decimal | None
    status: InvoiceStatus


def _conditions(flt: InvoiceFilter, today: date) -> list[Any]:
    payable = type_coerce(Inv.grand_total + Inv.rounding, Scaled(2))
    conditions: list[Any] = []
    status = flt.status
    if status == "draft":
        conditions.append(Inv.state == "draft")
    elif status == "issued":
        conditions.append(Inv.state == "issued")
    elif status == "credit_notes":
        conditions += [Inv.kind == "credit_note"]
    elif status in ("unpaid", "overdue"):
        conditions += [Inv.state == "issued", Inv.kind == "invoice", Bal.open == 1]
        if status == "overdue":
            conditions.append(Inv.due_date < today)
    elif status == "paid":
        conditions += [Inv.state == "issued", Inv.kind == "invoice", Bal.open == 0, Bal.credited < payable]
    elif status == "credited":
        conditions += [Inv.state == "issued", Inv.kind == "invoice", Bal.credited >= payable, payable > 0]
    text = flt.search.strip()
    if text:
        pattern = f"%{text}%"
        conditions.append(or_(Inv.number.ilike(pattern), Inv.buyer_name.ilike(pattern),
                              Inv.order_reference.ilike(pattern)))
    if flt.customer_id is not None:
        conditions.append(Inv.customer_id == flt.customer_id)
    if flt.date_from is not None:
        conditions.append(Inv.issue_date >= flt.date_from)
    if flt.date_to is not None:
        conditions.append(Inv.issue_date <= flt.date_to)
    return conditions


def invoice_ids(session: Session, flt: InvoiceFilter, today: date) -> list[int]:
    """Ids of the matching documents: drafts newest first, then issued ones by date and number."""
    needs_balance = flt.status in ("unpaid", "overdue", "paid", "credited")
    query = select(Inv.id)
    if needs_balance:
        query = query.join(Bal, Bal.invoice_id == Inv.id)
    conditions = _conditions(flt, today)
    if conditions:
        query = query.where(and_(*conditions))
    query = query.order_by((Inv.state == "draft").desc(), Inv.issue_date.desc(), Inv.sequence_number.desc(),
                           Inv.id.desc())
    return list(session.scalars(query))


def invoice_summaries(session: Session, ids: Sequence[int], today: date) -> list[InvoiceSummary]:
    query = (select(Inv.id, Inv.kind, Inv.state, Inv.number, Inv.issue_date, Inv.due_date, Inv.buyer_name,
                    Inv.order_reference, Inv.currency, type_coerce(Inv.grand_total + Inv.rounding, Scaled(2)),
                    Bal.balance, Bal.credited)
             .join(Bal, Bal.invoice_id == Inv.id, isouter=True).where(Inv.id.in_(ids)))
    found = {}
    for row in session.execute(query):
        (invoice_id, kind, state, number, issued, due, customer, order_ref, currency, total, balance,
         credited) = row
        status = invoice_status(state, kind, total, balance, credited or ZERO, due, today)
        found[invoice_id] = InvoiceSummary(invoice_id, kind, state, number, issued, due, customer, order_ref,
                                           currency, total, balance, status)
    return [found[i] for i in ids if i in found]


def credit_notes_of(session: Session, invoice_id: int) -> list[tuple[int, str | None, str]]:
    """(id, number, state) of the credit notes that correct an invoice."""
    rows = session.execute(select(Inv.id, Inv.number, Inv.state).where(Inv.corrected_invoice_id == invoice_id)
                           .order_by(Inv.id))
    return [(r[0], r[1], r[2]) for r in rows]
