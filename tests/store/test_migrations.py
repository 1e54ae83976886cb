"""Schema upgrades keep a shop's data: from the first revision to head on a populated database."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import text

from desktop_app.domain.progress import run_job
from desktop_app.services.verify import verify
from desktop_app.store.database import Database
from desktop_app.store.migrate import _bare_config, current_revision, head_revision, upgrade


def _first_revision() -> str:
    script = ScriptDirectory.from_config(_bare_config())
    return script.get_base()  # type: ignore[return-value]


def test_upgrade_from_the_first_revision_keeps_a_populated_shop(tmp_path):
    db = Database(tmp_path / "old.db")
    upgrade(db, _first_revision(), backup=False)
    assert current_revision(db) == _first_revision()
    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO companies (id, name, legal_form, capital, siren, siret, vat_number, rcs, address, address2, "
            "postcode, city, country, email, phone, website, iban, bic, vat_regime, currency, updated_at) VALUES "
            "(1, 'Maison Lumière', 'SAS', '20 000 €', '732829320', '', 'FR44732829320', '', '1 rue X', '', "
            "'69001', 'Lyon', 'FR', '', '', '', '', '', 'debits', 'EUR', '2026-01-01 00:00:00')"))
        for n in range(1, 51):
            connection.execute(text(
                "INSERT INTO customers (id, kind, name, contact_name, email, phone, siren, siret, vat_number, "
                "language, currency, payment_terms, notes, billing_line1, billing_line2, billing_postcode, "
                "billing_city, billing_region, billing_country, has_shipping, shipping_line1, shipping_line2, "
                "shipping_postcode, shipping_city, shipping_region, shipping_country, template_id, "
                "reminders_pause_reason, created_at, updated_at) VALUES "
                f"({n}, 'b2c', 'Client {n}', '', 'c{n}@example.fr', '', '', '', '', 'fr', 'EUR', '30', '', "
                "'1 rue Y', '', '69001', 'Lyon', '', 'FR', 0, '', '', '', '', '', 'FR', NULL, '', "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
    saved = upgrade(db)
    assert current_revision(db) == head_revision()
    if _first_revision() != head_revision():
        assert saved is not None and saved.exists()     # the pre-upgrade copy is kept
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM customers")).scalar() == 50
        assert connection.execute(text("SELECT name FROM companies")).scalar() == "Maison Lumière"
    assert run_job(verify(db)).ok


def test_opening_twice_does_not_upgrade_again(tmp_path):
    db = Database(tmp_path / "shop.db")
    upgrade(db)
    assert upgrade(db) is None


def test_the_migrations_build_exactly_the_schema_the_records_describe(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from desktop_app.store.records import Base
    from desktop_app.store.text_search import include_name

    db = Database(tmp_path / "fresh.db")
    upgrade(db)
    with db.engine.connect() as connection:
        # The SQLite full-text indexes (FTS5 tables and their shadow tables) live in the migration only.
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        assert compare_metadata(context, Base.metadata) == []
