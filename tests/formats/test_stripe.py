"""Stripe exports: payments CSV (old and new headers, EU decimal comma), balance report, legacy activity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from desktop_app.domain.payments import TransactionKind
from desktop_app.formats.payments import ReadOptions
from desktop_app.formats.payments.writers import write_stripe_balance, write_stripe_payments
from tests.fixtures.payments.helpers import FIXTURES, outcome, read, read_bytes, refusal

D = Decimal
SETTLED = "ch_3QkDn2LzYpVb1a2c0x1A9fGh"
LINK = "ch_3QkFa8LzYpVb1a2c1Tz7uWqE"
REFUNDED = "ch_3QkHc4LzYpVb1a2c1Yy6hJkL"


def test_payments_export_new_header() -> None:
    transactions = read("stripe", "stripe_payments_new.csv")
    assert [(t.external_id, t.booked_on, t.amount, t.fee, t.net, t.currency, t.kind) for t in transactions] == [
        (SETTLED, date(2026, 1, 12), D("49.00"), D("0.99"), D("48.01"), "EUR", TransactionKind.PAYMENT),
        (LINK, date(2026, 1, 15), D("35.00"), D("0.78"), D("34.22"), "EUR", TransactionKind.PAYMENT),
        (REFUNDED, date(2026, 1, 18), D("89.00"), D("1.50"), D("87.50"), "EUR", TransactionKind.PAYMENT),
        (f"{REFUNDED}-refund", date(2026, 1, 19), D("-89.00"), D("0"), D("-89.00"), "EUR", TransactionKind.REFUND),
        # 23:30 UTC on 31 January is already 1 February in Paris.
        ("ch_3QkJd7LzYpVb1a2c0Uu2iOpA", date(2026, 2, 1), D("12.34"), D("0.42"), D("11.92"), "EUR",
         TransactionKind.PAYMENT),
    ]
    first = transactions[0]
    assert (first.origin, first.label, first.payer_name, first.payer_email, first.references, first.gateway_ids,
            first.method, first.source_line) == (
        "stripe", "La Boutique de Comptoir - Order 1010", "Hugo Blanc", "hugo.blanc@example.com", ("1010",),
        (SETTLED, "pi_3QkDn2LzYpVb1a2c0q8ZkLmN"), "stripe", 2)
    assert transactions[3].related_id == REFUNDED
    utc = read("stripe", "stripe_payments_new.csv", ReadOptions(timezone=ZoneInfo("UTC")))
    assert utc[-1].booked_on == date(2026, 1, 31)


def test_payments_export_settles_and_pays() -> None:
    assert outcome(read("stripe", "stripe_payments_new.csv")) == {
        SETTLED: ("sure", "gateway_id", [("F2026-00010", D("49.00"))], D("0")),
        LINK: ("sure", "reference", [("F2026-00011", D("35.00"))], D("0")),
        REFUNDED: ("none", "no_match", [], D("0")),
        f"{REFUNDED}-refund": ("none", "refund", [], D("0")),
        "ch_3QkJd7LzYpVb1a2c0Uu2iOpA": ("none", "no_match", [], D("0")),
    }


def test_payments_export_old_header_with_decimal_commas_and_conversion() -> None:
    transactions = read("stripe", "stripe_payments_old_eu.csv")
    assert [(t.external_id, t.booked_on, t.amount, t.fee, t.currency) for t in transactions] == [
        ("ch_1OldAbCdEfGh2026a", date(2025, 12, 31), D("35.00"), D("0.78"), "EUR"),
        # Fee 3,45 EUR on a 100 USD charge settled as 92 EUR: 3.75 USD at the charge's own rate.
        ("ch_1OldAbCdEfGh2026b", date(2026, 1, 14), D("100.00"), D("3.75"), "USD"),
    ]
    assert outcome(transactions) == {
        "ch_1OldAbCdEfGh2026a": ("sure", "reference", [("F2026-00011", D("35.00"))], D("0")),
        "ch_1OldAbCdEfGh2026b": ("sure", "reference", [("F2026-00014", D("100.00"))], D("0")),
    }


def test_balance_report() -> None:
    transactions = read("stripe", "stripe_balance_report.csv")
    assert [(t.external_id, t.booked_on, t.value_on, t.amount, t.fee, t.kind, t.payout_id) for t in transactions] == [
        (SETTLED, date(2026, 1, 12), date(2026, 1, 14), D("49.00"), D("0.99"), TransactionKind.PAYMENT,
         "po_1QkZ8fLzYpVb1a2cWm7tQe3R"),
        (LINK, date(2026, 1, 15), date(2026, 1, 17), D("35.00"), D("0.78"), TransactionKind.PAYMENT,
         "po_1QkZ8fLzYpVb1a2cWm7tQe3R"),
        ("txn_3QkHc4LzYpVb1a2c1b2cD3eF", date(2026, 1, 19), date(2026, 1, 19), D("-89.00"), D("0.00"),
         TransactionKind.REFUND, "po_1QkZ8fLzYpVb1a2cWm7tQe3R"),
        ("txn_1QkTq0LzYpVb1a2cStripeFee", date(2026, 1, 20), date(2026, 1, 20), D("-2.00"), D("0.00"),
         TransactionKind.FEE, "po_1QkZ8fLzYpVb1a2cWm7tQe3R"),
        ("txn_1QkZ8gLzYpVb1a2cPayoutTx", date(2026, 1, 21), date(2026, 1, 21), D("-1234.56"), D("0.00"),
         TransactionKind.PAYOUT, "po_1QkZ8fLzYpVb1a2cWm7tQe3R"),
    ]
    charge = transactions[1]
    assert (charge.references, charge.gateway_ids, charge.payer_email) == (
        ("1011",), ("txn_3QkFa8LzYpVb1a2c1w9xY0zA", LINK, "pi_3QkFa8LzYpVb1a2c1o0PqRsT"), "nina.perrin@example.org")
    assert transactions[2].related_id == REFUNDED
    assert outcome(transactions)[SETTLED] == ("sure", "gateway_id", [("F2026-00010", D("49.00"))], D("0"))


def test_a_charge_has_the_same_id_in_the_payments_export_and_the_balance_report() -> None:
    payments = {t.external_id for t in read("stripe", "stripe_payments_new.csv") if t.kind is TransactionKind.PAYMENT}
    balance = {t.external_id for t in read("stripe", "stripe_balance_report.csv") if t.kind is TransactionKind.PAYMENT}
    assert balance <= payments


def test_legacy_all_activity_export() -> None:
    transactions = read("stripe", "stripe_balance_legacy.csv")
    assert [(t.external_id, t.amount, t.fee, t.kind, t.value_on) for t in transactions] == [
        (LINK, D("35.00"), D("0.78"), TransactionKind.PAYMENT, date(2026, 1, 17)),
        ("txn_1LgA2bLzYpVb1a2c9DdEeFf", D("-89.00"), D("0.00"), TransactionKind.REFUND, date(2026, 1, 19)),
        ("txn_1LgA2bLzYpVb1a2c9GgHhIi", D("-2.00"), D("0.00"), TransactionKind.FEE, date(2026, 1, 20)),
        ("txn_1LgA2bLzYpVb1a2c9JjKkLl", D("-1234.56"), D("0.00"), TransactionKind.PAYOUT, date(2026, 1, 23)),
    ]
    assert transactions[3].payout_id == "po_1QkZ8fLzYpVb1a2cWm7tQe3R"


def test_report_time_zone_twins_are_not_shifted() -> None:
    data = (b"balance_transaction_id,created,currency,gross,fee,net,reporting_category\r\n"
            b"txn_1,2026-01-31 23:30:00,eur,10.00,0.50,9.50,charge\r\n")
    [tx] = read_bytes("stripe", data)
    assert (tx.booked_on, tx.external_id, tx.net) == (date(2026, 1, 31), "txn_1", D("9.50"))


def test_every_bad_cell_is_reported() -> None:
    assert refusal("stripe", (FIXTURES / "stripe_bad.csv").read_bytes()) == [
        (3, "Amount", "'12,5O' is not a number."),
        (4, "Created date (UTC)", "'31/01/2026 10:00' is not a date and time (YYYY-MM-DD HH:MM)."),
        (5, "id", "the payment id is missing."),
    ]


def test_balance_net_must_be_gross_less_fee_and_columns_must_exist() -> None:
    data = (b"balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category\r\n"
            b"txn_1,2026-01-20 10:00:00,eur,10.00,0.50,9.00,charge\r\n")
    assert refusal("stripe", data) == [(2, "net", "the net amount 9.00 is not the gross 10.00 less the fee 0.50.")]
    missing = b"balance_transaction_id,created_utc,currency,gross\r\ntxn_1,2026-01-20 10:00:00,eur,10.00\r\n"
    assert refusal("stripe", missing) == [(1, "", "the file has no column 'fee', 'net', 'reporting_category'.")]
    assert refusal("stripe", b"a,b\r\n1,2\r\n")[0][2].startswith("this is not a Stripe export")


def test_writers_read_back() -> None:
    original = read("stripe", "stripe_payments_new.csv")
    for old, comma in ((False, False), (True, True)):
        again = read_bytes("stripe", write_stripe_payments(original, old_header=old, decimal_comma=comma))
        fields = ("external_id", "booked_on", "amount", "fee", "currency", "kind", "references", "payer_email")
        assert [tuple(getattr(t, f) for f in fields) for t in again] == \
            [tuple(getattr(t, f) for f in fields) for t in original]
    balance = read("stripe", "stripe_balance_report.csv")
    again = read_bytes("stripe", write_stripe_balance(balance))
    fields = ("external_id", "booked_on", "value_on", "amount", "fee", "kind", "payout_id", "references")
    assert [tuple(getattr(t, f) for f in fields) for t in again] == \
        [tuple(getattr(t, f) for f in fields) for t in balance]
