"""PostgreSQL: the same schema as the records, the same refusals as on SQLite (in PL/pgSQL), one writer
at a time as on SQLite, and `verify` still naming what was changed behind Comptoir's back."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError

from desktop_app.domain.errors import DomainError
from desktop_app.domain.progress import run_job
from desktop_app.services.payment_import import import_payments
from desktop_app.services.rendering import invoice_pdf
from desktop_app.services.verify import verify
from desktop_app.store import database
from desktop_app.store.database import Database, url_for
from desktop_app.store.ids import new_ids
from desktop_app.store.journal import append_event
from desktop_app.store.migrate import current_revision, head_revision, upgrade
from desktop_app.store.records import Base, CustomerRecord
from tests.conftest import FIXTURES
from tests.support.payment_shop import make_payment_shop

pytestmark = pytest.mark.postgres


@pytest.fixture
def shop(postgres_url):
    """Issued invoices paid from a bank statement, one kept PDF, an event: a row in every final table."""
    db = Database(postgres_url)
    make_payment_shop(db)
    run_job(import_payments(db, [FIXTURES / "payments" / "shop" / "camt053_march.xml"]))
    invoice_pdf(db, 1)
    with db.transaction() as session:
        append_event(session, "test", {"what": "a row to protect"})
    yield db
    db.dispose()


def test_a_driverless_url_means_psycopg_and_a_password_is_never_shown():
    assert url_for("postgresql://shop@server/comptoir") == "postgresql+psycopg://shop@server/comptoir"
    db = Database("postgresql://shop:s3cret@server:5432/comptoir")
    assert "s3cret" not in db.location and db.is_postgresql and db.path is None
    db.dispose()


def test_the_migrations_build_exactly_the_schema_the_records_describe(empty_postgres_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    db = Database(empty_postgres_url)
    upgrade(db)
    assert current_revision(db) == head_revision()
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        partial = connection.scalar(text("SELECT indexdef FROM pg_indexes "
                                         "WHERE indexname = 'ix_invoice_balances_open'"))
        assert "WHERE (open = 1)" in partial
        amount = connection.scalar(text("SELECT data_type FROM information_schema.columns "
                                        "WHERE table_name = 'invoices' AND column_name = 'grand_total'"))
        assert amount == "bigint"
    db.dispose()


@pytest.mark.parametrize("statement", [
    "UPDATE invoices SET grand_total = 1 WHERE state = 'issued'",
    "DELETE FROM invoices WHERE state = 'issued'",
    "UPDATE invoice_lines SET net_amount = 1",
    "DELETE FROM invoice_vat",
    "INSERT INTO invoice_lines (invoice_id, position, sku, description, quantity, unit_code, unit_price, allowance, "
    "charge, net_amount, vat_category, vat_rate) SELECT id, 99, '', 'x', 1, 'C62', 1, 0, 0, 1, 'S', 2000 "
    "FROM invoices WHERE state = 'issued' LIMIT 1",
    "UPDATE journal SET payload = '{}'",
    "DELETE FROM journal",
    "TRUNCATE journal CASCADE",
    "UPDATE payments SET amount = 0",
    "DELETE FROM payment_allocations",
    "UPDATE event_log SET kind = 'x'",
    "DELETE FROM issued_documents",
    "UPDATE statement_lines SET amount = 0",
    "DELETE FROM statement_lines",
])
def test_the_server_refuses_to_change_what_is_final(shop, statement):
    with pytest.raises(IntegrityError, match="immutable"), shop.transaction() as session:
        session.execute(text(statement))


def test_drafts_and_the_review_state_of_statement_lines_may_still_change(shop):
    with shop.transaction() as session:
        session.execute(text("UPDATE statement_lines SET state = state, reason = 'vu'"))
        draft = new_ids(session, Base.metadata.tables["invoices"], 1)[0]
        customer = session.scalar(text("SELECT min(id) FROM customers"))
        session.execute(text("INSERT INTO invoices (id, kind, state, customer_id, currency, language, buyer_name, "
                             "buyer_reference, order_reference, parties, payment_terms, payment_means, "
                             "paid_at_checkout_by, notes, reason, line_total, allowance_total, charge_total, "
                             "tax_basis, vat_total, grand_total, prepaid, rounding, amount_due, content_hash, "
                             "created_at) VALUES (:id, 'invoice', 'draft', :c, 'EUR', 'fr', 'X', '', '', '{}', '30', "
                             "'', '', '', '', 0, 0, 0, 0, 0, 0, 0, 0, 0, '', now())"), {"id": draft, "c": customer})
        session.execute(text("UPDATE invoices SET notes = 'brouillon' WHERE id = :id"), {"id": draft})
        session.execute(text("DELETE FROM invoices WHERE id = :id"), {"id": draft})


def test_rows_added_one_at_a_time_and_in_bulk_never_share_an_id(shop):
    table = CustomerRecord.__table__
    with shop.transaction() as session:
        block = new_ids(session, table, 3)
        single = session.execute(insert(table).values(name="Une", created_at=text("now()"),
                                                      updated_at=text("now()"))
                                 .returning(table.c.id)).scalar_one()
    assert single > block[-1] and block == list(range(block[0], block[0] + 3))


@pytest.mark.parametrize("statement, words", [
    ("UPDATE invoices SET grand_total = grand_total + 100 WHERE number = 'F2026-00002'", "F2026-00002"),
    ("UPDATE journal SET payload = replace(payload, 'F2026', 'X2026') WHERE seq = 2", "journal entry 2"),
])
def test_verify_names_what_was_changed_behind_the_triggers(shop, statement, words):
    assert run_job(verify(shop)).ok
    with shop.engine.begin() as connection:
        # A superuser can switch the triggers off for a session: what verify is there to catch.
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(statement))
    report = run_job(verify(shop))
    assert not report.ok and words in report.first_broken


def test_a_second_desk_writes_after_the_first_one_and_is_told_when_it_waited_too_long(shop, monkeypatch):
    other = Database(shop.url)
    written: list[float] = []

    def second_desk() -> None:
        with other.transaction() as session:
            written.append(time.monotonic())
            session.execute(text("UPDATE settings SET value = value"))

    with shop.transaction() as session:
        session.execute(text("UPDATE settings SET value = value"))
        desk = threading.Thread(target=second_desk)
        desk.start()
        time.sleep(0.5)
        assert written == []                       # waiting for the first desk's commit
        released = time.monotonic()
    desk.join(10)
    assert written and written[0] >= released

    monkeypatch.setattr(database, "_LOCK_WAIT_MS", 200)
    impatient = Database(shop.url)
    with shop.transaction(), pytest.raises(DomainError, match="Another desk"), impatient.transaction():
        pass
    other.dispose()
    impatient.dispose()
