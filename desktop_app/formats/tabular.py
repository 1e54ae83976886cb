"""Reports as files a bookkeeper opens: CSV, XLSX and JSON.

CSV follows the French spreadsheet convention (UTF-8 with BOM, `;` between fields, decimal comma).
A text cell that a spreadsheet would run as a formula (one starting with = + - @, a tab or a carriage
return, SPEC §5) is written as text: prefixed with an apostrophe in CSV, typed as a string in XLSX.
Numbers stay numbers and dates stay dates.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.domain.money import format_plain, plain_number
from desktop_app.domain.report_table import Cell, Column, ColumnKind, Report, Table
from desktop_app.formats.text import without_controls

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLACES = {ColumnKind.MONEY: 2, ColumnKind.PERCENT: 1, ColumnKind.DAYS: 1}
XLSX_FORMATS = {ColumnKind.MONEY: "#,##0.00", ColumnKind.PERCENT: "0.0%", ColumnKind.DAYS: "0.0",
                ColumnKind.INTEGER: "0", ColumnKind.RATE: "0.0#%", ColumnKind.DATE: "DD/MM/YYYY",
                ColumnKind.MONTH: "MMM YYYY"}


def neutralised(text: str) -> str:
    """Text a spreadsheet shows as typed, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_cell(value: Cell, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralised(value)
    if isinstance(value, date):
        return value.isoformat()[:7] if column.kind is ColumnKind.MONTH else value.isoformat()
    if isinstance(value, Decimal):
        places = PLACES.get(column.kind)
        text = str(plain_number(value)) if places is None else f"{value:.{places}f}"
        return text.replace(".", ",")
    return str(value)


def csv_bytes(report: Report) -> bytes:
    """Every table of the report, the first one from the first line (later ones after a blank line
    and their title), as UTF-8 CSV with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for index, table in enumerate(report.tables):
        if index:
            writer.writerow([])
            writer.writerow([neutralised(table.title)])
        writer.writerow([neutralised(column.title) for column in table.columns])
        for row in (*table.rows, *((table.total,) if table.total is not None else ())):
            writer.writerow([csv_cell(value, column) for value, column in zip(row, table.columns)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format_plain(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def json_bytes(data: Mapping[str, Any]) -> bytes:
    """One JSON object; amounts as strings with two decimals ("1234.50"), dates ISO."""
    return (json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n").encode("utf-8")


def _sheet_title(title: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    base = " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split())[:31] or "Sheet"
    name, number = base, 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(name.casefold())
    return name


def _xlsx_value(value: Cell, column: Column) -> Cell:
    """Percentages and rates become fractions, so that Excel's % formats show them right."""
    if isinstance(value, Decimal) and column.kind in (ColumnKind.PERCENT, ColumnKind.RATE):
        return value / 100
    return value


def _write_cell(sheet: Worksheet, value: Cell, column: Column | None, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, str):
        value = without_controls(value)       # openpyxl refuses control characters in a cell
    cell = WriteOnlyCell(sheet, value=_xlsx_value(value, column) if column is not None else value)
    if isinstance(value, str):
        cell.data_type = "s"          # text, even when it starts with "=": never a formula
    elif column is not None and value is not None and column.kind in XLSX_FORMATS:
        cell.number_format = XLSX_FORMATS[column.kind]
    if bold:
        cell.font = Font(bold=True)
    return cell


def _write_table(sheet: Worksheet, report: Report, table: Table) -> None:
    columns = table.columns
    for index, column in enumerate(columns, start=1):
        width = 14 if column.numeric or column.kind is ColumnKind.DATE else 32 if index <= 3 else 16
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A5"
    title = WriteOnlyCell(sheet, value=f"{report.title} — {table.title}" if table.title != report.title
                          else report.title)
    title.font, title.data_type = Font(bold=True, size=13), "s"
    sheet.append([title])
    sheet.append([_write_cell(sheet, report.subtitle, None)])
    sheet.append([])
    header = []
    for column in columns:
        cell = _write_cell(sheet, column.title, None, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(wrap_text=True, vertical="top",
                                   horizontal="right" if column.numeric else "left")
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_write_cell(sheet, value, column) for value, column in zip(row, columns)])
    if table.total is not None:
        sheet.append([_write_cell(sheet, value, column, bold=True) for value, column in zip(table.total, columns)])
    if table.note:
        sheet.append([])
        sheet.append([_write_cell(sheet, table.note, None)])


def xlsx_bytes(report: Report) -> bytes:
    """One worksheet per table, with typed cells (numbers with a number format, real dates)."""
    book = Workbook(write_only=True)
    taken: set[str] = set()
    for table in report.tables:
        _write_table(book.create_sheet(_sheet_title(table.title, taken)), report, table)
    book.properties.title = report.title
    book.properties.creator = "Comptoir"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
