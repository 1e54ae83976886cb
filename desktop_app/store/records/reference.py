"""Number sequences, exchange rates and document templates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.store.records.base import Base, Timestamped
from desktop_app.store.types import Scaled


class NumberSequenceRecord(Base):
    """The last number given in one series and period (e.g. invoices, 2026)."""

    __tablename__ = "number_sequences"

    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class ExchangeRateRecord(Base):
    """Units of `currency` for 1 EUR on a day (the ECB reference-rate convention)."""

    __tablename__ = "exchange_rates"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    on: Mapped[date] = mapped_column(Date, primary_key=True)
    rate: Mapped[Decimal] = mapped_column(Scaled(8))
    source: Mapped[str] = mapped_column(String(40), default="manual")


class DocumentTemplateRecord(Timestamped, Base):
    __tablename__ = "document_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    settings: Mapped[str] = mapped_column(Text, default="{}")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)
