"""How the business gets paid, month by month, and what cash to expect in the coming weeks.

Punctuality figures (share paid on time, days to pay) look at invoices sold on credit only (due
after their issue date): an order paid at checkout is always paid "on time" and would hide the
customers who pay late.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from desktop_app.domain.money import ZERO
from desktop_app.domain.periods import Period, month_key
from desktop_app.domain.receivables import OpenAmount, days_late

ONE_DECIMAL = Decimal("0.1")
DOUBTFUL_AFTER_DAYS = 90       # further past due than this, an invoice is not counted on


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: Period
    issued: int = 0                    # invoices issued
    invoiced: Decimal = ZERO           # invoices less credit notes, VAT included, EUR
    collected: Decimal = ZERO          # payments received and applied, EUR
    due: int = 0                       # invoices on credit that fell due in the month
    paid_on_time: int = 0              # ... of which settled by their due date
    settled: int = 0                   # invoices on credit settled in the month
    days_to_pay: int = 0               # ... their days from issue to settlement, added up
    disputed: int = 0                  # invoices whose reminders were paused with a reason
    outstanding: Decimal = ZERO        # receivables at the month's end
    overdue: Decimal = ZERO            # ... of which past due

    @property
    def key(self) -> str:
        return month_key(self.month.start)

    @property
    def on_time_share(self) -> Decimal | None:
        """Percent of the invoices due in the month that were paid by their due date."""
        return _one_decimal(Decimal(100 * self.paid_on_time) / self.due) if self.due else None

    @property
    def average_days_to_pay(self) -> Decimal | None:
        return _one_decimal(Decimal(self.days_to_pay) / self.settled) if self.settled else None

    @property
    def dso(self) -> Decimal | None:
        """Days sales outstanding: receivables at the month's end over the month's sales, in days."""
        if self.invoiced <= 0:
            return None
        return _one_decimal(self.outstanding / self.invoiced * self.month.days)


@dataclass(frozen=True, slots=True)
class ForecastWeek:
    start: date
    end: date
    amount: Decimal
    invoices: int


@dataclass(frozen=True, slots=True)
class Forecast:
    on: date
    weeks: tuple[ForecastWeek, ...]
    later: Decimal = ZERO              # expected after the last week
    doubtful: Decimal = ZERO           # over DOUBTFUL_AFTER_DAYS past due: not counted on

    @property
    def expected(self) -> Decimal:
        return sum((week.amount for week in self.weeks), ZERO)


def average_delays(history: Iterable[tuple[int, int, int]]) -> tuple[dict[int, Decimal], Decimal]:
    """Each customer's average days late from (customer id, invoices settled, days late added up),
    and the average over every customer for those with no history yet."""
    delays: dict[int, Decimal] = {}
    count_all, days_all = 0, 0
    for customer_id, count, days in history:
        if count:
            delays[customer_id] = Decimal(days) / count
            count_all += count
            days_all += days
    return delays, (Decimal(days_all) / count_all if count_all else ZERO)


def expected_on(due: date | None, on: date, delay: Decimal) -> date:
    """When an invoice should be paid: its due date moved by the customer's usual delay, not before `on`."""
    base = due or on
    shift = int(delay.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return max(base + timedelta(days=shift), on)


def forecast(on: date, items: Iterable[OpenAmount], delays: Mapping[int, Decimal], default_delay: Decimal,
             weeks: int = 8) -> Forecast:
    """Cash expected week by week from `on`, each open invoice placed by its customer's habits."""
    amounts = [ZERO] * weeks
    counts = [0] * weeks
    later = doubtful = ZERO
    for item in items:
        if item.amount <= 0:
            continue
        if days_late(item.due_date, on) > DOUBTFUL_AFTER_DAYS:
            doubtful += item.amount
            continue
        week = (expected_on(item.due_date, on, delays.get(item.customer_id, default_delay)) - on).days // 7
        if week >= weeks:
            later += item.amount
            continue
        amounts[week] += item.amount
        counts[week] += 1
    rows = tuple(ForecastWeek(on + timedelta(days=7 * i), on + timedelta(days=7 * i + 6), amounts[i], counts[i])
                 for i in range(weeks))
    return Forecast(on, rows, later, doubtful)


@dataclass(frozen=True, slots=True)
class KpiReport:
    period: Period
    months: tuple[MonthFigures, ...]
    forecast: Forecast

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.period.start, "to": self.period.end,
            "months": [{"month": m.key, "invoices_issued": m.issued, "invoiced": m.invoiced,
                        "collected": m.collected, "on_time_share": _text(m.on_time_share),
                        "average_days_to_pay": _text(m.average_days_to_pay), "dso": _text(m.dso),
                        "disputed": m.disputed, "outstanding": m.outstanding, "overdue": m.overdue}
                       for m in self.months],
            "forecast": {"from": self.forecast.on, "expected": self.forecast.expected,
                         "later": self.forecast.later, "doubtful": self.forecast.doubtful,
                         "weeks": [{"start": w.start, "end": w.end, "amount": w.amount, "invoices": w.invoices}
                                   for w in self.forecast.weeks]},
        }


def _text(value: Decimal | None) -> str | None:
    """Ratios and day counts keep their one decimal in JSON (amounts are the two-decimal strings)."""
    return None if value is None else str(value)
