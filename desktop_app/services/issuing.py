"""Issuing: a draft becomes a legal document with the next number of its series, in one transaction
with its journal entry, its balance and (for orders paid at checkout) its payment.

Batches commit every few hundred documents: a cancelled or killed run leaves each document either
issued with its number or still a draft, and the counters never skip a number.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.domain.errors import DomainError
from desktop_app.domain.invoice import InvoiceDocument, PrecedingInvoice
from desktop_app.domain.mentions import missing_mentions
from desktop_app.domain.money import ZERO, round_amount
from desktop_app.domain.numbering import NumberingPattern
from desktop_app.domain.parties import Company, Customer, missing_company_mentions
from desktop_app.domain.payment_terms import parse_payment_term
from desktop_app.domain.progress import Job, Progress
from desktop_app.i18n import _
from desktop_app.services.closing import auto_close, today
from desktop_app.services.company import all_settings, show_company
from desktop_app.services.documents import build_document, frozen_extras
from desktop_app.store import balances
from desktop_app.store import closings as closing_repo
from desktop_app.store import customers as customer_repo
from desktop_app.store import invoices as repo
from desktop_app.store import rates as rate_repo
from desktop_app.store.database import Database
from desktop_app.store.invoices import Issue, StoredInvoice
from desktop_app.store.journal import append_journal_entries

_BATCH = 500
SERIES = {"invoice": "invoice", "credit_note": "credit_note"}


@dataclass(frozen=True, slots=True)
class IssuedDocument:
    id: int
    kind: str
    number: str
    total: Decimal
    currency: str


@dataclass
class IssueResult:
    issued: list[IssuedDocument] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)    # (draft id, why, in words)

    def as_json(self) -> dict[str, object]:
        return {"invoices": [{"number": d.number, "total": d.total, "currency": d.currency, "kind": d.kind}
                             for d in self.issued],
                "refused": [{"id": i, "reason": r} for i, r in self.refused]}


@dataclass
class _Context:
    company: Company
    patterns: dict[str, NumberingPattern]
    penalty_rule: str
    issue_date: date
    sells: str = "goods"


def issue_documents(db: Database, ids: Sequence[int] | None = None, on: date | None = None) -> Job[IssueResult]:
    """Issue the drafts `ids` (or every draft), dated `on` (default: today)."""
    auto_close(db)          # months past the configured delay are closed before anything is dated
    context = _context(db, on)
    with db.reading() as session:
        if ids is None:
            ids = repo.draft_ids(session, "invoice") + repo.draft_ids(session, "credit_note")
        _check_dates(session, context)
    result = IssueResult()
    yield Progress(0, len(ids), _("Issuing"))
    for start in range(0, len(ids), _BATCH):
        with db.transaction() as session:
            _issue_batch(session, list(ids[start:start + _BATCH]), context, result)
        yield Progress(min(start + _BATCH, len(ids)), len(ids), _("Issuing"))
    return result


def _context(db: Database, on: date | None) -> _Context:
    issue_date = on or today()
    if issue_date > today():
        raise DomainError(_("An invoice cannot be dated in the future ({day}).").format(day=issue_date))
    company = show_company(db)
    missing = missing_company_mentions(company)
    if missing:
        raise DomainError(_("Nothing can be issued until the company profile states {missing}.").format(
            missing=", ".join(missing)))
    settings = all_settings(db)
    patterns = {"invoice": NumberingPattern(settings["numbering.invoice"]),
                "credit_note": NumberingPattern(settings["numbering.credit_note"])}
    return _Context(company, patterns, str(settings["invoices.penalty_rule"]), issue_date,
                    str(settings["invoices.sells"]))


def _check_dates(session: Session, context: _Context) -> None:
    if closing_repo.is_closed(session, context.issue_date):
        raise DomainError(_("{period} is closed: nothing can be issued with a date in it.").format(
            period=closing_repo.period_of(context.issue_date)))
    for series in SERIES.values():
        last = repo.last_issue_date(session, series)
        if last is not None and context.issue_date < last:
            raise DomainError(_("Documents must be numbered in date order: the last one was issued on {last}, so "
                                "a new one cannot be dated {day}.").format(last=last, day=context.issue_date))


@dataclass
class _Ready:
    stored: StoredInvoice
    customer: Customer
    preceding: PrecedingInvoice | None
    due_date: date | None
    prepaid: Decimal
    rate: tuple[Decimal, date] | None
    vat_eur: Decimal | None
    extras: dict[str, Any] = field(default_factory=dict)
    document: InvoiceDocument | None = None


def _issue_batch(session: Session, ids: list[int], context: _Context, result: IssueResult) -> None:
    documents = repo.load_documents(session, ids)
    customers = {c.id: c for c in customer_repo.customers_by_ids(session, list({d.customer_id for d in documents}))}
    # Invoices first: a credit note in the same batch may correct one of them.
    for kind in ("invoice", "credit_note"):
        ready: list[_Ready] = []
        for stored in (d for d in documents if d.kind == kind):
            problem, item = _prepare(session, stored, customers.get(stored.customer_id), context)
            if problem:
                result.refused.append((stored.id, problem))
            elif item is not None:
                ready.append(item)
        if ready:
            _issue_group(session, kind, ready, context, result)


def _issue_group(session: Session, kind: str, group: list[_Ready], context: _Context, result: IssueResult) -> None:
    pattern = context.patterns[kind]
    period = pattern.period(context.issue_date)
    first = repo.take_numbers(session, SERIES[kind], period, len(group))
    journal, issues, issued_docs = [], [], []
    for offset, item in enumerate(group):
        number = pattern.format(context.issue_date, first + offset)
        # The payment reference printed for a transfer is the document's number, known only now.
        extras = {**item.extras, "payment": {**item.extras["payment"], "reference": number}}
        assert item.document is not None
        document = replace(item.document, number=number, payment=replace(item.document.payment, reference=number))
        issue = Issue(
            id=item.stored.id, number=number, series=SERIES[kind], period=period, sequence_number=first + offset,
            issue_date=context.issue_date, due_date=item.due_date,
            parties=json.dumps(extras, ensure_ascii=False, sort_keys=True), prepaid=item.prepaid,
            amount_due=document.totals.amount_due, vat_total_eur=item.vat_eur,
            exchange_rate=item.rate[0] if item.rate else None, exchange_rate_date=item.rate[1] if item.rate else None,
            content_hash="", journal_seq=0)
        digest = repo.issued_fingerprint(item.stored, issue)
        issues.append((item, replace(issue, content_hash=digest)))
        journal.append((f"{kind}_issued", number, {
            "number": number, "kind": kind, "issue_date": context.issue_date, "customer_id": item.customer.id,
            "currency": item.stored.currency, "tax_basis": document.totals.tax_basis,
            "vat_total": document.totals.vat_total, "total": document.totals.payable_total,
            "corrects": item.preceding.number if item.preceding else None, "content_hash": digest}))
        issued_docs.append(IssuedDocument(item.stored.id, kind, number, document.totals.payable_total,
                                          item.stored.currency))
    entries = append_journal_entries(session, journal)
    repo.mark_issued(session, [Issue(**{**_issue_fields(issue), "journal_seq": entry.seq})
                               for (_item, issue), entry in zip(issues, entries)])
    if kind == "invoice":
        repo.open_balances(session, [(item.stored.id, item.stored.totals.payable_total) for item, _i in issues])
    payments = []
    for item, issue in issues:
        payments += _settle(session, item, issue)
    if payments:
        append_journal_entries(session, payments)
    result.issued += issued_docs


def _issue_fields(issue: Issue) -> dict[str, object]:
    return {name: getattr(issue, name) for name in Issue.__dataclass_fields__}


def _prepare(session: Session, stored: StoredInvoice, customer: Customer | None, context: _Context
             ) -> tuple[str | None, _Ready | None]:
    if stored.state != "draft":
        return _("{number} is already issued.").format(number=stored.number), None
    if customer is None:
        return _("the customer of this draft no longer exists."), None
    preceding = None
    if stored.kind == "credit_note":
        problem, preceding = _check_credit(session, stored)
        if problem:
            return problem, None
    paid_by = stored.paid_at_checkout_by
    terms = parse_payment_term(stored.payment_terms)
    due = context.issue_date if paid_by or stored.kind == "credit_note" else terms.due_date(context.issue_date)
    payable = stored.totals.payable_total
    prepaid = payable if paid_by and stored.kind == "invoice" else ZERO
    rate, vat_eur = None, None
    if stored.currency != "EUR":
        rate = rate_repo.rate_on(session, stored.currency, context.issue_date)
        if rate is None:
            return _("there is no exchange rate for {currency} on or before {day}: add one (or import an ECB "
                     "file) so the VAT can be stated in euros.").format(currency=stored.currency,
                                                                       day=context.issue_date), None
        vat_eur = round_amount(stored.totals.vat_total / rate[0])
    item = _Ready(stored, customer, preceding, due, prepaid, rate, vat_eur)
    item.extras = _extras(item, "", context)
    item.document = _document(item, item.extras, "PENDING", context)
    missing = missing_mentions(item.document)
    if missing:
        return _("missing: {missing}").format(missing=", ".join(missing)), None
    return None, item


def _check_credit(session: Session, stored: StoredInvoice) -> tuple[str | None, PrecedingInvoice | None]:
    if stored.corrected_invoice_id is None:
        return _("a credit note must name the invoice it corrects."), None
    corrected = repo.load_document(session, stored.corrected_invoice_id)
    if corrected.state != "issued" or corrected.number is None or corrected.issue_date is None:
        return _("the invoice this credit note corrects is not issued yet."), None
    already = balances.balances(session, [corrected.id]).get(corrected.id)
    credited = already.credited if already else ZERO
    if stored.totals.payable_total > corrected.totals.payable_total - credited:
        return _("this credit note ({amount}) is more than what is left to credit on {number} ({left}).").format(
            amount=stored.totals.payable_total, number=corrected.number,
            left=corrected.totals.payable_total - credited), None
    return None, PrecedingInvoice(corrected.number, corrected.issue_date)


def _extras(item: _Ready, number: str, context: _Context) -> dict[str, Any]:
    return frozen_extras(item.stored, context.company, item.customer, number, context.penalty_rule,
                         ship_to=item.customer.shipping, preceding=item.preceding, sells=context.sells)


def _document(item: _Ready, extras: dict[str, Any], number: str, context: _Context) -> InvoiceDocument:
    return build_document(item.stored, extras, number=number, issue_date=context.issue_date, due_date=item.due_date,
                          prepaid=item.prepaid, vat_total_eur=item.vat_eur,
                          exchange_rate=item.rate[0] if item.rate else None,
                          rate_date=item.rate[1] if item.rate else None)


def _settle(session: Session, item: _Ready, issue: Issue) -> list[tuple[str, str, dict[str, object]]]:
    """Payments that happen with issuing: an order paid at checkout pays its invoice; a refund the shop
    made through its gateway is paid back on the invoice its credit note corrects."""
    stored = item.stored
    paid_by = stored.paid_at_checkout_by
    entries: list[tuple[str, str, dict[str, object]]] = []
    if stored.kind == "credit_note" and stored.corrected_invoice_id is not None:
        balances.adjust(session, stored.corrected_invoice_id, credited=stored.totals.payable_total)
        if paid_by:
            amount = -stored.totals.payable_total
            balances.record_payments(session, [(balances.NewPayment(
                source="checkout", external_id=f"refund:{issue.number}", received_on=issue.issue_date,
                amount=amount, currency=stored.currency, method=paid_by, reference=issue.number, kind="refund",
                customer_id=stored.customer_id), [(stored.corrected_invoice_id, amount)])])
            entries.append(("payment_recorded", issue.number, {"refund": issue.number, "amount": amount,
                                                               "method": paid_by}))
    elif paid_by and stored.kind == "invoice":
        amount = stored.totals.payable_total
        balances.record_payments(session, [(balances.NewPayment(
            source="checkout", external_id=f"order:{stored.order_id or stored.id}", received_on=issue.issue_date,
            amount=amount, currency=stored.currency, method=paid_by, reference=stored.order_reference,
            customer_id=stored.customer_id), [(stored.id, amount)])])
        entries.append(("payment_recorded", issue.number, {"invoice": issue.number, "amount": amount,
                                                           "method": paid_by}))
    return entries
