"""Which reader a payment file goes to (`--format auto`), and the helpers the readers share."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from desktop_app.formats.payments import ReadOptions, detect, reader_named, readers
from desktop_app.formats.payments.common import (
    first_row,
    french_iban,
    local_date,
    method_from_label,
    unsupported_format,
    with_occurrences,
)
from desktop_app.formats.problems import FileRefused
from tests.fixtures.payments.helpers import FIXTURES


def test_every_reader_is_found() -> None:
    assert sorted(readers()) == ["camt053", "cfonb", "ofx", "paypal", "stripe"]
    assert all(reader.label and reader.name == name for name, reader in readers().items())
    assert reader_named("ofx") is readers()["ofx"]


@pytest.mark.parametrize(("name", "fmt"), [
    ("camt053_v02.xml", "camt053"), ("camt053_v08.xml", "camt053"), ("camt053_bad_values.xml", "camt053"),
    ("ofx1_sgml_cp1252.ofx", "ofx"), ("ofx2_xml.ofx", "ofx"), ("ofx_truncated.ofx", "ofx"),
    ("cfonb120_lines.txt", "cfonb"), ("cfonb120_no_breaks.txt", "cfonb"), ("cfonb120_bad.txt", "cfonb"),
    ("stripe_payments_new.csv", "stripe"), ("stripe_payments_old_eu.csv", "stripe"),
    ("stripe_balance_report.csv", "stripe"), ("stripe_balance_legacy.csv", "stripe"), ("stripe_bad.csv", "stripe"),
    ("paypal_activity_en.csv", "paypal"), ("paypal_activity_fr.csv", "paypal"), ("paypal_bad_values.csv", "paypal"),
])
def test_detection(name: str, fmt: str) -> None:
    assert detect((FIXTURES / name).read_bytes(), name).name == fmt


@pytest.mark.parametrize(("name", "start"), [
    ("cfonb240_orders.txt", "this is a CFONB 240 file"),
    ("mt940_statement.sta", "this is an MT940 (SWIFT) statement"),
    ("unknown_bank_export.csv", "this file is not a bank statement or payment export Comptoir knows"),
    ("paypal_wrong_columns.csv", "this file is not a bank statement or payment export Comptoir knows"),
])
def test_unknown_or_unsupported_files_are_refused_in_words(name: str, start: str) -> None:
    with pytest.raises(FileRefused) as refused:
        detect((FIXTURES / name).read_bytes(), name)
    [problem] = refused.value.problems
    assert (problem.file, problem.line, problem.column) == (name, 0, "")
    assert problem.message.startswith(start)


def test_other_refusals() -> None:
    with pytest.raises(FileRefused) as empty:
        detect(b"\xef\xbb\xbf\r\n", "statement.csv")
    assert empty.value.problems[0].message == "the file is empty."
    pain = b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>'
    assert unsupported_format(pain) is not None and unsupported_format(pain).startswith("this is a payment order")
    with pytest.raises(FileRefused) as unknown:
        reader_named("qif")
    assert unknown.value.problems[0].message == \
        "unknown payment format 'qif'; known formats: camt053, cfonb, ofx, paypal, stripe."


def test_read_options_defaults() -> None:
    options = ReadOptions()
    assert (options.timezone, options.default_currency, options.account, options.date_order,
            options.ofx_fingerprints) == (ZoneInfo("Europe/Paris"), "EUR", "", "", False)


def test_french_iban_from_rib() -> None:
    assert french_iban("30006", "00001", "12345678901") == "FR7630006000011234567890189"
    assert french_iban("30004", "00003", "1234567890A") == "FR4930004000031234567890A43"
    assert french_iban("3000", "00001", "12345678901") == ""


def test_occurrence_numbers() -> None:
    assert with_occurrences(["a", "b", "a", "a"]) == ["a", "b", "a-2", "a-3"]


@pytest.mark.parametrize(("label", "method"), [
    ("VIR SEPA RECU /DE DUPONT", "transfer"), ("VIREMENT INSTANTANE", "transfer"), ("PRLV SEPA EDF", "direct debit"),
    ("REM CHQ 4471203", "cheque"), ("Remise chèques", "cheque"), ("CB CARREFOUR 12/01", "card"),
    ("VERSEMENT ESPECES", "cash"), ("INTERETS CREDITEURS", ""),
])
def test_method_from_label(label: str, method: str) -> None:
    assert method_from_label(label) == method


@pytest.mark.parametrize(("raw", "expected"), [
    ("2026-01-31 23:30", date(2026, 2, 1)), ("2026-01-31 22:59:59", date(2026, 1, 31)),
    ("2026-01-31T23:30:00Z", date(2026, 2, 1)), ("2026-01-31 23:30:00-05:00", date(2026, 2, 1)),
    ("2026-07-31 22:30", date(2026, 8, 1)), ("2026-01-31", date(2026, 1, 31)),
    ("31/01/2026 10:00", None), ("2026-02-30 10:00", None),
])
def test_local_date_of_utc_timestamps(raw: str, expected: date | None) -> None:
    assert local_date(raw, ZoneInfo("Europe/Paris")) == expected


def test_first_row_of_various_encodings() -> None:
    assert first_row(b'\xef\xbb\xbf"Date","Heure"\r\n') == ["Date", "Heure"]
    assert first_row("Date;Libellé\r\n".encode("cp1252")) == ["Date", "Libellé"]
    assert first_row("a\tb\r\n".encode("utf-16")) == ["a", "b"]
