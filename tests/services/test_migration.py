"""Moving a shop from its SQLite file to a PostgreSQL server and back: the same books, to the byte."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, text

from desktop_app.domain.errors import DomainError
from desktop_app.domain.progress import run_job
from desktop_app.services.migration import migrate_database
from desktop_app.services.verify import verify
from desktop_app.store import transfer
from desktop_app.store.database import Database
from desktop_app.store.records import CustomerRecord

pytestmark = pytest.mark.postgres


def _digests(db: Database, leave_out: tuple[str, ...] = ()) -> dict[str, str]:
    with db.reading() as session:
        return {t.name: transfer.table_digest(session.connection(), t) for t in transfer.shop_tables()
                if t.name not in leave_out}


def _last_customer_id(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(text("SELECT max(id) FROM customers")))


def test_the_demo_shop_goes_to_postgresql_and_back_unchanged(demo_db, empty_postgres_url, tmp_path):
    before = _digests(demo_db)
    with demo_db.reading() as session:
        facts = transfer.shop_facts(session.connection())
    there = run_job(migrate_database(demo_db, empty_postgres_url))
    assert there.ok and there.facts == facts
    assert facts.documents > 500 and facts.journal_entries > 1000 and "EUR" in facts.totals
    server = Database(empty_postgres_url)
    assert run_job(verify(server)).ok
    # Only the event log moved on: each side records the move.
    assert _digests(server, ("event_log",)) == {k: v for k, v in before.items() if k != "event_log"}

    # The server's sequences are past the copied ids: a customer added there gets a new id.
    with server.transaction() as session:
        session.execute(insert(CustomerRecord).values(name="Nouvelle cliente"))
        assert session.scalar(text("SELECT max(id) FROM customers")) == _last_customer_id(demo_db) + 1

    back = run_job(migrate_database(server, str(tmp_path / "back.db")))
    assert back.ok and back.facts == facts
    returned = Database(tmp_path / "back.db")
    assert _digests(returned, ("event_log", "customers")) == {
        k: v for k, v in before.items() if k not in ("event_log", "customers")}
    server.dispose()
    returned.dispose()


@pytest.mark.sqlite_only     # the shop moved is a SQLite file; the target a PostgreSQL database
def test_a_database_that_holds_a_shop_is_refused_and_left_alone(db, postgres_url):
    from tests.support.shop import make_shop

    make_shop(db)
    target = Database(postgres_url)
    make_shop(target)
    before = _digests(target)
    with pytest.raises(DomainError, match="not empty"):
        run_job(migrate_database(db, postgres_url))
    assert _digests(target) == before
    target.dispose()
