"""SQL pieces the report queries share: euros from a document's stored rate, in integer cents, and
the day count between two dates, written for SQLite and PostgreSQL alike.

Report queries add up integer columns (cents) in the database and turn the sums into Decimal once:
on a million invoices, summing in SQL is what keeps a yearly report under two seconds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Integer, String, case, cast, func, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from desktop_app.domain.money import ZERO

RATE_SCALE = 10 ** 8        # exchange rates are stored as Scaled(8) integers


def raw(column: Any) -> ColumnElement[int]:
    """A money or rate column as the integer it is stored as.

    Without this, a number written next to a Scaled column would be bound as an amount too (and
    scaled), and results would come back as Decimal where the query wants to keep counting in cents.
    """
    # Labelled after its table, so that two `amount` columns of one query keep apart in its rows.
    table = getattr(getattr(column, "table", None), "name", None) or "value"
    return type_coerce(column, BigInteger()).label(f"{table}_{column.key}")


def half_up_div(numerator: Any, denominator: Any) -> ColumnElement[Any]:
    """numerator / denominator rounded half away from zero, in integer arithmetic (denominator > 0)."""
    doubled = 2 * denominator
    return case((numerator >= 0, (2 * numerator + denominator) // doubled),
                else_=-((-2 * numerator + denominator) // doubled))


def eur_cents(cents: Any, rate: Any) -> ColumnElement[Any]:
    """An amount of a document (integer cents of its currency) in euro cents, with its stored rate.

    Same rounding as domain.conversion.to_eur: amount / rate, half up, to the cent.
    """
    return case((rate.is_(None), cents), else_=half_up_div(cents * RATE_SCALE, raw(rate)))


def cents_to_money(value: Any) -> Decimal:
    """A sum of cents from the database as an amount (None, for no rows, is zero)."""
    if value is None:
        return ZERO
    return Decimal(int(value)).scaleb(-2)


def scaled(value: Any, places: int) -> Decimal | None:
    return None if value is None else Decimal(int(value)).scaleb(-places)


class days_between(FunctionElement[int]):
    """Whole days from `earlier` to `later` (dates)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (f"CAST(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)})"
            " AS INTEGER)")


@compiles(days_between)
def _days_default(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


def month_of(day_column: Any) -> ColumnElement[Any]:
    """'YYYY-MM' of a date column (dates are ISO text in SQLite, so the first seven characters)."""
    return func.substr(cast(day_column, String()), 1, 7)


def int_sum(expression: Any) -> ColumnElement[Any]:
    """SUM of an integer expression as an integer (0 when there is nothing to add)."""
    return func.coalesce(func.sum(expression), 0)
