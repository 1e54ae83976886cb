"""`comptoir migrate-db --to URL`: the shop moves to a PostgreSQL server, checked, and the server then
answers every command as the file did."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import date

import pytest

from desktop_app.bootstrap import open_database
from desktop_app.cli import main
from desktop_app.domain.progress import run_job
from desktop_app.services.credit_notes import credit_invoice
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
    issued = run_job(issue_documents(db, on=date(2026, 3, 9))).issued
    credit_invoice(db, issued[0].number, reason="Returned")
    db.dispose()
    return str(path)


def _journal(path: str) -> list[tuple[int, str, str]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT seq, prev_hash, hash FROM journal ORDER BY seq").fetchall()


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


def test_migrate_db_round_trip_keeps_totals_numbers_and_journal_hashes(shop_file, empty_postgres_url, tmp_path,
                                                                      capsys):
    back = str(tmp_path / "back.db")
    code, out, err = run(capsys, "--db", shop_file, "migrate-db", "--to", empty_postgres_url, "--json")
    assert code == 0, err
    there = json.loads(out)
    code, out, err = run(capsys, "--db", empty_postgres_url, "migrate-db", "--to", back, "--json")
    assert code == 0, err
    again = json.loads(out)
    facts = ("documents", "totals", "last_numbers", "journal_entries", "journal_last_hash")
    assert there["ok"] and again["ok"] and {k: there[k] for k in facts} == {k: again[k] for k in facts}
    assert set(there["totals"]["EUR"]) == {"invoice", "credit_note"}
    assert there["last_numbers"]["invoice 2026"] == "F2026-00005"
    assert there["last_numbers"]["credit_note 2026"].startswith("AV2026-")
    # Every journal entry, with its hash and the hash it chains to, came back as it left.
    original = _journal(shop_file)
    assert len(original) == there["journal_entries"] and original[-1][2] == there["journal_last_hash"]
    assert _journal(back) == original
    for path in (shop_file, back):
        assert json.loads(run(capsys, "--db", path, "verify", "--json")[1])["ok"] is True
    assert json.loads(run(capsys, "--db", back, "invoice", "list", "--json")[1]) == json.loads(
        run(capsys, "--db", shop_file, "invoice", "list", "--json")[1])
