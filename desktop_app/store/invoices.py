"""Invoices and credit notes: drafts written and rewritten, then issued once, in bulk when needed."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.errors import DomainError, NotFound
from desktop_app.domain.money import ZERO
from desktop_app.domain.tax import VatCategory, VatRate
from desktop_app.domain.totals import AllowanceCharge, Line, Totals, VatSubtotal
from desktop_app.i18n import _
from desktop_app.store.database import serialise_writes
from desktop_app.store.fingerprint import document_fingerprint
from desktop_app.store.ids import new_ids
from desktop_app.store.records import (
    InvoiceAdjustmentRecord,
    InvoiceBalanceRecord,
    InvoiceLineRecord,
    InvoiceRecord,
    InvoiceVatRecord,
    NumberSequenceRecord,
)
from desktop_app.store.types import utcnow


@dataclass(frozen=True, slots=True)
class DraftData:
    """What a draft holds; its totals come from the domain engine."""

    kind: str
    customer_id: int
    currency: str
    language: str
    buyer_name: str
    lines: tuple[Line, ...]
    allowances_charges: tuple[AllowanceCharge, ...]
    totals: Totals
    order_id: int | None = None
    corrected_invoice_id: int | None = None
    order_reference: str = ""
    buyer_reference: str = ""
    payment_terms: str = "30"
    payment_means: str = ""
    paid_at_checkout_by: str = ""
    notes: str = ""
    reason: str = ""
    delivery_date: date | None = None


@dataclass(frozen=True, slots=True)
class StoredInvoice:
    """A document as stored, draft or issued, with its lines and totals as domain values."""

    id: int
    kind: str
    state: str
    number: str | None
    customer_id: int
    order_id: int | None
    corrected_invoice_id: int | None
    issue_date: date | None
    delivery_date: date | None
    due_date: date | None
    currency: str
    language: str
    buyer_name: str
    buyer_reference: str
    order_reference: str
    parties: dict[str, Any]
    payment_terms: str
    payment_means: str
    paid_at_checkout_by: str
    notes: str
    reason: str
    lines: tuple[Line, ...]
    allowances_charges: tuple[AllowanceCharge, ...]
    totals: Totals
    vat_total_eur: Decimal | None = None
    exchange_rate: Decimal | None = None
    exchange_rate_date: date | None = None
    series: str | None = None
    sequence_period: str | None = None
    sequence_number: int | None = None
    content_hash: str = ""
    journal_seq: int | None = None
    issued_at: datetime | None = None
    created_at: datetime | None = None
    stored_vat_rows: tuple[VatSubtotal, ...] = field(default=())


def _vat(category: str, rate: Decimal) -> VatRate:
    return VatRate(VatCategory(category), rate)


def _header(draft: DraftData) -> dict[str, Any]:
    t = draft.totals
    return {
        "kind": draft.kind, "state": "draft", "customer_id": draft.customer_id, "order_id": draft.order_id,
        "corrected_invoice_id": draft.corrected_invoice_id, "delivery_date": draft.delivery_date,
        "currency": draft.currency, "language": draft.language, "buyer_name": draft.buyer_name[:200],
        "buyer_reference": draft.buyer_reference, "order_reference": draft.order_reference,
        "payment_terms": draft.payment_terms, "payment_means": draft.payment_means,
        "paid_at_checkout_by": draft.paid_at_checkout_by, "notes": draft.notes, "reason": draft.reason,
        "line_total": t.line_total, "allowance_total": t.allowance_total, "charge_total": t.charge_total,
        "tax_basis": t.tax_basis, "vat_total": t.vat_total, "grand_total": t.grand_total, "prepaid": t.prepaid,
        "rounding": t.rounding, "amount_due": t.amount_due, "parties": "{}",
    }


def _children(invoice_id: int, draft: DraftData | StoredInvoice) -> tuple[list[dict[str, Any]], ...]:
    lines = [{"invoice_id": invoice_id, "position": i, "sku": ln.sku, "description": ln.description[:500],
              "quantity": ln.quantity, "unit_code": ln.unit_code, "unit_price": ln.unit_price,
              "allowance": ln.allowance, "charge": ln.charge, "net_amount": ln.net_amount,
              "vat_category": ln.vat.category.value, "vat_rate": ln.vat.rate}
             for i, ln in enumerate(draft.lines, start=1)]
    adjustments = [{"invoice_id": invoice_id, "position": i, "is_charge": a.is_charge, "amount": a.amount,
                    "reason": a.reason[:200], "vat_category": a.vat.category.value, "vat_rate": a.vat.rate}
                   for i, a in enumerate(draft.allowances_charges, start=1)]
    vat_rows = [{"invoice_id": invoice_id, "vat_category": row.vat.category.value, "vat_rate": row.vat.rate,
                 "base": row.base, "amount": row.amount} for row in draft.totals.breakdown]
    return lines, adjustments, vat_rows


def issued_fingerprint(stored: StoredInvoice, issue: Issue) -> str:
    """The fingerprint the document will have once `issue` is written (see store.fingerprint)."""
    t = stored.totals
    header = {
        "kind": stored.kind, "number": issue.number, "issue_date": issue.issue_date, "due_date": issue.due_date,
        "delivery_date": stored.delivery_date, "currency": stored.currency, "customer_id": stored.customer_id,
        "order_id": stored.order_id, "corrected_invoice_id": stored.corrected_invoice_id,
        "order_reference": stored.order_reference, "buyer_reference": stored.buyer_reference,
        "parties": issue.parties, "line_total": t.line_total, "allowance_total": t.allowance_total,
        "charge_total": t.charge_total, "tax_basis": t.tax_basis, "vat_total": t.vat_total,
        "grand_total": t.grand_total, "prepaid": issue.prepaid, "rounding": t.rounding,
        "amount_due": issue.amount_due, "vat_total_eur": issue.vat_total_eur, "exchange_rate": issue.exchange_rate,
        "exchange_rate_date": issue.exchange_rate_date}
    lines, adjustments, vat_rows = _children(stored.id, stored)
    return document_fingerprint(header, lines, adjustments, vat_rows)


def insert_drafts(session: Session, drafts: Sequence[DraftData]) -> list[int]:
    """Add drafts in bulk (a few statements, whatever their number); returns their ids in order."""
    if not drafts:
        return []
    ids = new_ids(session, InvoiceRecord.__table__, len(drafts))
    now = utcnow()
    headers, lines, adjustments, vat_rows = [], [], [], []
    for invoice_id, draft in zip(ids, drafts):
        headers.append({**_header(draft), "id": invoice_id, "created_at": now})
        more = _children(invoice_id, draft)
        lines += more[0]
        adjustments += more[1]
        vat_rows += more[2]
    session.execute(insert(InvoiceRecord), headers)
    for model, rows in ((InvoiceLineRecord, lines), (InvoiceAdjustmentRecord, adjustments),
                        (InvoiceVatRecord, vat_rows)):
        if rows:
            session.execute(insert(model), rows)
    return ids


def _draft_state(session: Session, invoice_id: int) -> str:
    state = session.scalar(select(InvoiceRecord.state).where(InvoiceRecord.id == invoice_id))
    if state is None:
        raise NotFound(_("Document {id} does not exist.").format(id=invoice_id))
    if state != "draft":
        raise DomainError(_("An issued document cannot be changed; correct it with a credit note."))
    return state


def replace_draft(session: Session, invoice_id: int, draft: DraftData) -> None:
    """Rewrite a draft's content (only drafts can change)."""
    _draft_state(session, invoice_id)
    session.execute(update(InvoiceRecord).where(InvoiceRecord.id == invoice_id).values(**_header(draft)))
    for model in (InvoiceLineRecord, InvoiceAdjustmentRecord, InvoiceVatRecord):
        session.execute(delete(model).where(model.invoice_id == invoice_id))
    for model, rows in zip((InvoiceLineRecord, InvoiceAdjustmentRecord, InvoiceVatRecord),
                           _children(invoice_id, draft)):
        if rows:
            session.execute(insert(model), rows)


