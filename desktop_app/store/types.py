"""Column types that keep money exact: amounts are stored as integers of a fixed scale."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class Scaled(TypeDecorator[Decimal]):
    """A Decimal stored as an integer number of 10^-places units (cents for places=2).

    SQLite's NUMERIC affinity would turn "12.50" into a float; integers stay exact, sort and sum
    correctly in SQL, and are the same on PostgreSQL.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int = 2) -> None:
        super().__init__()
        self.places = places
        # An import stores the same few amounts ('0.00', '4.90') hundreds of thousands of times: a
        # lookup costs a tenth of the conversion.
        self._known: dict[Decimal, int] = {}

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return self.to_storage(value)

    def to_storage(self, value: Any) -> int:
        """The stored integer of a Decimal (or int); floats and extra decimals are refused."""
        if type(value) is Decimal:
            try:
                return self._known[value]
            except (KeyError, TypeError):   # TypeError: a signalling NaN has no hash
                pass
            stored = self._convert(value)
            if len(self._known) < 10_000:
                self._known[value] = stored
            return stored
        return self._convert(value)

    def _convert(self, value: Any) -> int:
        if isinstance(value, float):
            raise TypeError("money columns refuse floats")
        scaled = (value if isinstance(value, Decimal) else Decimal(value)).scaleb(self.places)
        stored = int(scaled)
        if stored != scaled:
            raise ValueError(f"{value} has more than {self.places} decimals")
        return stored

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places)

    @property
    def python_type(self) -> type:
        return Decimal


def Cents() -> Scaled:
    """An amount of money, to the cent."""
    return Scaled(2)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as naive UTC (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)
