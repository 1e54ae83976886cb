"""Lines of imported bank statements and provider exports, what matching made of each, and the
settlements that confirm payments taken at checkout.

A line is kept whole as the file gave it (it never changes); only its review state moves, as
the user accepts, reassigns or ignores it. The database refuses any other change (triggers).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.store.records.base import Base, Timestamped
from desktop_app.store.types import Cents, UtcDateTime

# The columns a review may change; every other column of a line is frozen once imported.
REVIEW_COLUMNS = ("state", "confidence", "rule", "reason", "proposal", "customer_id", "payment_id", "resolved_at")


class StatementLineRecord(Timestamped, Base):
    __tablename__ = "statement_lines"
    __table_args__ = (UniqueConstraint("origin", "external_id"),
                      Index("ix_statement_lines_state_booked_on", "state", "booked_on"),
                      Index("ix_statement_lines_booked_on", "booked_on"),
                      Index("ix_statement_lines_payment_id", "payment_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    origin: Mapped[str] = mapped_column(String(80))                  # bank:<IBAN> | stripe | paypal[:<account>]
    source: Mapped[str] = mapped_column(String(20))                  # the reader: camt053, ofx, cfonb, stripe...
    account: Mapped[str] = mapped_column(String(80), default="")
    external_id: Mapped[str] = mapped_column(String(120))            # the file's id, or a fingerprint
    booked_on: Mapped[date] = mapped_column(Date)
    value_on: Mapped[date | None] = mapped_column(Date, default=None)
    amount: Mapped[Decimal] = mapped_column(Cents())                 # signed, gross of the provider's fee
    fee: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    currency: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(12))                    # payment | refund | fee | payout...
    method: Mapped[str] = mapped_column(String(40), default="")
    label: Mapped[str] = mapped_column(Text, default="")
    payer_name: Mapped[str] = mapped_column(String(200), default="")
    payer_email: Mapped[str] = mapped_column(String(200), default="")
    refs: Mapped[str] = mapped_column(Text, default="[]")            # JSON list of structured references
    gateway_ids: Mapped[str] = mapped_column(Text, default="[]")     # JSON list of ch_/pi_/txn_ ids
    payout_id: Mapped[str] = mapped_column(String(120), default="")
    related_id: Mapped[str] = mapped_column(String(120), default="")
    reversal: Mapped[bool] = mapped_column(Boolean, default=False)
    file_name: Mapped[str] = mapped_column(String(300), default="")
    file_line: Mapped[int] = mapped_column(Integer, default=0)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id"), default=None)
    # The review state: matched | settled | doubtful | unmatched | ignored | not_payment.
    state: Mapped[str] = mapped_column(String(12))
    confidence: Mapped[str] = mapped_column(String(10), default="none")
    rule: Mapped[str] = mapped_column(String(30), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    proposal: Mapped[str] = mapped_column(Text, default="{}")        # JSON: allocations, settlements, credit
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), default=None)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class SettlementRecord(Timestamped, Base):
    """A provider's line confirming (part of) a payment recorded at checkout: no new money, a fee."""

    __tablename__ = "payment_settlements"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_line_id: Mapped[int] = mapped_column(ForeignKey("statement_lines.id"), index=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    amount: Mapped[Decimal] = mapped_column(Cents())
    fee: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    payout_id: Mapped[str] = mapped_column(String(120), default="")
