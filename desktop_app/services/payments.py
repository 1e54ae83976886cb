"""Payments entered by hand (a cheque, a transfer seen on the bank's website, cash at a fair), the
customers' credit they may leave, and corrections.

A payment may be partial, or spread over several invoices of a customer, oldest due first; what
goes beyond what they owe is kept as the customer's credit, to be applied to a later invoice or
refunded. Recorded payments never change: a mistake is undone by a reversal, a new entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop_app.domain.errors import DomainError, InvalidValue
from desktop_app.domain.money import ZERO, format_plain, money
from desktop_app.i18n import N_, _
from desktop_app.services.closing import today
from desktop_app.services.payment_posting import Part, PaymentFacts, PaymentWriter, Posting, oldest_first
from desktop_app.store import balances, closings
from desktop_app.store import invoices as invoice_repo
from desktop_app.store import open_items as owed
from desktop_app.store import payments as repo
from desktop_app.store import statement_lines as line_repo
from desktop_app.store.database import Database
from desktop_app.store.journal import append_journal_entries
from desktop_app.store.open_items import Receivable

# How a payment can come, as the shopkeeper names it.
METHODS = {"transfer": N_("Bank transfer"), "cheque": N_("Cheque"), "card": N_("Card"), "cash": N_("Cash"),
           "direct debit": N_("Direct debit"), "other": N_("Other")}


def method_label(method: str) -> str:
    """A payment method in words ('cheque' -> 'Cheque'); a provider's own name is kept as it is."""
    return _(METHODS[method]) if method in METHODS else method


@dataclass(frozen=True, slots=True)
class RecordedPayment:
    """What a recorded payment did."""

    payment_id: int
    received_on: date
    amount: Decimal
    currency: str
    allocations: tuple[Part, ...]
    credit: Decimal
    customer_id: int | None

    def as_json(self) -> dict[str, object]:
        return {"payment": self.payment_id, "date": self.received_on, "amount": self.amount,
                "currency": self.currency, "credit": self.credit, "customer_id": self.customer_id,
                "allocations": [{"invoice": p.number, "amount": p.amount} for p in self.allocations]}


def check_day(session: Session, day: date) -> None:
    """A payment is dated neither in the future nor in a closed month."""
    if day > today():
        raise InvalidValue("date", _("A payment cannot be dated in the future ({day}).").format(day=day))
    if closings.is_closed(session, day):
        raise InvalidValue("date", _("{period} is closed: no payment can be dated in it.").format(
            period=closings.period_of(day)))


def positive_amount(value: Decimal | str) -> Decimal:
    amount = money(value)
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidValue("amount", _("The amount must be positive, to the cent ({value}).").format(value=value))
    return amount


def _invoices(session: Session, numbers: Sequence[str]) -> list[Receivable]:
    """The issued invoices named, oldest due first; all of one customer and one currency."""
    ids = []
    for number in numbers:
        found = invoice_repo.id_by_number(session, number.strip())
        if found is None:
            raise InvalidValue("invoice", _("No issued invoice is numbered '{number}'.").format(number=number))
        ids.append(found)
    targets = owed.receivables(session, ids)
    missing = [n for n, i in zip(numbers, ids) if i not in targets]
    if missing:
        raise InvalidValue("invoice", _("{number} is not an issued invoice (a credit note cannot be paid).").format(
            number=missing[0]))
    chosen = sorted(targets.values(), key=lambda r: r.oldest_first_key)
    if len({(r.customer_id, r.currency) for r in chosen}) > 1:
        raise InvalidValue("invoice", _("One payment can pay several invoices of one customer, in one currency."))
    return chosen


def record_payment(db: Database, numbers: str | Sequence[str], amount: Decimal | str, on: date | None = None,
                   method: str = "transfer", reference: str = "") -> RecordedPayment:
    """Record a payment received for one or more invoices (oldest due first); the rest is credit."""
    names = [n for n in ([numbers] if isinstance(numbers, str) else list(numbers)) if n.strip()]
    if not names:
        raise InvalidValue("invoice", _("Name the invoice this payment is for."))
    value, day = positive_amount(amount), on or today()
    with db.transaction() as session:
        check_day(session, day)
        chosen = _invoices(session, names)
        parts, credit = oldest_first(value, [(r.id, r.number, r.balance) for r in chosen])
        customer_id = chosen[0].customer_id
        writer = PaymentWriter(session)
        payment_id = writer.pay(PaymentFacts(
            source="manual", external_id=f"manual:{uuid.uuid4().hex}", received_on=day, currency=chosen[0].currency,
            method=method, reference=reference), Posting(tuple(parts), credit=credit, customer_id=customer_id))
        writer.finish({})
    assert payment_id is not None
    return RecordedPayment(payment_id, day, value, chosen[0].currency, tuple(parts), credit, customer_id)


def customer_credit(db: Database, customer_id: int) -> dict[str, Decimal]:
    """The customer's unused credit, per currency."""
    with db.reading() as session:
        return owed.customer_credit(session, customer_id)


def open_invoices(db: Database, customer_id: int) -> list[Receivable]:
    """A customer's invoices with something left to pay, oldest due first."""
    with db.reading() as session:
        return owed.open_receivables(session, customer_id)


def receivable(db: Database, invoice_id: int) -> Receivable | None:
    """An issued invoice with what is left to pay on it (None for drafts and credit notes)."""
    with db.reading() as session:
        return owed.receivables(session, [invoice_id]).get(invoice_id)


