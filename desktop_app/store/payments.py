"""Payments as recorded: one with its allocations, reversals (new rows, never edits), and a
customer's documents and payments for a statement of account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, insert, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from desktop_app.domain.errors import NotFound
from desktop_app.i18n import _
from desktop_app.store import balances
from desktop_app.store.records import AllocationRecord, InvoiceRecord, PaymentRecord
from desktop_app.store.types import Scaled, utcnow

Pay, Alloc, Inv = PaymentRecord, AllocationRecord, InvoiceRecord


@dataclass(frozen=True, slots=True)
class StoredAllocation:
    invoice_id: int | None          # None: kept as the customer's credit
    customer_id: int | None
    amount: Decimal


@dataclass(frozen=True, slots=True)
class StoredPayment:
    id: int
    source: str
    external_id: str
    kind: str
    received_on: date
    amount: Decimal
    fee: Decimal
    currency: str
    method: str
    reference: str
    payer_name: str
    customer_id: int | None
    reverses_id: int | None
    allocations: tuple[StoredAllocation, ...]

    @property
    def credit(self) -> Decimal:
        """The part left to (or, when negative, taken from) the customer's credit."""
        return sum((a.amount for a in self.allocations if a.invoice_id is None), Decimal(0))


def load_payment(session: Session, payment_id: int) -> StoredPayment:
    record = session.get(Pay, payment_id)
    if record is None:
        raise NotFound(_("Payment {id} does not exist.").format(id=payment_id))
    rows = session.execute(select(Alloc.invoice_id, Alloc.customer_id, Alloc.amount)
                           .where(Alloc.payment_id == payment_id).order_by(Alloc.id))
    return StoredPayment(record.id, record.source, record.external_id, record.kind, record.received_on,
                         record.amount, record.fee, record.currency, record.method, record.reference,
                         record.payer_name, record.customer_id, record.reverses_id,
                         tuple(StoredAllocation(*row) for row in rows))


def reversal_of(session: Session, payment_id: int) -> int | None:
    """The id of the payment that reverses this one, if any."""
    return session.scalar(select(Pay.id).where(Pay.reverses_id == payment_id).limit(1))


def free_external_id(session: Session, source: str, external_id: str) -> str:
    """`external_id`, or `external_id#2`, `#3`... when an earlier (reversed) payment holds it."""
    taken = set(session.scalars(select(Pay.external_id).where(
        Pay.source == source, or_(Pay.external_id == external_id, Pay.external_id.like(f"{external_id}#%")))))
    candidate, n = external_id, 1
    while candidate in taken:
        n += 1
        candidate = f"{external_id}#{n}"
    return candidate


def record_reversal(session: Session, original: StoredPayment, day: date, reason: str) -> int:
    """A payment undoing `original`: its amount and every allocation negated, balances moved back."""
    result = session.execute(insert(Pay).values(
        source="reversal", external_id=f"reversal:{original.id}", kind="reversal", received_on=day,
        amount=-original.amount, fee=-original.fee, currency=original.currency, method=original.method,
        reference=original.reference, payer_name=original.payer_name, label=reason,
        customer_id=original.customer_id, reverses_id=original.id, created_at=utcnow()).returning(Pay.id))
    reversal_id = int(result.scalar_one())
    for allocation in original.allocations:
        session.execute(insert(Alloc).values(payment_id=reversal_id, invoice_id=allocation.invoice_id,
                                             customer_id=allocation.customer_id, amount=-allocation.amount,
                                             created_at=utcnow()))
        if allocation.invoice_id is not None:
            balances.adjust(session, allocation.invoice_id, paid=-allocation.amount)
    return reversal_id


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    day: date
    kind: str                       # invoice | credit_note
    number: str
    amount: Decimal                 # payable total, positive
    due_date: date | None


@dataclass(frozen=True, slots=True)
class PaymentEntry:
    day: date
    payment_id: int
    kind: str                       # payment | refund | reversal | credit
    method: str
    reference: str
    amount: Decimal                 # what the payment moved on this customer's account (+ = received)


def customer_documents(session: Session, customer_id: int, currency: str, end: date) -> list[DocumentEntry]:
    payable = type_coerce(Inv.grand_total + Inv.rounding, Scaled(2))
    rows = session.execute(select(Inv.issue_date, Inv.kind, Inv.number, payable, Inv.due_date)
                           .where(Inv.customer_id == customer_id, Inv.state == "issued", Inv.currency == currency,
                                  Inv.issue_date <= end)
                           .order_by(Inv.issue_date, Inv.kind.desc(), Inv.sequence_number))
    return [DocumentEntry(day, kind, number or "", amount, due) for day, kind, number, amount, due in rows]


def customer_payments(session: Session, customer_id: int, currency: str, end: date) -> list[PaymentEntry]:
    """Each payment's share for this customer: what it paid on their invoices plus their credit."""
    paid = aliased(Inv)
    mine = or_(paid.customer_id == customer_id, and_(Alloc.invoice_id.is_(None), Alloc.customer_id == customer_id))
    rows = session.execute(
        select(Pay.received_on, Pay.id, Pay.kind, Pay.method, Pay.reference, func.sum(Alloc.amount))
        .join(Alloc, Alloc.payment_id == Pay.id).outerjoin(paid, paid.id == Alloc.invoice_id)
        .where(mine, Pay.currency == currency, Pay.received_on <= end)
        .group_by(Pay.id).order_by(Pay.received_on, Pay.id))
    return [PaymentEntry(day, pid, kind, method, reference, amount)
            for day, pid, kind, method, reference, amount in rows if amount]
