"""Payments received (and reversals), and how each is allocated to invoices or left as credit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.store.records.base import Base, Timestamped
from desktop_app.store.types import Cents, Scaled


class PaymentRecord(Timestamped, Base):
    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("source", "external_id"), Index("ix_payments_received_on", "received_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(80))                 # manual | stripe | paypal | bank:<account>
    external_id: Mapped[str] = mapped_column(String(120))           # transaction id or stable fingerprint
    kind: Mapped[str] = mapped_column(String(12), default="payment")  # payment | reversal | refund
    received_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Cents())
    fee: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(60), default="")
    reference: Mapped[str] = mapped_column(String(200), default="")
    payer_name: Mapped[str] = mapped_column(String(200), default="")
    label: Mapped[str] = mapped_column(Text, default="")
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), default=None)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), default=None)


class AllocationRecord(Timestamped, Base):
    """Part of a payment applied to an invoice (or, with no invoice, kept as customer credit)."""

    __tablename__ = "payment_allocations"
    # An invoice's allocations with their amounts: what verify adds up again for a million balances.
    __table_args__ = (Index("ix_payment_allocations_invoice_amount", "invoice_id", "amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), default=None)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), default=None)
    amount: Mapped[Decimal] = mapped_column(Cents())


class InvoiceBalanceRecord(Base):
    """What is left to pay on an issued document, kept up to date by the services that pay or credit it.

    Derived data (the invoice itself never changes): `verify` recomputes it from allocations and
    credit notes. It exists so that "unpaid" and "overdue" stay instant on a million invoices. It also
    keeps a copy of the invoice's dates, currency, rate and customer (`verify` holds them equal), so that
    the open invoices, in due-date order, are one index the dashboard reads without the invoices.
    """

    __tablename__ = "invoice_balances"
    __table_args__ = (Index("ix_invoice_balances_open", "invoice_id", sqlite_where=text("open = 1"),
                            postgresql_where=text("open = 1")),
                      Index("ix_invoice_balances_open_facts", "open", "due_date", "invoice_id", "balance", "currency",
                            "exchange_rate", "customer_id", "issue_date", sqlite_where=text("open = 1"),
                            postgresql_where=text("open = 1")))

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), primary_key=True)
    paid: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    credited: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    balance: Mapped[Decimal] = mapped_column(Cents())
    open: Mapped[int] = mapped_column(default=1)
    last_paid_on: Mapped[date | None] = mapped_column(Date, default=None)
    # Copies of the invoice's, as issued.
    due_date: Mapped[date | None] = mapped_column(Date, default=None)
    issue_date: Mapped[date | None] = mapped_column(Date, default=None)
    currency: Mapped[str | None] = mapped_column(String(3), default=None)
    exchange_rate: Mapped[Decimal | None] = mapped_column(Scaled(8), default=None)
    customer_id: Mapped[int | None] = mapped_column(default=None)
