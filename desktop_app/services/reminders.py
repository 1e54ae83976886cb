"""Chasing unpaid invoices: what is due today, preparing the reminders (letters, e-mails into the outbox),
running the whole round, and pausing reminders for an invoice or a customer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.domain.dunning import (
    Channel,
    DueReminder,
    DunningCase,
    DunningPlan,
    ReminderMade,
    parse_plan,
    reminders_due,
)
from desktop_app.domain.errors import DomainError
from desktop_app.domain.late_payment import InterestRule, half_year, interest_rule, parse_ecb_rates
from desktop_app.domain.progress import Job, Progress
from desktop_app.formats.email_message import Attachment
from desktop_app.i18n import _
from desktop_app.services.closing import today
from desktop_app.services.company import all_settings, set_settings, show_company
from desktop_app.services.customers import get_customer
from desktop_app.services.documents import buyer_party
from desktop_app.services.mail_messages import template_overrides
from desktop_app.services.outbox import SendReport, TransportFactory, queue_mail, send_outbox
from desktop_app.services.reminder_documents import (
    ReminderBatch,
    ShopContext,
    batch_text,
    letter_filename,
    make_batch,
    reminder_mail,
    render_letter,
)
from desktop_app.services.reminder_rows import DueRow, sent_on
from desktop_app.services.rendering import invoice_pdf, template_for_customer
from desktop_app.services.smtp import check_sender, open_transport, smtp_config
from desktop_app.store import dunning as repo
from desktop_app.store.database import Database
from desktop_app.store.dunning import OverdueRow
from desktop_app.store.journal import append_journal
from desktop_app.store.outbox import counts as outbox_counts
from desktop_app.store.types import utcnow


def dunning_plan(db: Database) -> DunningPlan:
    return parse_plan(all_settings(db)["dunning.plan"])


def current_interest_rule(db: Database) -> InterestRule:
    settings = all_settings(db)
    return interest_rule(str(settings["dunning.interest_rate"]), settings["dunning.ecb_rates"])


@dataclass(frozen=True, slots=True)
class LatePaymentSettings:
    """The dunning settings as the settings screen shows them."""

    plan: DunningPlan
    interest_rate: str            # agreed annual rate in %, "" for the legal one
    half_year: str                # e.g. "2026-H2"
    ecb_rate: str                 # the ECB rate stored for that half-year, "" when missing
    rate_in_force: Decimal        # the annual rate applied today


def late_payment_settings(db: Database, on: date | None = None) -> LatePaymentSettings:
    settings = all_settings(db)
    day = on or today()
    key = half_year(day)
    rates = parse_ecb_rates(settings["dunning.ecb_rates"])
    return LatePaymentSettings(dunning_plan(db), str(settings["dunning.interest_rate"]), key, rates.get(key, ""),
                               current_interest_rule(db).rate_on(day))


def save_late_payment_settings(db: Database, interest_rate: str, ecb_rate: str, on: date | None = None,
                               plan: Sequence[Mapping[str, Any]] | None = None) -> None:
    """Save the agreed rate ("" for the legal one), the ECB rate of the current half-year and (given) the
    levels of the plan in their JSON form; all are checked first, and nothing is saved if one is wrong."""
    rates = parse_ecb_rates(all_settings(db)["dunning.ecb_rates"])
    if ecb_rate.strip():
        rates[half_year(on or today())] = ecb_rate.strip()
    changes: dict[str, Any] = {"dunning.interest_rate": interest_rate, "dunning.ecb_rates": rates}
    if plan is not None:
        changes["dunning.plan"] = [dict(level) for level in plan]
    set_settings(db, changes)


def _due(db: Database, day: date, invoice_ids: Sequence[int] | None = None
         ) -> list[tuple[OverdueRow, DueReminder]]:
    with db.reading() as session:
        rows = repo.overdue_rows(session, day, invoice_ids)
        ids = [row.invoice_id for row in rows]
        made = repo.reminders_made(session, ids)
        paused = repo.invoice_pauses(session, ids)
        customers = repo.customer_pauses(session, sorted({row.customer_id for row in rows}))
    by_id = {row.invoice_id: row for row in rows}
    cases = [DunningCase(row.invoice_id, row.due_date, row.amount_due,
                         tuple(ReminderMade(m.level, sent_on(m)) for m in made.get(row.invoice_id, [])),
                         tuple(paused.get(row.invoice_id, [])) + ((customers[row.customer_id],)
                                                                   if row.customer_id in customers else ()))
             for row in rows]
    return [(by_id[due.invoice_id], due) for due in reminders_due(cases, dunning_plan(db), day)]


def due_reminders(db: Database, on: date | None = None) -> list[DueRow]:
    """Every reminder due on a day (today by default), oldest due date first."""
    return [DueRow(row.invoice_id, row.number, due.level, due.step.channel.value, row.customer_id, row.customer,
                   row.email, row.amount_due, row.currency, row.due_date, due.days_late, row.is_business)
            for row, due in _due(db, on or today())]


@dataclass(slots=True)
class PrepareResult:
    reminders: int = 0             # invoices reminded
    emails: int = 0                # messages put in the outbox
    letters: int = 0               # letters made (to print and post)
    letter_reminders: list[int] = field(default_factory=list)   # reminder ids holding a letter


def _batches(due: list[tuple[OverdueRow, DueReminder]], day: date, rule: InterestRule) -> list[ReminderBatch]:
    """One batch per customer, level and currency: a customer gets one message for all its invoices."""
    grouped: dict[tuple[int, int, str], list[tuple[OverdueRow, DueReminder]]] = defaultdict(list)
    for row, item in due:
        grouped[(row.customer_id, item.level, row.currency)].append((row, item))
    return [make_batch(key[0], items, day, rule) for key, items in grouped.items()]


def prepare_reminders(db: Database, on: date | None = None, invoice_ids: Sequence[int] | None = None,
                      written_at: datetime | None = None) -> Job[PrepareResult]:
    """Make the reminders due (all, or those of some invoices): letters as PDF, e-mails into the outbox.

    `written_at` dates the e-mails (now by default; the demo shop writes its history with it)."""
    day = on or today()
    batches = _batches(_due(db, day, invoice_ids), day, current_interest_rule(db))
    shop = ShopContext(show_company(db), template_overrides(db), smtp_config(db), written_at)
    if any(batch.channel is not Channel.LETTER for batch in batches):
        check_sender(shop.smtp)
    result = PrepareResult()
    for done, batch in enumerate(batches, start=1):
        _prepare_batch(db, batch, shop, result)
        yield Progress(done, len(batches), _("Preparing reminders"))
    return result


def _prepare_batch(db: Database, batch: ReminderBatch, shop: ShopContext, result: PrepareResult) -> None:
    text = batch_text(batch, shop)
    channel = batch.channel
    letter = None
    if channel is not Channel.EMAIL:
        template = shop.templates.get(batch.customer_id) or template_for_customer(db, batch.customer_id)
        shop.templates[batch.customer_id] = template
        letter = render_letter(batch, shop, buyer_party(get_customer(db, batch.customer_id)), text, template)
    attachments = [Attachment(letter_filename(batch), letter)] if letter is not None else []
    if channel is not Channel.LETTER:
        attachments += [Attachment(f"{item.row.number}.pdf", invoice_pdf(db, item.row.invoice_id))
                        for item in batch.items]
    try:
        with db.transaction() as session:
            outbox_id = None
            if channel is not Channel.LETTER:
                mail = reminder_mail(batch, shop, text, shop.smtp.sender, attachments)
                outbox_id = queue_mail(session, "reminder", batch.items[0].row.invoice_id, mail,
                                       shop.written_at or utcnow())
            rows = [_reminder_row(batch, shop, index, channel, letter, outbox_id) for index in range(len(batch.items))]
            repo.add_reminders(session, rows)
            if outbox_id is None:           # a letter goes out the day it is made
                _journal_letters(session, batch, rows)
            ids = repo.reminder_ids(session, [item.row.invoice_id for item in batch.items], batch.level)
    except IntegrityError:
        return                              # made meanwhile by another window or process
    result.reminders += len(batch.items)
    result.emails += outbox_id is not None
    if letter is not None:
        result.letters += 1
        result.letter_reminders.append(ids[0])


def _reminder_row(batch: ReminderBatch, shop: ShopContext, index: int, channel: Channel, letter: bytes | None,
                  outbox_id: int | None) -> dict[str, Any]:
    item = batch.items[index]
    return {"invoice_id": item.row.invoice_id, "level": batch.level, "prepared_on": batch.day,
            "channel": channel.value, "fee": batch.fee if index == 0 else Decimal("0.00"),
            "interest": item.penalties.interest, "indemnity": item.penalties.indemnity,
            "amount_due": item.row.amount_due, "letter_pdf": letter, "outbox_id": outbox_id,
            "created_at": shop.written_at or utcnow()}


def _journal_letters(session: Session, batch: ReminderBatch, rows: list[dict[str, Any]]) -> None:
    for item, row in zip(batch.items, rows):
        append_journal(session, "reminder_sent", item.row.number, {
            "number": item.row.number, "level": batch.level, "channel": row["channel"],
            "amount_due": row["amount_due"], "interest": row["interest"], "indemnity": row["indemnity"],
            "fee": row["fee"], "message_id": "", "sent_at": batch.day})


@dataclass(frozen=True, slots=True)
class RunReport:
    prepared: int
    letters: int
    sent: int
    queued: int
    failed: int
    errors: tuple[str, ...] = ()
    letter_reminders: tuple[int, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"prepared": self.prepared, "sent": self.sent, "queued": self.queued, "failed": self.failed,
                "letters": self.letters, "errors": list(self.errors)}


def run_reminders(db: Database, on: date | None = None, send: bool = False,
                  transport_factory: TransportFactory = open_transport) -> Job[RunReport]:
    """The daily round: prepare what is due, then (with `send`) send the outbox."""
    prepared = yield from prepare_reminders(db, on)
    if send:
        report = yield from send_outbox(db, transport_factory=transport_factory)
    else:
        with db.reading() as session:
            report = SendReport(counts=outbox_counts(session))
    return RunReport(prepared.reminders, prepared.letters, report.sent, report.queued, report.failed,
                     tuple(report.errors), tuple(prepared.letter_reminders))


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise DomainError(_("Say why reminders are paused (a dispute, a promise to pay...)."))
    return text


def pause_invoice(db: Database, invoice_id: int, reason: str, until: date | None = None) -> None:
    """Stop reminders for one invoice, until a day (included) or until resumed."""
    with db.transaction() as session:
        repo.pause_invoice(session, invoice_id, _reason(reason), until)


def resume_invoice(db: Database, invoice_id: int) -> None:
    with db.transaction() as session:
        repo.lift_invoice_pauses(session, invoice_id, utcnow())


def pause_customer(db: Database, customer_id: int, reason: str, until: date | None = None) -> None:
    """Stop reminders for every invoice of a customer."""
    with db.transaction() as session:
        repo.set_customer_pause(session, customer_id, _reason(reason), until)


def resume_customer(db: Database, customer_id: int) -> None:
    with db.transaction() as session:
        repo.set_customer_pause(session, customer_id, "", None)


def paused(db: Database, on: date | None = None) -> list[repo.PausedRow]:
    """The pauses in force on a day (a pause whose date has passed no longer counts)."""
    day = on or today()
    with db.reading() as session:
        return [row for row in repo.paused_rows(session) if row.until is None or row.until >= day]


def reminder_history(db: Database, limit: int = 500, invoice_id: int | None = None) -> list[repo.HistoryRow]:
    with db.reading() as session:
        return repo.history_rows(session, limit, invoice_id)


def reminder_letter(db: Database, reminder_id: int) -> bytes:
    """The PDF letter of a reminder made as a letter."""
    with db.reading() as session:
        pdf = repo.letter_pdf(session, reminder_id)
    if pdf is None:
        raise DomainError(_("This reminder was sent by e-mail only; it has no letter."))
    return pdf
