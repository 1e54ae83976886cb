"""Sums kept up to date for the dashboard, so that it never adds up a million invoices to draw a chart.

Derived data: `store.figures` folds in what was issued or paid since the last fold (marked by the
journal sequence of documents and the id of allocations) and can recompute everything to check it.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.store.records.base import Base


class MonthlyFigureRecord(Base):
    """One month: invoices issued, invoiced less credited, collected and applied, in euro cents."""

    __tablename__ = "monthly_figures"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)       # YYYY-MM
    invoices: Mapped[int] = mapped_column(Integer, default=0)
    invoiced: Mapped[int] = mapped_column(BigInteger, default=0)
    collected: Mapped[int] = mapped_column(BigInteger, default=0)
    applied: Mapped[int] = mapped_column(BigInteger, default=0)


class FigureMarkRecord(Base):
    """How far the monthly figures were brought: the last journal sequence and allocation id folded in."""

    __tablename__ = "figure_marks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
