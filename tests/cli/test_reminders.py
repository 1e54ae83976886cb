"""The command-line contract of `comptoir reminders` and `comptoir outbox` (SPEC §4)."""

from __future__ import annotations

import json
from email import policy
from email.parser import BytesParser

import pytest

from desktop_app import cli
from desktop_app.bootstrap import open_database
from desktop_app.cli import main
from desktop_app.cli import reminders as reminder_commands
from tests.support.dunning import BUSINESS, CONSUMER, FIRST_ROUND, overdue_shop
from tests.support.smtp_server import free_port, smtp_server


@pytest.fixture(autouse=True)
def reminder_commands_registered(monkeypatch):
    if reminder_commands not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, reminder_commands])


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def shop_file(tmp_path):
    def make(port: int) -> str:
        path = tmp_path / "shop.db"
        db = open_database(path)
        overdue_shop(db, port)
        db.dispose()
        return str(path)
    return make


def test_reminders_due_json(capsys, shop_file):
    db = shop_file(25)
    code, out, _err = run(capsys, "--db", db, "reminders", "due", "--on", FIRST_ROUND.isoformat(), "--json")
    assert code == 0
    due = json.loads(out)["due"]
    assert [row["invoice"] for row in due] == [CONSUMER, BUSINESS]
    assert set(due[1]) >= {"invoice", "level", "customer", "email", "amount_due", "days_late"}
    assert (due[1]["level"], due[1]["amount_due"], due[1]["days_late"], due[1]["email"]) == (
        1, "491.70", 7, "einkauf@teehaus.example")
    code, out, _err = run(capsys, "--db", db, "reminders", "due", "--on", "2026-04-01", "--json")
    assert json.loads(out) == {"due": []}


def test_reminders_run_then_send_when_the_server_is_back(capsys, shop_file, tmp_path):
    port = free_port()
    db = shop_file(port)
    code, out, err = run(capsys, "--db", db, "reminders", "run", "--on", FIRST_ROUND.isoformat(), "--json")
    assert code == 0 and err == ""
    assert json.loads(out) == {"prepared": 2, "sent": 0, "queued": 2, "failed": 0, "letters": 0, "errors": []}
    code, out, err = run(capsys, "--db", db, "reminders", "run", "--on", FIRST_ROUND.isoformat(), "--send", "--json")
    report = json.loads(out)
    assert code == 2 and "Cannot reach the SMTP server" in err
    assert (report["prepared"], report["sent"], report["queued"], report["failed"]) == (0, 0, 2, 0)
    with smtp_server(port) as mailbox:
        code, out, _err = run(capsys, "--db", db, "outbox", "send", "--force", "--json")
        assert code == 0 and json.loads(out)["sent"] == 2 and len(mailbox.received) == 2
    code, out, _err = run(capsys, "--db", db, "outbox", "list", "--json")
    messages = json.loads(out)["messages"]
    assert {m["state"] for m in messages} == {"sent"} and all(m["attempts"] == 2 for m in messages)
    eml = tmp_path / "first.eml"
    code, _out, _err = run(capsys, "--db", db, "outbox", "export", str(messages[0]["id"]), "-o", str(eml))
    assert code == 0
    assert BytesParser(policy=policy.default).parsebytes(eml.read_bytes())["Message-ID"] == messages[0]["message_id"]


def test_pause_resume_and_errors_change_nothing(capsys, shop_file):
    db = shop_file(25)
    code, _out, _err = run(capsys, "--db", db, "reminders", "pause", CONSUMER, "--reason", "Litige")
    assert code == 0
    code, out, _err = run(capsys, "--db", db, "reminders", "due", "--on", FIRST_ROUND.isoformat(), "--json")
    assert [row["invoice"] for row in json.loads(out)["due"]] == [BUSINESS]
    assert run(capsys, "--db", db, "reminders", "resume", CONSUMER)[0] == 0
    code, _out, err = run(capsys, "--db", db, "outbox", "retry", "999")
    assert code == 1 and "Nothing changed" in err
    code, _out, err = run(capsys, "--db", db, "reminders", "pause", "F2099-99999", "--reason", "x")
    assert code == 1 and err
