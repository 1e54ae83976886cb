"""Reports as CSV, XLSX and JSON: typed cells, and formulas that never run (SPEC §5)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from desktop_app.domain.report_table import Column, ColumnKind, Report, table
from desktop_app.formats.tabular import csv_bytes, json_bytes, neutralised, xlsx_bytes

D = Decimal
COLUMNS = [Column("customer", "Customer"), Column("date", "Date", ColumnKind.DATE),
           Column("amount", "Amount", ColumnKind.MONEY), Column("share", "On time", ColumnKind.PERCENT),
           Column("rate", "Rate", ColumnKind.RATE), Column("count", "Invoices", ColumnKind.INTEGER),
           Column("month", "Month", ColumnKind.MONTH)]
DANGEROUS = ["=HYPERLINK(\"http://x\",\"clic\")", "+33 6 12", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def _report() -> Report:
    rows = [(name, date(2026, 3, 1), D("-12.50"), D("42.5"), D("5.5"), 3, date(2026, 3, 1)) for name in DANGEROUS]
    rows.append(("Café Gourmand", None, D("1234.56"), None, D(20), 0, None))
    main = table("Aged receivables", COLUMNS, rows, ("Total", None, D("1222.06"), None, None, 18, None), "Note")
    second = table("Forecast: next 8 weeks", [Column("when", "When"), Column("x", "Expected", ColumnKind.MONEY)],
                   [("Week 1", D("10.00"))])
    return Report("aging", "Aged receivables", date(2026, 1, 1), date(2026, 3, 31), "On 2026-03-31", (main, second),
                  {"total": D("1222.06"), "on": date(2026, 3, 31)})


def test_formula_starts_are_neutralised():
    assert [neutralised(text) for text in DANGEROUS] == ["'" + text for text in DANGEROUS]
    assert neutralised("Café") == "Café" and neutralised("") == ""


def test_csv_neutralises_text_and_keeps_numbers_as_numbers():
    data = csv_bytes(_report())
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [c.title for c in COLUMNS]
    for row, text in zip(rows[1:], DANGEROUS):
        assert row[0] == "'" + text
        assert row[1:] == ["2026-03-01", "-12,50", "42,5", "5,5", "3", "2026-03"]   # a negative number stays one
    assert rows[7] == ["Café Gourmand", "", "1234,56", "", "20", "0", ""]
    assert rows[8][:3] == ["Total", "", "1222,06"]
    assert rows[9] == [] and rows[10] == ["Forecast: next 8 weeks"] and rows[12] == ["Week 1", "10,00"]


def test_xlsx_cells_are_typed(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(xlsx_bytes(_report()))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Aged receivables", "Forecast next 8 weeks"]
    sheet = book["Aged receivables"]
    assert [cell.value for cell in sheet[4]] == [c.title for c in COLUMNS]
    first = sheet[5]
    assert first[0].value == DANGEROUS[0] and first[0].data_type == "s"            # text, not a formula
    assert first[1].is_date and first[1].value.date() == date(2026, 3, 1)
    assert first[2].data_type == "n" and first[2].value == pytest.approx(-12.5)
    assert first[2].number_format == "#,##0.00"
    assert first[3].value == pytest.approx(0.425) and first[3].number_format == "0.0%"
    assert first[4].value == pytest.approx(0.055)
    assert first[5].value == 3 and first[6].is_date
    total = sheet[12]
    assert total[0].value == "Total" and total[0].font.bold and total[2].value == pytest.approx(1222.06)
    formulas = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []


def test_json_amounts_are_two_decimal_strings():
    assert json.loads(json_bytes(_report().data)) == {"total": "1222.06", "on": "2026-03-31"}
