"""OFX statements: 1.x SGML from French banks (CP1252, decimal commas, V2 wrappers) and 2.x XML."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.domain.payments import TransactionKind
from desktop_app.formats.payments import ReadOptions
from desktop_app.formats.payments.writers import write_ofx
from tests.fixtures.payments.helpers import FIXTURES, outcome, read, read_bytes, refusal
from tests.fixtures.payments.shop import IBAN

D = Decimal


def test_sgml_cp1252_with_decimal_commas_and_v2_wrappers() -> None:
    transactions = read("ofx", "ofx1_sgml_cp1252.ofx")
    assert [(t.external_id, t.booked_on, t.amount, t.kind, t.method) for t in transactions] == [
        ("8001F0120A1", date(2026, 1, 20), D("120.00"), TransactionKind.PAYMENT, "transfer"),
        ("8001F0120A2", date(2026, 1, 20), D("250.00"), TransactionKind.PAYMENT, "transfer"),
        ("8001F0121B1", date(2026, 1, 21), D("89.90"), TransactionKind.PAYMENT, "transfer"),
        ("8001F0121B2", date(2026, 1, 21), D("20.00"), TransactionKind.PAYMENT, "transfer"),
        ("8001F0122C1", date(2026, 1, 22), D("310.00"), TransactionKind.PAYMENT, "transfer"),
        ("8001F0122C2", date(2026, 1, 22), D("120.00"), TransactionKind.PAYMENT, "transfer"),
        ("8001F0123D1", date(2026, 1, 23), D("64.00"), TransactionKind.PAYMENT, "cheque"),
        ("8001F0123D2", date(2026, 1, 23), D("33.33"), TransactionKind.PAYMENT, "transfer"),
        ("8001F0123D3", date(2026, 1, 23), D("-8.50"), TransactionKind.FEE, ""),
        ("8001F0123D4", date(2026, 1, 23), D("-42.17"), TransactionKind.OTHER, "direct debit"),
    ]
    assert {t.account for t in transactions} == {IBAN}
    by_id = {t.external_id: t for t in transactions}
    assert by_id["8001F0120A2"].label == "VIR ATELIER MARTIN Commande 1002 - réglée, merci"
    assert by_id["8001F0121B1"].label == "VIR MME PETIT CLAIRE Merci pour le colis ! À bientôt"
    # MEMO repeating the truncated NAME is taken alone.
    assert by_id["8001F0123D4"].label == "PRLV SEPA EDF CLIENTS PARTICULIERS ECH/230126 ID EMETTEUR/FR44ZZZ000000"
    assert by_id["8001F0120A1"].source_line == 40


def test_sgml_pays_the_fixture_shop() -> None:
    assert outcome(read("ofx", "ofx1_sgml_cp1252.ofx")) == {
        "8001F0120A1": ("sure", "reference", [("F2026-00001", D("120.00"))], D("0")),
        "8001F0120A2": ("sure", "reference", [("F2026-00002", D("250.00"))], D("0")),
        "8001F0121B1": ("sure", "amount_and_name", [("F2026-00003", D("89.90"))], D("0")),
        "8001F0121B2": ("sure", "reference", [("F2026-00004", D("20.00"))], D("0")),
        "8001F0122C1": ("sure", "reference", [("F2026-00005", D("300.00"))], D("10.00")),
        "8001F0122C2": ("doubtful", "already_paid", [], D("120.00")),
        "8001F0123D1": ("doubtful", "amount_only", [("F2026-00009", D("64.00"))], D("0")),
        "8001F0123D2": ("none", "no_match", [], D("0")),
        "8001F0123D3": ("none", "not_a_payment", [], D("0")),
        "8001F0123D4": ("none", "not_a_payment", [], D("0")),
    }


def test_xml_bank_and_credit_card_statements() -> None:
    transactions = read("ofx", "ofx2_xml.ofx")
    assert [(t.account, t.external_id, t.booked_on, t.value_on, t.amount) for t in transactions] == [
        (IBAN, "20260126-000114", date(2026, 1, 26), date(2026, 1, 26), D("75.00")),
        (IBAN, "20260127-000087", date(2026, 1, 27), None, D("100.00")),
        (IBAN, "20260127-000088", date(2026, 1, 27), None, D("45.50")),
        (IBAN, "20260128-000031", date(2026, 1, 28), None, D("64.00")),
        (IBAN, "20260129-000012", date(2026, 1, 29), None, D("12.00")),
        (IBAN, "20260130-000002", date(2026, 1, 30), None, D("1530.22")),
        ("4974XXXXXXXX1234", "CB202601280001", date(2026, 1, 28), None, D("-15.90")),
    ]
    assert transactions[4].label == "VIR INST DUBOIS & FILS REMBT TROP PERCU"
    assert transactions[6].method == "card"
    assert outcome(transactions) == {
        "20260126-000114": ("sure", "creditor_reference", [("F2026-00008", D("75.00"))], D("0")),
        "20260127-000087": ("sure", "reference", [("F2026-00006", D("60.00")), ("F2026-00007", D("40.00"))], D("0")),
        "20260127-000088": ("sure", "amount_and_name", [("F2026-00004", D("45.50"))], D("0")),
        "20260128-000031": ("doubtful", "amount_only", [("F2026-00009", D("64.00"))], D("0")),
        "20260129-000012": ("none", "no_match", [], D("0")),
        "20260130-000002": ("none", "provider_payout", [], D("0")),
        "CB202601280001": ("none", "not_a_payment", [], D("0")),
    }


def _sgml(*lines: tuple[str, str, str]) -> bytes:
    body = "".join(f"<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>{day}<TRNAMT>{amount}<FITID>{fitid}<NAME>VIR X</STMTTRN>"
                   for day, amount, fitid in lines)
    return (f"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR"
            f"<BANKACCTFROM><BANKID>30004<BRANCHID>00003<ACCTID>12345678901</BANKACCTFROM>"
            f"<BANKTRANLIST>{body}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>").encode()


def test_repeated_fitids_fall_back_to_fingerprints_for_the_statement() -> None:
    data = _sgml(("20260120", "10.00", "0"), ("20260120", "10.00", "0"), ("20260121", "5.00", "0"))
    ids = [t.external_id for t in read_bytes("ofx", data)]
    assert ids[1] == ids[0] + "-2" and len(ids[0]) == 24 and ids[2] not in ids[:2]


def test_fingerprints_on_request_for_banks_that_regenerate_fitids() -> None:
    data = _sgml(("20260120", "10.00", "A1"))
    assert read_bytes("ofx", data)[0].external_id == "A1"
    fingerprinted = read_bytes("ofx", data, options=ReadOptions(ofx_fingerprints=True))[0].external_id
    other_download = read_bytes("ofx", data.replace(b"A1", b"Z9"), options=ReadOptions(ofx_fingerprints=True))
    assert fingerprinted != "A1" and other_download[0].external_id == fingerprinted


@pytest.mark.parametrize(("raw", "expected"), [
    ("20260120", date(2026, 1, 20)), ("20260120120000", date(2026, 1, 20)),
    ("20260120235959.123[+1:CET]", date(2026, 1, 20)), ("20260131233000[-5:EST]", date(2026, 1, 31)),
])
def test_dates_are_the_banks_own_day(raw: str, expected: date) -> None:
    assert read_bytes("ofx", _sgml((raw, "1.00", "A")))[0].booked_on == expected


@pytest.mark.parametrize(("raw", "expected"), [("-12,50", "-12.50"), ("+3.5", "3.5"), ("1 234,56", "1234.56")])
def test_amounts(raw: str, expected: str) -> None:
    assert read_bytes("ofx", _sgml(("20260120", raw, "A")))[0].amount == D(expected)


def test_truncated_file_is_refused() -> None:
    assert refusal("ofx", (FIXTURES / "ofx_truncated.ofx").read_bytes()) == [
        (85, "", "the file ends before </STMTTRN>, </BANKTRANLIST>, </STMTRS>, </STMTTRNRS>, </BANKMSGSRSV2>, "
                 "</OFX> are closed; it may be cut short.")]


def test_bad_values_are_all_reported() -> None:
    assert refusal("ofx", (FIXTURES / "ofx_bad_values.ofx").read_bytes()) == [
        (52, "TRNAMT", "'25O,00' is not a number."),
        (59, "DTPOSTED", "'2026-01-21' is not an OFX date (YYYYMMDD)."),
    ]


def test_structural_errors_are_refused() -> None:
    assert refusal("ofx", b"OFXHEADER:100\nDATA:OFXSGML\n\n")[0][2] == "the file has an OFX header but no <OFX> body."
    crossed = _sgml(("20260120", "1.00", "A")).replace(b"</STMTRS></STMTTRNRS>", b"</STMTTRNRS></STMTRS>")
    assert [p[2] for p in refusal("ofx", crossed)] == [
        "</STMTTRNRS> closes while <STMTRS> is still open.", "</STMTRS> closes an element that was never opened."]
    missing = _sgml(("20260120", "1.00", "A")).replace(b"<TRNAMT>1.00", b"").replace(b"<ACCTID>12345678901", b"")
    assert [(p[1], p[2]) for p in refusal("ofx", missing)] == [
        ("ACCTID", "the statement does not say which account it is for (no ACCTID)."),
        ("TRNAMT", "the amount is missing.")]
    corrected = _sgml(("20260120", "1.00", "A")).replace(b"<NAME>", b"<CORRECTACTION>DELETE<NAME>")
    assert refusal("ofx", corrected)[0][1] == "CORRECTACTION"


def test_other_accounts_are_named_by_their_parts() -> None:
    data = _sgml(("20260120", "1.00", "A")).replace(b"<BANKID>30004<BRANCHID>00003<ACCTID>12345678901",
                                                    b"<BANKID>021000021<ACCTID>987654321")
    assert read_bytes("ofx", data)[0].account == "021000021/987654321"


@pytest.mark.parametrize("version", [1, 2])
def test_writer_output_reads_back(version: int) -> None:
    original = read("ofx", "ofx1_sgml_cp1252.ofx")
    data = write_ofx(original, IBAN, version=version)
    assert data.startswith(b"OFXHEADER:100" if version == 1 else b"<?xml")
    again = read_bytes("ofx", data)
    fields = ("account", "external_id", "booked_on", "amount", "label", "kind")
    assert [tuple(getattr(t, f) for f in fields) for t in again] == \
        [tuple(getattr(t, f) for f in fields) for t in original]
