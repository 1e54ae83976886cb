"""The log folder never holds a customer's name, e-mail address or IBAN, nor the SMTP password, even with
--verbose: a whole working day (import, invoicing, payments, reminders sent) is run and the logs scanned."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from platformdirs import user_log_path

from desktop_app.cli import main
from desktop_app.domain.orders import OrderAddress
from desktop_app.formats.orders.writers import write_shopify_csv
from tests.conftest import FIXTURES
from tests.support.payment_shop import payment_orders
from tests.support.shop import COMPANY
from tests.support.smtp_server import smtp_server

PASSWORD = "Tr3s-S3cret!pw"
SECRETS = ("Lucie Martin", "LUCIE MARTIN", "lucie.martin@example.fr", "Hugo Blanc", "hugo.blanc@example.com",
           "Ondine Quérard-Zylberstein", "ondine.qz@example.org", "FR7630006000011234567890189", "8 rue Mercière",
           PASSWORD)


def test_a_working_day_leaves_no_personal_data_or_secret_in_the_logs(tmp_path, monkeypatch, capsys):
    db_file = str(tmp_path / "shop.db")
    orders = payment_orders()
    orders[0] = replace(orders[0], email="ondine.qz@example.org", billing=OrderAddress(
        name="Ondine Quérard-Zylberstein", line1="8 rue Mercière", postcode="69002", city="Lyon", country="FR"))
    export = tmp_path / "orders_export_day.csv"
    export.write_bytes(write_shopify_csv(orders))
    cli = ["--verbose", "--db", db_file]
    assert main([*cli, "init"]) == 0
    assert main([*cli, "company", "set", *(f"{k}={v}" for k, v in COMPANY.items())]) == 0
    assert main([*cli, "import", "orders", str(export)]) == 0
    assert main([*cli, "invoice", "from-orders", "--all", "--issue"]) == 0
    assert main([*cli, "payments", "import", str(FIXTURES / "payments" / "shop" / "camt053_march.xml")]) == 0
    with smtp_server(password=PASSWORD) as mailbox:
        monkeypatch.setenv("COMPTOIR_SMTP_PASSWORD", PASSWORD)
        assert main([*cli, "settings", "set", "smtp.host=127.0.0.1", f"smtp.port={mailbox.port}",
                     "smtp.security=none", "smtp.user=shop", "smtp.from=bonjour@maison-lumiere.example"]) == 0
        assert main([*cli, "reminders", "run", "--on", "2027-01-10", "--send"]) == 0
        assert mailbox.received and mailbox.logins == [("shop", PASSWORD)]
    capsys.readouterr()
    folder = Path(user_log_path("comptoir", appauthor=False))
    logs = {path.name: path.read_text(encoding="utf-8", errors="replace")
            for path in folder.rglob("*") if path.is_file()}
    assert logs and sum(len(text) for text in logs.values()) > 0
    found = [(name, secret) for name, text in logs.items() for secret in SECRETS if secret in text]
    assert found == []
