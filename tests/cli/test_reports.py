"""`comptoir report ...` and `comptoir export fec`: the JSON contract of SPEC §4 and the files."""

from __future__ import annotations

import json

import openpyxl
import pytest

from desktop_app import cli
from desktop_app.cli import reports
from tests.services.reports_shop import quarter_shop_copy


@pytest.fixture(autouse=True)
def with_report_commands(monkeypatch):
    """Until the command module is listed in COMMAND_MODULES, add it for these tests."""
    if reports not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, reports])


@pytest.fixture
def shop(tmp_path_factory, tmp_path):
    quarter = quarter_shop_copy(tmp_path_factory, tmp_path)
    yield str(quarter.db.path)
    quarter.db.dispose()


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_vat_report_json_contract(shop, capsys):
    code, out, err = run(capsys, "--db", shop, "report", "vat", "--from", "2026-01-01", "--to", "2026-03-31",
                         "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["total_base"], data["total_vat"]) == ("550.00", "12.75")
    assert [{k: row[k] for k in ("category", "rate", "base", "vat")} for row in data["by_rate"]] == [
        {"category": "S", "rate": "20", "base": "50.00", "vat": "10.00"},
        {"category": "S", "rate": "5.5", "base": "50.00", "vat": "2.75"},
        {"category": "K", "rate": "0", "base": "400.00", "vat": "0.00"},
        {"category": "G", "rate": "0", "base": "50.00", "vat": "0.00"}]
    code, out, _err = run(capsys, "--db", shop, "report", "vat", "--from", "2026-03-01", "--to", "2026-03-31",
                          "--basis", "encaissements")
    assert code == 0 and json.loads(out)["basis"] == "encaissements"


@pytest.mark.parametrize("kind", ["sales", "aging", "balances", "kpi"])
def test_every_report_prints_json_without_a_file(shop, capsys, kind):
    code, out, err = run(capsys, "--db", shop, "report", kind, "--from", "2026-01-01", "--to", "2026-03-31")
    assert code == 0, err
    assert json.loads(out)


def test_report_files_by_format_or_suffix(shop, capsys, tmp_path):
    target = tmp_path / "ventes.xlsx"
    code, _out, err = run(capsys, "--db", shop, "report", "sales", "--from", "2026-01-01", "--to", "2026-03-31",
                          "-o", str(target))
    assert code == 0, err
    sheet = openpyxl.load_workbook(target).active
    assert sheet["A5"].value == "F2026-00001" and sheet["B5"].is_date and sheet["D5"].data_type == "n"
    pdf = tmp_path / "aging.out"
    code, out, _err = run(capsys, "--db", shop, "report", "aging", "--from", "2026-01-01", "--to", "2026-02-28",
                          "--format", "pdf", "-o", str(pdf), "--json")
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF") and json.loads(out)["format"] == "pdf"
    code, _out, err = run(capsys, "--db", shop, "report", "vat", "--from", "2026-01-01", "--to", "2026-03-31",
                          "--format", "csv")
    assert code == 1 and "-o" in err


def test_bad_periods_are_refused_in_words(shop, capsys):
    code, _out, err = run(capsys, "--db", shop, "report", "vat", "--from", "2026-04-01", "--to", "2026-03-31")
    assert code == 1 and "before it starts" in err
    with pytest.raises(SystemExit):
        cli.main(["--db", shop, "report", "vat", "--from", "1 avril", "--to", "2026-03-31"])
    assert "not a date" in capsys.readouterr().err


def test_export_fec(shop, capsys, tmp_path):
    code, out, err = run(capsys, "--db", shop, "export", "fec", "--year", "2026", "-o", str(tmp_path), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["file"].endswith("732829320FEC20261231.txt") and data["lines"] == 39
    assert data["debit"] == data["credit"] == "1741.00"
    code, out, _err = run(capsys, "--db", shop, "export", "fec", "--year", "2026", "-o", str(tmp_path / "f.txt"))
    assert code == 0 and "15 entries" in out
