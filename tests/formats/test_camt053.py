"""camt.053 (and camt.052/054) statements: booked entries only, batches split, refused when malformed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.domain.matching import match_transactions
from desktop_app.domain.payments import TransactionKind
from desktop_app.formats.payments.writers import write_camt053
from tests.fixtures.payments.helpers import FIXTURES, balances, outcome, read, read_bytes, refusal
from tests.fixtures.payments.shop import IBAN, SHOP

D = Decimal


def test_v02_reads_every_booked_entry_and_splits_the_batch() -> None:
    transactions = read("camt053", "camt053_v02.xml")
    assert [(t.external_id, t.booked_on, t.amount, t.kind) for t in transactions] == [
        ("2026012000017A01", date(2026, 1, 20), D("120.00"), TransactionKind.PAYMENT),
        ("2026012000017A02", date(2026, 1, 20), D("250.00"), TransactionKind.PAYMENT),
        ("2026012100018B01", date(2026, 1, 21), D("89.90"), TransactionKind.PAYMENT),
        ("2026012100018B02/B02-1", date(2026, 1, 21), D("20.00"), TransactionKind.PAYMENT),
        ("2026012100018B02/B02-2", date(2026, 1, 21), D("100.00"), TransactionKind.PAYMENT),
        ("2026012200019C01", date(2026, 1, 22), D("310.00"), TransactionKind.PAYMENT),
        ("2026012200019C02", date(2026, 1, 22), D("120.00"), TransactionKind.PAYMENT),
        ("2026012200019C03", date(2026, 1, 22), D("75.00"), TransactionKind.PAYMENT),
        ("2026012300020D01", date(2026, 1, 23), D("64.00"), TransactionKind.PAYMENT),
        ("2026012300020D02", date(2026, 1, 23), D("33.33"), TransactionKind.PAYMENT),
        ("2026012300020D03", date(2026, 1, 23), D("1234.56"), TransactionKind.PAYMENT),
        ("2026012300020D04", date(2026, 1, 23), D("-8.50"), TransactionKind.FEE),
        ("2026012300020D05", date(2026, 1, 23), D("-45.50"), TransactionKind.REVERSAL),
    ]
    assert {t.account for t in transactions} == {IBAN}
    assert {t.currency for t in transactions} == {"EUR"}
    assert all(t.source == "camt053" and t.origin == f"bank:{IBAN}" for t in transactions)
    assert D("58.00") not in {t.amount for t in transactions}      # the PDNG entry


def test_v02_texts_parties_and_references() -> None:
    by_id = {t.external_id: t for t in read("camt053", "camt053_v02.xml")}
    first = by_id["2026012000017A01"]
    assert (first.label, first.payer_name, first.references, first.method, first.value_on, first.source_line) == (
        "VIR SEPA RECU /DE M JEAN DUPONT / FACTURE F2026-00001", "M JEAN DUPONT", (), "transfer",
        date(2026, 1, 20), 35)
    assert by_id["2026012000017A02"].references == ("ATM-2026-0112",)
    assert by_id["2026012200019C03"].references == ("RF41F202600008", "E2E-ROUX-20260122")
    batch = by_id["2026012100018B02/B02-2"]
    assert (batch.label, batch.payer_name, batch.references, batch.source_line) == (
        "REMISE VIREMENTS SEPA 2 OPERATIONS / FACT F2026-00006 ET F2026-00007", "PAUL GARNIER", ("GARNIER0121",), 112)
    reversal = by_id["2026012300020D05"]
    assert (reversal.reversal, reversal.label) == (True, "RETOUR VIREMENT COMPTE CLOTURE")


def test_v02_pays_the_fixture_shop() -> None:
    transactions = read("camt053", "camt053_v02.xml")
    assert outcome(transactions) == {
        "2026012000017A01": ("sure", "reference", [("F2026-00001", D("120.00"))], D("0")),
        "2026012000017A02": ("sure", "reference", [("F2026-00002", D("250.00"))], D("0")),
        "2026012100018B01": ("sure", "amount_and_name", [("F2026-00003", D("89.90"))], D("0")),
        "2026012100018B02/B02-1": ("sure", "reference", [("F2026-00004", D("20.00"))], D("0")),
        "2026012100018B02/B02-2": ("sure", "reference", [("F2026-00006", D("60.00")), ("F2026-00007", D("40.00"))],
                                   D("0")),
        "2026012200019C01": ("sure", "reference", [("F2026-00005", D("300.00"))], D("10.00")),
        "2026012200019C02": ("doubtful", "already_paid", [], D("120.00")),
        "2026012200019C03": ("sure", "creditor_reference", [("F2026-00008", D("75.00"))], D("0")),
        "2026012300020D01": ("doubtful", "amount_only", [("F2026-00009", D("64.00"))], D("0")),
        "2026012300020D02": ("none", "no_match", [], D("0")),
        "2026012300020D03": ("none", "provider_payout", [], D("0")),
        "2026012300020D04": ("none", "not_a_payment", [], D("0")),
        "2026012300020D05": ("none", "not_a_payment", [], D("0")),
    }
    left = balances(match_transactions(transactions, SHOP))
    assert (left["F2026-00001"], left["F2026-00004"], left["F2026-00005"], left["F2026-00009"]) == (
        D("0.00"), D("25.50"), D("0.00"), D("64.00"))


def test_v08_status_codes_parties_and_amounts_in_details() -> None:
    transactions = read("camt053", "camt053_v08.xml")
    assert [(t.external_id, t.booked_on, t.amount, t.payer_name) for t in transactions] == [
        ("X7Q2026012700001", date(2026, 1, 27), D("250.00"), "Atelier Martin SARL"),
        ("X7Q2026012800002/X7Q2026012800002-1", date(2026, 1, 28), D("25.50"), "BERNARD SOPHIE"),
        ("X7Q2026012800002/X7Q2026012800002-2", date(2026, 1, 28), D("89.90"), "C. PETIT"),
        ("X7Q2026012800002/X7Q2026012800002-3", date(2026, 1, 28), D("19.10"), "ASSOCIATION LES AMIS DU THE"),
        ("X7Q2026012900003", date(2026, 1, 29), D("89.90"), "C. PETIT"),
        ("X7Q2026012900004", date(2026, 1, 29), D("320.00"), "MOREAU LUC"),
        ("X7Q2026013000005", date(2026, 1, 30), D("64.00"), "SCP NOTAIRES ASSOCIES"),
    ]
    assert transactions[0].references == ("F2026-00002", "PO-88412")
    assert outcome(transactions) == {
        "X7Q2026012700001": ("sure", "reference", [("F2026-00002", D("250.00"))], D("0")),
        "X7Q2026012800002/X7Q2026012800002-1": ("sure", "reference", [("F2026-00004", D("25.50"))], D("0")),
        "X7Q2026012800002/X7Q2026012800002-2": ("sure", "reference", [("F2026-00003", D("89.90"))], D("0")),
        "X7Q2026012800002/X7Q2026012800002-3": ("none", "no_match", [], D("0")),
        "X7Q2026012900003": ("doubtful", "already_paid", [], D("89.90")),
        "X7Q2026012900004": ("sure", "reference", [("F2026-00005", D("300.00"))], D("20.00")),
        "X7Q2026013000005": ("doubtful", "amount_only", [("F2026-00009", D("64.00"))], D("0")),
    }


@pytest.mark.parametrize(("body", "statement"), [("BkToCstmrAcctRpt", "Rpt"), ("BkToCstmrDbtCdtNtfctn", "Ntfctn")])
def test_camt052_and_camt054_share_the_structure(body: str, statement: str) -> None:
    text = (FIXTURES / "camt053_v02.xml").read_text(encoding="utf-8")
    number = "052" if statement == "Rpt" else "054"
    text = (text.replace("camt.053.001.02", f"camt.{number}.001.02").replace("BkToCstmrStmt", body)
            .replace("<Stmt>", f"<{statement}>").replace("</Stmt>", f"</{statement}>"))
    assert len(read_bytes("camt053", text.encode())) == 13


def test_namespace_prefix_or_none_makes_no_difference() -> None:
    text = (FIXTURES / "camt053_v08.xml").read_text(encoding="utf-8")
    prefixed = text.replace('xmlns="', 'xmlns:c="').replace("<", "<c:").replace("<c:/", "</c:") \
        .replace("<c:?xml", "<?xml")
    bare = text.replace(' xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"', "")
    expected = [(t.external_id, t.amount) for t in read("camt053", "camt053_v08.xml")]
    assert [(t.external_id, t.amount) for t in read_bytes("camt053", prefixed.encode())] == expected
    assert [(t.external_id, t.amount) for t in read_bytes("camt053", bare.encode())] == expected


STATEMENT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Acct><Id><IBAN>FR7630004000031234567890143</IBAN></Id></Acct>{entries}</Stmt></BkToCstmrStmt></Document>"""
ENTRY = """<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-01-20</Dt></BookgDt>{ref}<AddtlNtryInf>{label}</AddtlNtryInf>{details}</Ntry>"""


