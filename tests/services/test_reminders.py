"""Reminders through the services: due lists, levels over weeks, penalties stated, pauses, letters, demo."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from desktop_app.domain.errors import DomainError
from desktop_app.domain.message_templates import MessageTemplate
from desktop_app.domain.progress import run_job
from desktop_app.formats.email_message import read_message
from desktop_app.services.closing import today
from desktop_app.services.company import set_settings
from desktop_app.services.customers import customer_ids, customers_by_ids, save_customer
from desktop_app.services.dashboard import dashboard_figures
from desktop_app.services.demo_reminders import PAUSE_REASON, add_demo_reminders
from desktop_app.services.invoices import find
from desktop_app.services.mail_messages import message_template, reset_message_template, save_message_template
from desktop_app.services.outbox import message_bytes, outbox_items
from desktop_app.services.reminders import (
    due_reminders,
    pause_customer,
    pause_invoice,
    paused,
    prepare_reminders,
    reminder_history,
    reminder_letter,
    resume_customer,
    resume_invoice,
)
from desktop_app.services.verify import verify
from desktop_app.store.journal import journal_entries
from tests.support.dunning import BUSINESS, BUSINESS_EMAIL, CONSUMER, FIRST_ROUND, overdue_shop

D = Decimal


def _mark_all_sent(db, when: date) -> None:
    """Record the queued e-mails as gone out on `when` (what a successful SMTP round would do)."""
    from desktop_app.services.outbox import send_outbox

    class Accepting:
        def send(self, sender, recipients, message):
            return None

        def close(self):
            return None

    from datetime import datetime, time

    from desktop_app.services.closing import PARIS
    run_job(send_outbox(db, now=datetime.combine(when, time(10), PARIS), transport_factory=lambda _db: Accepting()))


def test_due_lists_each_overdue_invoice_once_with_its_level_and_days_late(db):
    overdue_shop(db)
    assert due_reminders(db, FIRST_ROUND - timedelta(days=1)) == []
    due = {row.number: row for row in due_reminders(db, FIRST_ROUND)}
    assert sorted(due) == [CONSUMER, BUSINESS]
    business = due[BUSINESS]
    assert (business.level, business.days_late, business.amount_due, business.email, business.is_business) == (
        1, 7, D("491.70"), BUSINESS_EMAIL, True)
    assert business.as_json() == {"invoice": BUSINESS, "level": 1, "customer": "Teehaus Müller GmbH",
                                  "email": BUSINESS_EMAIL, "amount_due": D("491.70"), "days_late": 7,
                                  "currency": "EUR", "channel": "email"}
    assert due[CONSUMER].is_business is False


def test_three_levels_over_six_weeks_with_penalties_for_the_business_only(db):
    overdue_shop(db)
    day, made = FIRST_ROUND, []
    while day <= FIRST_ROUND + timedelta(days=40):
        result = run_job(prepare_reminders(db, day))
        made += [(day, result.reminders, result.letters)] if result.reminders else []
        _mark_all_sent(db, day)
        day += timedelta(days=1)
    # Due 2026-04-05: level 1 at 7 days, level 2 at 15, the formal notice letter at 30.
    assert made == [(date(2026, 4, 12), 2, 0), (date(2026, 4, 20), 2, 0), (date(2026, 5, 5), 2, 2)]
    history = {(row.number, row.level): row for row in reminder_history(db)}
    assert len(history) == 6
    second = history[(BUSINESS, 2)]
    # 491.70 × 12.15 % × 15 days / 365 = 2.4550... (2026-H1: ECB 2.15 + 10 points)
    assert (second.interest, second.indemnity) == (D("2.46"), D("40.00"))
    assert (history[(BUSINESS, 1)].interest, history[(BUSINESS, 1)].indemnity) == (D("0.00"), D("0.00"))
    assert (history[(CONSUMER, 2)].interest, history[(CONSUMER, 2)].indemnity) == (D("0.00"), D("0.00"))
    notice = history[(BUSINESS, 3)]
    assert notice.channel == "letter" and notice.has_letter and notice.outbox_state is None
    assert reminder_letter(db, notice.reminder_id).startswith(b"%PDF")
    with pytest.raises(DomainError):
        reminder_letter(db, history[(BUSINESS, 1)].reminder_id)
    email = read_message(message_bytes(db, history[(BUSINESS, 2)].outbox_id))
    text = email.get_body(("plain",)).get_content()
    assert "late-payment interest at 12.15% a year (€2.46 to date)" in text and "€40.00" in text
    assert "Total due: €534.16" in text
    with db.reading() as session:
        kinds = [entry.kind for entry in journal_entries(session)]
    assert kinds.count("reminder_sent") == 6
    assert run_job(verify(db)).ok


def test_paused_invoices_and_customers_are_skipped_until_resumed_or_their_date_passes(db):
    overdue_shop(db)
    consumer, business = find(db, CONSUMER), find(db, BUSINESS)
    with pytest.raises(DomainError, match="why"):
        pause_invoice(db, consumer, "  ")
    pause_invoice(db, consumer, "Disputed: parcel damaged")
    assert [row.number for row in due_reminders(db, FIRST_ROUND)] == [BUSINESS]
    [customer] = [c for c in customers_by_ids(db, customer_ids(db)) if c.email == BUSINESS_EMAIL]
    pause_customer(db, customer.id, "Promised to pay by the 20th", FIRST_ROUND + timedelta(days=8))
    assert due_reminders(db, FIRST_ROUND) == []
    assert {(row.reason, row.number) for row in paused(db, FIRST_ROUND)} == {
        ("Disputed: parcel damaged", CONSUMER), ("Promised to pay by the 20th", "")}
    assert [row.number for row in due_reminders(db, FIRST_ROUND + timedelta(days=9))] == [BUSINESS]
    resume_invoice(db, consumer)
    resume_customer(db, customer.id)
    assert sorted(row.number for row in due_reminders(db, FIRST_ROUND)) == [CONSUMER, BUSINESS]
    assert paused(db, FIRST_ROUND) == [] and business


def test_a_customer_without_e_mail_gets_a_letter_and_one_message_covers_all_of_a_customers_invoices(db):
    overdue_shop(db)
    [customer] = [c for c in customers_by_ids(db, customer_ids(db)) if c.email == BUSINESS_EMAIL]
    save_customer(db, replace(customer, email=""))
    result = run_job(prepare_reminders(db, FIRST_ROUND))
    assert (result.reminders, result.emails, result.letters) == (2, 1, 1)
    assert reminder_letter(db, result.letter_reminders[0]).startswith(b"%PDF")
    assert [item.recipients for item in outbox_items(db)] == ["anne@example.fr"]


def test_the_shops_own_wording_is_used_in_its_language(db):
    overdue_shop(db)
    mine = replace(message_template(db, "friendly", "fr"), subject="Petit rappel {invoices} ({amount_due})")
    save_message_template(db, "friendly", "fr", mine)
    with pytest.raises(Exception, match="Unknown placeholder"):
        save_message_template(db, "friendly", "fr", MessageTemplate("Oops {total}", "body"))
    run_job(prepare_reminders(db, FIRST_ROUND))
    subjects = sorted(item.subject for item in outbox_items(db))
    assert subjects == [f"Payment reminder: {BUSINESS}", f"Petit rappel {CONSUMER} (106,20\u00a0€)"]
    assert reset_message_template(db, "friendly", "fr").subject != mine.subject


def test_a_changed_plan_is_followed(db):
    overdue_shop(db)
    plan = [{"days": 3, "channel": "both", "template": "formal_notice", "fee": "15.00", "penalties": True}]
    set_settings(db, {"dunning.plan": json.dumps(plan), "dunning.interest_rate": "15"})
    assert {row.level for row in due_reminders(db, date(2026, 4, 8))} == {1}
    result = run_job(prepare_reminders(db, date(2026, 4, 8)))
    assert (result.reminders, result.emails, result.letters) == (2, 2, 2)
    history = {row.number: row for row in reminder_history(db)}
    # 491.70 × 15 % × 3 / 365 = 0.606...; the fee is charged to businesses only.
    assert (history[BUSINESS].interest, history[BUSINESS].fee, history[CONSUMER].fee) == (
        D("0.61"), D("15.00"), D("0.00"))
    email = read_message(message_bytes(db, history[BUSINESS].outbox_id))
    assert sorted(part.get_filename() for part in email.iter_attachments()) == [
        f"{BUSINESS}.pdf", f"reminder-1-{BUSINESS}.pdf"]


def test_the_demo_shop_has_reminders_at_every_level_and_a_paused_invoice(demo_db):
    if not reminder_history(demo_db):            # (once setup's demo makes them, they are already there)
        assert add_demo_reminders(demo_db, today()) == len(reminder_history(demo_db))
    history = reminder_history(demo_db)
    assert len(history) > 8
    assert {row.level for row in history} == {1, 2, 3}
    assert {row.outbox_state for row in history} == {"sent", None}
    due_levels = {row.level for row in due_reminders(demo_db)}
    assert {1, 2, 3} <= due_levels
    [pause] = paused(demo_db)
    assert pause.reason == PAUSE_REASON and pause.invoice_id is not None
    figures = dashboard_figures(demo_db)
    assert figures.overdue_count > 30 and figures.overdue_amounts["EUR"] > 5000
    assert figures.reminders_due == len(due_reminders(demo_db)) and figures.outbox_waiting == 0
    assert run_job(verify(demo_db)).ok
