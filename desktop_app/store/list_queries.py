"""The four big lists as windowed queries (store.listing): invoices, orders, customers, statement lines.

Each takes the filter its screen shows and an optional sort chosen by a click on a column heading;
only columns an index can serve are sortable, so any order of a million rows starts at once.
Searches go through the full-text indexes (store.text_search).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import and_, exists, func, literal, select
from sqlalchemy.orm import Session

from desktop_app.store import invoice_queries
from desktop_app.store.invoice_queries import InvoiceFilter
from desktop_app.store.listing import ListQuery, Segment, single
from desktop_app.store.orders import OrderFilter
from desktop_app.store.records import (
    CustomerRecord,
    InvoiceBalanceRecord,
    InvoiceRecord,
    NumberSequenceRecord,
    OrderRecord,
    StatementLineRecord,
)
from desktop_app.store.statement_lines import STATE_GROUPS, LineFilter
from desktop_app.store.text_search import match_count, matching

Inv, Bal, Ord, Cust, Line = InvoiceRecord, InvoiceBalanceRecord, OrderRecord, CustomerRecord, StatementLineRecord

# Sortable columns of each list: the column key of the table model -> the order (id last).
INVOICE_SORTS: dict[str, tuple[Any, ...]] = {
    "number": (Inv.number, Inv.id), "issue_date": (Inv.issue_date, Inv.sequence_number, Inv.id),
    "due_date": (Inv.due_date, Inv.id), "total": (Inv.grand_total, Inv.id)}
ORDER_SORTS: dict[str, tuple[Any, ...]] = {
    "order_date": (Ord.ordered_at, Ord.id), "reference": (Ord.shop, Ord.reference, Ord.id),
    "total": (Ord.total, Ord.id)}
CUSTOMER_SORTS: dict[str, tuple[Any, ...]] = {
    "name": (func.lower(Cust.name), Cust.id), "email": (Cust.email, Cust.id), "vat_number": (Cust.vat_number, Cust.id)}
LINE_SORTS: dict[str, tuple[Any, ...]] = {"booked_on": (Line.booked_on, Line.id), "amount": (Line.amount, Line.id)}

Sort = tuple[str, bool] | None          # (column key, descending), or the list's own order


def _credited() -> Any:
    """Invoices some issued credit note corrects: the only ones with anything credited (a small set, by index)."""
    corrected = select(Inv.corrected_invoice_id).where(Inv.kind == "credit_note", Inv.state == "issued",
                                                       Inv.corrected_invoice_id.is_not(None))
    return Inv.id.in_(corrected)


def _paid_count() -> Any:
    """How many issued invoices are settled, without reading a million balances: every issued invoice has a
    balance, open or not; the settled ones are those not open, less those credited in full."""
    issued = select(func.count()).select_from(Inv).where(Inv.state == "issued", Inv.kind == "invoice")
    still_open = select(func.count()).select_from(Bal).where(Bal.open == 1)
    payable = Inv.grand_total + Inv.rounding
    credited = (select(func.count()).select_from(Inv).join(Bal, Bal.invoice_id == Inv.id)
                .where(_credited(), Inv.state == "issued", Inv.kind == "invoice", Bal.open == 0,
                       Bal.credited >= payable))
    return select(issued.scalar_subquery() - still_open.scalar_subquery() - credited.scalar_subquery())


def _issued_count() -> Any:
    """How many documents are issued, without counting a million index entries: the counter of each series
    and year is its last number, and its numbers run from 1 without a gap, one per issued document
    (`verify` proves both), so the counters add up to the issued documents."""
    return select(func.coalesce(func.sum(NumberSequenceRecord.last_value), 0))


def _invoice_where(session: Session, flt: InvoiceFilter, today: date, key: Any = Inv.id) -> tuple[list[Any], bool]:
    conditions = invoice_queries._conditions(replace(flt, search=""), today)
    if flt.status == "credited":
        conditions.append(_credited())
    search = matching(session, key, "invoices_fts", (Inv.number, Inv.buyer_name, Inv.order_reference),
                      flt.search)
    if search is not None:
        conditions.append(search)
    return conditions, flt.status in ("unpaid", "overdue", "paid", "credited")


def _filtered(query: Any, conditions: list[Any], needs_balance: bool) -> Any:
    if needs_balance:
        query = query.join(Bal, Bal.invoice_id == Inv.id)
    return query.where(and_(*conditions)) if conditions else query


def invoice_list(session: Session, flt: InvoiceFilter, today: date, sort: Sort = None) -> ListQuery:
    """Drafts newest first, then issued documents by date and number, newest first (or `sort`)."""
    conditions, needs_balance = _invoice_where(session, flt, today)
    query = _filtered(select(Inv.id), conditions, needs_balance)
    if sort is not None and sort[0] in INVOICE_SORTS:
        return single(query, INVOICE_SORTS[sort[0]], Inv.id, sort[1])
    drafts_query = query
    if flt.search.strip():
        # The few drafts, each looked up among the documents found (`id + 0`), rather than every document found
        # looked up to see whether it is a draft.
        drafts_query = _filtered(select(Inv.id), _invoice_where(session, flt, today, Inv.id + 0)[0], needs_balance)
    drafts = Segment(drafts_query.where(Inv.state == "draft"), (Inv.id,), True)
    issued_query = query.where(Inv.state == "issued")
    counter = None
    if flt == InvoiceFilter(status="paid"):
        counter = _paid_count()
    elif flt == InvoiceFilter():
        counter = _issued_count()
    elif flt == InvoiceFilter(search=flt.search) and match_count(session, "invoices_fts", flt.search) is not None:
        # Every document is a draft or issued: the issued ones found are all those found, less the drafts.
        found = match_count(session, "invoices_fts", flt.search) or 0
        counter = select(literal(found) - drafts.query.with_only_columns(func.count(), maintain_column_froms=True)
                         .scalar_subquery())
    issued = Segment(issued_query, (Inv.issue_date, Inv.sequence_number, Inv.id), True, counter)
    return ListQuery((drafts, issued) if flt.status in ("", "draft", "credit_notes") else (issued,), Inv.id)


def _order_where(flt: OrderFilter) -> list[Any]:
    conditions: list[Any] = []
    if flt.shop:
        conditions.append(Ord.shop == flt.shop)
    if flt.status:
        conditions.append(Ord.status == flt.status)
    if flt.date_from is not None:
        conditions.append(Ord.order_date >= flt.date_from)
    if flt.date_to is not None:
        conditions.append(Ord.order_date <= flt.date_to)
    if flt.invoiced is not None:
        invoiced = exists().where(Inv.order_id == Ord.id, Inv.kind == "invoice")
        conditions.append(invoiced if flt.invoiced else ~invoiced)
    return conditions


def order_list(session: Session, flt: OrderFilter, sort: Sort = None) -> ListQuery:
    """Orders newest first (or `sort`)."""
    query = select(Ord.id).where(*_order_where(flt))
    search = matching(session, Ord.id, "orders_fts", (Ord.reference, Ord.billing_name, Ord.billing_company,
                                                      Ord.customer_email), flt.search)
    if search is not None:
        query = query.where(search)
    order = ORDER_SORTS[sort[0]] if sort is not None and sort[0] in ORDER_SORTS else (Ord.ordered_at, Ord.id)
    found = match_count(session, "orders_fts", flt.search) if flt == OrderFilter(search=flt.search) else None
    counter = select(literal(found)) if found is not None else None
    return ListQuery((Segment(query, order, sort[1] if sort is not None and sort[0] in ORDER_SORTS else True,
                              counter),), Ord.id)


def customer_list(session: Session, search: str = "", kind: str = "", sort: Sort = None) -> ListQuery:
    """Customers by name (or `sort`)."""
    query = select(Cust.id)
    found = matching(session, Cust.id, "customers_fts", (Cust.name, Cust.contact_name, Cust.email, Cust.vat_number,
                                                         Cust.siren, Cust.billing_city), search)
    if found is not None:
        query = query.where(found)
    if kind:
        query = query.where(Cust.kind == kind)
    key, descending = sort if sort is not None and sort[0] in CUSTOMER_SORTS else ("name", False)
    return single(query, CUSTOMER_SORTS[key], Cust.id, descending)


def line_list(session: Session, flt: LineFilter, sort: Sort = None) -> ListQuery:
    """Statement lines newest first (or `sort`)."""
    query = select(Line.id)
    conditions: list[Any] = []
    if flt.state in STATE_GROUPS:
        conditions.append(Line.state.in_(STATE_GROUPS[flt.state]))
    if flt.date_from is not None:
        conditions.append(Line.booked_on >= flt.date_from)
    if flt.date_to is not None:
        conditions.append(Line.booked_on <= flt.date_to)
    found = matching(session, Line.id, "statement_lines_fts", (Line.payer_name, Line.label, Line.payer_email,
                                                               Line.refs, Line.external_id, Line.proposal),
                     flt.search)
    if found is not None:
        conditions.append(found)
    if conditions:
        query = query.where(and_(*conditions))
    order, descending = (LINE_SORTS[sort[0]], sort[1]) if sort is not None and sort[0] in LINE_SORTS \
        else ((Line.booked_on, Line.id), True)
    # Searching every line: as many as the full-text index finds (each line is in it once).
    found_count = match_count(session, "statement_lines_fts", flt.search) \
        if flt == LineFilter(state="", search=flt.search) else None
    counter = select(literal(found_count)) if found_count is not None else None
    return ListQuery((Segment(query, order, descending, counter),), Line.id)
