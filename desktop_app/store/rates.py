"""Exchange rates: units of a currency for 1 EUR, per day (the ECB convention)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from desktop_app.store.records import ExchangeRateRecord


def rate_on(session: Session, currency: str, day: date) -> tuple[Decimal, date] | None:
    """The latest rate of `currency` on or before `day`, with its date."""
    row = session.execute(select(ExchangeRateRecord.rate, ExchangeRateRecord.on)
                          .where(ExchangeRateRecord.currency == currency, ExchangeRateRecord.on <= day)
                          .order_by(ExchangeRateRecord.on.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None


def save_rates(session: Session, rates: Iterable[tuple[str, date, Decimal]], source: str) -> int:
    """Store rates, replacing those of the same currency and day; returns how many were written."""
    rows = [{"currency": c, "on": d, "rate": r, "source": source} for c, d, r in rates]
    for row in rows:
        session.execute(delete(ExchangeRateRecord).where(ExchangeRateRecord.currency == row["currency"],
                                                         ExchangeRateRecord.on == row["on"]))
    if rows:
        session.execute(insert(ExchangeRateRecord), rows)
    return len(rows)


def latest_rates(session: Session) -> list[tuple[str, date, Decimal, str]]:
    """The most recent rate of each currency."""
    rows = session.execute(select(ExchangeRateRecord.currency, ExchangeRateRecord.on, ExchangeRateRecord.rate,
                                  ExchangeRateRecord.source).order_by(ExchangeRateRecord.currency,
                                                                      ExchangeRateRecord.on.desc()))
    latest: dict[str, tuple[str, date, Decimal, str]] = {}
    for currency, on, rate, source in rows:
        latest.setdefault(currency, (currency, on, rate, source))
    return list(latest.values())
