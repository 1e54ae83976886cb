"""PayPal activity downloads: English and French headers, locale of numbers and dates, Memo rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.domain.payments import TransactionKind
from desktop_app.formats.payments import ReadOptions, detect
from desktop_app.formats.payments.writers import write_paypal
from tests.fixtures.payments.helpers import FIXTURES, outcome, read, read_bytes, refusal

D = Decimal
K = TransactionKind


def test_english_us_account() -> None:
    transactions = read("paypal", "paypal_activity_en.csv")
    assert [(t.external_id, t.booked_on, t.amount, t.fee, t.net, t.currency, t.kind) for t in transactions] == [
        ("7XK12345AB678901C", date(2026, 1, 13), D("58.00"), D("2.37"), D("55.63"), "EUR", K.PAYMENT),
        ("2AB34567CD890123E", date(2026, 1, 14), D("29.90"), D("1.37"), D("28.53"), "EUR", K.PAYMENT),
        ("5EF67890GH123456J", date(2026, 1, 14), D("100.00"), D("3.99"), D("96.01"), "USD", K.PAYMENT),
        ("8KL90123MN456789P", date(2026, 1, 14), D("-96.01"), D("0.00"), D("-96.01"), "USD", K.OTHER),
        ("9QR01234ST567890U", date(2026, 1, 14), D("88.21"), D("0.00"), D("88.21"), "EUR", K.OTHER),
        ("4CD56789EF012345G", date(2026, 1, 16), D("-10.00"), D("-0.41"), D("-9.59"), "EUR", K.REFUND),
        ("6HJ78901KL234567M", date(2026, 1, 20), D("-1530.22"), D("0.00"), D("-1530.22"), "EUR", K.PAYOUT),
        ("1NP23456QR789012S", date(2026, 1, 21), D("42.00"), D("1.68"), D("40.32"), "EUR", K.PAYMENT),
    ]
    first = transactions[0]
    assert (first.origin, first.payer_name, first.payer_email, first.references, first.gateway_ids, first.label,
            first.source_line) == (
        "paypal", "Marc Lefèvre", "marc.lefevre@example.fr", ("WC-1012",), ("7XK12345AB678901C",),
        "Express Checkout Payment / La Boutique de Comptoir - Order 1012", 2)
    assert transactions[3].related_id == "5EF67890GH123456J"
    assert (transactions[5].related_id, transactions[5].payer_email) == ("7XK12345AB678901C", "marc.lefevre@example.fr")


def test_english_file_matches_the_shop() -> None:
    assert outcome(read("paypal", "paypal_activity_en.csv")) == {
        "7XK12345AB678901C": ("sure", "gateway_id", [("F2026-00012", D("58.00"))], D("0")),
        "2AB34567CD890123E": ("sure", "reference", [("F2026-00013", D("29.90"))], D("0")),
        "5EF67890GH123456J": ("sure", "reference", [("F2026-00014", D("100.00"))], D("0")),
        "8KL90123MN456789P": ("none", "not_a_payment", [], D("0")),
        "9QR01234ST567890U": ("none", "not_a_payment", [], D("0")),
        "4CD56789EF012345G": ("doubtful", "refund", [], D("0")),
        "6HJ78901KL234567M": ("none", "not_a_payment", [], D("0")),
        "1NP23456QR789012S": ("none", "no_match", [], D("0")),
    }


def test_french_account() -> None:
    transactions = read("paypal", "paypal_activity_fr.csv")
    assert [(t.booked_on, t.amount, t.fee, t.kind) for t in transactions] == [
        (date(2026, 1, 13), D("58.00"), D("2.37"), K.PAYMENT),
        (date(2026, 1, 14), D("20.00"), D("0.98"), K.PAYMENT),
        (date(2026, 1, 15), D("9.90"), D("0.61"), K.PAYMENT),
        (date(2026, 1, 16), D("58.00"), D("2.37"), K.PAYMENT),
        (date(2026, 1, 17), D("-5.00"), D("-0.21"), K.REFUND),
        (date(2026, 1, 20), D("-1250.00"), D("0.00"), K.PAYOUT),
        (date(2026, 1, 21), D("12.50"), D("0.55"), K.PAYMENT),
    ]
    assert [v[:4] for v in outcome(transactions).values()] == [
        ("sure", "gateway_id", [("F2026-00012", D("58.00"))], D("0")),
        ("sure", "reference", [("F2026-00013", D("20.00"))], D("0")),
        ("sure", "reference", [("F2026-00013", D("9.90"))], D("0")),
        ("doubtful", "already_paid", [], D("58.00")),
        ("doubtful", "refund", [], D("0")),
        ("none", "not_a_payment", [], D("0")),
        ("none", "no_match", [], D("0")),
    ]


def _file(header: str, *rows: str) -> bytes:
    return ("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


HEADER = '"Date","Time","Time zone","Name","Type","Status","Currency","Gross","Fee","Net","Transaction ID"'


def _row(day: str, gross: str = "10.00", fee: str = "0.00", net: str = "10.00", zone: str = "CET",
         status: str = "Completed", txid: str = "T1") -> str:
    return f'"{day}","10:00:00","{zone}","A","Website Payment","{status}","EUR","{gross}","{fee}","{net}","{txid}"'


@pytest.mark.parametrize(("rows", "options", "expected"), [
    ((_row("03/04/2026"),), ReadOptions(), date(2026, 4, 3)),                     # European by default
    ((_row("03/04/2026", zone="PDT"),), ReadOptions(), date(2026, 3, 4)),          # an American account
    ((_row("03/04/2026", zone="PDT"),), ReadOptions(date_order="dmy"), date(2026, 4, 3)),
    ((_row("03/04/2026", zone="PDT"), _row("13/04/2026", zone="PDT", txid="T2")), ReadOptions(), date(2026, 4, 3)),
    ((_row("03.04.2026"),), ReadOptions(), date(2026, 4, 3)),
    ((_row("2026-04-03"),), ReadOptions(), date(2026, 4, 3)),
])
def test_day_and_month_order_from_the_whole_column(rows: tuple[str, ...], options: ReadOptions,
                                                   expected: date) -> None:
    assert read_bytes("paypal", _file(HEADER, *rows), options=options)[0].booked_on == expected


def test_pending_rows_are_skipped_without_a_balance_impact_column_and_ids_stay_unique() -> None:
    data = _file(HEADER, _row("20/01/2026"), _row("20/01/2026", status="Pending", txid="T9"), _row("21/01/2026"))
    assert [t.external_id for t in read_bytes("paypal", data)] == ["T1", "T1-2"]


def test_empty_period_file_has_no_header_and_no_transaction() -> None:
    data = (FIXTURES / "paypal_empty_period.csv").read_bytes()
    assert read_bytes("paypal", data) == []
    assert detect(data, "Download.CSV").name == "paypal"
    assert detect(b"", "paypal-2026-01.csv").name == "paypal"


def test_wrong_columns_are_refused() -> None:
    assert refusal("paypal", (FIXTURES / "paypal_wrong_columns.csv").read_bytes()) == [
        (1, "", "this is not a PayPal activity download: the file has no column 'Gross'.")]


def test_every_bad_value_is_reported() -> None:
    assert refusal("paypal", (FIXTURES / "paypal_bad_values.csv").read_bytes()) == [
        (3, "Net", "the net amount 28.35 is not the gross 29.90 plus the fee -1.37."),
        (10, "Date", "'02/30/2026' is not a date (MM/DD/YYYY)."),
        (10, "Gross", "'4two.00' is not a number."),
    ]


def test_mixed_date_orders_are_refused() -> None:
    data = _file(HEADER, _row("13/01/2026"), _row("01/13/2026", txid="T2"))
    assert refusal("paypal", data)[0] == (0, "Date", "the dates mix day/month and month/day order; export the file "
                                                     "again without editing it.")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_writer_output_reads_back(language: str) -> None:
    original = read("paypal", "paypal_activity_en.csv")
    again = read_bytes("paypal", write_paypal(original, language=language, shop_email="shop@example.fr"))
    fields = ("external_id", "booked_on", "amount", "fee", "currency", "kind", "references", "related_id",
              "payer_name", "payer_email")
    assert [tuple(getattr(t, f) for f in fields) for t in again] == \
        [tuple(getattr(t, f) for f in fields) for t in original]
