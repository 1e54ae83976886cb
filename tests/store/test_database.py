"""The SQLite database: tuned, private, and refusing to change what the law says is final."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from desktop_app.bootstrap import open_database
from desktop_app.store.journal import append_journal
from desktop_app.store.records import CustomerRecord, InvoiceLineRecord, InvoiceRecord


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "shop.db")
    yield database
    database.dispose()


def test_sqlite_is_tuned_and_the_file_private(db):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
    assert stat.S_IMODE(db.path.stat().st_mode) == 0o600


def test_foreign_keys_are_enforced(db):
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(InvoiceRecord(customer_id=999))


def _issued_invoice(db) -> int:
    with db.transaction() as session:
        customer = CustomerRecord(name="Zoë")
        session.add(customer)
        session.flush()
        invoice = InvoiceRecord(customer_id=customer.id, issue_date=date(2026, 3, 1))
        invoice.lines.append(InvoiceLineRecord(position=1, description="Thé", quantity=Decimal(1),
                                               unit_price=Decimal("10"), net_amount=Decimal("10.00"),
                                               vat_category="S", vat_rate=Decimal(20)))
        session.add(invoice)
        session.flush()
        invoice.state, invoice.number, invoice.issued_at = "issued", "F2026-00001", datetime.now(UTC)
        return invoice.id


def test_issued_invoices_and_their_lines_cannot_change(db):
    invoice_id = _issued_invoice(db)
    for statement in (f"UPDATE invoices SET grand_total = 1 WHERE id = {invoice_id}",
                      f"DELETE FROM invoices WHERE id = {invoice_id}",
                      f"UPDATE invoice_lines SET net_amount = 1 WHERE invoice_id = {invoice_id}",
                      f"DELETE FROM invoice_lines WHERE invoice_id = {invoice_id}",
                      "INSERT INTO invoice_lines (invoice_id, position, sku, description, quantity, unit_code, "
                      f"unit_price, allowance, charge, net_amount, vat_category, vat_rate) VALUES ({invoice_id}, 2, "
                      "'', 'x', 1, 'C62', 1, 0, 0, 1, 'S', 200000)"):
        with pytest.raises(IntegrityError, match="immutable"), db.transaction() as session:
            session.execute(text(statement))


def test_the_journal_is_append_only(db):
    with db.transaction() as session:
        append_journal(session, "test", "X1", {"amount": Decimal("1.00")})
    for statement in ("UPDATE journal SET payload = '{}'", "DELETE FROM journal"):
        with pytest.raises(IntegrityError, match="immutable"), db.transaction() as session:
            session.execute(text(statement))


def test_a_second_writer_waits_instead_of_failing_half_way(db, tmp_path):
    other = open_database(tmp_path / "shop.db")
    with db.transaction() as session:
        session.add(CustomerRecord(name="A"))
        session.flush()
        with other.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA busy_timeout=100")
            with pytest.raises(OperationalError, match="locked"):
                connection.exec_driver_sql("BEGIN IMMEDIATE")
    other.dispose()
