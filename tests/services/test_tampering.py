"""Editing an issued invoice behind Comptoir's back is caught by `verify`, which names the invoice."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from desktop_app.domain.progress import run_job
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.issuing import issue_documents
from desktop_app.services.verify import verify
from desktop_app.store.journal import event_entries
from tests.support.shop import make_shop

# Tampering goes behind Comptoir's back with the sqlite3 module (tests/store/test_postgres.py does it on
# PostgreSQL).
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def issued(db):
    make_shop(db)
    run_job(draft_from_orders(db))
    run_job(issue_documents(db, on=date(2026, 3, 9)))
    return db


@pytest.mark.parametrize("statement, words", [
    ("UPDATE invoices SET grand_total = grand_total + 100 WHERE number = 'F2026-00002'", "F2026-00002"),
    ("UPDATE invoice_lines SET description = 'autre' WHERE invoice_id = "
     "(SELECT id FROM invoices WHERE number = 'F2026-00003')", "F2026-00003"),
    ("UPDATE invoices SET issue_date = '2026-03-10' WHERE number = 'F2026-00001'", "F2026-00001"),
    ("UPDATE journal SET payload = replace(payload, 'F2026', 'X2026') WHERE seq = 2", "journal entry 2"),
])
def test_verify_names_what_was_changed(issued, statement, words):
    assert run_job(verify(issued)).ok
    with sqlite3.connect(issued.path) as connection:
        for trigger in [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]:
            connection.execute(f"DROP TRIGGER {trigger}")
        connection.execute(statement)
    report = run_job(verify(issued))
    assert not report.ok
    assert words in report.first_broken
    with issued.reading() as session:
        assert [e.kind for e in event_entries(session)][-1] == "integrity_check_failed"


def test_a_missing_number_is_a_gap(issued):
    with sqlite3.connect(issued.path) as connection:
        for trigger in [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]:
            connection.execute(f"DROP TRIGGER {trigger}")
        connection.execute("PRAGMA foreign_keys=OFF")
        number = connection.execute("SELECT id FROM invoices WHERE number = 'F2026-00002'").fetchone()[0]
        for table in ("invoice_lines", "invoice_adjustments", "invoice_vat", "invoice_balances", "payment_allocations"):
            connection.execute(f"DELETE FROM {table} WHERE invoice_id = ?", (number,))
        connection.execute("DELETE FROM invoices WHERE id = ?", (number,))
    report = run_job(verify(issued))
    assert not report.ok and "gap" in report.first_broken


def test_a_kept_balance_that_disagrees_with_the_payments_is_named(issued):
    with sqlite3.connect(issued.path) as connection:
        connection.execute("UPDATE invoice_balances SET balance = balance - 100, paid = paid + 100 "
                           "WHERE invoice_id = (SELECT id FROM invoices WHERE number = 'F2026-00002')")
    report = run_job(verify(issued))
    assert not report.ok and "F2026-00002" in report.first_broken and "balances" in report.first_broken


@pytest.mark.parametrize("change", ["due_date = '2027-01-01'", "currency = 'USD'", "customer_id = customer_id + 1",
                                    "exchange_rate = 100000000", "issue_date = NULL"])
def test_a_balance_keeping_a_wrong_copy_of_its_invoice_is_named(issued, change):
    with sqlite3.connect(issued.path) as connection:
        connection.execute(f"UPDATE invoice_balances SET {change} "
                           "WHERE invoice_id = (SELECT id FROM invoices WHERE number = 'F2026-00002')")
    report = run_job(verify(issued))
    assert not report.ok and "F2026-00002" in report.first_broken and "due date" in report.first_broken


def test_a_line_whose_amounts_were_changed_with_its_fingerprint_still_does_not_add_up(issued):
    """Even with the fingerprint forged too, the arithmetic is checked on values read as text."""
    from desktop_app.services.document_checks import check_range

    with sqlite3.connect(issued.path) as connection:
        for trigger in [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]:
            connection.execute(f"DROP TRIGGER {trigger}")
        connection.execute("UPDATE invoice_lines SET net_amount = net_amount + 1 WHERE invoice_id = "
                           "(SELECT id FROM invoices WHERE number = 'F2026-00003')")
    problem, checked = check_range(issued.url, 0, 10**9)
    assert checked >= 3 and problem is not None and "F2026-00003" in problem.message
