"""What is left to pay on each issued invoice, kept in step with payments and credit notes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, case, insert, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.money import ZERO
from desktop_app.store.records import AllocationRecord, InvoiceBalanceRecord, PaymentRecord
from desktop_app.store.types import Scaled


@dataclass(frozen=True, slots=True)
class Balance:
    invoice_id: int
    paid: Decimal
    credited: Decimal
    balance: Decimal
    last_paid_on: date | None


def adjust(session: Session, invoice_id: int, paid: Decimal = ZERO, credited: Decimal = ZERO,
           paid_on: date | None = None) -> None:
    """Add a payment (or refund, negative) and/or a credit note to an invoice's balance."""
    record = InvoiceBalanceRecord
    # Typed parameters: the database holds cents, and an untyped Decimal would reach it as text.
    paid_cents, credited_cents = bindparam("paid", paid, Scaled(2)), bindparam("credited", credited, Scaled(2))
    remaining = record.balance - paid_cents - credited_cents
    values: dict[str, object] = {"paid": record.paid + paid_cents, "credited": record.credited + credited_cents,
                                 "balance": remaining, "open": case((remaining > 0, 1), else_=0)}
    if paid_on is not None:
        values["last_paid_on"] = paid_on
    session.execute(update(record).where(record.invoice_id == invoice_id).values(**values))


def balances(session: Session, invoice_ids: Sequence[int]) -> dict[int, Balance]:
    rows = session.execute(select(InvoiceBalanceRecord).where(InvoiceBalanceRecord.invoice_id.in_(invoice_ids)))
    return {r.invoice_id: Balance(r.invoice_id, r.paid, r.credited, r.balance, r.last_paid_on)
            for r in rows.scalars()}


@dataclass(frozen=True, slots=True)
class NewPayment:
    source: str
    external_id: str
    received_on: date
    amount: Decimal
    currency: str
    method: str = ""
    reference: str = ""
    payer_name: str = ""
    label: str = ""
    kind: str = "payment"
    fee: Decimal = ZERO
    customer_id: int | None = None


def record_payments(session: Session, payments: Sequence[tuple[NewPayment, list[tuple[int | None, Decimal]]]]
                    ) -> list[int]:
    """Store payments with their allocations ((invoice id or None for customer credit, amount)), and move
    the balances of the invoices they pay. Returns the payment ids."""
    ids = []
    for payment, allocations in payments:
        result = session.execute(insert(PaymentRecord).values(
            source=payment.source, external_id=payment.external_id, kind=payment.kind,
            received_on=payment.received_on, amount=payment.amount, fee=payment.fee, currency=payment.currency,
            method=payment.method, reference=payment.reference, payer_name=payment.payer_name, label=payment.label,
            customer_id=payment.customer_id).returning(PaymentRecord.id))
        payment_id = int(result.scalar_one())
        ids.append(payment_id)
        for invoice_id, amount in allocations:
            session.execute(insert(AllocationRecord).values(payment_id=payment_id, invoice_id=invoice_id,
                                                            customer_id=payment.customer_id, amount=amount))
            if invoice_id is not None:
                adjust(session, invoice_id, paid=amount, paid_on=payment.received_on)
    return ids
