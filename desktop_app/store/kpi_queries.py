"""Month-by-month sums for the key figures: documents, money received, punctuality, disputes.

Every figure is one grouped query (keyed 'YYYY-MM'), whatever the number of invoices.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.store.records import (
    AllocationRecord,
    DunningPauseRecord,
    InvoiceBalanceRecord,
    InvoiceRecord,
    PaymentRecord,
)
from desktop_app.store.report_sql import cents_to_money, days_between, eur_cents, int_sum, month_of, raw

Inv, Bal, Alloc, Pay, Pause = (InvoiceRecord, InvoiceBalanceRecord, AllocationRecord, PaymentRecord,
                               DunningPauseRecord)


def _payable() -> object:
    return raw(Inv.grand_total) + raw(Inv.rounding)


def documents_by_month(session: Session, start: date, end: date) -> dict[str, tuple[int, Decimal]]:
    """Per month: invoices issued, and invoices less credit notes in euros (VAT included)."""
    amount = eur_cents(_payable(), Inv.exchange_rate)
    month = month_of(Inv.issue_date)
    query = (select(month, int_sum(case((Inv.kind == "invoice", 1), else_=0)),
                    int_sum(case((Inv.kind == "credit_note", -amount), else_=amount)))
             .where(Inv.state == "issued", Inv.issue_date >= start, Inv.issue_date <= end).group_by(month))
    return {key: (int(count), cents_to_money(total)) for key, count, total in session.execute(query)}


def receipts_by_month(session: Session, start: date, end: date) -> dict[str, tuple[Decimal, Decimal]]:
    """Per month, in euros: everything customers paid (applied to invoices or kept as credit), and the
    part applied to invoices."""
    amount = eur_cents(raw(Alloc.amount), Inv.exchange_rate)
    month = month_of(Pay.received_on)
    query = (select(month, int_sum(amount), int_sum(case((Alloc.invoice_id.is_(None), 0), else_=amount)))
             .select_from(Alloc).join(Pay, Pay.id == Alloc.payment_id)
             .join(Inv, Inv.id == Alloc.invoice_id, isouter=True)
             .where(Pay.received_on >= start, Pay.received_on <= end).group_by(month))
    return {key: (cents_to_money(total), cents_to_money(applied)) for key, total, applied in session.execute(query)}


def receivable_before(session: Session, day: date) -> Decimal:
    """Invoices less credit notes less payments applied to invoices, all before `day`, in euros."""
    amount = eur_cents(_payable(), Inv.exchange_rate)
    documents = session.scalar(select(int_sum(case((Inv.kind == "credit_note", -amount), else_=amount)))
                               .where(Inv.state == "issued", Inv.issue_date < day))
    paid = session.scalar(select(int_sum(eur_cents(raw(Alloc.amount), Inv.exchange_rate)))
                          .select_from(Alloc).join(Pay, Pay.id == Alloc.payment_id)
                          .join(Inv, Inv.id == Alloc.invoice_id).where(Pay.received_on < day))
    return cents_to_money((documents or 0) - (paid or 0))


def _on_credit_not_credited() -> tuple[object, ...]:
    return (Inv.kind == "invoice", Inv.state == "issued", Inv.due_date > Inv.issue_date,
            raw(Bal.credited) < _payable())


def punctuality_by_month(session: Session, start: date, end: date) -> dict[str, tuple[int, int]]:
    """Per month of due date (up to `end`): invoices on credit that fell due, and those settled by then."""
    on_time = and_(Bal.open == 0, raw(Bal.paid) > 0, Bal.last_paid_on <= Inv.due_date)
    month = month_of(Inv.due_date)
    query = (select(month, func.count(), int_sum(case((on_time, 1), else_=0)))
             .select_from(Inv).join(Bal, Bal.invoice_id == Inv.id)
             .where(*_on_credit_not_credited(), Inv.due_date >= start, Inv.due_date < end).group_by(month))
    return {key: (int(due), int(paid)) for key, due, paid in session.execute(query)}


def settlement_by_month(session: Session, start: date, end: date) -> dict[str, tuple[int, int]]:
    """Per month of settlement: invoices on credit settled, and their days from issue to payment added up."""
    month = month_of(Bal.last_paid_on)
    query = (select(month, func.count(), int_sum(days_between(Bal.last_paid_on, Inv.issue_date)))
             .select_from(Inv).join(Bal, Bal.invoice_id == Inv.id)
             .where(*_on_credit_not_credited(), Bal.open == 0, raw(Bal.paid) > 0, Bal.last_paid_on >= start,
                    Bal.last_paid_on <= end).group_by(month))
    return {key: (int(count), int(days)) for key, count, days in session.execute(query)}


def disputed_in(session: Session, start: date, end: date) -> int:
    """Invoices whose reminders were paused with a reason (a dispute) at some time in the period."""
    after_end = datetime.combine(end + timedelta(days=1), time(0), UTC)
    from_start = datetime.combine(start, time(0), UTC)
    query = (select(func.count(func.distinct(Pause.invoice_id)))
             .where(func.trim(Pause.reason) != "", Pause.created_at < after_end,
                    or_(Pause.lifted_at.is_(None), Pause.lifted_at >= from_start),
                    or_(Pause.until.is_(None), Pause.until >= start)))
    return int(session.scalar(query) or 0)
