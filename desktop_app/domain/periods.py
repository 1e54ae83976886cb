"""Reporting periods: a range of days, the month/quarter/year presets a bookkeeper picks, and the
months a period spans."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from desktop_app.domain.errors import InvalidValue
from desktop_app.i18n import N_, _


@dataclass(frozen=True, slots=True)
class Period:
    """Every day from `start` to `end`, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidValue("period", _("The period ends ({end}) before it starts ({start}).").format(
                end=self.end, start=self.start))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def month_of(day: date) -> Period:
    return Period(day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))


def quarter_of(day: date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    return Period(start, month_of(date(day.year, first_month + 2, 1)).end)


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31))


def months(period: Period) -> list[Period]:
    """The calendar months the period touches, each cut to the period."""
    result = []
    cursor = period.start
    while cursor <= period.end:
        month = month_of(cursor)
        result.append(Period(max(month.start, period.start), min(month.end, period.end)))
        cursor = month.end + timedelta(days=1)
    return result


def split(period: Period, parts: int) -> list[Period]:
    """The period cut into `parts` consecutive slices of (nearly) equal length (fewer if it is shorter)."""
    count = max(1, min(parts, period.days))
    bounds = [period.start + timedelta(days=period.days * index // count) for index in range(count + 1)]
    return [Period(bounds[i], bounds[i + 1] - timedelta(days=1)) for i in range(count)]


def month_key(day: date) -> str:
    """'2026-03': how months are keyed in figures and queries."""
    return f"{day.year:04d}-{day.month:02d}"


class Preset(StrEnum):
    """The periods offered in one click."""

    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    THIS_QUARTER = "this_quarter"
    LAST_QUARTER = "last_quarter"
    THIS_YEAR = "this_year"
    LAST_YEAR = "last_year"
    LAST_12_MONTHS = "last_12_months"

    @property
    def label(self) -> str:
        return _(PRESET_LABELS[self])


PRESET_LABELS = {
    Preset.THIS_MONTH: N_("This month"), Preset.LAST_MONTH: N_("Last month"),
    Preset.THIS_QUARTER: N_("This quarter"), Preset.LAST_QUARTER: N_("Last quarter"),
    Preset.THIS_YEAR: N_("This year"), Preset.LAST_YEAR: N_("Last year"),
    Preset.LAST_12_MONTHS: N_("Last 12 months"),
}


def preset_period(preset: Preset, today: date) -> Period:
    """The period a preset means on `today` (a current period ends today, not in the future)."""
    if preset is Preset.THIS_MONTH:
        return Period(month_of(today).start, today)
    if preset is Preset.LAST_MONTH:
        return month_of(month_of(today).start - timedelta(days=1))
    if preset is Preset.THIS_QUARTER:
        return Period(quarter_of(today).start, today)
    if preset is Preset.LAST_QUARTER:
        return quarter_of(quarter_of(today).start - timedelta(days=1))
    if preset is Preset.THIS_YEAR:
        return Period(year_of(today).start, today)
    if preset is Preset.LAST_YEAR:
        return year_of(date(today.year - 1, 1, 1))
    first = month_of(today).start
    start = date(first.year, 1, 1) if first.month == 12 else date(first.year - 1, first.month + 1, 1)
    return Period(start, today)