def delete_draft(session: Session, invoice_id: int) -> None:
    _draft_state(session, invoice_id)
    for model in (InvoiceLineRecord, InvoiceAdjustmentRecord, InvoiceVatRecord):
        session.execute(delete(model).where(model.invoice_id == invoice_id))
    session.execute(delete(InvoiceRecord).where(InvoiceRecord.id == invoice_id))


def load_documents(session: Session, ids: Sequence[int]) -> list[StoredInvoice]:
    """Documents with their lines, allowances, charges and VAT rows, in the order of `ids`."""
    if not ids:
        return []
    # Core rows, not ORM objects: batch issuing loads thousands of documents at a time.
    lines: dict[int, list[Line]] = defaultdict(list)
    line = InvoiceLineRecord
    for r in session.execute(select(line.invoice_id, line.description, line.quantity, line.unit_price,
                                    line.vat_category, line.vat_rate, line.allowance, line.charge, line.sku,
                                    line.unit_code).where(line.invoice_id.in_(ids))
                             .order_by(line.invoice_id, line.position)):
        lines[r[0]].append(Line(r[1], r[2], r[3], _vat(r[4], r[5]), allowance=r[6], charge=r[7], sku=r[8],
                                unit_code=r[9]))
    adjustments: dict[int, list[AllowanceCharge]] = defaultdict(list)
    adj = InvoiceAdjustmentRecord
    for r in session.execute(select(adj.invoice_id, adj.is_charge, adj.amount, adj.vat_category, adj.vat_rate,
                                    adj.reason).where(adj.invoice_id.in_(ids)).order_by(adj.invoice_id, adj.position)):
        adjustments[r[0]].append(AllowanceCharge(r[1], r[2], _vat(r[3], r[4]), r[5]))
    vat_rows: dict[int, list[VatSubtotal]] = defaultdict(list)
    vat = InvoiceVatRecord
    for r in session.execute(select(vat.invoice_id, vat.vat_category, vat.vat_rate, vat.base, vat.amount)
                             .where(vat.invoice_id.in_(ids))):
        vat_rows[r[0]].append(VatSubtotal(_vat(r[1], r[2]), r[3], r[4]))
    headers = {r.id: r for r in session.execute(select(InvoiceRecord).where(InvoiceRecord.id.in_(ids))).scalars()}
    documents = []
    for invoice_id in ids:
        h = headers.get(invoice_id)
        if h is None:
            continue
        rows = tuple(sorted(vat_rows[invoice_id], key=lambda row: row.vat))
        totals = Totals(h.line_total, h.allowance_total, h.charge_total, h.tax_basis, h.vat_total, h.grand_total,
                        h.prepaid, h.rounding, h.amount_due, rows)
        documents.append(StoredInvoice(
            id=h.id, kind=h.kind, state=h.state, number=h.number, customer_id=h.customer_id, order_id=h.order_id,
            corrected_invoice_id=h.corrected_invoice_id, issue_date=h.issue_date, delivery_date=h.delivery_date,
            due_date=h.due_date, currency=h.currency, language=h.language, buyer_name=h.buyer_name,
            buyer_reference=h.buyer_reference, order_reference=h.order_reference,
            parties=json.loads(h.parties or "{}"), payment_terms=h.payment_terms, payment_means=h.payment_means,
            paid_at_checkout_by=h.paid_at_checkout_by, notes=h.notes, reason=h.reason,
            lines=tuple(lines[invoice_id]), allowances_charges=tuple(adjustments[invoice_id]), totals=totals,
            vat_total_eur=h.vat_total_eur, exchange_rate=h.exchange_rate, exchange_rate_date=h.exchange_rate_date,
            series=h.series, sequence_period=h.sequence_period, sequence_number=h.sequence_number,
            content_hash=h.content_hash, journal_seq=h.journal_seq, issued_at=h.issued_at, created_at=h.created_at,
            stored_vat_rows=rows))
    return documents


