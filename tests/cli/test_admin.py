"""The command-line contract of init, company, settings and verify."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from desktop_app import __version__
from desktop_app.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_init_demo_then_company_show_and_verify(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    code, out, _err = run(capsys, "--db", db, "init", "--demo", "--json")
    assert code == 0 and json.loads(out)["orders"] > 500
    code, out, _err = run(capsys, "--db", db, "company", "show", "--json")
    company = json.loads(out)
    assert code == 0 and company["name"] == "Maison Lumière" and company["siren"] == "832145676"
    code, out, _err = run(capsys, "--db", db, "verify", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True and report["first_broken"] is None and "journal" in report["checked"]


def test_a_bad_value_is_refused_with_a_sentence_and_changes_nothing(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    assert run(capsys, "--db", db, "company", "set", "name=Maison Lumière")[0] == 0
    code, out, err = run(capsys, "--db", db, "company", "set", "siren=123", "name=Other")
    assert code == 1 and out == ""
    assert "'123' is not a valid SIREN" in err
    assert json.loads(run(capsys, "--db", db, "company", "show", "--json")[1])["name"] == "Maison Lumière"
    code, _out, err = run(capsys, "--db", db, "company", "set", "siren")
    assert code == 1 and "KEY=VALUE" in err


def test_settings_show_and_set(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    code, out, _err = run(capsys, "--db", db, "settings", "set", "numbering.invoice=FA{year}-{seq:04}", "--json")
    assert code == 0 and json.loads(out)["numbering.invoice"] == "FA{year}-{seq:04}"
    code, _out, err = run(capsys, "--db", db, "settings", "set", "numbering.invoice=FA")
    assert code == 1 and "{seq}" in err


def test_init_demo_refuses_a_database_that_holds_a_shop(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    assert run(capsys, "--db", db, "init", "--demo")[0] == 0
    code, _out, err = run(capsys, "--db", db, "init", "--demo")
    assert code == 1 and "already holds a shop" in err


def test_the_installed_command_and_its_version(tmp_path):
    command = str(Path(sys.executable).parent / "comptoir")
    result = subprocess.run([command, "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.strip() == f"comptoir {__version__}"
    result = subprocess.run([sys.executable, "-m", "desktop_app.cli", "--db", str(tmp_path / "y.db"), "verify",
                             "--json"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and json.loads(result.stdout)["ok"] is True
