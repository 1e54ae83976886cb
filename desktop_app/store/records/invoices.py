"""Invoices and credit notes (one table, `kind` tells them apart), their lines, allowances and
charges, VAT breakdown, and the exact documents handed to the customer."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.store.records.base import Base, Timestamped
from desktop_app.store.types import Cents, Scaled, UtcDateTime


class InvoiceRecord(Timestamped, Base):
    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("number"),
        UniqueConstraint("series", "sequence_period", "sequence_number"),
        Index("ix_invoices_customer_id", "customer_id"),
        Index("ix_invoices_order_id", "order_id"),
        Index("ix_invoices_issue_date", "issue_date"),
        Index("ix_invoices_state_kind", "state", "kind"),
        Index("ix_invoices_corrected_invoice_id", "corrected_invoice_id"),
        Index("ix_invoices_due_date", "due_date"),
        # The list's default order, and what the VAT return reads of each document issued in its period.
        Index("ix_invoices_issued_by_date", "state", "issue_date", "sequence_number", "id", "kind", "exchange_rate",
              "vat_total_eur"),
        # Each series in number order with its dates: verify's numbering check, straight from an index.
        Index("ix_invoices_numbering", "series", "sequence_period", "sequence_number", "state", "issue_date"),
        # The amount search of the global search, the monthly figures' fold.
        Index("ix_invoices_grand_total", "grand_total"),
        Index("ix_invoices_journal_seq", "journal_seq"),
        # Found documents are sorted by these, and verify's numbering and balance checks read them, without
        # touching the wide rows (the frozen parties make a row weigh 1.5 kB).
        Index("ix_invoices_facts", "id", "state", "kind", "issue_date", "sequence_number", "due_date", "currency",
              "exchange_rate", "customer_id", "series", "sequence_period", "grand_total", "rounding"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), default="invoice")       # invoice | credit_note
    state: Mapped[str] = mapped_column(String(8), default="draft")         # draft | issued
    number: Mapped[str | None] = mapped_column(String(35), default=None)
    series: Mapped[str | None] = mapped_column(String(20), default=None)
    sequence_period: Mapped[str | None] = mapped_column(String(7), default=None)
    sequence_number: Mapped[int | None] = mapped_column(Integer, default=None)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), default=None)
    corrected_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), default=None)
    issue_date: Mapped[date | None] = mapped_column(default=None)
    delivery_date: Mapped[date | None] = mapped_column(default=None)
    due_date: Mapped[date | None] = mapped_column(default=None)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    language: Mapped[str] = mapped_column(String(5), default="fr")
    buyer_name: Mapped[str] = mapped_column(String(200), default="")
    buyer_reference: Mapped[str] = mapped_column(String(100), default="")
    order_reference: Mapped[str] = mapped_column(String(100), default="")
    parties: Mapped[str] = mapped_column(Text, default="{}")       # seller and buyer as issued (JSON)
    payment_terms: Mapped[str] = mapped_column(String(10), default="30")
    payment_means: Mapped[str] = mapped_column(String(60), default="")
    paid_at_checkout_by: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")            # why a credit note was made
    line_total: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    allowance_total: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    charge_total: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    tax_basis: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    vat_total: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    grand_total: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    prepaid: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    rounding: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    amount_due: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    vat_total_eur: Mapped[Decimal | None] = mapped_column(Cents(), default=None)
    exchange_rate: Mapped[Decimal | None] = mapped_column(Scaled(8), default=None)
    exchange_rate_date: Mapped[date | None] = mapped_column(default=None)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    journal_seq: Mapped[int | None] = mapped_column(Integer, default=None)   # the entry that issued it
    issued_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)

    lines: Mapped[list[InvoiceLineRecord]] = relationship(
        cascade="all, delete-orphan", order_by="InvoiceLineRecord.position")
    adjustments: Mapped[list[InvoiceAdjustmentRecord]] = relationship(
        cascade="all, delete-orphan", order_by="InvoiceAdjustmentRecord.position")
    vat_rows: Mapped[list[InvoiceVatRecord]] = relationship(cascade="all, delete-orphan")


class InvoiceLineRecord(Base):
    __tablename__ = "invoice_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(String(500))
    quantity: Mapped[Decimal] = mapped_column(Scaled(4))
    unit_code: Mapped[str] = mapped_column(String(3), default="C62")
    unit_price: Mapped[Decimal] = mapped_column(Scaled(6))
    allowance: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    charge: Mapped[Decimal] = mapped_column(Cents(), default=Decimal(0))
    net_amount: Mapped[Decimal] = mapped_column(Cents())
    vat_category: Mapped[str] = mapped_column(String(2))
    vat_rate: Mapped[Decimal] = mapped_column(Scaled(4))


class InvoiceAdjustmentRecord(Base):
    """A document-level allowance (discount) or charge (shipping)."""

    __tablename__ = "invoice_adjustments"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    is_charge: Mapped[bool]
    amount: Mapped[Decimal] = mapped_column(Cents())
    reason: Mapped[str] = mapped_column(String(200))
    vat_category: Mapped[str] = mapped_column(String(2))
    vat_rate: Mapped[Decimal] = mapped_column(Scaled(4))


class InvoiceVatRecord(Base):
    """One row of the VAT breakdown."""

    __tablename__ = "invoice_vat"
    # A document's rows, and all a VAT return adds up of them, in one index.
    __table_args__ = (Index("ix_invoice_vat_breakdown", "invoice_id", "vat_category", "vat_rate", "base", "amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    vat_category: Mapped[str] = mapped_column(String(2))
    vat_rate: Mapped[Decimal] = mapped_column(Scaled(4))
    base: Mapped[Decimal] = mapped_column(Cents())
    amount: Mapped[Decimal] = mapped_column(Cents())


class IssuedDocumentRecord(Timestamped, Base):
    """The exact bytes handed to the customer (PDF/A-3 with its Factur-X XML); never rewritten."""

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), unique=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    xml: Mapped[bytes] = mapped_column(LargeBinary)
    xml_sha256: Mapped[str] = mapped_column(String(64))
