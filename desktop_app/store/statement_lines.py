"""Imported statement lines: stored once, found again by origin and id, listed and reviewed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, tuple_, update
from sqlalchemy.orm import Session

from desktop_app.domain.errors import NotFound
from desktop_app.domain.payments import Transaction, TransactionKind
from desktop_app.i18n import _
from desktop_app.store.records import ImportRunRecord, SettlementRecord, StatementLineRecord
from desktop_app.store.types import utcnow

Line = StatementLineRecord
# Review states; the queue is the doubtful and unmatched ones.
REVIEW_STATES = ("doubtful", "unmatched")
STATE_GROUPS = {"review": REVIEW_STATES, "matched": ("matched", "settled"), "ignored": ("ignored",),
                "not_payment": ("not_payment",)}
_CHUNK = 400


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@dataclass(frozen=True, slots=True)
class NewLine:
    """A line to store with what matching made of it."""

    transaction: Transaction
    file_name: str
    import_run_id: int | None
    state: str
    confidence: str
    rule: str
    reason: str
    proposal: Mapping[str, Any]
    customer_id: int | None = None
    payment_id: int | None = None


@dataclass(frozen=True, slots=True)
class StatementLine:
    """A stored line, with its review state and proposal (amounts in the proposal are strings)."""

    id: int
    origin: str
    source: str
    account: str
    external_id: str
    booked_on: date
    value_on: date | None
    amount: Decimal
    fee: Decimal
    currency: str
    kind: str
    method: str
    label: str
    payer_name: str
    payer_email: str
    references: tuple[str, ...]
    gateway_ids: tuple[str, ...]
    payout_id: str
    file_name: str
    file_line: int
    state: str
    confidence: str
    rule: str
    reason: str
    proposal: dict[str, Any] = field(default_factory=dict)
    customer_id: int | None = None
    payment_id: int | None = None
    resolved_at: datetime | None = None

    @property
    def is_payment(self) -> bool:
        """Money received from someone: the only lines that can pay invoices."""
        return self.kind == TransactionKind.PAYMENT.value and self.amount > 0

    @property
    def invoice_numbers(self) -> list[str]:
        """The invoices the line pays or settles (or would, as proposed), or is about."""
        parts = [*self.proposal.get("allocations", ()), *self.proposal.get("settlements", ()),
                 *self.proposal.get("refers_to", ())]
        return list(dict.fromkeys(str(part["number"]) for part in parts))


def known_keys(session: Session, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which (origin, external id) pairs are already stored."""
    wanted = list(dict.fromkeys(keys))
    found: set[tuple[str, str]] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        rows = session.execute(select(Line.origin, Line.external_id).where(
            tuple_(Line.origin, Line.external_id).in_(chunk)))
        found.update((origin, external_id) for origin, external_id in rows)
    return found


def add_import_run(session: Session, file_name: str, sha256: str, file_format: str,
                   summary: Mapping[str, Any]) -> int:
    result = session.execute(insert(ImportRunRecord).values(
        kind="payments", file_name=file_name[:300], file_sha256=sha256, file_format=file_format,
        summary=_json(summary), created_at=utcnow()).returning(ImportRunRecord.id))
    return int(result.scalar_one())


def _row(line: NewLine, now: datetime) -> dict[str, Any]:
    tx = line.transaction
    resolved = line.state not in REVIEW_STATES
    return {
        "origin": tx.origin, "source": tx.source, "account": tx.account[:80], "external_id": tx.external_id,
        "booked_on": tx.booked_on, "value_on": tx.value_on, "amount": tx.amount, "fee": tx.fee,
        "currency": tx.currency, "kind": tx.kind.value, "method": tx.method[:40], "label": tx.label,
        "payer_name": tx.payer_name[:200], "payer_email": tx.payer_email[:200], "refs": _json(list(tx.references)),
        "gateway_ids": _json(list(tx.gateway_ids)), "payout_id": tx.payout_id[:120],
        "related_id": tx.related_id[:120], "reversal": tx.reversal, "file_name": line.file_name[:300],
        "file_line": tx.source_line, "import_run_id": line.import_run_id, "state": line.state,
        "confidence": line.confidence, "rule": line.rule, "reason": line.reason, "proposal": _json(line.proposal),
        "customer_id": line.customer_id, "payment_id": line.payment_id, "resolved_at": now if resolved else None,
        "created_at": now,
    }


