"""Writing what a payment does, inside the caller's transaction: the payment with its allocations
(invoices, and the rest as the customer's credit), the settlement of payments taken at checkout,
and the journal entries that make each of them final.

Shared by the statement import, the review queue and the payments entered by hand, so that a
payment is written the same way whichever way it came.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.domain.money import ZERO
from desktop_app.store import balances
from desktop_app.store import open_items as receivable_repo
from desktop_app.store import statement_lines as line_repo
from desktop_app.store.journal import append_journal_entries


@dataclass(frozen=True, slots=True)
class Part:
    """An amount going to one invoice."""

    invoice_id: int
    number: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Posting:
    """What a payment is to do: pay invoices, settle checkout payments, leave credit to a customer."""

    allocations: tuple[Part, ...] = ()
    settlements: tuple[Part, ...] = ()
    credit: Decimal = ZERO
    customer_id: int | None = None
    fee: Decimal = ZERO

    @property
    def moves_money(self) -> bool:
        return bool(self.allocations or self.settlements or self.credit > 0)

    @property
    def new_money(self) -> Decimal:
        """What reaches the customers' accounts as a new payment (settlements are not new money)."""
        return sum((p.amount for p in self.allocations), ZERO) + self.credit

    def as_json(self) -> dict[str, Any]:
        return {"allocations": [_part_json(p) for p in self.allocations],
                "settlements": [_part_json(p) for p in self.settlements],
                "credit": str(self.credit), "customer_id": self.customer_id, "fee": str(self.fee)}


def _part_json(part: Part) -> dict[str, Any]:
    return {"invoice_id": part.invoice_id, "number": part.number, "amount": str(part.amount)}


def posting_from_json(data: Mapping[str, Any]) -> Posting:
    """A posting stored as a line's proposal."""
    def parts(key: str) -> tuple[Part, ...]:
        return tuple(Part(int(p["invoice_id"]), str(p["number"]), Decimal(p["amount"])) for p in data.get(key, ()))
    customer = data.get("customer_id")
    return Posting(parts("allocations"), parts("settlements"), Decimal(data.get("credit", "0")),
                   int(customer) if customer is not None else None, Decimal(data.get("fee", "0")))


@dataclass(frozen=True, slots=True)
class PaymentFacts:
    """Who paid, when, how: the fields of the payment row."""

    source: str
    external_id: str
    received_on: date
    currency: str
    method: str = ""
    reference: str = ""
    payer_name: str = ""
    label: str = ""
    kind: str = "payment"


@dataclass
class PaymentWriter:
    """Collects journal entries and settlements while payments are written; `finish` writes them."""

    session: Session
    journal: list[tuple[str, str, dict[str, object]]] = field(default_factory=list)
    settlements: list[tuple[object, dict[str, Any]]] = field(default_factory=list)
    # Settled in this unit of work but not written yet (a run may settle one payment in two lines).
    pending: dict[int, Decimal] = field(default_factory=dict)

    def pay(self, facts: PaymentFacts, posting: Posting) -> int | None:
        """Record the new money of a posting as one payment; None when it only settles."""
        amount = posting.new_money
        if amount <= 0:
            return None
        allocations: list[tuple[int | None, Decimal]] = [(p.invoice_id, p.amount) for p in posting.allocations]
        if posting.credit > 0:
            allocations.append((None, posting.credit))
        fee = ZERO if posting.settlements else posting.fee
        [payment_id] = balances.record_payments(self.session, [(balances.NewPayment(
            source=facts.source, external_id=facts.external_id, received_on=facts.received_on, amount=amount,
            currency=facts.currency, method=facts.method[:60], reference=facts.reference[:200],
            payer_name=facts.payer_name[:200], label=facts.label, kind=facts.kind, fee=fee,
            customer_id=posting.customer_id), allocations)])
        subject = posting.allocations[0].number if posting.allocations else f"payment:{payment_id}"
        self.journal.append(("payment_recorded", subject, {
            "payment": payment_id, "source": facts.source, "external_id": facts.external_id,
            "received_on": facts.received_on, "amount": amount, "fee": fee, "currency": facts.currency,
            "method": facts.method, "allocations": [{"invoice": p.number, "amount": p.amount}
                                                    for p in posting.allocations],
            "credit": posting.credit, "customer_id": posting.customer_id}))
        return payment_id

    def settle(self, line_key: object, facts: PaymentFacts, posting: Posting, payout_id: str = "") -> None:
        """Confirm the checkout payments of a posting's settlements, with the provider's fee on the first."""
        if not posting.settlements:
            return
        open_parts = receivable_repo.unsettled_checkout(self.session, [p.invoice_id for p in posting.settlements])
        fee = posting.fee
        for part in posting.settlements:
            left = part.amount
            for payment_id, unsettled in open_parts.get(part.invoice_id, ()):
                share = min(left, unsettled - self.pending.get(payment_id, ZERO))
                if share <= 0:
                    continue
                self.pending[payment_id] = self.pending.get(payment_id, ZERO) + share
                self.settlements.append((line_key, {"payment_id": payment_id, "invoice_id": part.invoice_id,
                                                    "amount": share, "fee": fee, "payout_id": payout_id[:120]}))
                self.journal.append(("payment_settled", part.number, {
                    "payment": payment_id, "invoice": part.number, "amount": share, "fee": fee,
                    "currency": facts.currency, "source": facts.source, "external_id": facts.external_id,
                    "settled_on": facts.received_on}))
                fee, left = ZERO, left - share

    def finish(self, line_ids: Mapping[object, int]) -> None:
        """Write the settlements (now that their lines have ids) and every journal entry, in order."""
        line_repo.insert_settlements(self.session, [{**row, "statement_line_id": line_ids[key]}
                                                    for key, row in self.settlements])
        append_journal_entries(self.session, self.journal)
        self.journal, self.settlements, self.pending = [], [], {}


def fit_to_balances(session: Session, posting: Posting, amount: Decimal, customer_hint: int | None) -> Posting:
    """A stored proposal against today's balances: nothing goes beyond what is still due or unsettled
    (another payment may have come since); what no longer fits becomes the customer's credit."""
    ids = [p.invoice_id for p in (*posting.allocations, *posting.settlements)]
    current = receivable_repo.receivables(session, ids)
    awaiting = receivable_repo.unsettled_checkout(session, [p.invoice_id for p in posting.settlements])
    settlements, allocations, used = [], [], ZERO
    for part in posting.settlements:
        share = min(part.amount, sum((left for _p, left in awaiting.get(part.invoice_id, ())), ZERO))
        if share > 0:
            settlements.append(Part(part.invoice_id, part.number, share))
            used += share
    for part in posting.allocations:
        receivable = current.get(part.invoice_id)
        share = min(part.amount, receivable.balance if receivable else ZERO)
        if share > 0:
            allocations.append(Part(part.invoice_id, part.number, share))
            used += share
    customer = posting.customer_id or customer_hint or (
        current[ids[0]].customer_id if ids and ids[0] in current else None)
    return Posting(tuple(allocations), tuple(settlements), amount - used, customer, posting.fee)


def oldest_first(amount: Decimal, dues: Sequence[tuple[int, str, Decimal]]) -> tuple[list[Part], Decimal]:
    """Spread an amount over invoices in the order given (oldest first): each gets what it is due
    until the money runs out; returns the parts and what is left over."""
    parts, left = [], amount
    for invoice_id, number, due in dues:
        share = min(left, due)
        if share > 0:
            parts.append(Part(invoice_id, number, share))
            left -= share
    return parts, left
