"""Customers (buyers) and products."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.store.records.base import Base, Timestamped
from desktop_app.store.types import Scaled, UtcDateTime, utcnow


class CustomerRecord(Timestamped, Base):
    __tablename__ = "customers"
    __table_args__ = (Index("ix_customers_email", "email"), Index("ix_customers_vat_number", "vat_number"),
                      Index("ix_customers_name", "name"),
                      # The few customers whose reminders are paused, without reading every customer.
                      Index("ix_customers_reminders_paused", "id", "reminders_pause_reason", "reminders_paused_until",
                            sqlite_where=text("reminders_pause_reason != ''"),
                            postgresql_where=text("reminders_pause_reason != ''")))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(3), default="b2c")
    name: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    siren: Mapped[str] = mapped_column(String(9), default="")
    siret: Mapped[str] = mapped_column(String(14), default="")
    vat_number: Mapped[str] = mapped_column(String(20), default="")
    language: Mapped[str] = mapped_column(String(5), default="fr")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    payment_terms: Mapped[str] = mapped_column(String(10), default="30")
    notes: Mapped[str] = mapped_column(Text, default="")
    billing_line1: Mapped[str] = mapped_column(String(200), default="")
    billing_line2: Mapped[str] = mapped_column(String(200), default="")
    billing_postcode: Mapped[str] = mapped_column(String(20), default="")
    billing_city: Mapped[str] = mapped_column(String(100), default="")
    billing_region: Mapped[str] = mapped_column(String(100), default="")
    billing_country: Mapped[str] = mapped_column(String(2), default="FR")
    has_shipping: Mapped[bool] = mapped_column(Boolean, default=False)
    shipping_line1: Mapped[str] = mapped_column(String(200), default="")
    shipping_line2: Mapped[str] = mapped_column(String(200), default="")
    shipping_postcode: Mapped[str] = mapped_column(String(20), default="")
    shipping_city: Mapped[str] = mapped_column(String(100), default="")
    shipping_region: Mapped[str] = mapped_column(String(100), default="")
    shipping_country: Mapped[str] = mapped_column(String(2), default="FR")
    template_id: Mapped[int | None] = mapped_column(default=None)
    reminders_paused_until: Mapped[date | None] = mapped_column(Date, default=None)
    reminders_pause_reason: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


class ProductRecord(Timestamped, Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    unit_price: Mapped[Decimal | None] = mapped_column(Scaled(6), default=None)
    vat_category: Mapped[str] = mapped_column(String(2), default="S")
    vat_rate: Mapped[Decimal | None] = mapped_column(Scaled(4), default=None)
    unit_code: Mapped[str] = mapped_column(String(3), default="C62")
