"""Imported statement lines, and the review queue: the lines matching left doubtful or unmatched, and
what the user decides for each — accept the proposal, assign the money to other invoices (split
over several if need be), keep it as the customer's credit, or ignore the line.

Each decision is one transaction; a line already applied is corrected by reversing its payment
(services.payments.reverse_payment), which sends it back here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop_app.domain.errors import DomainError, InvalidValue, NotFound
from desktop_app.domain.money import ZERO, format_plain
from desktop_app.i18n import _
from desktop_app.services.closing import today
from desktop_app.services.payment_posting import (
    Part,
    PaymentFacts,
    PaymentWriter,
    Posting,
    fit_to_balances,
    posting_from_json,
)
from desktop_app.services.payments import positive_amount
from desktop_app.store import closings, invoice_queries
from desktop_app.store import customers as customer_repo
from desktop_app.store import invoices as invoice_repo
from desktop_app.store import open_items as owed
from desktop_app.store import payments as payment_repo
from desktop_app.store import statement_lines as repo
from desktop_app.store.database import Database
from desktop_app.store.open_items import Receivable
from desktop_app.store.payments import StoredPayment
from desktop_app.store.statement_lines import REVIEW_STATES, LineFilter, StatementLine

__all__ = ["LineDetail", "LineFilter", "Receivable", "StatementLine", "accept", "assign", "ignore", "invoice_choices",
           "keep_as_credit", "line_detail", "line_ids", "lines_by_ids", "reopen", "state_counts"]


def line_ids(db: Database, flt: LineFilter = LineFilter()) -> list[int]:  # noqa: B008 - frozen value
    with db.reading() as session:
        return repo.line_ids(session, flt)


def lines_by_ids(db: Database, ids: Sequence[int]) -> list[StatementLine]:
    with db.reading() as session:
        return repo.lines_by_ids(session, ids)


def state_counts(db: Database) -> dict[str, int]:
    """How many lines are in each state (the queue is 'doubtful' + 'unmatched')."""
    with db.reading() as session:
        return repo.state_counts(session)


@dataclass(frozen=True, slots=True)
class LineDetail:
    line: StatementLine
    customer_name: str = ""
    payment: StoredPayment | None = None
    reversed_by: int | None = None
    settled: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)     # (invoice, amount, fee)


def line_detail(db: Database, line_id: int) -> LineDetail:
    """One line with its customer, the payment it became and what it settled."""
    with db.reading() as session:
        line = repo.load_line(session, line_id)
        name = ""
        if line.customer_id is not None:
            try:
                name = customer_repo.get_customer(session, line.customer_id).name
            except NotFound:
                name = ""
        payment = payment_repo.load_payment(session, line.payment_id) if line.payment_id else None
        reversed_by = payment_repo.reversal_of(session, payment.id) if payment else None
        settled = repo.settlements_of_line(session, line_id)
        invoices = owed.receivables(session, [invoice_id for invoice_id, _a, _f in settled])
        numbers = {i: r.number for i, r in invoices.items()}
        return LineDetail(line, name, payment, reversed_by,
                          [(numbers.get(i, str(i)), amount, fee) for i, amount, fee in settled])


def invoice_choices(db: Database, search: str = "", currency: str = "", limit: int = 50) -> list[Receivable]:
    """Open invoices whose number, customer or order matches `search`, for picking where money goes."""
    with db.reading() as session:
        ids = invoice_queries.invoice_ids(session, invoice_queries.InvoiceFilter(status="unpaid", search=search),
                                          today())
        found = owed.receivables(session, ids[:limit * 2])
    return [r for r in (found[i] for i in ids if i in found) if not currency or r.currency == currency][:limit]


def _reviewable(session: Session, line_id: int, pays: bool = True) -> StatementLine:
    line = repo.load_line(session, line_id)
    if line.state not in REVIEW_STATES:
        raise DomainError(_("This line is no longer waiting for review ({state}).").format(state=line.state))
    if pays and not line.is_payment:
        raise DomainError(_("Only money received from a customer can pay invoices or become credit."))
    return line


def _day(session: Session, line: StatementLine) -> date:
    """The line's own date, unless its month is closed: then the payment is recorded today."""
    return today() if closings.is_closed(session, line.booked_on) else line.booked_on


