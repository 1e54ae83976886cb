"""Cutting a Shopify export into parts: only between orders, never inside a quoted cell."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.shopify import READER

SOURCE = Path(__file__).resolve().parents[1] / "fixtures" / "orders" / "shopify" / "orders_export_1.csv"


def export(copies: int, line_end: str = "\n") -> bytes:
    """The fixture's orders many times, each with a note of several lines holding quotes and commas."""
    rows = list(csv.reader(io.StringIO(SOURCE.read_text(encoding="utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    notes = header.index("Notes")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(header)
    for copy in range(copies):
        for row in body:
            row = [f"{row[0]}-{copy}", *row[1:]]
            if row[notes] or copy % 3 == 0:
                row[notes] = f'Sonner deux fois,\n"porte B"{line_end}#9999,fake,row'
            writer.writerow(row)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("shares", [(1, 1), (1, 1, 1), (1,) * 7, (6, 4, 1, 1)])
def test_parts_hold_whole_orders_and_read_as_the_whole_file(shares):
    data = export(60)
    whole = READER.read(data, "orders.csv", ReadOptions())
    parts = READER.split(data, "orders.csv", ReadOptions(), shares)
    assert parts is not None and len(parts) == len(shares)
    read = [order for part in parts for order in READER.read_part(part, ReadOptions()).orders]
    assert read == whole            # same orders, same lines numbers (source_line), same order


def test_parts_have_about_the_sizes_asked_for():
    data = export(300)
    count = len(READER.read(data, "orders.csv", ReadOptions()))
    parts = READER.split(data, "orders.csv", ReadOptions(), (6, 6, 4, 1, 1))
    assert parts is not None
    sizes = [len(READER.read_part(part, ReadOptions()).orders) for part in parts]
    assert sum(sizes) == count
    assert [round(size / count * 18) for size in sizes] == [6, 6, 4, 1, 1], sizes


def test_windows_line_ends_are_cut_too():
    data = export(40, "\r\n")
    parts = READER.split(data, "orders.csv", ReadOptions(), (1, 1, 1))
    assert parts is not None
    assert [o for p in parts for o in READER.read_part(p, ReadOptions()).orders] == \
        READER.read(data, "orders.csv", ReadOptions())


def test_a_file_that_cannot_be_cut_safely_is_read_whole():
    assert READER.split(export(20).replace(b"\n", b"\r"), "orders.csv", ReadOptions(), (1, 1, 1)) is None
    assert READER.split(export(20).decode().encode("utf-16"), "orders.csv", ReadOptions(), (1, 1, 1)) is None
    assert READER.split(export(1), "orders.csv", ReadOptions(), (1,)) is None
