"""CSV exports are split into lines the way a file opened with newline='' is, whatever they hold."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.formats.text import csv_lines, decode

# Cells made of what exports hold, and of every line separator Python knows.
pieces = st.sampled_from(["a", "é", "œ", " ", ",", ";", '"', '""', "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c",
                          "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\t", "12,50", "日本"])
texts = st.lists(pieces, max_size=60).map("".join)


def read(lines: object) -> list[tuple[int, list[str]] | str]:
    reader = csv.reader(lines, strict=True)  # type: ignore[arg-type]
    found: list[tuple[int, list[str]] | str] = []
    try:
        for cells in reader:
            found.append((reader.line_num, cells))
    except csv.Error as error:
        found.append(f"{reader.line_num}: {error}")
    return found


@settings(max_examples=400, deadline=None)
@given(texts)
def test_rows_and_line_numbers_are_those_of_a_file(raw):
    text = decode(raw.encode("utf-8"), "orders.csv")
    assert read(csv_lines(text)) == read(io.StringIO(text, newline=""))


def test_a_quoted_cell_keeps_an_unusual_line_separator():
    text = 'name,notes\r\n"Zoé","one\u2028two\x85three"\r\n'
    assert read(csv_lines(text)) == [(1, ["name", "notes"]), (2, ["Zoé", "one\u2028two\x85three"])]
