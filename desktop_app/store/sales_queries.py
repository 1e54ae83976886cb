"""Issued documents of a period with their VAT breakdown, and the payments of a period with what
they paid: the sales journal and the FEC read them in order, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.accounting import Applied, ReceivedPayment
from desktop_app.domain.conversion import VatRow
from desktop_app.domain.sales_journal import SoldDocument
from desktop_app.store.records import (
    AllocationRecord,
    CustomerRecord,
    InvoiceRecord,
    InvoiceVatRecord,
    PaymentRecord,
)
from desktop_app.store.report_sql import cents_to_money, raw, scaled

Inv, Vat, Cust, Alloc, Pay = InvoiceRecord, InvoiceVatRecord, CustomerRecord, AllocationRecord, PaymentRecord
_STREAM = {"yield_per": 5000}


def sold_documents(session: Session, start: date, end: date) -> Iterator[SoldDocument]:
    """Invoices and credit notes issued in the period, by date then number, with their VAT rows."""
    query = (select(Inv.id, Inv.number, Inv.kind, Inv.issue_date, Inv.customer_id, Inv.buyer_name, Cust.name,
                    Inv.currency, raw(Inv.exchange_rate), raw(Inv.vat_total_eur), raw(Inv.rounding),
                    raw(Inv.grand_total), Vat.vat_category, raw(Vat.vat_rate), raw(Vat.base), raw(Vat.amount))
             .join(Cust, Cust.id == Inv.customer_id).join(Vat, Vat.invoice_id == Inv.id, isouter=True)
             .where(Inv.state == "issued", Inv.issue_date >= start, Inv.issue_date <= end)
             .order_by(Inv.issue_date, Inv.series, Inv.sequence_number, Inv.id, Vat.id)
             .execution_options(**_STREAM))
    current: list[object] | None = None
    rows: list[VatRow] = []
    for record in session.execute(query):
        if current is None or current[0] != record[0]:
            if current is not None:
                yield _document(current, rows)
            current, rows = list(record), []
        if record[12] is not None:
            rows.append(VatRow(record[12], Decimal(int(record[13])).scaleb(-4), cents_to_money(record[14]),
                               cents_to_money(record[15])))
    if current is not None:
        yield _document(current, rows)


def _document(record: list[object], rows: list[VatRow]) -> SoldDocument:
    (doc_id, number, kind, issued, customer_id, buyer, account_name, currency, rate, vat_eur, rounding,
     grand_total) = record[:12]
    rounding_amount = cents_to_money(rounding)
    return SoldDocument(int(doc_id), str(number), str(kind), issued, int(customer_id),  # type: ignore[arg-type,call-overload]
                        str(buyer), str(currency), scaled(rate, 8), scaled(vat_eur, 2), rounding_amount,
                        cents_to_money(grand_total) + rounding_amount, tuple(rows), str(account_name))


def received_payments(session: Session, start: date, end: date) -> Iterator[ReceivedPayment]:
    """Payments received in the period, by date, each with its allocations (in the payment's currency)."""
    query = (select(Pay.id, Pay.received_on, raw(Pay.amount), raw(Pay.fee), Pay.currency, Pay.source,
                    Pay.reference, Pay.payer_name, Alloc.invoice_id, Alloc.customer_id, raw(Alloc.amount),
                    Inv.number, Inv.customer_id, raw(Inv.exchange_rate), Cust.name)
             .join(Alloc, Alloc.payment_id == Pay.id, isouter=True)
             .join(Inv, Inv.id == Alloc.invoice_id, isouter=True)
             .join(Cust, Cust.id == func.coalesce(Inv.customer_id, Alloc.customer_id), isouter=True)
             .where(Pay.received_on >= start, Pay.received_on <= end)
             .order_by(Pay.received_on, Pay.id, Alloc.id).execution_options(**_STREAM))
    head: tuple[object, ...] | None = None
    applied: list[Applied] = []
    for row in session.execute(query):
        if head is None or head[0] != row[0]:
            if head is not None:
                yield _payment(head, applied)
            head, applied = tuple(row[:8]), []
        if row[10] is not None:
            customer_id = row[12] if row[8] is not None else row[9]
            applied.append(Applied(customer_id, row[14] or "", cents_to_money(row[10]), row[11] or "",
                                   scaled(row[13], 8)))
    if head is not None:
        yield _payment(head, applied)


def _payment(head: tuple[object, ...], applied: list[Applied]) -> ReceivedPayment:
    pay_id, received_on, amount, fee, currency, source, reference, payer = head
    return ReceivedPayment(int(pay_id), received_on, cents_to_money(amount), cents_to_money(fee),  # type: ignore[arg-type,call-overload]
                           str(currency), str(source), str(reference or ""), str(payer or ""), tuple(applied))



def count_activity(session: Session, start: date, end: date) -> int:
    """Documents issued and payments received in the period (the steps of a FEC export)."""
    documents = session.scalar(select(func.count()).select_from(Inv).where(
        Inv.state == "issued", Inv.issue_date >= start, Inv.issue_date <= end))
    payments = session.scalar(select(func.count()).select_from(Pay).where(
        Pay.received_on >= start, Pay.received_on <= end))
    return int(documents or 0) + int(payments or 0)