def entry(amount: str = "10.00", label: str = "VIR", ref: str = "", details: str = "") -> str:
    return ENTRY.format(amount=amount, label=label, ref=ref, details=details)


def test_entries_without_bank_ids_get_fingerprints_numbered_when_identical() -> None:
    data = STATEMENT.format(entries=entry() + entry() + entry(label="OTHER")).encode()
    ids = [t.external_id for t in read_bytes("camt053", data)]
    assert ids[1] == ids[0] + "-2" and len(ids[0]) == 24 and ids[2] not in ids[:2]
    again = [t.external_id for t in read_bytes("camt053", data)]
    assert again == ids


def test_batch_without_amounts_per_transaction_stays_one_entry_with_every_reference() -> None:
    details = ("<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>"
               "<TxDtls><Refs><EndToEndId>A-1</EndToEndId></Refs><RmtInf><Ustrd>FACT 1</Ustrd></RmtInf></TxDtls>"
               "<TxDtls><Refs><EndToEndId>B-2</EndToEndId></Refs><RmtInf><Ustrd>FACT 2</Ustrd></RmtInf></TxDtls>"
               "</NtryDtls>")
    [whole] = read_bytes("camt053", STATEMENT.format(entries=entry("30.00", ref="<AcctSvcrRef>R9</AcctSvcrRef>",
                                                                    details=details)).encode())
    assert (whole.external_id, whole.amount, whole.references, whole.label) == (
        "R9", D("30.00"), ("A-1", "B-2"), "VIR / FACT 1 FACT 2")


