"""A report as tables of typed cells: what the screen shows and every export writes (CSV, XLSX, PDF).

Cells keep their type (Decimal amounts, dates, counts) until a writer formats them, so a spreadsheet
gets numbers and dates, not text, and every writer agrees with the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

Cell = str | int | Decimal | date | None


class ColumnKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    MONTH = "month"          # a calendar month, given as its first day
    MONEY = "money"          # EUR, two decimals
    INTEGER = "integer"
    PERCENT = "percent"      # a percentage (42.5 means 42.5 %)
    DAYS = "days"            # a number of days, one decimal
    RATE = "rate"            # a VAT rate in percent, as many decimals as it has


NUMERIC_KINDS = frozenset({ColumnKind.MONEY, ColumnKind.INTEGER, ColumnKind.PERCENT, ColumnKind.DAYS,
                           ColumnKind.RATE})


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    kind: ColumnKind = ColumnKind.TEXT

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


@dataclass(frozen=True, slots=True)
class Table:
    """One table of a report: columns, rows, and an optional totals row."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None
    note: str = ""

    def __post_init__(self) -> None:
        width = len(self.columns)
        for row in (*self.rows, *((self.total,) if self.total is not None else ())):
            if len(row) != width:
                raise ValueError(f"a row of '{self.title}' has {len(row)} cells for {width} columns")

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def values(self, key: str) -> list[Cell]:
        index = self.column(key)
        return [row[index] for row in self.rows]


@dataclass(frozen=True, slots=True)
class Report:
    """A computed report, ready to show or export."""

    kind: str                 # vat | sales | aging | balances | kpi
    title: str
    start: date
    end: date
    subtitle: str = ""
    tables: tuple[Table, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)   # the JSON form (SPEC §4 shapes)
    details: tuple[tuple[str, Cell], ...] = ()            # label/value pairs shown under the title
    on: date | None = None                                # a report on one day (aged receivables)

    @property
    def main(self) -> Table:
        return self.tables[0]


def table(title: str, columns: Sequence[Column], rows: Sequence[Sequence[Cell]],
          total: Sequence[Cell] | None = None, note: str = "") -> Table:
    """A Table from lists (rows and total are frozen into tuples)."""
    return Table(title, tuple(columns), tuple(tuple(row) for row in rows),
                 tuple(total) if total is not None else None, note)
