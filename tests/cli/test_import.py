"""`comptoir import orders`: the JSON contract, dry runs, saved mappings and refusals."""

from __future__ import annotations

import json

from desktop_app.cli import main
from desktop_app.services.orders import save_mapping
from tests.conftest import FIXTURES
from tests.formats.test_mapped_csv import MAPPING

ORDERS = FIXTURES / "orders"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_json_fields_and_idempotence(tmp_path, capsys):
    db = tmp_path / "shop.db"
    code, out, _err = run(capsys, "--db", db, "import", "orders", ORDERS / "woocommerce" / "orders-page-1.json",
                          "--json")
    data = json.loads(out)
    assert code == 0
    for key in ("orders_imported", "orders_updated", "orders_skipped", "lines", "customers_created",
                "total_incl_tax", "total_tax", "totals_by_currency", "errors"):
        assert key in data
    assert data["orders_imported"] == 3 and data["totals_by_currency"] == {"EUR": "137.90", "USD": "140.00"}
    code, out, _err = run(capsys, "--db", db, "import", "orders", ORDERS / "woocommerce" / "orders-page-1.json",
                          "--format", "woocommerce", "--json")
    assert code == 0 and json.loads(out)["orders_skipped"] == 3


def test_dry_run_and_refusal(tmp_path, capsys):
    db = tmp_path / "shop.db"
    code, out, _err = run(capsys, "--db", db, "import", "orders", ORDERS / "shopify" / "orders_export_1.csv",
                          "--dry-run", "--json")
    assert code == 0 and json.loads(out)["dry_run"] is True
    code, out, err = run(capsys, "--db", db, "import", "orders", ORDERS / "bad" / "shopify_not_a_number.csv", "--json")
    assert code == 1 and "'12,5O' is not a number" in err
    assert json.loads(out)["orders_imported"] == 0 and json.loads(out)["errors"]


def test_saved_mapping_by_name(tmp_path, capsys):
    from desktop_app.bootstrap import open_database

    db_path = tmp_path / "shop.db"
    db = open_database(db_path)
    save_mapping(db, "marche", MAPPING)
    db.dispose()
    code, out, err = run(capsys, "--db", db_path, "import", "orders", ORDERS / "mapped" / "ventes-marche-mars.csv",
                         "--mapping", "marche", "--json")
    assert code == 0, err
    assert json.loads(out)["orders_imported"] > 0
    code, _out, err = run(capsys, "--db", db_path, "import", "orders", ORDERS / "mapped" / "ventes-marche-mars.csv",
                          "--mapping", "nope")
    assert code == 1 and "nope" in err