def test_date_time_booking_is_taken_as_the_bank_wrote_it() -> None:
    text = STATEMENT.format(entries=entry()).replace("<Dt>2026-01-20</Dt>", "<DtTm>2026-01-31T23:30:00-05:00</DtTm>")
    assert read_bytes("camt053", text.encode())[0].booked_on == date(2026, 1, 31)


def test_truncated_file_is_refused_at_its_line() -> None:
    [(line, column, message)] = refusal("camt053", (FIXTURES / "camt053_truncated.xml").read_bytes())
    assert (line, column) == (89, "")
    assert message.startswith("the XML is not well-formed") and message.endswith("the file may be cut short.")


def test_every_bad_value_is_reported() -> None:
    assert refusal("camt053", (FIXTURES / "camt053_bad_values.xml").read_bytes()) == [
        (9, "Ntry/Amt", "'12,50' is not an amount (digits with a decimal point, never negative)."),
        (15, "Ntry/CdtDbtInd", "it is missing: the entry does not say whether money came in or went out."),
        (21, "Ntry/BookgDt", "'2026-02-30' is not a date (YYYY-MM-DD)."),
        (34, "NtryDtls", "the transactions of this batch add up to 90.00, not to the entry's 100.00."),
    ]


def test_entities_and_doctype_are_refused() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>')
    assert refusal("camt053", bomb) == [(0, "", "the file declares a DOCTYPE or entities, which bank statements "
                                                "never do; it is refused for safety.")]


def test_other_xml_and_missing_account_are_refused() -> None:
    assert refusal("camt053", b"<Document><pain/></Document>")[0][2].startswith("this XML file is not an ISO 20022")
    no_account = STATEMENT.replace("<Acct><Id><IBAN>FR7630004000031234567890143</IBAN></Id></Acct>", "")
    assert refusal("camt053", no_account.format(entries=entry()).encode()) == [
        (2, "Acct/Id", "the statement does not say which account it is for (no IBAN).")]


@pytest.mark.parametrize("version", ["02", "08"])
def test_writer_output_reads_back(version: str) -> None:
    original = read("camt053", "camt053_v02.xml")
    again = read_bytes("camt053", write_camt053(original, IBAN, version=version, opening=D("1520.35")))
    fields = ("external_id", "booked_on", "value_on", "amount", "currency", "kind", "payer_name", "reversal")
    assert [tuple(getattr(t, f) for f in fields) for t in again] == \
        [tuple(getattr(t, f) for f in fields) for t in original]
    assert [set(t.references) for t in again] == [set(t.references) for t in original]
    assert [t.label for t in again] == [t.label for t in original]


def test_writer_needs_a_date_for_an_empty_statement() -> None:
    assert read_bytes("camt053", write_camt053([], IBAN, statement_date=date(2026, 1, 31))) == []
    with pytest.raises(ValueError):
        write_camt053([], IBAN)
