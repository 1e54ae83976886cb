"""The FEC of the quarter shop, read back the way the tax administration's tools read it."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop_app.domain.errors import DomainError
from desktop_app.domain.progress import run_job
from desktop_app.formats.fec import COLUMNS
from desktop_app.services.company import set_company, set_settings
from desktop_app.services.fec_export import export_fec
from desktop_app.store.records import EventRecord
from tests.services.reports_shop import quarter_shop_copy

D = Decimal


@pytest.fixture
def shop(tmp_path_factory, tmp_path):
    quarter = quarter_shop_copy(tmp_path_factory, tmp_path)
    yield quarter
    quarter.db.dispose()


def read_fec(path, separator="|", encoding="iso-8859-15") -> tuple[list[str], list[dict[str, str]]]:
    lines = path.read_bytes().decode(encoding).split("\r\n")
    assert lines[-1] == ""
    header = lines[0].split(separator)
    rows = [dict(zip(header, line.split(separator), strict=True)) for line in lines[1:-1]]
    return header, rows


def amount(text: str) -> Decimal:
    assert re.fullmatch(r"\d+,\d{2}", text), text
    return D(text.replace(",", "."))


def test_fec_has_the_18_columns_and_balanced_numbered_entries(shop, tmp_path):
    result = run_job(export_fec(shop.db, 2026, tmp_path))
    assert result.path.name == "732829320FEC20261231.txt"
    header, rows = read_fec(result.path)
    assert header == list(COLUMNS) and len(header) == 18
    assert len(rows) == result.lines == 39 and result.entries == 15
    entries: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        for field in ("EcritureDate", "PieceDate", "ValidDate"):
            assert re.fullmatch(r"2026\d{4}", row[field])
        assert (amount(row["Debit"]) == 0) != (amount(row["Credit"]) == 0)     # one side per line
        entries[(row["JournalCode"], row["EcritureNum"])].append(row)
    for lines in entries.values():
        assert sum(amount(r["Debit"]) for r in lines) == sum(amount(r["Credit"]) for r in lines)
        accounts = [(r["CompteNum"], r["CompAuxNum"]) for r in lines]
        assert len(accounts) == len(set(accounts))                            # one line per account movement
        assert len({r["EcritureDate"] for r in lines}) == 1
    for journal in ("VE", "BQ"):
        numbers = [num for code, num in entries if code == journal]
        assert numbers == [f"{journal}{n:06d}" for n in range(1, len(numbers) + 1)]
        dates = [entries[(journal, num)][0]["EcritureDate"] for num in numbers]
        assert dates == sorted(dates)
    assert result.debit == result.credit == D("1741.00")


def test_fec_entries_carry_the_right_accounts(shop, tmp_path):
    result = run_job(export_fec(shop.db, 2026, tmp_path / "fec.txt"))
    _header, rows = read_fec(result.path)
    f3 = [r for r in rows if r["PieceRef"] == shop.numbers["F3"]]
    assert {(r["CompteNum"], r["Debit"], r["Credit"]) for r in f3} == {
        ("411000", "165,50", "0,00"), ("707130", "0,00", "100,00"), ("445713", "0,00", "5,50"),
        ("707110", "0,00", "50,00"), ("445711", "0,00", "10,00")}
    customer = next(r for r in f3 if r["CompteNum"] == "411000")
    assert (customer["CompAuxNum"], customer["CompAuxLib"]) == (f"C{shop.customers['cafe']:06d}", "Café Gourmand")
    credit_note = [r for r in rows if r["PieceRef"] == shop.numbers["AV3"]]
    assert {(r["CompteNum"], r["Debit"], r["Credit"]) for r in credit_note} == {
        ("411000", "0,00", "52,75"), ("707130", "50,00", "0,00"), ("445713", "2,75", "0,00")}
    stripe = [r for r in rows if r["EcritureDate"] == "20260305" and r["JournalCode"] == "BQ"]
    assert {(r["CompteNum"], r["Debit"], r["Credit"]) for r in stripe} == {
        ("511000", "198,00", "0,00"), ("627000", "2,00", "0,00"), ("411000", "0,00", "200,00")}
    usd = [r for r in rows if r["PieceRef"] == shop.numbers["F5"]]
    assert {(r["CompteNum"], r["Debit"], r["Credit"], r["Montantdevise"], r["Idevise"]) for r in usd} == {
        ("411000", "50,00", "0,00", "52,00", "USD"), ("707300", "0,00", "50,00", "52,00", "USD")}
    kept = [r for r in rows if r["EcritureDate"] == "20260310"]
    assert {r["CompteNum"] for r in kept} == {"512000", "419100"}


def test_fec_export_is_noted_in_the_event_log(shop, tmp_path):
    result = run_job(export_fec(shop.db, 2026, tmp_path))
    with shop.db.reading() as session:
        records = session.scalars(select(EventRecord).where(EventRecord.kind == "export"))
        events = [json.loads(record.payload) for record in records]
    assert events[-1]["what"] == "fec" and events[-1]["file"] == result.path.name and events[-1]["lines"] == 39


def test_tab_separator_utf8_and_chosen_accounts(shop, tmp_path):
    set_settings(shop.db, {"fec.separator": "tab", "fec.encoding": "utf-8", "accounts.sales": "S20=706000 *=707000",
                           "fec.sales_journal": "vt"})
    result = run_job(export_fec(shop.db, 2026, tmp_path / "fec.txt"))
    header, rows = read_fec(result.path, "\t", "utf-8")
    assert header == list(COLUMNS)
    f1 = [r for r in rows if r["PieceRef"] == shop.numbers["F1"]]
    assert {r["CompteNum"] for r in f1} == {"411000", "706000", "445711"} and f1[0]["JournalCode"] == "VT"


def test_a_year_without_activity_has_only_its_header(shop, tmp_path):
    result = run_job(export_fec(shop.db, 2025, tmp_path / "empty.txt"))
    assert result.path.read_bytes().decode("iso-8859-15").split("\r\n") == ["|".join(COLUMNS), ""]


def test_names_outside_latin9_are_written_without_losing_the_line(shop, tmp_path):
    set_company(shop.db, {"siren": ""})
    with pytest.raises(DomainError, match="SIREN"):
        run_job(export_fec(shop.db, 2026, tmp_path))
    with shop.db.transaction() as session:
        from desktop_app.store.records import CustomerRecord

        session.get(CustomerRecord, shop.customers["emily"]).name = "Émilie | 株式会社"
    result = run_job(export_fec(shop.db, 2026, tmp_path / "fec.txt"))
    _header, rows = read_fec(result.path)
    names = {r["CompAuxLib"] for r in rows if r["CompAuxNum"] == f"C{shop.customers['emily']:06d}"}
    assert names == {"Émilie ????"}
