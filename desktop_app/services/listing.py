"""The big lists of the screens, read a window at a time (a million invoices open as fast as ten).

    listing = invoice_listing(db, InvoiceFilter(status="unpaid"))
    opened = listing.open(keep=selected_id)    # count, first window (or the one holding `keep`), its rows
    listing.ids(5000, 200); listing.rows(ids)  # any other window, when the view scrolls to it

Every call is one short read in its own session, so a list can be opened on a worker thread and
scrolled on the GUI thread.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.parties import Customer
from desktop_app.services.closing import today
from desktop_app.store import customers as customer_repo
from desktop_app.store import invoice_queries
from desktop_app.store import list_queries as lists
from desktop_app.store import orders as order_repo
from desktop_app.store import statement_lines as line_repo
from desktop_app.store.database import Database
from desktop_app.store.invoice_queries import InvoiceFilter, InvoiceSummary
from desktop_app.store.listing import ListQuery
from desktop_app.store.orders import OrderFilter, OrderSummary
from desktop_app.store.records import InvoiceRecord, OrderRecord
from desktop_app.store.statement_lines import LineFilter, StatementLine

T = TypeVar("T")
Sort = tuple[str, bool] | None
SORTABLE = {"invoices": frozenset(lists.INVOICE_SORTS), "orders": frozenset(lists.ORDER_SORTS),
            "customers": frozenset(lists.CUSTOMER_SORTS), "lines": frozenset(lists.LINE_SORTS)}


@dataclass(frozen=True)
class Opened(Generic[T]):
    """A list just opened: its length, one window of ids from `start` with their rows, and where the
    row asked to be kept is (None when it is no longer in the list)."""

    count: int
    start: int
    ids: list[int] = field(default_factory=list)
    rows: list[T] = field(default_factory=list)
    kept_row: int | None = None


# A list this short is read whole (its ids only) when opened: one sorted read, then every window and
# every "where is this row" is free. Longer ones are read window by window, straight from an index.
WHOLE = 5_000


class Listing(Generic[T]):
    def __init__(self, db: Database, build: Callable[[Session], ListQuery],
                 rows: Callable[[Session, Sequence[int]], list[T]]) -> None:
        self.db = db
        self._build, self._rows = build, rows
        self._query: ListQuery | None = None
        self._counts: list[int] = []
        self._all: array[int] | None = None
        self._rows_of: dict[int, int] | None = None

    @property
    def whole(self) -> bool:
        """Whether every id of the list is held (windows and positions need no reading)."""
        return self._all is not None

    def open(self, keep: int | None = None, window: int = 200) -> Opened[T]:
        """Count the list and read the window holding `keep` (else the first one)."""
        with self.db.reading() as session:
            query = self._build(session)
            counts = query.counts(session)
            self._query, self._counts = query, counts
            if sum(counts) <= WHOLE:
                self._all = array("q", query.ids(session, 0, sum(counts), counts, indexed=False))
            kept = self._position(session, keep) if keep is not None else None
            start = (kept // window) * window if kept is not None else 0
            ids = self._ids(session, start, window)
            rows = self._rows(session, ids)
        return Opened(sum(counts), start, ids, rows, kept)

    def _ids(self, session: Session, offset: int, limit: int) -> list[int]:
        if self._all is not None:
            return list(self._all[offset:offset + limit])
        assert self._query is not None, "open() first"
        return self._query.ids(session, offset, limit, self._counts)

    def _position(self, session: Session, item_id: int) -> int | None:
        if self._all is not None:
            if self._rows_of is None:
                self._rows_of = {value: row for row, value in enumerate(self._all)}
            return self._rows_of.get(item_id)
        assert self._query is not None, "open() first"
        return self._query.position(session, item_id, self._counts)

    def ids(self, offset: int, limit: int) -> list[int]:
        if self._all is not None:
            return list(self._all[offset:offset + limit])
        with self.db.reading() as session:
            return self._ids(session, offset, limit)

    def rows(self, ids: Sequence[int]) -> list[T]:
        with self.db.reading() as session:
            return self._rows(session, ids)

    def position(self, item_id: int) -> int | None:
        if self._all is not None:
            return self._position(None, item_id)  # type: ignore[arg-type]
        with self.db.reading() as session:
            return self._position(session, item_id)


def invoice_listing(db: Database, flt: InvoiceFilter = InvoiceFilter(), sort: Sort = None,  # noqa: B008
                    on: date | None = None) -> Listing[InvoiceSummary]:
    day = on or today()
    return Listing(db, lambda session: lists.invoice_list(session, flt, day, sort),
                   lambda session, ids: invoice_queries.invoice_summaries(session, ids, day))


def order_listing(db: Database, flt: OrderFilter = OrderFilter(), sort: Sort = None  # noqa: B008
                  ) -> Listing[OrderSummary]:
    return Listing(db, lambda session: lists.order_list(session, flt, sort), order_repo.order_summaries)


def customer_listing(db: Database, search: str = "", kind: str = "", sort: Sort = None) -> Listing[Customer]:
    return Listing(db, lambda session: lists.customer_list(session, search, kind, sort), customer_repo.customers_by_ids)


def line_listing(db: Database, flt: LineFilter = LineFilter(), sort: Sort = None  # noqa: B008
                 ) -> Listing[StatementLine]:
    return Listing(db, lambda session: lists.line_list(session, flt, sort), line_repo.lines_by_ids)


def has_drafts(db: Database) -> bool:
    """Whether any draft waits to be issued (one index probe)."""
    with db.reading() as session:
        return session.scalar(select(InvoiceRecord.id).where(InvoiceRecord.state == "draft").limit(1)) is not None


def shop_names(db: Database) -> list[str]:
    """The shops orders came from, by skipping along the (shop, reference) index: instant on a million orders."""
    names: list[str] = []
    with db.reading() as session:
        while True:
            query: Any = select(OrderRecord.shop).order_by(OrderRecord.shop).limit(1)
            if names:
                query = query.where(OrderRecord.shop > names[-1])
            name = session.scalar(query)
            if name is None:
                return names
            names.append(name)
