"""`comptoir migrate-db --to URL`: the shop moves to a PostgreSQL server, checked, and the server then
answers every command as the file did."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop_app.bootstrap import open_database
from desktop_app.cli import main
from desktop_app.domain.progress import run_job
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.issuing import issue_documents
from tests.support.shop import make_shop

pytestmark = pytest.mark.postgres


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def shop_file(tmp_path):
    path = tmp_path / "shop.db"
    db = open_database(path)
    make_shop(db)
    run_job(draft_from_orders(db))
    run_job(issue_documents(db, on=date(2026, 3, 9)))
    db.dispose()
    return str(path)


def test_migrate_db_then_the_server_answers_as_the_file_did(shop_file, empty_postgres_url, capsys):
    before = json.loads(run(capsys, "--db", shop_file, "invoice", "list", "--json")[1])
    code, out, _err = run(capsys, "--db", shop_file, "migrate-db", "--to", empty_postgres_url, "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True and report["first_broken"] is None
    assert report["documents"] == len([i for i in before["invoices"] if i["number"]])
    assert report["last_numbers"]["invoice 2026"] == "F2026-00005" and report["journal_last_hash"]
    assert all(isinstance(total, str) for kinds in report["totals"].values() for total in kinds.values())
    code, out, _err = run(capsys, "--db", empty_postgres_url, "invoice", "list", "--json")
    assert code == 0 and json.loads(out) == before
    code, out, _err = run(capsys, "--db", empty_postgres_url, "verify", "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    # Moving it again onto the same server is refused: it holds a shop now.
    code, out, err = run(capsys, "--db", shop_file, "migrate-db", "--to", empty_postgres_url)
    assert code == 1 and out == "" and "not empty" in err


def test_an_unreachable_server_is_said_in_words(shop_file, capsys):
    code, _out, err = run(capsys, "--db", shop_file, "migrate-db", "--to", "postgresql://shop:secret@127.0.0.1:9/x")
    assert code == 1 and "Cannot use" in err and "secret" not in err
