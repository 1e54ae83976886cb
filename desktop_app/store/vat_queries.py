"""VAT of a period, added up in SQL: by issue date (débits) or by payment date (encaissements).

Documents in euros are summed by the database; the few in other currencies come back row by row
so that the domain converts them with their own rate and their stored VAT total in euros. On
receipts, payments of a whole invoice are summed by the database too; partial payments, refunds and
payments of credited or foreign invoices are shared by the domain, invoice by invoice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, func, literal_column, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.conversion import VatRow, rows_in_eur
from desktop_app.domain.money import ZERO
from desktop_app.domain.vat_receipts import PaidInvoice
from desktop_app.domain.vat_receipts import receipt_parts as paid_invoice_parts
from desktop_app.domain.vat_report import VatPart
from desktop_app.store.records import (
    AllocationRecord,
    InvoiceBalanceRecord,
    InvoiceRecord,
    InvoiceVatRecord,
    PaymentRecord,
)
from desktop_app.store.report_sql import RATE_SCALE, cents_to_money, half_up_div, int_sum, raw, scaled

Inv, Vat, Alloc, Pay, Bal = InvoiceRecord, InvoiceVatRecord, AllocationRecord, PaymentRecord, InvoiceBalanceRecord
# Written out rather than bound, so that SQLite may use a partial index on foreign-currency invoices.
EUR = literal_column("'EUR'")


def _rate(value: int) -> Decimal:
    return Decimal(int(value)).scaleb(-4)


def debit_parts(session: Session, start: date, end: date) -> Iterator[VatPart]:
    """VAT of the documents issued in the period; credit notes are deductions.

    One pass: rows are added up by kind, category and rate, bases converted to euros row by row with
    their document's rate. Only the VAT of foreign-currency documents comes back document by document,
    to be split so that it adds up to the VAT in euros the document states.
    """
    rate = raw(Inv.exchange_rate)
    base = case((rate.is_(None), raw(Vat.base)), else_=half_up_div(raw(Vat.base) * RATE_SCALE, rate))
    document = case((or_(rate.is_(None), raw(Vat.amount) == 0), None), else_=Inv.id)
    query = (select(Inv.kind, Vat.vat_category, raw(Vat.vat_rate), document, func.max(rate),
                    func.max(raw(Inv.vat_total_eur)), int_sum(base), int_sum(raw(Vat.amount)))
             .join(Vat, Vat.invoice_id == Inv.id)
             .where(Inv.state == "issued", Inv.issue_date >= start, Inv.issue_date <= end)
             .group_by(Inv.kind, Vat.vat_category, raw(Vat.vat_rate), document))
    foreign: dict[int, tuple[str, Decimal | None, Decimal | None, list[VatRow]]] = {}
    for kind, category, vat_rate, doc_id, exchange, vat_eur, cents, vat in session.execute(query):
        if doc_id is None:
            yield VatPart(category, _rate(vat_rate), cents_to_money(cents), cents_to_money(vat), kind == "credit_note")
            continue
        entry = foreign.setdefault(doc_id, (kind, scaled(exchange, 8), scaled(vat_eur, 2), []))
        entry[3].append(VatRow(category, _rate(vat_rate), cents_to_money(cents), cents_to_money(vat)))
    for kind, exchange, vat_eur, rows in foreign.values():
        # Bases are in euros already; only the VAT is split to match the document's stated total.
        converted = rows_in_eur(rows, exchange, vat_eur)
        for row, in_eur in zip(rows, converted):
            yield VatPart(row.category, row.rate, row.base, in_eur.vat, kind == "credit_note")


def _receipts(session: Session, start: date, end: date) -> tuple[list[VatPart], dict[int, set[int]], set[int]]:
    """One pass over the period's allocations to invoices.

    A payment of an invoice's whole amount, in euros, on an invoice never credited brings the
    invoice's VAT breakdown exactly, whatever came before: those (the bulk of a shop's receipts) are
    added up by the database. The others (partial payments, refunds, credited or foreign invoices)
    come back by allocation, with their invoice and whether it was credited.
    """
    payable = raw(Inv.grand_total) + raw(Inv.rounding)
    simple = and_(Inv.currency == EUR, raw(Bal.credited) == 0, raw(Alloc.amount) == payable)
    allocation = case((simple, None), else_=Alloc.id)
    query = (select(allocation, func.min(Alloc.invoice_id), func.max(raw(Bal.credited)), Vat.vat_category,
                    raw(Vat.vat_rate), int_sum(raw(Vat.base)), int_sum(raw(Vat.amount)))
             .select_from(Pay).join(Alloc, Alloc.payment_id == Pay.id).join(Inv, Inv.id == Alloc.invoice_id)
             .join(Bal, Bal.invoice_id == Inv.id).join(Vat, Vat.invoice_id == Inv.id)
             .where(Pay.received_on >= start, Pay.received_on <= end)
             .group_by(allocation, Vat.vat_category, raw(Vat.vat_rate)))
    parts: list[VatPart] = []
    others: dict[int, set[int]] = {}
    credited: set[int] = set()
    for allocation_id, invoice, credit, category, rate, base, vat in session.execute(query):
        if allocation_id is None:
            parts.append(VatPart(category, _rate(rate), cents_to_money(base), cents_to_money(vat)))
            continue
        others.setdefault(invoice, set()).add(allocation_id)
        if credit:
            credited.add(invoice)
    return parts, others, credited


def _chunks(ids: list[int], size: int = 900) -> Iterator[list[int]]:
    """Slices small enough for one statement's parameters (SQLite allows 999 by default)."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _vat_rows(session: Session, ids: list[int]) -> dict[int, list[VatRow]]:
    rows: dict[int, list[VatRow]] = {}
    for chunk in _chunks(ids):
        query = (select(Vat.invoice_id, Vat.vat_category, raw(Vat.vat_rate), raw(Vat.base), raw(Vat.amount))
                 .where(Vat.invoice_id.in_(chunk)).order_by(Vat.invoice_id, Vat.id))
        for invoice, category, rate, base, vat in session.execute(query):
            rows.setdefault(invoice, []).append(VatRow(category, _rate(rate), cents_to_money(base),
                                                       cents_to_money(vat)))
    return rows


