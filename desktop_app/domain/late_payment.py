"""What a business customer owes for paying late (C. com. L441-10, D441-5): interest and the 40 € indemnity.

Interest runs from the day after the due date, on the amount still due, at the agreed annual rate or,
by default, at the legal rate: the ECB's main refinancing rate plus 10 points, the rate in force on
1 January applying to the first half-year and the one in force on 1 July to the second. The ECB
rates are data (a setting), never code. Consumers owe neither.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.money import ZERO, round_amount
from desktop_app.i18n import _

RECOVERY_INDEMNITY = Decimal("40.00")     # per late invoice, in euros (D441-5)
LEGAL_MARGIN = Decimal("10")              # points over the ECB rate (L441-10)
DAYS_IN_YEAR = Decimal(365)

# ECB main refinancing rate in force on 1 January (H1) and 1 July (H2), in percent.
# Sources: ECB key rate history; Banque de France / economie.gouv.fr notices of the penalty rate.
# [verify] 2026 values against the ECB before relying on them; add each half-year as it starts.
DEFAULT_ECB_RATES = {
    "2023-H1": "2.50", "2023-H2": "4.00",
    "2024-H1": "4.50", "2024-H2": "4.25",
    "2025-H1": "3.15", "2025-H2": "2.15",
    "2026-H1": "2.15",
}


def half_year(day: date) -> str:
    """'2026-H1' for January to June, '2026-H2' for July to December."""
    return f"{day.year:04d}-H{1 if day.month <= 6 else 2}"


def _half_year_end(day: date) -> date:
    return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)


def _rate(text: Any, key: str) -> Decimal:
    try:
        rate = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        raise InvalidValue(key, _("'{value}' is not a rate in percent.").format(value=text)) from None
    if not rate.is_finite() or not Decimal(-5) <= rate <= Decimal(50):
        raise InvalidValue(key, _("'{value}' is not a plausible rate in percent.").format(value=text))
    return rate


def parse_ecb_rates(value: str | Mapping[str, Any]) -> dict[str, str]:
    """The ECB rate table from its JSON form ({"2026-H1": "2.15", ...}), checked and sorted."""
    raw: Any = value
    if isinstance(value, str):
        try:
            raw = json.loads(value)
        except ValueError:
            raise InvalidValue("dunning.ecb_rates", _("The ECB rate table is not valid JSON.")) from None
    if not isinstance(raw, Mapping) or not raw:
        raise InvalidValue("dunning.ecb_rates", _('Give the ECB rates by half-year, e.g. {"2026-H1": "2.15"}.'))
    table = {}
    for key, rate in raw.items():
        year, _sep, part = str(key).partition("-H")
        if not (year.isdigit() and len(year) == 4 and part in ("1", "2")):
            raise InvalidValue("dunning.ecb_rates", _("'{key}' is not a half-year such as 2026-H1.").format(key=key))
        table[str(key)] = str(_rate(rate, "dunning.ecb_rates"))
    return dict(sorted(table.items()))


def parse_rate_setting(value: str) -> str:
    """The agreed annual interest rate in percent, or '' for the legal formula."""
    text = str(value).strip()
    return "" if not text else str(_rate(text, "dunning.interest_rate"))


@dataclass(frozen=True, slots=True)
class InterestRule:
    """An agreed fixed annual rate, or (None) the legal rate from the ECB table."""

    fixed_rate: Decimal | None = None
    ecb_rates: Mapping[str, Decimal] = field(default_factory=dict)

    def rate_on(self, day: date) -> Decimal:
        """The annual rate in percent that applies to a day of delay."""
        if self.fixed_rate is not None:
            return self.fixed_rate
        return ecb_rate(self.ecb_rates, day) + LEGAL_MARGIN


def interest_rule(fixed: str, ecb_rates: Mapping[str, Any]) -> InterestRule:
    """The rule from the settings' values ('' for the legal formula)."""
    table = {key: Decimal(str(rate)) for key, rate in parse_ecb_rates(ecb_rates).items()}
    return InterestRule(Decimal(fixed) if str(fixed).strip() else None, table)


def ecb_rate(table: Mapping[str, Decimal], day: date) -> Decimal:
    """The ECB rate of `day`'s half-year; the latest known before it while the table is behind."""
    key = half_year(day)
    if key in table:
        return table[key]
    earlier = [k for k in table if k < key]
    if earlier:
        return table[max(earlier)]
    if not table:
        raise InvalidValue("dunning.ecb_rates", _("No ECB rate is known; fill the ECB rate table."))
    return table[min(table)]


def late_interest(amount: Decimal, due_date: date, on: date, rule: InterestRule) -> Decimal:
    """Interest on `amount` for each day from the day after `due_date` to `on`, rounded once, to the cent.

    Each half-year's days are counted at that half-year's rate (exact days, 365-day year).
    """
    if amount <= 0 or on <= due_date:
        return ZERO
    weighted = Decimal(0)               # sum of days × annual rate
    day = due_date + timedelta(days=1)
    while day <= on:
        end = min(_half_year_end(day), on)
        weighted += Decimal((end - day).days + 1) * rule.rate_on(day)
        day = end + timedelta(days=1)
    return round_amount(amount * weighted / 100 / DAYS_IN_YEAR)


@dataclass(frozen=True, slots=True)
class LatePenalties:
    interest: Decimal
    indemnity: Decimal
    rate: Decimal                 # the annual rate on the last day, for the wording

    @property
    def total(self) -> Decimal:
        return self.interest + self.indemnity


NO_PENALTIES = LatePenalties(ZERO, ZERO, ZERO)


def late_penalties(amount: Decimal, due_date: date, on: date, rule: InterestRule, is_business: bool,
                   currency: str = "EUR") -> LatePenalties:
    """Interest and the fixed indemnity a late invoice carries on `on`: business customers only.

    The indemnity is a sum in euros, so it is stated on euro invoices only (a letter has one currency).
    """
    if not is_business or amount <= 0 or on <= due_date:
        return NO_PENALTIES
    indemnity = RECOVERY_INDEMNITY if currency == "EUR" else ZERO
    return LatePenalties(late_interest(amount, due_date, on, rule), indemnity, rule.rate_on(on))
