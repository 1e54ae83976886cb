"""Closed periods (months): nothing may be issued or paid with a date in one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import ZERO
from desktop_app.store.records import ClosingRecord, InvoiceRecord, PaymentRecord
from desktop_app.store.types import utcnow


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def is_closed(session: Session, day: date) -> bool:
    return session.get(ClosingRecord, period_of(day)) is not None


def closed_periods(session: Session) -> list[str]:
    return list(session.scalars(select(ClosingRecord.period).order_by(ClosingRecord.period)))


def add_closing(session: Session, period: str, journal_seq: int) -> None:
    session.execute(insert(ClosingRecord).values(period=period, closed_at=utcnow(), journal_seq=journal_seq))


def _sums(session: Session, start: date | None, end: date) -> dict[str, Any]:
    conditions = [InvoiceRecord.state == "issued", InvoiceRecord.issue_date <= end]
    if start is not None:
        conditions.append(InvoiceRecord.issue_date >= start)
    rows = session.execute(select(InvoiceRecord.kind, InvoiceRecord.currency, func.count(),
                                  func.sum(InvoiceRecord.tax_basis), func.sum(InvoiceRecord.vat_total),
                                  func.sum(InvoiceRecord.grand_total + InvoiceRecord.rounding))
                           .where(*conditions).group_by(InvoiceRecord.kind, InvoiceRecord.currency))
    totals: dict[str, Any] = {}
    for kind, currency, count, base, vat, total in rows:
        totals.setdefault(kind, {})[currency] = {"count": count, "base": base or ZERO, "vat": vat or ZERO,
                                                 "total": total or ZERO}
    payment_conditions = [PaymentRecord.received_on <= end]
    if start is not None:
        payment_conditions.append(PaymentRecord.received_on >= start)
    payments = session.execute(select(PaymentRecord.currency, func.count(), func.sum(PaymentRecord.amount))
                               .where(*payment_conditions).group_by(PaymentRecord.currency))
    totals["payments"] = {c: {"count": n, "total": t or Decimal(0)} for c, n, t in payments}
    return totals


def period_totals(session: Session, start: date, end: date) -> dict[str, Any]:
    """Documents and payments of a period, by kind and currency."""
    return _sums(session, start, end)


def perpetual_totals(session: Session, end: date) -> dict[str, Any]:
    """Everything since the first document up to `end` (the perpetual grand totals)."""
    return _sums(session, None, end)


def earliest_activity(session: Session) -> date | None:
    first_invoice = session.scalar(select(func.min(InvoiceRecord.issue_date)).where(InvoiceRecord.state == "issued"))
    first_payment = session.scalar(select(func.min(PaymentRecord.received_on)))
    days = [d for d in (first_invoice, first_payment) if d is not None]
    return min(days) if days else None
