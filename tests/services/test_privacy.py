"""A customer's data: a complete copy for them, and erasure only where the law allows, said in words."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import date

import pytest
from sqlalchemy import text

from desktop_app.cli import main
from desktop_app.domain.progress import run_job
from desktop_app.domain.retention import kept_until
from desktop_app.services.customers import customer_ids, get_customer
from desktop_app.services.invoices import find
from desktop_app.services.mail_messages import send_invoice_by_email
from desktop_app.services.privacy import ErasureRefused, erase_customer, erasure_check, export_customer
from desktop_app.services.rendering import invoice_pdf
from desktop_app.services.verify import verify
from desktop_app.store.journal import event_entries
from tests.support.dunning import CONSUMER, CONSUMER_EMAIL, overdue_shop


def _customer_of(db, email: str) -> int:
    return next(i for i in customer_ids(db, email) if get_customer(db, i).email == email)


def _rows(db, table: str, where: str) -> list[dict]:
    with db.engine.connect() as connection:
        rows = connection.execute(text(f"SELECT * FROM {table} WHERE {where} ORDER BY 1"))
        return [dict(row._mapping) for row in rows]


def _events(db, kind: str) -> list[dict]:
    with db.reading() as session:
        return [json.loads(e.payload) for e in event_entries(session) if e.kind == kind]


def test_everything_held_about_a_customer_in_one_zip(db, tmp_path):
    overdue_shop(db)
    customer = _customer_of(db, CONSUMER_EMAIL)
    send_invoice_by_email(db, find(db, CONSUMER))
    result = export_customer(db, customer, tmp_path / "anne.zip")
    assert result.documents == 1 and result.emails == 1
    with zipfile.ZipFile(result.path) as archive:
        data = json.loads(archive.read("customer.json"))
        names = archive.namelist()
        pdf = archive.read(f"documents/{CONSUMER}.pdf")
        mail = archive.read(next(n for n in names if n.startswith("emails/")))
    assert data["customer"][0]["email"] == CONSUMER_EMAIL
    assert [o["reference"] for o in data["orders"]] == ["#1002"]
    assert [i["number"] for i in data["invoices"]] == [CONSUMER] and data["invoice_lines"]
    assert data["emails"][0]["recipients"] == CONSUMER_EMAIL and b"Subject:" in mail
    assert pdf == invoice_pdf(db, find(db, CONSUMER))
    assert result.path.stat().st_mode & 0o077 == 0
    assert _events(db, "customer_data_exported") == [{"customer_id": customer, "documents": 1, "emails": 1}]


def test_erasure_is_refused_with_the_invoices_and_the_date_that_keep_the_data(db):
    overdue_shop(db)
    customer = _customer_of(db, CONSUMER_EMAIL)
    before = _rows(db, "customers", f"id = {customer}"), _rows(db, "orders", f"customer_id = {customer}")
    with pytest.raises(ErasureRefused) as refused:
        erase_customer(db, customer, on=date(2026, 12, 1))
    reasons = refused.value.reasons
    assert f"{CONSUMER} (2036-12-31)" in reasons[0] and "until 2036-12-31" in reasons[0]
    assert f"{CONSUMER} still has 106.20 EUR to pay." in reasons
    assert (_rows(db, "customers", f"id = {customer}"), _rows(db, "orders", f"customer_id = {customer}")) \
        == before
    # Past the retention period, only the unpaid balance still holds it.
    assert erasure_check(db, customer, date(2037, 1, 1)) == [f"{CONSUMER} still has 106.20 EUR to pay."]


def test_erasure_after_the_retention_period_blanks_the_person_but_not_the_issued_documents(db):
    overdue_shop(db)
    customer = _customer_of(db, "zoe@example.fr")            # paid at checkout: nothing left to pay
    number = "F2026-00001"
    pdf = invoice_pdf(db, find(db, number))
    assert kept_until(date(2026, 3, 6)) == date(2036, 12, 31)
    result = erase_customer(db, customer, on=date(2037, 1, 1))
    assert result.orders == 2
    erased = get_customer(db, customer)
    assert erased.name == f"Erased customer {customer}" and erased.email == "" and erased.billing.line1 == ""
    orders = _rows(db, "orders", f"customer_id = {customer}")
    assert orders and not any("Zoë" in str(row) or "zoe@example.fr" in str(row) or "Célestins" in str(row)
                              for row in orders)
    # The invoice keeps its buyer as issued, byte for byte; the journal still holds.
    assert _rows(db, "invoices", f"number = '{number}'")[0]["buyer_name"] == "Zoë Lefèvre"
    assert hashlib.sha256(invoice_pdf(db, find(db, number))).digest() == hashlib.sha256(pdf).digest()
    assert run_job(verify(db)).ok
    assert _events(db, "customer_erased")[0]["customer_id"] == customer


def test_the_command_line_says_why_not(db, tmp_path, capsys):
    overdue_shop(db)
    customer = _customer_of(db, CONSUMER_EMAIL)
    assert main(["--db", db.url, "customer", "erase", str(customer), "--json"]) == 1
    captured = capsys.readouterr()
    answer = json.loads(captured.out)
    assert answer["erased"] is False and any("L123-22" in reason for reason in answer["reasons"])
    assert "cannot be erased yet" in captured.err
    assert main(["--db", db.url, "customer", "export", str(customer), "-o", str(tmp_path / "c.zip")]) == 0
    assert zipfile.ZipFile(tmp_path / "c.zip").namelist()[0] == "customer.json"
    assert main(["--db", db.url, "customer", "erase", "9999"]) == 1
    assert "does not exist" in capsys.readouterr().err