def _post(session: Session, line: StatementLine, posting: Posting, reason: str) -> None:
    if not posting.moves_money:
        raise DomainError(_("Nothing would be paid: choose an invoice, or keep the money as credit."))
    if posting.credit > 0 and posting.customer_id is None:
        raise DomainError(_("{amount} would be left over with no customer to keep it as credit: choose an "
                            "invoice or a customer.").format(amount=format_plain(posting.credit)))
    facts = PaymentFacts(source=line.origin, external_id=payment_repo.free_external_id(
        session, line.origin, line.external_id), received_on=_day(session, line), currency=line.currency,
        method=line.method or line.source, reference=line.references[0] if line.references else "",
        payer_name=line.payer_name, label=line.label)
    writer = PaymentWriter(session)
    writer.settle(line.id, facts, posting, line.payout_id)
    payment_id = writer.pay(facts, posting)
    state = "settled" if payment_id is None else "matched"
    repo.set_review(session, line.id, state, reason=reason,
                    proposal={**posting.as_json(), "refers_to": line.proposal.get("refers_to", [])},
                    customer_id=posting.customer_id, payment_id=payment_id)
    writer.finish({line.id: line.id})


def accept(db: Database, line_id: int) -> StatementLine:
    """Apply what matching proposed, against today's balances (what no longer fits becomes credit)."""
    with db.transaction() as session:
        line = _reviewable(session, line_id)
        proposed = posting_from_json(line.proposal)
        if not proposed.moves_money:
            raise DomainError(_("Nothing is proposed for this line: choose an invoice, or keep it as credit."))
        posting = fit_to_balances(session, proposed, line.amount, line.customer_id)
        _post(session, line, posting, line.reason)
        return repo.load_line(session, line_id)


def assign(db: Database, line_id: int, parts: Sequence[tuple[str, Decimal | str]]) -> StatementLine:
    """Pay the invoices named with the amounts given; what is left is the first one's customer's credit."""
    with db.transaction() as session:
        line = _reviewable(session, line_id)
        chosen = _chosen_parts(session, line, parts)
        used = sum((p.amount for p, _r in chosen), ZERO)
        if used > line.amount:
            raise InvalidValue("amount", _("{used} is more than the {amount} received.").format(
                used=format_plain(used), amount=format_plain(line.amount)))
        posting = Posting(tuple(p for p, _r in chosen), (), line.amount - used, chosen[0][1].customer_id, line.fee)
        _post(session, line, posting, _("Assigned by hand to {numbers}.").format(
            numbers=", ".join(p.number for p, _r in chosen)))
        return repo.load_line(session, line_id)


def _chosen_parts(session: Session, line: StatementLine, parts: Sequence[tuple[str, Decimal | str]]
                  ) -> list[tuple[Part, Receivable]]:
    if not parts:
        raise InvalidValue("invoice", _("Choose at least one invoice."))
    chosen: list[tuple[Part, Receivable]] = []
    for number, amount in parts:
        invoice_id = invoice_repo.id_by_number(session, number.strip())
        target = owed.receivables(session, [invoice_id]).get(invoice_id) if invoice_id is not None else None
        if target is None:
            raise InvalidValue("invoice", _("No issued invoice is numbered '{number}'.").format(number=number))
        value = positive_amount(amount)
        if target.currency != line.currency:
            raise InvalidValue("invoice", _("{number} is in {currency}; this money is in {line}.").format(
                number=target.number, currency=target.currency, line=line.currency))
        already = sum((p.amount for p, r in chosen if r.id == target.id), ZERO)
        if value + already > target.balance:
            raise InvalidValue("amount", _("{number} has only {due} left to pay.").format(
                number=target.number, due=format_plain(target.balance)))
        chosen.append((Part(target.id, target.number, value), target))
    return chosen


def keep_as_credit(db: Database, line_id: int, customer_id: int | None = None) -> StatementLine:
    """Record the money as the customer's credit, to apply to a later invoice or refund."""
    with db.transaction() as session:
        line = _reviewable(session, line_id)
        owner = customer_id or line.customer_id
        if owner is None:
            raise InvalidValue("customer", _("Choose the customer whose credit this is."))
        customer_repo.get_customer(session, owner)
        _post(session, line, Posting(credit=line.amount, customer_id=owner, fee=line.fee),
              _("Kept as the customer's credit."))
        return repo.load_line(session, line_id)


def ignore(db: Database, line_id: int, reason: str = "") -> StatementLine:
    """Leave a line out: not a customer's payment (a transfer between own accounts, a grant...)."""
    with db.transaction() as session:
        _reviewable(session, line_id, pays=False)
        repo.set_review(session, line_id, "ignored", reason=reason or _("Ignored: not a customer's payment."))
        return repo.load_line(session, line_id)


def reopen(db: Database, line_id: int) -> StatementLine:
    """Put an ignored line back in the review queue."""
    with db.transaction() as session:
        line = repo.load_line(session, line_id)
        if line.state != "ignored":
            raise DomainError(_("Only an ignored line can be put back in the queue."))
        proposed = line.proposal.get("allocations") or line.proposal.get("settlements")
        repo.set_review(session, line_id, "doubtful" if proposed else "unmatched")
        return repo.load_line(session, line_id)
