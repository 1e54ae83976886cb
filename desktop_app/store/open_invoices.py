"""What the dashboard reads of the invoices still open, from the balances alone.

A big shop has tens of thousands of open invoices among a million. Each balance keeps a copy of its
invoice's due date, currency, rate and customer, and the open ones are one index in due-date order
(store.records.payments): the sums, the largest debts and the ages are added up by the database from
that index, and only the invoices a reminder can still be due for come back one by one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session, aliased

from desktop_app.domain.dunning import Pause
from desktop_app.store.dunning import MadeRow
from desktop_app.store.records import (
    CustomerRecord,
    DunningPauseRecord,
    InvoiceBalanceRecord,
    InvoiceRecord,
    OutboxRecord,
    ReminderRecord,
)
from desktop_app.store.report_sql import int_sum, raw

Inv, Bal, Rem, Out = InvoiceRecord, InvoiceBalanceRecord, ReminderRecord, OutboxRecord


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    invoice_id: int
    due_date: date
    balance: int                  # cents of its currency
    customer_id: int


def _overdue(day: date) -> tuple[object, ...]:
    return Bal.open == 1, Bal.due_date < day


def overdue_totals(session: Session, day: date) -> dict[str, tuple[int, int]]:
    """Per currency: how many open invoices are past their due date on `day`, and the cents they owe."""
    query = (select(Bal.currency, func.count(), int_sum(raw(Bal.balance))).where(*_overdue(day))
             .group_by(Bal.currency))
    return {currency: (int(count), int(cents)) for currency, count, cents in session.execute(query)}


def largest_overdue(session: Session, day: date, limit: int) -> list[int]:
    """The open invoices past their due date on `day` that owe the most (then by id)."""
    query = (select(Bal.invoice_id).where(*_overdue(day)).order_by(raw(Bal.balance).desc(), Bal.invoice_id)
             .limit(limit))
    return list(session.scalars(query))


def open_by_due_date(session: Session, day: date) -> tuple[dict[date, int], list[tuple[date, int, int]]]:
    """What the invoices issued by `day` still owe, by due date: euro cents added up per due date, and
    one (due date, cents, rate) per invoice in another currency (each is converted on its own)."""
    issued = (Bal.open == 1, Bal.due_date.is_not(None), Bal.issue_date <= day)
    euros = session.execute(select(Bal.due_date, int_sum(raw(Bal.balance)))
                            .where(*issued, Bal.exchange_rate.is_(None)).group_by(Bal.due_date))
    others = session.execute(select(Bal.due_date, raw(Bal.balance), raw(Bal.exchange_rate))
                             .where(*issued, Bal.exchange_rate.is_not(None)))
    return ({due: int(cents) for due, cents in euros},
            [(due, int(cents), int(rate)) for due, cents, rate in others])


def _still_climbing(day: date, levels: int) -> tuple[object, ...]:
    """Past due on `day` and not at every level of a plan of `levels` yet: once every level was made, no
    reminder is ever due again (domain.dunning.next_level), so only these need the rules applied."""
    made_rem = aliased(Rem)
    made = (select(func.count()).select_from(made_rem)
            .where(made_rem.invoice_id == Bal.invoice_id, made_rem.level >= 1, made_rem.level <= levels)
            .correlate(Bal).scalar_subquery())
    return (*_overdue(day), made < levels)


def dunning_candidates(session: Session, day: date, levels: int) -> list[tuple[OpenInvoice, list[MadeRow]]]:
    """The open invoices past due on `day` a reminder may still be due for, oldest due date first, each
    with the reminders made for it."""
    query = (select(Bal.invoice_id, Bal.due_date, raw(Bal.balance), Bal.customer_id, Rem.level, Rem.channel,
                    Rem.prepared_on, Out.state, Out.sent_at)
             .select_from(Bal).join(Rem, Rem.invoice_id == Bal.invoice_id, isouter=True)
             .join(Out, Out.id == Rem.outbox_id, isouter=True)
             .where(*_still_climbing(day, levels)).order_by(Bal.due_date, Bal.invoice_id))
    found: list[tuple[OpenInvoice, list[MadeRow]]] = []
    for invoice_id, due_date, balance, customer_id, *reminder in session.execute(query):
        if not found or found[-1][0].invoice_id != invoice_id:
            found.append((OpenInvoice(invoice_id, due_date, balance, customer_id), []))
        if reminder[0] is not None:
            found[-1][1].append(MadeRow(invoice_id, *reminder))
    return found


def pauses(session: Session) -> tuple[dict[int, list[Pause]], dict[int, Pause]]:
    """Pauses in force (not lifted): by invoice, and by customer."""
    by_invoice: dict[int, list[Pause]] = defaultdict(list)
    query = select(DunningPauseRecord.invoice_id, DunningPauseRecord.reason, DunningPauseRecord.until).where(
        DunningPauseRecord.lifted_at.is_(None))
    for invoice_id, reason, until in session.execute(query):
        by_invoice[invoice_id].append(Pause(reason, until))
    # The empty text written out, not bound: SQLite then reads the partial index of paused customers.
    customers = {cid: Pause(reason, until) for cid, reason, until in session.execute(
        select(CustomerRecord.id, CustomerRecord.reminders_pause_reason, CustomerRecord.reminders_paused_until)
        .where(CustomerRecord.reminders_pause_reason != literal_column("''")))}
    return by_invoice, customers


def draft_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Inv).where(Inv.state == "draft")) or 0)
