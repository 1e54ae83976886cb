"""Dunning: the plan of reminders for unpaid invoices, and which reminder each one should get on a day.

A plan is a list of levels (a friendly e-mail 7 days after the due date, a second one at 15 days, a
formal notice — mise en demeure — at 30 days...). An invoice climbs the levels one by one: a level is
never made twice, never skipped, and never due before the previous one actually went out; the gap
between two levels is kept even when the first one went out late. Paused and settled invoices get
nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.money import CENT, ZERO
from desktop_app.i18n import N_, _

MAX_LEVELS = 9
MAX_DELAY = 365
MAX_FEE = Decimal(1_000_000)     # beyond, a typing slip (and past what quantize may hold)


class Channel(StrEnum):
    EMAIL = "email"
    LETTER = "letter"
    BOTH = "both"

    @property
    def label(self) -> str:
        return {Channel.EMAIL: _("E-mail"), Channel.LETTER: _("Letter"), Channel.BOTH: _("E-mail and letter")}[self]


# The wording of each level: an e-mail (subject and body) and a letter text, see message_templates.
REMINDER_TEMPLATES = {"friendly": N_("Friendly reminder"), "second": N_("Second reminder"),
                      "formal_notice": N_("Formal notice (mise en demeure)")}


@dataclass(frozen=True, slots=True)
class DunningLevel:
    """One step of the plan: `days` after the due date, by `channel`, in the words of `template`."""

    days: int
    channel: Channel
    template: str
    fee: Decimal = ZERO           # an agreed reminder fee (business customers only)
    penalties: bool = False       # state late-payment interest and the 40 € indemnity (business customers)

    def as_json(self) -> dict[str, Any]:
        return {"days": self.days, "channel": self.channel.value, "template": self.template,
                "fee": str(self.fee), "penalties": self.penalties}


@dataclass(frozen=True, slots=True)
class DunningPlan:
    levels: tuple[DunningLevel, ...]

    def level(self, number: int) -> DunningLevel:
        """Level `number`, counted from 1."""
        return self.levels[number - 1]

    def as_json(self) -> list[dict[str, Any]]:
        return [level.as_json() for level in self.levels]


DEFAULT_PLAN = DunningPlan((
    DunningLevel(7, Channel.EMAIL, "friendly"),
    DunningLevel(15, Channel.EMAIL, "second", penalties=True),
    DunningLevel(30, Channel.LETTER, "formal_notice", penalties=True),
))


def _level(number: int, raw: Any) -> DunningLevel:
    if not isinstance(raw, Mapping):
        raise InvalidValue("dunning.plan", _("Level {n} is not a set of fields.").format(n=number))
    try:
        days = int(raw.get("days", -1))
    except (TypeError, ValueError):
        raise InvalidValue("dunning.plan", _("Level {n}: the delay must be a whole number of days.")
                           .format(n=number)) from None
    try:
        fee = Decimal(str(raw.get("fee", "0")))
    except InvalidOperation:
        raise InvalidValue("dunning.plan", _("Level {n}: the fee '{fee}' is not an amount.")
                           .format(n=number, fee=raw.get("fee"))) from None
    if not 1 <= days <= MAX_DELAY:
        raise InvalidValue("dunning.plan", _("Level {n}: the delay must be from 1 to {max} days after the due "
                                             "date.").format(n=number, max=MAX_DELAY))
    channel = str(raw.get("channel", ""))
    if channel not in {c.value for c in Channel}:
        raise InvalidValue("dunning.plan", _("Level {n}: the channel must be email, letter or both.")
                           .format(n=number))
    template = str(raw.get("template", ""))
    if template not in REMINDER_TEMPLATES:
        raise InvalidValue("dunning.plan", _("Level {n}: unknown wording '{template}'; choose one of: {known}.")
                           .format(n=number, template=template, known=", ".join(REMINDER_TEMPLATES)))
    if not fee.is_finite() or fee < 0 or fee >= MAX_FEE or fee != fee.quantize(CENT):
        raise InvalidValue("dunning.plan", _("Level {n}: the fee must be an amount of zero or more, in cents.")
                           .format(n=number))
    penalties = raw.get("penalties", False)
    if not isinstance(penalties, bool):
        raise InvalidValue("dunning.plan", _("Level {n}: penalties must be true or false.").format(n=number))
    return DunningLevel(days, Channel(channel), template, abs(fee.quantize(CENT)), penalties)


def parse_plan(value: str | Sequence[Any]) -> DunningPlan:
    """A plan from its JSON form (text or list); every level is checked, delays must increase."""
    raw: Any = value
    if isinstance(value, str):
        try:
            raw = json.loads(value)
        except ValueError:
            raise InvalidValue("dunning.plan", _("The dunning plan is not valid JSON.")) from None
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_LEVELS:
        raise InvalidValue("dunning.plan", _("The dunning plan must list from 1 to {max} levels.")
                           .format(max=MAX_LEVELS))
    levels = tuple(_level(number, item) for number, item in enumerate(raw, start=1))
    for number in range(1, len(levels)):
        if levels[number].days == levels[number - 1].days:
            raise InvalidValue("dunning.plan", _("Levels {p} and {n} are both {days} days after the due date: "
                                                 "level {n} must come later than level {p}.")
                               .format(n=number + 1, p=number, days=levels[number].days))
        if levels[number].days < levels[number - 1].days:
            raise InvalidValue("dunning.plan", _("Level {n} ({days} days) must come later than level {p} "
                                                 "({previous} days).")
                               .format(n=number + 1, p=number, days=levels[number].days,
                                       previous=levels[number - 1].days))
    return DunningPlan(levels)


@dataclass(frozen=True, slots=True)
class Pause:
    """Reminders suspended (dispute, promise to pay) until a day included, or until lifted."""

    reason: str
    until: date | None = None

    def active(self, day: date) -> bool:
        return self.until is None or day <= self.until


@dataclass(frozen=True, slots=True)
class ReminderMade:
    """A reminder already made for an invoice; `sent_on` is None while its e-mail waits in the outbox."""

    level: int
    sent_on: date | None


@dataclass(frozen=True, slots=True)
class DunningCase:
    """What the due computation needs to know of one issued invoice."""

    invoice_id: int
    due_date: date
    amount_due: Decimal           # what is left to pay
    reminders: tuple[ReminderMade, ...] = ()
    pauses: tuple[Pause, ...] = ()   # the invoice's and its customer's


@dataclass(frozen=True, slots=True)
class DueReminder:
    invoice_id: int
    level: int
    days_late: int
    step: DunningLevel


def is_paused(case: DunningCase, day: date) -> bool:
    return any(pause.active(day) for pause in case.pauses)


def next_level(case: DunningCase) -> int:
    """The lowest level not made yet (levels are climbed one at a time, never skipped)."""
    made = {reminder.level for reminder in case.reminders}
    number = 1
    while number in made:
        number += 1
    return number


def earliest_day(case: DunningCase, plan: DunningPlan, number: int) -> date | None:
    """The first day level `number` may be made; None while the previous level has not gone out."""
    step = plan.level(number)
    earliest = case.due_date + timedelta(days=step.days)
    if number == 1:
        return earliest
    previous = next((r for r in case.reminders if r.level == number - 1), None)
    if previous is None or previous.sent_on is None:
        return None
    # Keep the plan's spacing after a late previous reminder, so two levels never land back to back.
    gap = step.days - plan.level(number - 1).days
    return max(earliest, previous.sent_on + timedelta(days=gap))


def next_reminder(case: DunningCase, plan: DunningPlan, day: date) -> DueReminder | None:
    """The reminder `case` should get on `day`, if any."""
    if case.amount_due <= 0 or day <= case.due_date or is_paused(case, day):
        return None
    if any(reminder.sent_on is None for reminder in case.reminders):
        return None                  # one is still waiting to go out
    number = next_level(case)
    if number > len(plan.levels):
        return None
    earliest = earliest_day(case, plan, number)
    if earliest is None or day < earliest:
        return None
    return DueReminder(case.invoice_id, number, (day - case.due_date).days, plan.level(number))


def reminders_due(cases: Iterable[DunningCase], plan: DunningPlan, day: date) -> list[DueReminder]:
    """Every reminder due on `day`, in the order of `cases`."""
    due = (next_reminder(case, plan, day) for case in cases)
    return [item for item in due if item is not None]