def load_document(session: Session, invoice_id: int) -> StoredInvoice:
    found = load_documents(session, [invoice_id])
    if not found:
        raise NotFound(_("Document {id} does not exist.").format(id=invoice_id))
    return found[0]


def id_by_number(session: Session, number: str) -> int | None:
    return session.scalar(select(InvoiceRecord.id).where(InvoiceRecord.number == number))


def draft_ids(session: Session, kind: str | None = None) -> list[int]:
    query = select(InvoiceRecord.id).where(InvoiceRecord.state == "draft").order_by(InvoiceRecord.id)
    if kind:
        query = query.where(InvoiceRecord.kind == kind)
    return list(session.scalars(query))


def take_numbers(session: Session, series: str, period: str, count: int) -> int:
    """Reserve `count` consecutive numbers of a series and period; returns the first. The counter row is
    updated in the caller's transaction, so numbers and documents commit (or vanish) together."""
    # On a server: the desk that numbers is the shop's only writer, and holds the counter row itself.
    serialise_writes(session)
    current = session.scalar(select(NumberSequenceRecord.last_value).where(
        NumberSequenceRecord.series == series, NumberSequenceRecord.period == period).with_for_update())
    if current is None:
        session.add(NumberSequenceRecord(series=series, period=period, last_value=count))
        session.flush()
        return 1
    session.execute(update(NumberSequenceRecord).where(NumberSequenceRecord.series == series,
                                                       NumberSequenceRecord.period == period)
                    .values(last_value=current + count))
    return current + 1


