"""The `comptoir payments` and `comptoir customer statement` commands: JSON of SPEC §4, refusals."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.cli import main
from desktop_app.cli import payments as payments_commands
from tests.support.payment_shop import make_payment_shop

FILES = Path(__file__).parents[1] / "fixtures" / "payments"


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    """The payments commands, whether or not the command list names them yet."""
    if payments_commands not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, payments_commands])


def run(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out.strip().startswith("{") else {}), captured.err


@pytest.fixture
def shop(db):
    make_payment_shop(db)
    return str(db.path)


def test_import_review_resolve_and_verify(shop, capsys):
    statement = str(FILES / "shop" / "camt053_march.xml")
    code, dry, err = run(capsys, "--db", shop, "payments", "import", statement, "--dry-run", "--json")
    assert code == 0, err
    assert dry["dry_run"] is True and dry["payments"] == 5
    code, data, err = run(capsys, "--db", shop, "payments", "import", statement, "--format", "camt053", "--json")
    assert code == 0, err
    assert {k: data[k] for k in ("payments", "matched", "partially_matched", "unmatched", "overpaid")} == {
        "payments": 5, "matched": 4, "partially_matched": 1, "unmatched": 1, "overpaid": 1}
    assert data["received"] == {"EUR": "530.50"}
    code, again, _err = run(capsys, "--db", shop, "payments", "import", statement, "--json")
    assert (again["payments"], again["already_imported"]) == (0, 9)

    code, queue, _err = run(capsys, "--db", shop, "payments", "review", "--json")
    lines = {line["amount"]: line for line in queue["lines"]}
    assert set(lines) == {"45.50", "700.00"} and lines["45.50"]["invoices"] == ["F2026-00004"]
    rent = str(lines["700.00"]["id"])
    code, _data, err = run(capsys, "--db", shop, "payments", "resolve", rent, "--to", "F2026-00003=40")
    assert code == 1 and "F2026-00003 has only 39.90 left to pay" in err
    code, resolved, err = run(capsys, "--db", shop, "payments", "resolve", rent, "--to", "F2026-00003=39.90", "--json")
    assert code == 0, err
    assert (resolved["state"], resolved["invoices"]) == ("matched", ["F2026-00003"])
    code, _data, err = run(capsys, "--db", shop, "payments", "resolve", str(lines["45.50"]["id"]), "--ignore")
    assert code == 0, err
    code, queue, _err = run(capsys, "--db", shop, "payments", "review", "--json")
    assert queue == {"lines": []}
    code, shown, _err = run(capsys, "--db", shop, "invoice", "show", "F2026-00003", "--json")
    assert (shown["balance"], shown["status"]) == ("0.00", "paid")
    code, report, _err = run(capsys, "--db", shop, "verify", "--json")
    assert report["ok"] is True


def test_add_a_payment_then_its_credit_and_a_statement(shop, capsys, tmp_path):
    code, _data, err = run(capsys, "--db", shop, "payments", "add", "F2026-00005,F2026-00001", "200")
    assert code == 1 and "several invoices of one customer" in err
    code, data, err = run(capsys, "--db", shop, "payments", "add", "F2026-00001", "150,00", "--date", "2026-03-20",
                          "--method", "cheque", "--reference", "CHQ 4471", "--json")
    assert code == 0, err
    assert (data["allocations"], data["credit"]) == ([{"invoice": "F2026-00001", "amount": "120.00"}], "30.00")
    jean = str(data["customer_id"])
    code, credit, _err = run(capsys, "--db", shop, "payments", "credit", jean, "--json")
    assert credit == {"customer": int(jean), "credit": {"EUR": "30.00"}}
    code, credit, _err = run(capsys, "--db", shop, "payments", "credit", jean, "--refund", "30", "--json")
    assert credit == {"customer": int(jean), "credit": {}}
    code, _data, err = run(capsys, "--db", shop, "payments", "add", "F2026-00002", "12,5O")
    assert code == 1 and "'12,5O' is not an amount" in err
    code, _data, err = run(capsys, "--db", shop, "payments", "add", "F2026-00002", "10", "--date", "2099-01-01")
    assert code == 1 and "future" in err
    out = tmp_path / "releve.pdf"
    code, _data, err = run(capsys, "--db", shop, "customer", "statement", jean, "-o", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")


def test_a_bad_file_is_refused_on_stderr_and_nothing_changes(shop, capsys):
    bad = str(FILES / "cfonb120_bad.txt")
    code, data, err = run(capsys, "--db", shop, "payments", "import", str(FILES / "shop" / "cfonb120_march.txt"),
                          bad, "--json")
    assert code == 1 and "cfonb120_bad.txt, line 4" in err and data["payments"] == 0
    assert any("line 5, column 'amount'" in error for error in data["errors"])
    code, queue, _err = run(capsys, "--db", shop, "payments", "review", "--state", "all", "--json")
    assert queue == {"lines": []}
    code, shown, _err = run(capsys, "--db", shop, "invoice", "show", "F2026-00001", "--json")
    assert Decimal(shown["balance"]) == Decimal("120.00")
