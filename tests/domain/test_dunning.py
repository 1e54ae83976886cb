"""The dunning rules over a simulated year, and the late-payment interest and indemnity to the cent."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.dunning import (
    DEFAULT_PLAN,
    Channel,
    DunningCase,
    DunningLevel,
    DunningPlan,
    Pause,
    ReminderMade,
    next_reminder,
    parse_plan,
    reminders_due,
)
from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.late_payment import (
    DEFAULT_ECB_RATES,
    RECOVERY_INDEMNITY,
    InterestRule,
    half_year,
    interest_rule,
    late_interest,
    late_penalties,
    parse_ecb_rates,
)
from desktop_app.domain.message_templates import (
    MessageTemplate,
    default_template,
    fill,
    parse_overrides,
    template_problems,
)

D = Decimal
YEAR_START = date(2026, 1, 1)
LEGAL = interest_rule("", DEFAULT_ECB_RATES)


@dataclass
class Invoice:
    """One invoice of the simulation and what happened to it."""

    due: date
    paid_on: date | None
    pauses: list[tuple[date, date | None]]          # (from, until included or open-ended)
    send_delays: list[int | None]                    # per level: days until its e-mail goes out; None: never
    made: list[tuple[int, date, date | None]] = field(default_factory=list)   # (level, made on, sent on)

    def case(self, invoice_id: int, day: date) -> DunningCase:
        amount = D("0") if self.paid_on is not None and self.paid_on <= day else D("120.00")
        reminders = tuple(ReminderMade(level, sent if sent is not None and sent <= day else None)
                          for level, _made, sent in self.made)
        pauses = tuple(Pause("dispute", until) for start, until in self.pauses if start <= day)
        return DunningCase(invoice_id, self.due, amount, reminders, pauses)

    def paused_on(self, day: date) -> bool:
        return any(start <= day and (until is None or day <= until) for start, until in self.pauses)


def _offset(draw: st.DrawFn, low: int, high: int) -> date:
    return YEAR_START + timedelta(days=draw(st.integers(low, high)))


@st.composite
def invoices(draw: st.DrawFn) -> Invoice:
    due = _offset(draw, 0, 300)
    paid = draw(st.one_of(st.none(), st.integers(0, 200)))
    pauses = []
    for _ in range(draw(st.integers(0, 2))):
        start = due + timedelta(days=draw(st.integers(0, 90)))
        length = draw(st.one_of(st.none(), st.integers(0, 40)))
        pauses.append((start, None if length is None else start + timedelta(days=length)))
    delays = draw(st.lists(st.one_of(st.none(), st.integers(0, 6)), min_size=4, max_size=4))
    return Invoice(due, None if paid is None else due + timedelta(days=paid), pauses, delays)


@st.composite
def plans(draw: st.DrawFn) -> DunningPlan:
    delays = sorted(draw(st.sets(st.integers(1, 60), min_size=1, max_size=4)))
    channels = [draw(st.sampled_from(list(Channel))) for _ in delays]
    return DunningPlan(tuple(DunningLevel(d, c, "friendly") for d, c in zip(delays, channels)))


@settings(max_examples=60, deadline=None)
@given(plan=plans(), book=st.lists(invoices(), min_size=1, max_size=5))
def test_a_year_of_days_never_skips_repeats_or_chases_a_paused_or_paid_invoice(plan, book):
    for offset in range(366):
        day = YEAR_START + timedelta(days=offset)
        cases = [invoice.case(number, day) for number, invoice in enumerate(book)]
        for due in reminders_due(cases, plan, day):
            invoice = book[due.invoice_id]
            levels = [level for level, _made, _sent in invoice.made]
            assert due.level == len(levels) + 1, "a level was skipped or made twice"
            assert not invoice.paused_on(day), "a paused invoice was chased"
            assert invoice.paid_on is None or invoice.paid_on > day, "a paid invoice was chased"
            assert day >= invoice.due + timedelta(days=plan.level(due.level).days)
            assert due.days_late == (day - invoice.due).days
            if due.level > 1:
                _level, _made, sent = invoice.made[-1]
                assert sent is not None and sent <= day, "chased before the previous reminder went out"
                gap = plan.level(due.level).days - plan.level(due.level - 1).days
                assert day >= sent + timedelta(days=gap)
            delay = 0 if due.step.channel is Channel.LETTER else invoice.send_delays[due.level - 1]
            invoice.made.append((due.level, day, None if delay is None else day + timedelta(days=delay)))
    for invoice in book:
        assert [level for level, _made, _sent in invoice.made] == list(range(1, len(invoice.made) + 1))


@settings(max_examples=40, deadline=None)
@given(plan=plans(), due_offset=st.integers(0, 200))
def test_each_level_comes_on_its_exact_day_when_everything_goes_out_at_once(plan, due_offset):
    invoice = Invoice(YEAR_START + timedelta(days=due_offset), None, [], [0, 0, 0, 0])
    for offset in range(500):
        day = YEAR_START + timedelta(days=offset)
        for due in reminders_due([invoice.case(0, day)], plan, day):
            invoice.made.append((due.level, day, day))
    assert [made for _level, made, _sent in invoice.made] == [
        invoice.due + timedelta(days=level.days) for level in plan.levels]


def test_a_late_previous_reminder_keeps_the_spacing_of_the_plan():
    due = date(2026, 3, 1)
    sent_late = DunningCase(1, due, D("50.00"), (ReminderMade(1, date(2026, 3, 20)),))
    assert next_reminder(sent_late, DEFAULT_PLAN, date(2026, 3, 27)) is None      # 15 days late, but 7 after L1
    assert next_reminder(sent_late, DEFAULT_PLAN, date(2026, 3, 28)).level == 2
    waiting = replace(sent_late, reminders=(ReminderMade(1, None),))
    assert next_reminder(waiting, DEFAULT_PLAN, date(2026, 6, 1)) is None
    done = replace(sent_late, reminders=tuple(ReminderMade(n, date(2026, 3, 20)) for n in (1, 2, 3)))
    assert next_reminder(done, DEFAULT_PLAN, date(2026, 12, 1)) is None
    expired = replace(sent_late, reminders=(), pauses=(Pause("promise to pay", date(2026, 3, 10)),))
    assert next_reminder(expired, DEFAULT_PLAN, date(2026, 3, 10)) is None
    assert next_reminder(expired, DEFAULT_PLAN, date(2026, 3, 11)).level == 1


def test_the_legal_interest_counts_each_half_year_at_its_own_ecb_rate():
    # 10 days of June 2025 at 3.15 + 10, then 10 days of July at 2.15 + 10:
    # 1000 × (10 × 13.15 + 10 × 12.15) / 100 / 365 = 6.9315...
    assert late_interest(D("1000.00"), date(2025, 6, 20), date(2025, 7, 10), LEGAL) == D("6.93")
    assert LEGAL.rate_on(date(2025, 3, 1)) == D("13.15") and LEGAL.rate_on(date(2025, 9, 1)) == D("12.15")
    # A half-year missing from the table takes the latest known rate (2026-H1: 2.15 + 10).
    assert late_interest(D("500.00"), date(2026, 9, 1), date(2026, 10, 31), LEGAL) == D("9.99")
    assert late_interest(D("500.00"), date(2026, 9, 1), date(2026, 9, 1), LEGAL) == D("0.00")
    assert half_year(date(2026, 6, 30)) == "2026-H1" and half_year(date(2026, 7, 1)) == "2026-H2"


def test_an_agreed_rate_replaces_the_legal_one():
    agreed = InterestRule(D("15"))
    # 2400 × 15 % × 30 / 365 = 29.589...
    assert late_interest(D("2400.00"), date(2026, 1, 31), date(2026, 3, 2), agreed) == D("29.59")


def test_the_indemnity_is_40_euros_per_late_business_invoice_and_nothing_for_consumers():
    business = late_penalties(D("300.00"), date(2025, 12, 31), date(2026, 1, 30), LEGAL, True)
    # 300 × 12.15 % × 30 / 365 = 2.9958...
    assert business.interest == D("3.00") and business.indemnity == RECOVERY_INDEMNITY == D("40.00")
    assert business.total == D("43.00") and business.rate == D("12.15")
    consumer = late_penalties(D("300.00"), date(2025, 12, 31), date(2026, 1, 30), LEGAL, False)
    assert consumer.total == D("0")
    dollars = late_penalties(D("300.00"), date(2025, 12, 31), date(2026, 1, 30), LEGAL, True, "USD")
    assert dollars.indemnity == D("0") and dollars.interest == D("3.00")
    on_time = late_penalties(D("300.00"), date(2026, 1, 30), date(2026, 1, 30), LEGAL, True)
    assert on_time.total == D("0")


def test_plans_and_rate_tables_are_checked():
    assert parse_plan(DEFAULT_PLAN.as_json()) == DEFAULT_PLAN
    with pytest.raises(InvalidValue, match="later than level 1"):
        parse_plan('[{"days": 10, "channel": "email", "template": "friendly"},'
                   ' {"days": 10, "channel": "letter", "template": "second"}]')
    with pytest.raises(InvalidValue, match=r"Levels 1 and 2 are both 10 days after the due date"):
        parse_plan([{"days": 10, "channel": "email", "template": "friendly"},
                    {"days": 10, "channel": "letter", "template": "second"}])
    with pytest.raises(InvalidValue, match=r"Level 2 \(5 days\) must come later than level 1 \(10 days\)"):
        parse_plan([{"days": 10, "channel": "email", "template": "friendly"},
                    {"days": 5, "channel": "letter", "template": "second"}])
    for fee, problem in (("-40", "zero or more"), ("1e30", "zero or more"), ("NaN", "zero or more"),
                         ("4O", "'4O' is not an amount")):
        with pytest.raises(InvalidValue, match=problem):
            parse_plan([{"days": 10, "channel": "email", "template": "friendly", "fee": fee}])
    with pytest.raises(InvalidValue, match="channel"):
        parse_plan('[{"days": 10, "channel": "fax", "template": "friendly"}]')
    with pytest.raises(InvalidValue, match="penalties must be true or false"):
        parse_plan('[{"days": 10, "channel": "email", "template": "friendly", "penalties": "false"}]')
    with pytest.raises(InvalidValue, match="fee"):
        parse_plan('[{"days": 10, "channel": "email", "template": "friendly", "fee": "1.234"}]')
    with pytest.raises(InvalidValue):
        parse_plan("[]")
    assert parse_ecb_rates('{"2026-H2": "2,40"}') == {"2026-H2": "2.40"}
    with pytest.raises(InvalidValue, match="half-year"):
        parse_ecb_rates('{"2026-H3": "2.40"}')


def test_templates_fill_only_known_placeholders_in_each_language():
    text = fill("Dear {customer}, {invoices} ({unknown}) {__class__}", {"customer": "Zoë", "invoices": "F1, F2"})
    assert text == "Dear Zoë, F1, F2 ({unknown}) {__class__}"
    english, french = default_template("formal_notice", "en"), default_template("formal_notice", "fr")
    assert english.subject != french.subject and "{invoices}" in french.subject
    assert not template_problems(english) and not template_problems(french)
    problems = template_problems(MessageTemplate("Hi {nobody}", ""))
    assert "{nobody}" in problems["subject"] and "body" in problems
    with pytest.raises(InvalidValue):
        parse_overrides({"friendly": {"fr": {"subject": "Relance {oops}"}}})
    assert parse_overrides({"friendly": {"fr": {"subject": "Relance {invoices}"}}}) == {
        "friendly": {"fr": {"subject": "Relance {invoices}"}}}