def last_issue_date(session: Session, series: str) -> date | None:
    return session.scalar(select(func.max(InvoiceRecord.issue_date)).where(
        InvoiceRecord.series == series, InvoiceRecord.state == "issued"))


@dataclass(frozen=True, slots=True)
class Issue:
    """What issuing writes on a draft: its number, dates, frozen parties and proof."""

    id: int
    number: str
    series: str
    period: str
    sequence_number: int
    issue_date: date
    due_date: date | None
    parties: str
    prepaid: Decimal
    amount_due: Decimal
    vat_total_eur: Decimal | None
    exchange_rate: Decimal | None
    exchange_rate_date: date | None
    content_hash: str
    journal_seq: int


def mark_issued(session: Session, issues: Sequence[Issue]) -> None:
    """Turn drafts into issued documents (the one move the database allows), in one statement."""
    now = utcnow()
    rows = [{"b_id": i.id, "number": i.number, "series": i.series, "sequence_period": i.period,
             "sequence_number": i.sequence_number, "issue_date": i.issue_date, "due_date": i.due_date,
             "parties": i.parties, "prepaid": i.prepaid, "amount_due": i.amount_due,
             "vat_total_eur": i.vat_total_eur, "exchange_rate": i.exchange_rate,
             "exchange_rate_date": i.exchange_rate_date, "content_hash": i.content_hash,
             "journal_seq": i.journal_seq, "issued_at": now, "state": "issued"} for i in issues]
    if not rows:
        return
    statement = (update(InvoiceRecord.__table__)
                 .where(InvoiceRecord.__table__.c.id == bindparam("b_id"), InvoiceRecord.__table__.c.state == "draft"))
    result = session.connection().execute(statement, rows)
    if result.rowcount != len(rows):
        raise DomainError(_("Some documents were no longer drafts; nothing was issued."))


# What a balance keeps a copy of, from its invoice as issued (store.records.payments).
BALANCE_COPIES = ("due_date", "issue_date", "currency", "exchange_rate", "customer_id")


def open_balances(session: Session, balances: Sequence[tuple[int, Decimal]]) -> None:
    """Start the balance of newly issued invoices (payable total, nothing paid yet), with its copies of
    their dates, currency, rate and customer as the database holds them."""
    if not balances:
        return
    session.execute(insert(InvoiceBalanceRecord), [
        {"invoice_id": i, "paid": ZERO, "credited": ZERO, "balance": b, "open": 1 if b > 0 else 0}
        for i, b in balances])
    table, invoices = InvoiceBalanceRecord.__table__, InvoiceRecord.__table__
    copies = {name: select(invoices.c[name]).where(invoices.c.id == table.c.invoice_id).scalar_subquery()
              for name in BALANCE_COPIES}
    ids = [i for i, _balance in balances]
    for start in range(0, len(ids), 900):
        session.execute(update(table).where(table.c.invoice_id.in_(ids[start:start + 900])).values(**copies))
