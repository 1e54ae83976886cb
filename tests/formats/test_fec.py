"""The FEC writer: header, separators, dates, amounts with a decimal comma, text fit for the encoding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.domain.accounting import Entry, Movement
from desktop_app.formats.fec import COLUMNS, fec_amount, file_name, write_fec

D = Decimal


def _entry() -> Entry:
    return Entry("VE", "Journal des ventes", date(2026, 3, 9), "F2026-00042", "Facture F2026-00042 Zoë | Lefèvre",
                 (Movement("411000", "Clients", D("1234.50"), "C000007", "Zoë\tLefèvre"),
                  Movement("707110", "Ventes de marchandises 20 %", D("-1028.75")),
                  Movement("445711", "TVA collectée 20 %", D("-205.75"))), number="VE000001")


def test_amounts_dates_and_name():
    assert fec_amount(D("1234.5")) == "1234,50" and fec_amount(D(0)) == "0,00"
    assert file_name("732829320", date(2026, 12, 31)) == "732829320FEC20261231.txt"


def test_lines_in_latin9_with_pipes():
    text = b"".join(write_fec([_entry()])).decode("iso-8859-15")
    lines = text.split("\r\n")
    assert lines[0] == "|".join(COLUMNS) and lines[-1] == ""
    first = lines[1].split("|")
    assert len(first) == 18
    assert first[:4] == ["VE", "Journal des ventes", "VE000001", "20260309"]
    assert first[7] == "Zoë Lefèvre" and first[10] == "Facture F2026-00042 Zoë Lefèvre"   # no separator inside
    assert (first[11], first[12], first[15]) == ("1234,50", "0,00", "20260309")
    second = lines[2].split("|")
    assert (second[4], second[11], second[12], second[16], second[17]) == ("707110", "0,00", "1028,75", "", "")


def test_tab_separated_utf8():
    text = b"".join(write_fec([_entry()], "tab", "utf-8")).decode("utf-8")
    assert text.split("\r\n")[0] == "\t".join(COLUMNS)
    assert all(len(line.split("\t")) == 18 for line in text.split("\r\n")[:-1])
