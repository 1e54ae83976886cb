"""Shop orders as imported, their lines, taxes and refunds; import runs and saved CSV mappings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.store.records.base import Base, Timestamped
from desktop_app.store.types import Cents, Scaled, UtcDateTime, utcnow


class OrderRecord(Timestamped, Base):
    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("shop", "reference"), Index("ix_orders_order_date", "order_date"),
                      Index("ix_orders_customer_id", "customer_id"), Index("ix_orders_ordered_at", "ordered_at"),
                      Index("ix_orders_total", "total"))

    id: Mapped[int] = mapped_column(primary_key=True)
    shop: Mapped[str] = mapped_column(String(60))
    reference: Mapped[str] = mapped_column(String(60))
    external_id: Mapped[str] = mapped_column(String(60), default="")
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), default=None)
    ordered_at: Mapped[datetime] = mapped_column(UtcDateTime())
    order_date: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    taxes_included: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))
    shop_status: Mapped[str] = mapped_column(String(60), default="")
    payment_method: Mapped[str] = mapped_column(String(100), default="")
    payment_reference: Mapped[str] = mapped_column(String(200), default="")
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    subtotal: Mapped[Decimal] = mapped_column(Cents())
    shipping: Mapped[Decimal] = mapped_column(Cents())
    shipping_tax: Mapped[Decimal | None] = mapped_column(Cents(), default=None)
    discount: Mapped[Decimal] = mapped_column(Cents())
    discount_codes: Mapped[str] = mapped_column(String(200), default="")
    total_tax: Mapped[Decimal] = mapped_column(Cents())
    total: Mapped[Decimal] = mapped_column(Cents())
    refunded: Mapped[Decimal] = mapped_column(Cents())
    customer_email: Mapped[str] = mapped_column(String(200), default="")
    customer_vat_number: Mapped[str] = mapped_column(String(20), default="")
    billing_name: Mapped[str] = mapped_column(String(200), default="")
    billing_company: Mapped[str] = mapped_column(String(200), default="")
    billing_line1: Mapped[str] = mapped_column(String(200), default="")
    billing_line2: Mapped[str] = mapped_column(String(200), default="")
    billing_postcode: Mapped[str] = mapped_column(String(20), default="")
    billing_city: Mapped[str] = mapped_column(String(100), default="")
    billing_region: Mapped[str] = mapped_column(String(100), default="")
    billing_country: Mapped[str] = mapped_column(String(2), default="")
    billing_phone: Mapped[str] = mapped_column(String(40), default="")
    shipping_name: Mapped[str] = mapped_column(String(200), default="")
    shipping_company: Mapped[str] = mapped_column(String(200), default="")
    shipping_line1: Mapped[str] = mapped_column(String(200), default="")
    shipping_line2: Mapped[str] = mapped_column(String(200), default="")
    shipping_postcode: Mapped[str] = mapped_column(String(20), default="")
    shipping_city: Mapped[str] = mapped_column(String(100), default="")
    shipping_region: Mapped[str] = mapped_column(String(100), default="")
    shipping_country: Mapped[str] = mapped_column(String(2), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    source_file: Mapped[str] = mapped_column(String(300), default="")
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)

    lines: Mapped[list[OrderLineRecord]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLineRecord.position")
    tax_lines: Mapped[list[OrderTaxLineRecord]] = relationship(cascade="all, delete-orphan")
    refunds: Mapped[list[OrderRefundRecord]] = relationship(cascade="all, delete-orphan")


class OrderLineRecord(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str] = mapped_column(String(100), default="")
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"), default=None)
    description: Mapped[str] = mapped_column(String(500))
    quantity: Mapped[Decimal] = mapped_column(Scaled(4))
    unit_price: Mapped[Decimal] = mapped_column(Scaled(6))
    discount: Mapped[Decimal] = mapped_column(Cents())
    total: Mapped[Decimal] = mapped_column(Cents())
    tax_rate: Mapped[Decimal | None] = mapped_column(Scaled(4), default=None)
    tax_amount: Mapped[Decimal | None] = mapped_column(Cents(), default=None)
    taxable: Mapped[bool] = mapped_column(Boolean, default=True)

    order: Mapped[OrderRecord] = relationship(back_populates="lines")


class OrderTaxLineRecord(Base):
    __tablename__ = "order_tax_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    rate: Mapped[Decimal | None] = mapped_column(Scaled(4), default=None)
    amount: Mapped[Decimal] = mapped_column(Cents())


class OrderRefundRecord(Base):
    __tablename__ = "order_refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(60), default="")
    amount: Mapped[Decimal] = mapped_column(Cents())
    refunded_on: Mapped[date | None] = mapped_column(Date, default=None)
    reason: Mapped[str] = mapped_column(String(300), default="")
    credit_note_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), default=None)


class ImportRunRecord(Timestamped, Base):
    """One import of one file: what it was and what it changed."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))            # orders | payments
    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_format: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text, default="{}")


class CsvMappingRecord(Timestamped, Base):
    """A column mapping for a generic CSV, saved by name."""

    __tablename__ = "csv_mappings"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    definition: Mapped[str] = mapped_column(Text)
