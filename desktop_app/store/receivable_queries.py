"""What customers owed on a given day, their accounts over a period, and how late each one pays.

`invoice_balances` holds what is left to pay today; a balance on an earlier day is today's plus what
was paid or credited after that day, so only the invoices open now or touched since are read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, func, literal, select, union_all
from sqlalchemy.orm import Session

from desktop_app.domain.conversion import to_eur
from desktop_app.domain.money import ZERO
from desktop_app.domain.receivables import OpenAmount
from desktop_app.store.records import (
    AllocationRecord,
    CustomerRecord,
    InvoiceBalanceRecord,
    InvoiceRecord,
    PaymentRecord,
)
from desktop_app.store.report_sql import cents_to_money, days_between, eur_cents, int_sum, raw, scaled

Inv, Bal, Alloc, Pay, Cust = InvoiceRecord, InvoiceBalanceRecord, AllocationRecord, PaymentRecord, CustomerRecord


def _payable() -> object:
    return raw(Inv.grand_total) + raw(Inv.rounding)


def open_amounts(session: Session, on: date) -> Iterator[OpenAmount]:
    """Each invoice with something left to pay at the end of `on`, in euros."""
    paid_later = (select(Alloc.invoice_id.label("id"), raw(Alloc.amount).label("back"))
                  .join(Pay, Pay.id == Alloc.payment_id)
                  .where(Pay.received_on > on, Alloc.invoice_id.is_not(None)))
    credited_later = (select(Inv.corrected_invoice_id.label("id"), _payable().label("back"))  # type: ignore[attr-defined]
                      .where(Inv.state == "issued", Inv.kind == "credit_note", Inv.issue_date > on,
                             Inv.corrected_invoice_id.is_not(None)))
    open_now = select(Bal.invoice_id.label("id"), literal(0).label("back")).where(Bal.open == 1)
    touched = union_all(paid_later, credited_later, open_now).subquery()
    back = select(touched.c.id, func.sum(touched.c.back).label("back")).group_by(touched.c.id).subquery()
    balance = raw(Bal.balance) + back.c.back
    query = (select(Inv.id, Inv.customer_id, Inv.due_date, raw(Inv.exchange_rate), balance)
             .select_from(back).join(Inv, Inv.id == back.c.id).join(Bal, Bal.invoice_id == Inv.id)
             .where(Inv.issue_date <= on, Inv.kind == "invoice", Inv.state == "issued", balance > 0))
    for invoice_id, customer_id, due, rate, cents in session.execute(query.execution_options(yield_per=10000)):
        yield OpenAmount(invoice_id, customer_id, due, to_eur(cents_to_money(cents), scaled(rate, 8)))


def customer_names(session: Session, ids: Sequence[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    unique = list(set(ids))
    for start in range(0, len(unique), 900):      # SQLite limits the parameters of one statement
        chunk = unique[start:start + 900]
        names.update(session.execute(select(Cust.id, Cust.name).where(Cust.id.in_(chunk))).all())
    return names


def document_sums(session: Session, start: date, end: date) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
    """Per customer, in euros: documents before `start` (invoices less credit notes), then the
    period's invoices and credit notes."""
    amount = eur_cents(_payable(), Inv.exchange_rate)
    before = Inv.issue_date < start
    signed = case((Inv.kind == "credit_note", -amount), else_=amount)
    customer = Inv.customer_id + 0      # not the indexed column: see delay_history
    query = (select(customer, int_sum(case((before, signed), else_=0)),
                    int_sum(case((and_(~before, Inv.kind == "invoice"), amount), else_=0)),
                    int_sum(case((and_(~before, Inv.kind == "credit_note"), amount), else_=0)))
             .where(Inv.state == "issued", Inv.issue_date <= end).group_by(customer))
    return {cid: (cents_to_money(a), cents_to_money(b), cents_to_money(c)) for cid, a, b, c in session.execute(query)}


