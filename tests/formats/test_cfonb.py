"""CFONB 120 statements: positions and overpunch signs as the norm gives them, with or without line
breaks, fingerprints for ids, balances checked; CFONB 240 and MT940 refused in words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.domain.payments import TransactionKind
from desktop_app.formats.payments import ReadOptions
from desktop_app.formats.payments.writers import write_cfonb120
from tests.fixtures.payments.helpers import FIXTURES, outcome, read, read_bytes, refusal
from tests.fixtures.payments.shop import IBAN

D = Decimal
HEAD = "30004    00003EUR2 12345678901"


def record(code: str, body: str) -> str:
    line = code + HEAD + body
    assert len(line) <= 120
    return line.ljust(120)


def opening(amount: str = "0000000000000{", day: str = "190126") -> str:
    return record("01", f"  {day}{'':50}{amount}")


def closing(amount: str, day: str = "230126") -> str:
    return record("07", f"  {day}{'':50}{amount}")


def movement(amount: str, label: str = "VIR SEPA RECU", day: str = "200126", value: str = "200126") -> str:
    return "04" + HEAD[:5] + "0530" + HEAD[9:] + f"05{day}  {value}{label:31}  0000000  {amount}{'':16}"


def complement(qualifier: str, text: str) -> str:
    return record("05", f"{'':13}{qualifier}{text:70}  ")


def statement(*records: str) -> bytes:
    return ("\r\n".join(records) + "\r\n").encode("latin-1")


def test_lines_fixture() -> None:
    transactions = read("cfonb", "cfonb120_lines.txt")
    assert [(t.booked_on, t.amount, t.kind, t.payer_name, t.source_line) for t in transactions] == [
        (date(2026, 1, 20), D("120.00"), TransactionKind.PAYMENT, "M JEAN DUPONT", 2),
        (date(2026, 1, 20), D("250.00"), TransactionKind.PAYMENT, "ATELIER MARTIN SARL", 6),
        (date(2026, 1, 21), D("89.90"), TransactionKind.PAYMENT, "MME PETIT CLAIRE", 9),
        (date(2026, 1, 21), D("20.00"), TransactionKind.PAYMENT, "SOPHIE BERNARD", 12),
        (date(2026, 1, 22), D("310.00"), TransactionKind.PAYMENT, "LUC MOREAU", 15),
        (date(2026, 1, 20), D("120.00"), TransactionKind.PAYMENT, "M JEAN DUPONT", 18),
        (date(2026, 1, 23), D("64.00"), TransactionKind.PAYMENT, "", 22),
        (date(2026, 1, 23), D("33.33"), TransactionKind.PAYMENT, "SCI LES TILLEULS", 23),
        (date(2026, 1, 23), D("-8.50"), TransactionKind.FEE, "", 26),
    ]
    first, second = transactions[0], transactions[1]
    assert (first.account, first.label, first.references, first.method, first.value_on) == (
        IBAN, "VIR SEPA RECU FACTURE F2026-00001", (), "transfer", date(2026, 1, 20))
    assert second.label == "VIR SEPA RECU Commande 1002 réglée"          # Latin-1 accents
    assert transactions[3].references == ("CMD 1004",)                   # RCN complement
    assert transactions[6].method == "cheque"
    ids = [t.external_id for t in transactions]
    assert ids[5] == ids[0] + "-2" and len(set(ids)) == 9                # the identical movement, numbered


def test_lines_fixture_pays_the_shop() -> None:
    transactions = read("cfonb", "cfonb120_lines.txt")
    ids = [t.external_id for t in transactions]
    result = outcome(transactions)
    assert [result[i] for i in ids] == [
        ("sure", "reference", [("F2026-00001", D("120.00"))], D("0")),
        ("sure", "reference", [("F2026-00002", D("250.00"))], D("0")),
        ("sure", "amount_and_name", [("F2026-00003", D("89.90"))], D("0")),
        ("sure", "reference", [("F2026-00004", D("20.00"))], D("0")),
        ("sure", "reference", [("F2026-00005", D("300.00"))], D("10.00")),
        ("doubtful", "already_paid", [], D("120.00")),
        ("doubtful", "amount_only", [("F2026-00009", D("64.00"))], D("0")),
        ("none", "no_match", [], D("0")),
        ("none", "not_a_payment", [], D("0")),
    ]


def test_file_without_line_breaks() -> None:
    transactions = read("cfonb", "cfonb120_no_breaks.txt")
    assert [(t.amount, t.payer_name, t.references, t.source_line) for t in transactions] == [
        (D("75.00"), "ROUX EMMA", ("RF41F202600008",), 2),
        (D("100.00"), "GARNIER PAUL", (), 5),
        (D("45.50"), "BERNARD SOPHIE", (), 8),
        (D("1234.56"), "STRIPE PAYMENTS EUROPE LTD", ("STRIPE",), 10),
    ]
    assert [v[:3] for v in outcome(transactions).values()] == [
        ("sure", "creditor_reference", [("F2026-00008", D("75.00"))]),
        ("sure", "reference", [("F2026-00006", D("60.00")), ("F2026-00007", D("40.00"))]),
        ("sure", "amount_and_name", [("F2026-00004", D("45.50"))]),
        ("none", "provider_payout", []),
    ]


def test_ids_survive_an_overlapping_download() -> None:
    one = movement("0000000001200{")
    two = movement("0000000000500{", "VIR SEPA RECU AUTRE")
    both = read_bytes("cfonb", statement(opening(), one, complement("LIB", "FACT 1"), two, closing("0000000001700{")))
    alone = read_bytes("cfonb", statement(opening(), one, complement("LIB", "FACT 1"), closing("0000000001200{")))
    assert alone[0].external_id == both[0].external_id


@pytest.mark.parametrize(("last", "value"), [
    ("{", "120.00"), ("A", "120.01"), ("B", "120.02"), ("C", "120.03"), ("D", "120.04"), ("E", "120.05"),
    ("F", "120.06"), ("G", "120.07"), ("H", "120.08"), ("I", "120.09"),
    ("}", "-120.00"), ("J", "-120.01"), ("K", "-120.02"), ("L", "-120.03"), ("M", "-120.04"), ("N", "-120.05"),
    ("O", "-120.06"), ("P", "-120.07"), ("Q", "-120.08"), ("R", "-120.09"),
])
def test_overpunch_sign_table(last: str, value: str) -> None:
    amount = "0000000001200" + last
    [tx] = read_bytes("cfonb", statement(opening(), movement(amount), closing(amount)))
    assert tx.amount == D(value)


def test_decimals_blank_currency_and_trimmed_trailing_blanks() -> None:
    no_decimals = [r[:16] + "XPF0" + r[20:] for r in (opening(), movement("0000000001234E"), closing("0000000001234E"))]
    assert [(t.amount, t.currency) for t in read_bytes("cfonb", statement(*no_decimals))] == [(D("12345"), "XPF")]
    blank = [r[:16] + "    " + r[20:] for r in (opening(), movement("0000000001234E"), closing("0000000001234E"))]
    assert [(t.amount, t.currency) for t in read_bytes("cfonb", statement(*blank), options=ReadOptions(
        default_currency="EUR"))] == [(D("123.45"), "EUR")]
    trimmed = [r.rstrip() for r in (opening(), movement("0000000000100{"), complement("LIB", "X"),
                                    closing("0000000000100{"))]
    [tx] = read_bytes("cfonb", statement(*trimmed))
    assert (tx.amount, tx.label) == (D("10.00"), "VIR SEPA RECU X")


def test_several_accounts_in_one_file() -> None:
    records = (opening(), movement("0000000000100{"), closing("0000000000100{"))
    other = [r[:21] + "98765432109" + r[32:] for r in records]
    transactions = read_bytes("cfonb", statement(opening(), movement("0000000000200{"), closing("0000000000200{"),
                                                 *other))
    assert [t.account for t in transactions] == [IBAN, "FR7630004000039876543210903"]


def test_every_problem_is_reported() -> None:
    assert refusal("cfonb", (FIXTURES / "cfonb120_bad.txt").read_bytes()) == [
        (4, "", "this record has 90 characters; CFONB 120 records have 120."),
        (5, "amount", "'0000000000500X' is not a CFONB amount (13 digits then a sign letter such as '{' or 'E')."),
        (6, "booking date", "'320126' is not a date (JJMMAA)."),
        (6, "value date", "'320126' is not a date (JJMMAA)."),
        (7, "", "the opening balance 1000.00 and the movements (120.00) give 1120.00, but the closing balance says "
                "1219.99: movements are missing or the file was changed."),
    ]


def test_structure_problems() -> None:
    assert [p[2] for p in refusal("cfonb", statement(opening(), complement("LIB", "X"), closing("0000000000000{")))] \
        == ["a complement (05) comes without the movement (04) it completes."]
    cut = refusal("cfonb", statement(opening(), movement("0000000000100{")))
    assert cut == [(1, "", "the statement of account 30004 00003 12345678901 has no closing balance (07); the file "
                           "may be cut short.")]
    assert refusal("cfonb", statement(movement("0000000000100{")))[0][2].startswith(
        "this record is for account 30004 00003 12345678901, outside the statement")
    assert refusal("cfonb", statement(opening(), "09" + "0" * 118, closing("0000000000000{")))[0][2] == \
        "'09' is not a CFONB 120 record type (01, 04, 05 or 07)."
    assert refusal("cfonb", statement(opening() + "XX", closing("0000000000000{")))[0][2] == \
        "this record has 122 characters; CFONB 120 records have 120."


def test_empty_statement_is_valid() -> None:
    assert read_bytes("cfonb", statement(opening(), closing("0000000000000{"))) == []


@pytest.mark.parametrize(("name", "start"), [("cfonb240_orders.txt", "this is a CFONB 240 file"),
                                             ("mt940_statement.sta", "this is an MT940 (SWIFT) statement")])
def test_other_bank_formats_are_refused_in_words(name: str, start: str) -> None:
    [(line, column, message)] = refusal("cfonb", (FIXTURES / name).read_bytes())
    assert (line, column) == (0, "") and message.startswith(start)


@pytest.mark.parametrize("line_breaks", [True, False])
def test_writer_output_reads_back(line_breaks: bool) -> None:
    original = read("cfonb", "cfonb120_lines.txt")
    data = write_cfonb120(original, IBAN, opening=D("1520.35"), line_breaks=line_breaks)
    assert (b"\r\n" in data) is line_breaks
    again = read_bytes("cfonb", data)
    fields = ("account", "booked_on", "amount", "label", "payer_name", "references", "kind")
    assert [tuple(getattr(t, f) for f in fields) for t in again] == \
        [tuple(getattr(t, f) for f in fields) for t in original]
    # The fingerprints follow the written layout; the repeated movement is still numbered.
    ids = [t.external_id for t in again]
    assert ids[5] == ids[0] + "-2" and len(set(ids)) == len(ids)