def _credit_notes(session: Session, invoices: set[int], end: date) -> dict[int, tuple[Decimal, list[VatRow]]]:
    """The credit notes issued by `end` of these invoices: their total and VAT rows, per invoice."""
    payable = raw(Inv.grand_total) + raw(Inv.rounding)
    notes = [(note, corrected, cents_to_money(total)) for note, corrected, total in session.execute(
        select(Inv.id, Inv.corrected_invoice_id, payable)
        .where(Inv.corrected_invoice_id.is_not(None), Inv.kind == "credit_note", Inv.state == "issued",
               Inv.issue_date <= end)) if corrected in invoices]
    rows = _vat_rows(session, [note for note, _corrected, _total in notes])
    found: dict[int, tuple[Decimal, list[VatRow]]] = {}
    for note, corrected, total in notes:
        credited, note_rows = found.get(corrected, (ZERO, []))
        found[corrected] = (credited + total, note_rows + rows.get(note, []))
    return found


def _paid_invoices(session: Session, ids: list[int], credits: dict[int, tuple[Decimal, list[VatRow]]]
                   ) -> dict[int, PaidInvoice]:
    payable = raw(Inv.grand_total) + raw(Inv.rounding)
    heads: dict[int, tuple[Decimal, Decimal | None, Decimal | None]] = {}
    allocations: dict[int, list[tuple[int, Decimal]]] = {}
    for chunk in _chunks(ids):
        query = select(Inv.id, payable, raw(Inv.exchange_rate), raw(Inv.vat_total_eur)).where(Inv.id.in_(chunk))
        for invoice, total, rate, vat_eur in session.execute(query):
            heads[invoice] = (cents_to_money(total), scaled(rate, 8), scaled(vat_eur, 2))
        query = (select(Alloc.invoice_id, Alloc.id, raw(Alloc.amount)).where(Alloc.invoice_id.in_(chunk))
                 .order_by(Alloc.invoice_id, Alloc.id))
        for invoice, allocation, amount in session.execute(query):
            allocations.setdefault(invoice, []).append((allocation, cents_to_money(amount)))
    rows = _vat_rows(session, ids)
    invoices = {}
    for invoice, (total, rate, vat_eur) in heads.items():
        credit_total, credit_rows = credits.get(invoice, (ZERO, []))
        invoices[invoice] = PaidInvoice(total, tuple(rows.get(invoice, [])), tuple(allocations.get(invoice, [])),
                                        tuple(credit_rows), credit_total, rate, vat_eur)
    return invoices


def receipt_parts(session: Session, start: date, end: date, credited_by: date | None = None) -> Iterator[VatPart]:
    """VAT of the payments received from `start` to `end` (domain.vat_receipts says how each is shared),
    invoices being net of their credit notes issued by `credited_by` (default: `end`)."""
    parts, others, credited = _receipts(session, start, end)
    yield from parts
    credits = _credit_notes(session, credited, credited_by or end) if credited else {}
    for chunk in _chunks(sorted(others), 5000):
        for invoice_id, invoice in _paid_invoices(session, chunk, credits).items():
            yield from paid_invoice_parts(invoice, others[invoice_id])


def unallocated_receipts(session: Session, start: date, end: date) -> dict[str, Decimal]:
    """Per currency, what the period's payments hold beyond what they paid of invoices."""
    in_period = (Pay.received_on >= start, Pay.received_on <= end)
    received = session.execute(select(Pay.currency, int_sum(raw(Pay.amount))).where(*in_period)
                               .group_by(Pay.currency))
    applied = dict(session.execute(select(Pay.currency, int_sum(raw(Alloc.amount)))
                                   .join(Alloc, Alloc.payment_id == Pay.id)
                                   .where(*in_period, Alloc.invoice_id.is_not(None)).group_by(Pay.currency)).all())
    totals = {currency: cents_to_money(cents - applied.get(currency, 0)) for currency, cents in received}
    return {currency: amount for currency, amount in totals.items() if amount}
