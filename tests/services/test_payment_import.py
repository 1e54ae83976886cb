"""Importing bank statements and provider exports into a shop: counts, balances, never twice, all or nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app.domain.invoice_status import InvoiceStatus
from desktop_app.domain.progress import run_job
from desktop_app.services.closing import close_period
from desktop_app.services.customers import customer_ids
from desktop_app.services.invoices import InvoiceFilter, find, invoice_ids, invoice_summaries, invoice_view
from desktop_app.services.payment_import import FileRefused, import_payments
from desktop_app.services.payment_review import LineFilter, accept, line_ids, lines_by_ids
from desktop_app.services.payments import customer_credit
from desktop_app.services.verify import verify
from tests.support.payment_shop import make_payment_shop

D = Decimal
FILES = Path(__file__).parents[1] / "fixtures" / "payments"
SHOP_FILES = FILES / "shop"
BANK = {"payments": 5, "matched": 4, "partially_matched": 1, "unmatched": 1, "overpaid": 1, "doubtful": 1,
        "to_review": 2, "settled": 0, "not_payments": 2, "lines": 9, "already_imported": 0}
PROVIDER = {**BANK, "matched": 5, "settled": 1, "not_payments": 1}
# Paid by reference, by amount and name, 50.00 of 89.90, twice, 65.00 for 60.00; checkout ones settled.
BALANCES = {"F2026-00001": D("0.00"), "F2026-00002": D("0.00"), "F2026-00003": D("39.90"), "F2026-00004": D("0.00"),
            "F2026-00005": D("0.00"), "F2026-00006": D("0.00"), "F2026-00007": D("0.00")}
TABLES = ("payments", "payment_allocations", "payment_settlements", "statement_lines", "journal", "import_runs")


@pytest.fixture
def shop(db):
    make_payment_shop(db)
    return db


def balances(db) -> dict[str, Decimal]:
    return {s.number: s.balance for s in invoice_summaries(db, invoice_ids(db, InvoiceFilter(status="issued")))}


def footprint(db) -> dict[str, object]:
    """Row counts of every table an import writes, and the balances: what 'nothing changed' compares."""
    with db.reading() as session:
        counts = {table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar() for table in TABLES}
        counts["balances"] = session.execute(text("SELECT sum(balance), sum(paid) FROM invoice_balances")).one()
    return counts


def customer(db, name: str) -> int:
    return customer_ids(db, name)[0]


@pytest.mark.parametrize(("name", "expected", "fees"), [
    ("camt053_march.xml", BANK, {}),
    ("ofx_march.ofx", BANK, {}),
    ("cfonb120_march.txt", BANK, {}),
    ("stripe_balance_march.csv", PROVIDER, {"EUR": D("10.20")}),
    ("paypal_activity_march.csv", PROVIDER, {"EUR": D("19.17")}),
])
def test_each_format_pays_the_fixture_shop(shop, name, expected, fees):
    summary = run_job(import_payments(shop, [SHOP_FILES / name]))
    data = summary.as_json()
    assert {key: data[key] for key in expected} == expected
    assert data["received"] == {"EUR": D("530.50")} and data["fees"] == fees
    assert balances(shop) == BALANCES
    assert customer_credit(shop, customer(shop, "Paul Garnier")) == {"EUR": D("5.00")}     # 65.00 for 60.00
    assert customer_credit(shop, customer(shop, "Sophie Bernard")) == {}                  # second payment waits
    queue = lines_by_ids(shop, line_ids(shop, LineFilter(state="review")))
    assert sorted((line.state, line.amount, line.rule) for line in queue) == sorted([
        ("doubtful", D("45.50"), "already_paid"),
        ("unmatched", D("33.00") if expected is PROVIDER else D("700.00"), "no_match")])
    assert run_job(verify(shop)).ok


@pytest.mark.parametrize("name", ["camt053_march.xml", "cfonb120_march.txt", "stripe_balance_march.csv"])
def test_importing_the_same_file_again_changes_nothing(shop, name):
    run_job(import_payments(shop, [SHOP_FILES / name]))
    before = footprint(shop)
    again = run_job(import_payments(shop, [SHOP_FILES / name])).as_json()
    assert (again["lines"], again["already_imported"], again["payments"], again["matched"], again["to_review"]) == (
        9, 9, 0, 0, 0)
    assert footprint(shop) == before


@pytest.mark.parametrize(("first", "later"), [("camt053_march.xml", "camt053_march_overlap.xml"),
                                              ("cfonb120_march.txt", "cfonb120_march_overlap.txt")])
def test_an_overlapping_later_statement_adds_only_its_new_line(shop, first, later):
    run_job(import_payments(shop, [SHOP_FILES / first]))
    before = footprint(shop)
    data = run_job(import_payments(shop, [SHOP_FILES / later])).as_json()
    assert (data["lines"], data["already_imported"], data["payments"], data["matched"], data["to_review"]) == (
        5, 4, 1, 1, 0)
    after = footprint(shop)
    assert (after["payments"], after["statement_lines"]) == (before["payments"] + 1, before["statement_lines"] + 1)
    assert balances(shop)["F2026-00003"] == D("0.00")             # the balance of 39.90, paid at last


def test_both_files_at_once_count_the_shared_lines_once(shop):
    data = run_job(import_payments(shop, [SHOP_FILES / "camt053_march.xml",
                                          SHOP_FILES / "camt053_march_overlap.xml"])).as_json()
    assert (data["lines"], data["already_imported"], data["payments"], data["matched"]) == (14, 4, 6, 5)
    assert balances(shop)["F2026-00003"] == D("0.00")


def test_the_stripe_payments_export_repeats_the_balance_report(shop):
    run_job(import_payments(shop, [SHOP_FILES / "stripe_balance_march.csv"]))
    before = footprint(shop)
    data = run_job(import_payments(shop, [SHOP_FILES / "stripe_payments_march.csv"])).as_json()
    assert (data["lines"], data["already_imported"], data["payments"]) == (8, 8, 0)
    assert footprint(shop) == before


def test_a_stripe_file_settles_the_checkout_payment_with_its_fee_and_pays_nothing_twice(shop):
    invoice_id = find(shop, "F2026-00006")
    assert invoice_view(shop, invoice_id).status is InvoiceStatus.PAID            # paid at checkout
    with shop.reading() as session:
        checkout = session.execute(text("SELECT count(*), sum(amount) FROM payments WHERE source = 'checkout'")).one()
    run_job(import_payments(shop, [SHOP_FILES / "stripe_balance_march.csv"]))
    view = invoice_view(shop, invoice_id)
    assert view.status is InvoiceStatus.PAID and view.paid == D("49.00") and len(view.payments) == 1
    with shop.reading() as session:
        assert session.execute(text("SELECT count(*), sum(amount) FROM payments WHERE source = 'checkout'")
                               ).one() == checkout
        settled = session.execute(text("SELECT amount, fee, payout_id FROM payment_settlements")).all()
        kinds = [row[0] for row in session.execute(text("SELECT kind FROM journal WHERE subject = 'F2026-00006' "
                                                        "ORDER BY seq"))]
    assert settled == [(4900, 99, "po_1QkFz2LzYpVb1a2cMarch")]                   # cents: 49.00, fee 0.99
    assert kinds == ["invoice_issued", "payment_recorded", "payment_settled"]
    [line] = [line for line in lines_by_ids(shop, line_ids(shop, LineFilter(state="matched")))
              if line.state == "settled"]
    assert (line.amount, line.fee, line.invoice_numbers, line.payment_id) == (D("49.00"), D("0.99"),
                                                                               ["F2026-00006"], None)


@pytest.mark.parametrize(("name", "expected"), [
    ("camt053_bad_values.xml", ["camt053_bad_values.xml, line 9, column 'Ntry/Amt': '12,50' is not an amount",
                                "line 21, column 'Ntry/BookgDt': '2026-02-30' is not a date"]),
    ("cfonb120_bad.txt", ["cfonb120_bad.txt, line 4: this record has 90 characters; CFONB 120 records have 120.",
                          "line 6, column 'booking date': '320126' is not a date (JJMMAA)."]),
    ("ofx_bad_values.ofx", ["ofx_bad_values.ofx, line 52, column 'TRNAMT': '25O,00' is not a number."]),
    ("camt053_truncated.xml", ["camt053_truncated.xml, line 89: the XML is not well-formed"]),
    ("mt940_statement.sta", ["this is an MT940 (SWIFT) statement, which Comptoir does not read"]),
])
def test_malformed_bank_files_are_refused_with_precise_messages_and_nothing_written(shop, name, expected):
    before = footprint(shop)
    # A good file next to a bad one is not imported either: all the files or none.
    with pytest.raises(FileRefused) as refused:
        run_job(import_payments(shop, [SHOP_FILES / "camt053_march.xml", FILES / name]))
    messages = [str(problem) for problem in refused.value.problems]
    for wanted in expected:
        assert any(wanted in message for message in messages), (wanted, messages)
    assert all(message.startswith(name) for message in messages)
    assert footprint(shop) == before


def test_a_dry_run_counts_without_writing(shop):
    before = footprint(shop)
    summary = run_job(import_payments(shop, [SHOP_FILES / "camt053_march.xml"], dry_run=True))
    assert summary.dry_run and (summary.payments, summary.matched, summary.to_review) == (5, 4, 2)
    assert [o.state for o in summary.outcomes][:3] == ["matched", "matched", "matched"]
    assert footprint(shop) == before


def test_payments_dated_in_a_closed_month_wait_and_are_recorded_today_once_accepted(shop):
    close_period(shop, "2026-03")
    data = run_job(import_payments(shop, [SHOP_FILES / "camt053_march.xml"])).as_json()
    assert (data["payments"], data["doubtful"], data["unmatched"]) == (0, 6, 1)
    [line] = [line for line in lines_by_ids(shop, line_ids(shop)) if line.amount == D("120.00")]
    assert line.reason.startswith("2026-03 is closed")
    accept(shop, line.id)
    view = invoice_view(shop, find(shop, "F2026-00001"))
    assert view.balance == D("0.00") and view.payments[0].received_on > date(2026, 3, 31)
    assert run_job(verify(shop)).ok
