"""The big lists read a window at a time: their counts (some from cheaper sources than counting) and rows
are those of a plain query over every row, drafts and searches included."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.progress import run_job
from desktop_app.services.invoices import InvoiceFilter
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.issuing import issue_documents
from desktop_app.services.listing import invoice_listing, line_listing
from desktop_app.store.records import InvoiceRecord, StatementLineRecord
from desktop_app.store.statement_lines import LineFilter
from tests.support.shop import make_shop


def _every_id(listing, count):
    return [i for start in range(0, count, 3) for i in listing.ids(start, 3)]


def test_invoice_lists_count_and_order_drafts_then_issued_documents(db):
    make_shop(db)
    run_job(draft_from_orders(db))
    with db.reading() as session:
        drafts = sorted(session.scalars(InvoiceRecord.__table__.select().with_only_columns(InvoiceRecord.id)))
    run_job(issue_documents(db, drafts[:-2], on=date(2026, 3, 9)))
    with db.reading() as session:
        rows = session.execute(InvoiceRecord.__table__.select()).mappings().all()
    issued = sorted((r for r in rows if r["state"] == "issued"),
                    key=lambda r: (r["issue_date"], r["sequence_number"], r["id"]), reverse=True)
    expected = sorted((r["id"] for r in rows if r["state"] == "draft"), reverse=True) + [r["id"] for r in issued]
    assert len(expected) - len(issued) == 2
    # The whole list: issued documents counted from the numbering's counters.
    listing = invoice_listing(db, InvoiceFilter())
    opened = listing.open()
    assert opened.count == len(rows) and _every_id(listing, opened.count) == expected
    # A search: drafts found among the matches, then the issued documents found.
    name = rows[0]["buyer_name"].split()[0]
    found = [i for i in expected if name.lower() in next(r for r in rows if r["id"] == i)["buyer_name"].lower()]
    listing = invoice_listing(db, InvoiceFilter(search=name))
    opened = listing.open()
    assert opened.count == len(found) > 0 and _every_id(listing, opened.count) == found


def test_searching_every_statement_line_counts_what_the_index_finds(demo_db):
    with demo_db.reading() as session:
        lines = session.execute(StatementLineRecord.__table__.select()).mappings().all()
    payer = next(line["payer_name"] for line in lines if line["payer_name"])
    word = payer.split()[0]
    listing = line_listing(demo_db, LineFilter(state="", search=word))
    opened = listing.open()
    found = {line["id"] for line in lines if any(word.lower() in (line[column] or "").lower() for column in (
        "payer_name", "label", "payer_email", "refs", "external_id", "proposal"))}
    assert opened.count == len(found) and set(_every_id(listing, opened.count)) == found
