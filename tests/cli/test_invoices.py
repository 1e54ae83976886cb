"""The `comptoir invoice` commands, their JSON, and their refusals."""

from __future__ import annotations

import json

import pytest

from desktop_app.cli import main
from tests.support.shop import make_shop


def run(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out.strip().startswith("{") else {}), captured.err


@pytest.fixture
def shop(db):
    make_shop(db)
    return str(db.path)


def test_from_orders_with_issue_then_list_show_and_credit(shop, capsys):
    code, data, err = run(capsys, "--db", shop, "invoice", "from-orders", "--all", "--issue", "--json")
    assert code == 0, err
    numbers = [(i["number"], i["total"], i["currency"]) for i in data["invoices"]]
    assert ("F2026-00001", "93.70", "EUR") in numbers and any(n.startswith("AV2026") for n, _t, _c in numbers)
    code, listing, _err = run(capsys, "--db", shop, "invoice", "list", "--status", "unpaid", "--json")
    assert code == 0 and {i["order"] for i in listing["invoices"]} == {"#1002", "5001"}
    code, shown, _err = run(capsys, "--db", shop, "invoice", "show", "F2026-00001", "--json")
    assert code == 0 and shown["total"] == "93.70" and shown["status"] == "paid"
    assert {v["rate"] for v in shown["vat"]} == {"5.5", "20"}
    code, credited, _err = run(capsys, "--db", shop, "invoice", "credit", "F2026-00002", "--reason", "Annulée",
                               "--json")
    assert code == 0 and credited["invoices"][0]["number"].startswith("AV2026-")
    code, _again, err = run(capsys, "--db", shop, "invoice", "credit", "F2026-00002")
    assert code == 1 and "more than what is left" in err
    code, report, _err = run(capsys, "--db", shop, "verify", "--json")
    assert report["ok"] is True


def test_from_orders_by_reference_and_issue_by_id(shop, capsys):
    code, data, _err = run(capsys, "--db", shop, "invoice", "from-orders", "1001", "--json")
    assert code == 0 and len(data["invoices"]) == 1 and data["invoices"][0]["number"] is None
    draft_id = str(data["invoices"][0]["id"])
    code, issued, _err = run(capsys, "--db", shop, "invoice", "issue", draft_id, "--json")
    assert code == 0 and issued["invoices"][0]["number"] == "F2026-00001"
    code, _data, err = run(capsys, "--db", shop, "invoice", "from-orders", "#9999")
    assert code == 1 and "#9999" in err
    code, _data, err = run(capsys, "--db", shop, "invoice", "show", "F2099-00001")
    assert code == 1 and "F2099-00001" in err
