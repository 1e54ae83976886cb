"""Shopify's orders export (Admin > Orders > Export, `orders_export_1.csv`).

One row per line item; the first row of an order carries every order field, the rows after it
repeat only the name, e-mail, date and the `Lineitem *` cells. Columns are found by name (older
exports lack the tail columns, some say `Fulfillment Date` for `Fulfilled at`). The file states no
"taxes included" flag: ReadOptions.taxes_included decides, or each order's own amounts do
(Subtotal + Shipping = Total means tax-inclusive prices, + Taxes = Total means exclusive).

Built for speed: a 100,000-order export (about 250,000 rows) is read with the C csv reader row by
row, amounts that are plain numbers skip every regular expression, and only finished orders stay
in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice

from desktop_app.domain.orders import ShopOrder
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.common import (
    Problems,
    SeenOrders,
    collector_paused,
    column_uses_decimal_comma,
    find_columns,
    header_keys,
    order_repeated,
    require_columns,
)
from desktop_app.formats.orders.parts import (
    FilePart,
    PartOrders,
    cut_points,
    header_end,
    is_splittable,
    lines_before,
    record_key,
)
from desktop_app.formats.orders.shopify_order import ALIASES, REQUIRED, ShopifyOrderBuilder
from desktop_app.formats.problems import FileRefused
from desktop_app.formats.text import Rows, encoding_of, is_blank, is_utf8, open_records
from desktop_app.i18n import N_, _

_SIGNATURE = {"name", "financial status", "lineitem quantity", "lineitem name"}


@dataclass(frozen=True, slots=True)
class _Entry:
    """What reading a part assumes: the file's encoding, whether its amounts use a decimal comma (both
    learned from the whole file) and whether prices include tax (carried from order to order)."""

    encoding: str
    decimal_comma: bool
    taxes_included: bool
_SAMPLE_ORDERS = 200


class ShopifyReader:
    name = "shopify"
    label = N_("Shopify (orders_export.csv)")

    def recognises(self, data: bytes, file_name: str) -> bool:
        return _SIGNATURE.issubset(header_keys(data))

    def read(self, data: bytes, file_name: str, options: ReadOptions) -> list[ShopOrder]:
        """Every order of the export, or FileRefused naming each bad cell."""
        return self._read(data, file_name, options).orders

    def split(self, data: bytes, file_name: str, options: ReadOptions, shares: Sequence[int]
              ) -> list[FilePart] | None:
        """The export cut into parts of whole orders of about the relative sizes `shares`, or None when
        it cannot be cut (then `read` it whole, which also names whatever is wrong with it)."""
        end = header_end(data) if len(shares) > 1 and is_splittable(data) else None
        if end is None:
            return None
        try:
            head = open_records(data[:end], file_name)
        except FileRefused:
            return None
        at = find_columns(head.header, ALIASES).get("name")
        if at is None:
            return None
        delimiter = head.delimiter
        cuts = cut_points(data, end, shares, lambda record: record_key(record, "utf-8", delimiter, at))
        if not cuts:
            return None
        # Checking that all 80 MB are UTF-8 would take the main process 0.1 s: the first part is
        # checked here, the others by their workers as they decode them (see read_part).
        encoding = "utf-8" if is_utf8(data[:cuts[0]]) else encoding_of(data)
        decimal_comma = delimiter != "," and self._decimal_comma(data[:cuts[0]], file_name, encoding)
        entry = _Entry(encoding, decimal_comma, True)
        parts, lines = [], lines_before(data, end)
        header_lines, view = lines, memoryview(data)    # slices of a view are not copies
        for index, (start, stop) in enumerate(zip([end, *cuts], [*cuts, len(data)])):
            parts.append(FilePart(file_name, index, b"".join((view[:end], view[start:stop])), lines - header_lines,
                                  entry))
            lines += lines_before(data, stop, start)
        return parts

    def read_part(self, part: FilePart, options: ReadOptions) -> PartOrders:
        """The orders of one part of `split`, numbered as in the whole file; UnicodeDecodeError when the
        part is not in the encoding `split` found at the start of the file (then read the file whole)."""
        return self._read(part.data, part.file_name, options, part.entry, part.line_offset)

    def _decimal_comma(self, head: bytes, file_name: str, encoding: str) -> bool:
        records = open_records(head, file_name, encoding=encoding)
        columns = find_columns(records.header, ALIASES)
        if any(name not in columns for name in ("name", "total", "subtotal", "lineitem_price")):
            return False
        sample = islice(records.runs(columns["name"]), _SAMPLE_ORDERS)
        return column_uses_decimal_comma([cells for rows, _ in sample for _, cells in rows],
                                         [columns["total"], columns["subtotal"], columns["lineitem_price"]])

    def _read(self, data: bytes, file_name: str, options: ReadOptions, entry: _Entry | None = None,
              line_offset: int = 0) -> PartOrders:
        records = open_records(data, file_name, line_offset=line_offset,
                               encoding=entry.encoding if entry else None)
        problems = Problems(file_name)
        columns = find_columns(records.header, ALIASES)
        if not require_columns(columns, REQUIRED, ALIASES, problems, records.header_line):
            problems.extend(records.problems)
            problems.raise_if_any()
        runs: Iterator[tuple[Rows, bool]] = records.runs(columns["name"])
        if entry is None:
            sample = list(islice(runs, _SAMPLE_ORDERS)) if records.delimiter != "," else []
            # A ';' file was saved by a French spreadsheet: its amounts may use a decimal comma.
            decimal_comma = column_uses_decimal_comma(
                [cells for rows, _ in sample for _, cells in rows],
                [columns["total"], columns["subtotal"], columns["lineitem_price"]])
            runs = chain(sample, runs)
        else:
            decimal_comma = entry.decimal_comma
        builder = ShopifyOrderBuilder(records.header, columns, problems, options, decimal_comma,
                                      entry.taxes_included if entry else True)
        with collector_paused():
            orders = list(self._orders(runs, builder))
        problems.extend(records.problems)
        if not orders and not problems:
            problems.add(0, "", _("the file holds no orders, only a header."))
        problems.raise_if_any()
        exit_ = _Entry(entry.encoding if entry else "", decimal_comma, builder.last_verdict)
        return PartOrders(orders, builder.entry_used, exit_, builder.column_name("name"))

    def _orders(self, runs: Iterable[tuple[Rows, bool]], builder: ShopifyOrderBuilder) -> Iterator[ShopOrder]:
        """The orders of the runs of rows sharing a Name; a run the CSV reader damaged is skipped,
        its damage being reported already."""
        i_total = builder.columns["total"]
        seen = SeenOrders(builder.problems)
        name_column = builder.column_name("name")
        for rows, damaged in runs:
            line, first = rows[0]
            name = first[builder.columns["name"]]
            reference = name.strip()
            if damaged:
                seen.is_new(reference, reference, line, name_column)
            elif not reference:
                if any(not is_blank(cells) for _, cells in rows):
                    builder.problems.add(line, name_column, _(
                        "the order name is empty, so this row belongs to no order."))
            elif seen.is_new(reference, reference, line, name_column) and self._whole(rows, reference, i_total,
                                                                                       builder):
                order = builder.build(reference, rows)
                if order is not None:
                    yield order

    def _whole(self, rows: Rows, name: str, i_total: int, builder: ShopifyOrderBuilder) -> bool:
        """The run starts with the order row and holds only one (else a problem says why)."""
        line, first = rows[0]
        if not first[i_total]:   # only an order's first row states its total
            builder.problems.add(line, builder.column_name("total"), _(
                "order {reference} starts here without its order row (Total, Currency, Financial Status); "
                "the export may have been cut.").format(reference=name))
            return False
        again = next((row_line for row_line, cells in rows[1:] if cells[i_total]), None)
        if again is not None:
            builder.problems.add(again, builder.column_name("name"), order_repeated(name, line))
            return False
        return True


READER = ShopifyReader()