def payment_sums(session: Session, start: date, end: date) -> dict[int, tuple[Decimal, Decimal]]:
    """Per customer, in euros: what was received before `start`, and in the period (applied to its
    invoices at their rate, or kept as its credit)."""
    customer = func.coalesce(Inv.customer_id, Alloc.customer_id)
    amount = eur_cents(raw(Alloc.amount), Inv.exchange_rate)
    before = Pay.received_on < start
    query = (select(customer, int_sum(case((before, amount), else_=0)), int_sum(case((before, 0), else_=amount)))
             .select_from(Alloc).join(Pay, Pay.id == Alloc.payment_id)
             .join(Inv, Inv.id == Alloc.invoice_id, isouter=True)
             .where(Pay.received_on <= end, customer.is_not(None)).group_by(customer))
    return {cid: (cents_to_money(a), cents_to_money(b)) for cid, a, b in session.execute(query)}


def delay_history(session: Session, on: date, days: int = 365) -> Iterator[tuple[int, int, int]]:
    """(customer id, invoices settled, days late added up) for invoices sold on credit and settled
    in the `days` before `on`: each customer's payment habits."""
    late = days_between(Bal.last_paid_on, Inv.due_date)
    # Grouped on an expression, not the column: SQLite would otherwise walk the customer index and
    # fetch a million invoice rows in random order, ten times slower than reading the table through.
    customer = Inv.customer_id + 0
    query = (select(customer, func.count(), int_sum(late))
             .join(Bal, Bal.invoice_id == Inv.id)
             .where(Inv.kind == "invoice", Inv.state == "issued", Inv.due_date > Inv.issue_date, Bal.open == 0,
                    raw(Bal.paid) > 0, raw(Bal.credited) < _payable(), Bal.last_paid_on <= on,
                    Bal.last_paid_on > on - timedelta(days=days))
             .group_by(customer))
    for customer_id, count, total in session.execute(query):
        yield int(customer_id), int(count), int(total)


def not_due_totals(session: Session, days: Sequence[date]) -> dict[date, Decimal]:
    """For each day, what was owed at its end on invoices not yet due that day, in euros.

    Only invoices sold on credit can be owed and not due; each is read once with its payments and
    credit notes, then counted on the days between its issue and its due date.
    """
    if not days:
        return {}
    first, last = min(days), max(days)
    candidates = (select(Inv.id.label("id"), _payable().label("payable"), raw(Inv.exchange_rate).label("rate"),  # type: ignore[attr-defined]
                         Inv.issue_date.label("issued"), Inv.due_date.label("due"))
                  .where(Inv.kind == "invoice", Inv.state == "issued", Inv.due_date > Inv.issue_date,
                         Inv.due_date >= first, Inv.issue_date <= last)).subquery()
    invoices = {row.id: row for row in session.execute(select(candidates))}
    if not invoices:
        return dict.fromkeys(days, ZERO)
    paid: dict[int, list[tuple[date, int]]] = {}
    for invoice, received, cents in session.execute(
            select(Alloc.invoice_id, Pay.received_on, raw(Alloc.amount)).join(Pay, Pay.id == Alloc.payment_id)
            .join(candidates, candidates.c.id == Alloc.invoice_id).where(Pay.received_on <= last)):
        paid.setdefault(invoice, []).append((received, int(cents)))
    for invoice, issued, cents in session.execute(
            select(Inv.corrected_invoice_id, Inv.issue_date, _payable())
            .where(Inv.corrected_invoice_id.is_not(None), Inv.kind == "credit_note", Inv.state == "issued",
                   Inv.issue_date <= last)):
        if invoice in invoices:
            paid.setdefault(invoice, []).append((issued, int(cents)))
    ordered = sorted(set(days))
    totals = dict.fromkeys(ordered, ZERO)
    for invoice_id, row in invoices.items():
        # The few days (month ends) between its issue and its due date, found by bisection.
        for day in ordered[bisect_left(ordered, row.issued):bisect_right(ordered, row.due)]:
            left = int(row.payable) - sum(cents for when, cents in paid.get(invoice_id, ()) if when <= day)
            totals[day] += to_eur(cents_to_money(left), scaled(row.rate, 8))
    return totals