def _credit_available(session: Session, customer_id: int, currency: str) -> Decimal:
    return owed.customer_credit(session, customer_id).get(currency, ZERO)


def apply_credit(db: Database, customer_id: int, number: str, amount: Decimal | str | None = None,
                 on: date | None = None) -> RecordedPayment:
    """Use a customer's credit to pay (part of) a later invoice: all it can, unless `amount` says less."""
    day = on or today()
    with db.transaction() as session:
        check_day(session, day)
        [invoice] = _invoices(session, [number])
        if invoice.customer_id != customer_id:
            raise InvalidValue("invoice", _("{number} is another customer's invoice.").format(number=number))
        available = _credit_available(session, customer_id, invoice.currency)
        value = min(available, invoice.balance) if amount is None else positive_amount(amount)
        if value <= 0 or value > available or value > invoice.balance:
            raise InvalidValue("amount", _("The customer has {credit} of credit and {number} has {due} left to pay; "
                                           "{amount} cannot be applied.").format(
                credit=format_plain(available), number=number, due=format_plain(invoice.balance),
                amount=format_plain(value)))
        payment_id = _credit_move(session, day, invoice, customer_id, value)
    part = Part(invoice.id, invoice.number, value)
    return RecordedPayment(payment_id, day, ZERO, invoice.currency, (part,), -value, customer_id)


def _credit_move(session: Session, day: date, invoice: Receivable, customer_id: int, value: Decimal) -> int:
    """A transfer between the customer's credit and an invoice: no money moves, so its amount is 0."""
    [payment_id] = balances.record_payments(session, [(balances.NewPayment(
        source="credit", external_id=f"credit:{uuid.uuid4().hex}", received_on=day, amount=ZERO,
        currency=invoice.currency, method="credit", reference=invoice.number, kind="credit",
        customer_id=customer_id), [(invoice.id, value), (None, -value)])])
    append_journal_entries(session, [("credit_applied", invoice.number, {
        "payment": payment_id, "invoice": invoice.number, "amount": value, "currency": invoice.currency,
        "customer_id": customer_id, "applied_on": day})])
    return payment_id


def refund_credit(db: Database, customer_id: int, amount: Decimal | str, on: date | None = None,
                  method: str = "transfer", reference: str = "", currency: str | None = None) -> RecordedPayment:
    """Pay a customer's credit back to them (money going out, recorded as a negative payment)."""
    value, day = positive_amount(amount), on or today()
    with db.transaction() as session:
        check_day(session, day)
        credits = owed.customer_credit(session, customer_id)
        code = currency or (next(iter(credits)) if len(credits) == 1 else "EUR")
        available = credits.get(code, ZERO)
        if value > available:
            raise InvalidValue("amount", _("The customer has only {credit} {currency} of credit.").format(
                credit=format_plain(available), currency=code))
        [payment_id] = balances.record_payments(session, [(balances.NewPayment(
            source="manual", external_id=f"refund:{uuid.uuid4().hex}", received_on=day, amount=-value,
            currency=code, method=method, reference=reference, kind="refund", customer_id=customer_id),
            [(None, -value)])])
        append_journal_entries(session, [("credit_refunded", f"customer:{customer_id}", {
            "payment": payment_id, "amount": -value, "currency": code, "customer_id": customer_id,
            "method": method, "refunded_on": day})])
    return RecordedPayment(payment_id, day, -value, code, (), -value, customer_id)


def reverse_payment(db: Database, payment_id: int, on: date | None = None, reason: str = "") -> int:
    """Undo a recorded payment with a reversal entry; the statement line it came from goes back to review."""
    day = on or today()
    with db.transaction() as session:
        check_day(session, day)
        original = repo.load_payment(session, payment_id)
        _check_reversible(session, original, day)
        reversal_id = repo.record_reversal(session, original, day, reason)
        numbers = owed.numbers_of(session, [a.invoice_id for a in original.allocations if a.invoice_id])
        append_journal_entries(session, [("payment_reversed", numbers[0] if numbers else f"payment:{payment_id}", {
            "payment": reversal_id, "reverses": payment_id, "amount": -original.amount,
            "currency": original.currency, "invoices": numbers, "reversed_on": day, "reason": reason})])
        for line_id in line_repo.lines_of_payment(session, payment_id):
            line_repo.set_review(session, line_id, "unmatched", reason=_(
                "The payment recorded from this line was reversed on {day}; assign it again.").format(day=day))
    return reversal_id


def _check_reversible(session: Session, original: repo.StoredPayment, day: date) -> None:
    if original.kind == "reversal":
        raise DomainError(_("A reversal cannot itself be reversed; record the payment again instead."))
    if original.source == "checkout":
        raise DomainError(_("A payment taken at checkout is undone by a credit note and its refund, not by a "
                            "reversal."))
    if repo.reversal_of(session, original.id) is not None:
        raise DomainError(_("Payment {id} is already reversed.").format(id=original.id))
    if day < original.received_on:
        raise InvalidValue("date", _("A reversal cannot be dated before the payment it undoes ({day}).").format(
            day=original.received_on))
    for customer_id in {a.customer_id for a in original.allocations if a.invoice_id is None and a.amount > 0}:
        if customer_id is not None and _credit_available(session, customer_id, original.currency) < original.credit:
            raise DomainError(_("The credit this payment left has been used or refunded since; reverse that "
                                "first."))
