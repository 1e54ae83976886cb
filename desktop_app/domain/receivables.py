"""What customers owe: aged receivables on a date, and each customer's balance over a period."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from desktop_app.domain.money import ZERO
from desktop_app.domain.periods import Period
from desktop_app.i18n import N_, _


class AgeBucket(StrEnum):
    """How late an amount is on the report's date, in days past its due date."""

    NOT_DUE = "not_due"
    DAYS_1_30 = "1_30"
    DAYS_31_60 = "31_60"
    DAYS_61_90 = "61_90"
    OVER_90 = "over_90"

    @property
    def label(self) -> str:
        return _(BUCKET_LABELS[self])


BUCKETS = tuple(AgeBucket)
BUCKET_LABELS = {AgeBucket.NOT_DUE: N_("Not due"), AgeBucket.DAYS_1_30: N_("1–30 days"),
                 AgeBucket.DAYS_31_60: N_("31–60 days"), AgeBucket.DAYS_61_90: N_("61–90 days"),
                 AgeBucket.OVER_90: N_("Over 90 days")}
# The last day late of each bucket (None: no limit); "not due" is 0 days late or less.
_LAST_DAY = {AgeBucket.NOT_DUE: 0, AgeBucket.DAYS_1_30: 30, AgeBucket.DAYS_31_60: 60, AgeBucket.DAYS_61_90: 90,
             AgeBucket.OVER_90: None}


def days_late(due: date | None, on: date) -> int:
    """Days past the due date on `on` (0 or less: not due yet; issued documents always have one)."""
    return 0 if due is None else (on - due).days


def bucket_of(late: int) -> AgeBucket:
    for bucket in BUCKETS:
        last = _LAST_DAY[bucket]
        if last is None or late <= last:
            return bucket
    return AgeBucket.OVER_90


def due_date_ranges(on: date) -> list[tuple[AgeBucket, date | None, date | None]]:
    """For each bucket, the due dates that fall in it on `on`: (bucket, earliest, latest), None open.

    Lets a query bucket by comparing dates (which an index can serve) instead of computing ages.
    """
    ranges: list[tuple[AgeBucket, date | None, date | None]] = []
    previous_last: int | None = None
    for bucket in BUCKETS:
        last = _LAST_DAY[bucket]
        latest = None if previous_last is None else on - timedelta(days=previous_last + 1)
        earliest = None if last is None else on - timedelta(days=last)
        ranges.append((bucket, earliest, latest))
        previous_last = last
    return ranges


@dataclass(frozen=True, slots=True)
class OpenAmount:
    """What is left to pay on one invoice on the report's date, in euros."""

    invoice_id: int
    customer_id: int
    due_date: date | None
    amount: Decimal


@dataclass(frozen=True, slots=True)
class AgingRow:
    customer_id: int
    customer: str
    amounts: tuple[Decimal, ...]        # one per bucket, in BUCKETS order
    invoices: int

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, ZERO)

    @property
    def overdue(self) -> Decimal:
        return self.total - self.amounts[0]


@dataclass(frozen=True, slots=True)
class AgingReport:
    on: date
    rows: tuple[AgingRow, ...]

    @property
    def totals(self) -> tuple[Decimal, ...]:
        return tuple(sum((row.amounts[i] for row in self.rows), ZERO) for i in range(len(BUCKETS)))

    @property
    def total(self) -> Decimal:
        return sum(self.totals, ZERO)

    def as_json(self) -> dict[str, Any]:
        return {"on": self.on, "total": self.total,
                "buckets": dict(zip([b.value for b in BUCKETS], self.totals)),
                "customers": [{"customer": row.customer, "customer_id": row.customer_id, "invoices": row.invoices,
                               "total": row.total, **dict(zip([b.value for b in BUCKETS], row.amounts))}
                              for row in self.rows]}


def aging_rows(on: date, amounts: Iterable[OpenAmount], names: dict[int, str]) -> tuple[AgingRow, ...]:
    """One row per customer who owes something, largest debt first."""
    sums: dict[int, list[Decimal]] = {}
    counts: dict[int, int] = {}
    for item in amounts:
        if item.amount <= 0:
            continue
        row = sums.setdefault(item.customer_id, [ZERO] * len(BUCKETS))
        row[BUCKETS.index(bucket_of(days_late(item.due_date, on)))] += item.amount
        counts[item.customer_id] = counts.get(item.customer_id, 0) + 1
    rows = [AgingRow(cid, names.get(cid, ""), tuple(values), counts[cid]) for cid, values in sums.items()]
    return tuple(sorted(rows, key=lambda r: (-r.total, r.customer.casefold(), r.customer_id)))


@dataclass(frozen=True, slots=True)
class CustomerBalance:
    """A customer's account over a period: opening + invoiced − credited − received = closing."""

    customer_id: int
    customer: str
    opening: Decimal = ZERO
    invoiced: Decimal = ZERO
    credited: Decimal = ZERO
    received: Decimal = ZERO
    overdue: Decimal = ZERO             # on the period's last day

    @property
    def closing(self) -> Decimal:
        return self.opening + self.invoiced - self.credited - self.received


@dataclass(frozen=True, slots=True)
class BalancesReport:
    period: Period
    rows: tuple[CustomerBalance, ...] = field(default_factory=tuple)

    def total(self, name: str) -> Decimal:
        return sum((getattr(row, name) for row in self.rows), ZERO)

    def as_json(self) -> dict[str, Any]:
        names = ("opening", "invoiced", "credited", "received", "closing", "overdue")
        return {"from": self.period.start, "to": self.period.end,
                "totals": {name: self.total(name) for name in names},
                "customers": [{"customer": row.customer, "customer_id": row.customer_id,
                               **{name: getattr(row, name) for name in names}} for row in self.rows]}