def insert_lines(session: Session, lines: Sequence[NewLine]) -> list[int]:
    """Store lines in bulk; returns their ids in the order given."""
    if not lines:
        return []
    now = utcnow()
    statement = insert(Line.__table__).returning(Line.__table__.c.id, sort_by_parameter_order=True)
    result = session.execute(statement, [_row(line, now) for line in lines])
    return [int(row[0]) for row in result]


def insert_settlements(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Settlements: (statement_line_id, payment_id, invoice_id, amount, fee, payout_id) dicts."""
    if rows:
        now = utcnow()
        session.execute(insert(SettlementRecord), [{**row, "created_at": now} for row in rows])


def set_review(session: Session, line_id: int, state: str, *, reason: str | None = None,
               proposal: Mapping[str, Any] | None = None, customer_id: int | None = None,
               payment_id: int | None = None) -> None:
    """Move a line to a review state (the only change a line allows)."""
    values: dict[str, Any] = {"state": state, "payment_id": payment_id,
                              "resolved_at": None if state in REVIEW_STATES else utcnow()}
    if reason is not None:
        values["reason"] = reason
    if proposal is not None:
        values["proposal"] = _json(proposal)
    if customer_id is not None:
        values["customer_id"] = customer_id
    session.execute(update(Line).where(Line.id == line_id).values(**values))


@dataclass(frozen=True, slots=True)
class LineFilter:
    state: str = "review"      # review | matched | ignored | not_payment | "" (all)
    search: str = ""           # payer, label, reference, id
    date_from: date | None = None
    date_to: date | None = None


def _conditions(flt: LineFilter) -> list[Any]:
    conditions: list[Any] = []
    if flt.state in STATE_GROUPS:
        conditions.append(Line.state.in_(STATE_GROUPS[flt.state]))
    text = flt.search.strip()
    if text:
        pattern = f"%{text}%"
        conditions.append(or_(Line.payer_name.ilike(pattern), Line.label.ilike(pattern), Line.refs.ilike(pattern),
                              Line.external_id.ilike(pattern), Line.payer_email.ilike(pattern),
                              Line.proposal.ilike(pattern)))
    if flt.date_from is not None:
        conditions.append(Line.booked_on >= flt.date_from)
    if flt.date_to is not None:
        conditions.append(Line.booked_on <= flt.date_to)
    return conditions


def line_ids(session: Session, flt: LineFilter) -> list[int]:
    """Ids of the matching lines, newest first."""
    query = select(Line.id).order_by(Line.booked_on.desc(), Line.id.desc())
    conditions = _conditions(flt)
    if conditions:
        query = query.where(and_(*conditions))
    return list(session.scalars(query))


def state_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(Line.state, func.count()).group_by(Line.state))
    return {state: count for state, count in rows}


def _line(record: StatementLineRecord) -> StatementLine:
    return StatementLine(
        id=record.id, origin=record.origin, source=record.source, account=record.account,
        external_id=record.external_id, booked_on=record.booked_on, value_on=record.value_on, amount=record.amount,
        fee=record.fee, currency=record.currency, kind=record.kind, method=record.method, label=record.label,
        payer_name=record.payer_name, payer_email=record.payer_email, references=tuple(json.loads(record.refs)),
        gateway_ids=tuple(json.loads(record.gateway_ids)), payout_id=record.payout_id, file_name=record.file_name,
        file_line=record.file_line, state=record.state, confidence=record.confidence, rule=record.rule,
        reason=record.reason, proposal=json.loads(record.proposal or "{}"), customer_id=record.customer_id,
        payment_id=record.payment_id, resolved_at=record.resolved_at)


def lines_by_ids(session: Session, ids: Sequence[int]) -> list[StatementLine]:
    """Lines for a page of ids, in the order given."""
    records = {r.id: r for r in session.scalars(select(Line).where(Line.id.in_(ids)))}
    return [_line(records[i]) for i in ids if i in records]


def load_line(session: Session, line_id: int) -> StatementLine:
    found = lines_by_ids(session, [line_id])
    if not found:
        raise NotFound(_("Statement line {id} does not exist.").format(id=line_id))
    return found[0]


def lines_of_payment(session: Session, payment_id: int) -> list[int]:
    return list(session.scalars(select(Line.id).where(Line.payment_id == payment_id)))


def settlements_of_line(session: Session, line_id: int) -> list[tuple[int, Decimal, Decimal]]:
    """(invoice id, amount, fee) of what a line settled."""
    rows = session.execute(select(SettlementRecord.invoice_id, SettlementRecord.amount, SettlementRecord.fee)
                           .where(SettlementRecord.statement_line_id == line_id).order_by(SettlementRecord.id))
    return [(invoice_id, amount, fee) for invoice_id, amount, fee in rows]
