"""Any order CSV, read through a column mapping the user builds once in the GUI and saves by name.

The mapping (ReadOptions.mapping) maps each target field of MAPPING_TARGETS to a column name of
the file, and holds the settings of MAPPING_SETTINGS. One row per order line; the order's fields
are read from its first row (later rows may repeat them or leave them blank, and a blank order
reference continues the order above). This reader is only used when asked for (`--mapping NAME`).
"""

from __future__ import annotations

import sys

from desktop_app.domain.orders import ShopOrder
from desktop_app.formats.orders import ReadOptions
from desktop_app.formats.orders.common import DamageWatch, Problems, SeenOrders, column_uses_decimal_comma
from desktop_app.formats.orders.mapped_csv_order import MappedRows, build_order
from desktop_app.formats.orders.mapping_targets import (
    MAPPING_SETTINGS,
    MAPPING_TARGETS,
    MappingSetting,
    MappingTarget,
    flag,
    validate_mapping,
)
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.formats.text import is_blank, open_records
from desktop_app.i18n import N_, _

__all__ = ["MAPPING_SETTINGS", "MAPPING_TARGETS", "READER", "MappingSetting", "MappingTarget", "validate_mapping"]


class MappedCsvReader:
    name = "csv"
    label = N_("CSV with a column mapping")

    def recognises(self, data: bytes, file_name: str) -> bool:
        return False   # chosen only with --mapping NAME

    def read(self, data: bytes, file_name: str, options: ReadOptions) -> list[ShopOrder]:
        """Every order of the file read through options.mapping, or FileRefused naming each bad cell."""
        if not options.mapping:
            raise FileRefused([Problem(file_name, 0, "", _("no column mapping was given for this CSV file."))])
        records = open_records(data, file_name)
        problems = Problems(file_name)
        problems.extend(validate_mapping(options.mapping, records.header, file_name))
        problems.raise_if_any()
        rows = MappedRows(records.header, options.mapping, problems, options)
        table = [(line, cells) for line, cells in records if not is_blank(cells)]
        comma = flag(options.mapping.get("decimal_comma"))
        rows.decimal_comma = comma if comma is not None else column_uses_decimal_comma(
            [cells for _, cells in table], rows.amount_columns())
        orders = [order for group in self._groups(table, rows, problems, records.problems)
                  if (order := build_order(group, rows)) is not None]
        problems.extend(records.problems)
        if not orders and not problems:
            problems.add(0, "", _("the file holds no orders, only a header."))
        problems.raise_if_any()
        return orders

    def _groups(self, table: list[tuple[int, list[str]]], rows: MappedRows, problems: Problems,
                rejected: list[Problem]) -> list[list[tuple[int, list[str]]]]:
        seen, damage = SeenOrders(problems), DamageWatch(rejected)
        groups: list[list[tuple[int, list[str]]]] = []
        damaged: set[int] = set()   # orders with a rejected row among theirs: their sums cannot be checked
        current: str | None = None
        skipping = False   # the rows of an order met a second time: reported once, not read
        for line, cells in table:
            if damage.before(line) and groups:
                damaged.add(len(groups) - 1)
            reference = rows.text(cells, "reference")
            if reference and reference != current:
                current = reference
                skipping = not seen.is_new(reference, reference, line, rows.name("reference"))
                if not skipping:
                    groups.append([])
            elif current is None:
                problems.add(line, rows.name("reference"), _(
                    "the order reference is empty, so this row belongs to no order."))
                continue
            if not skipping:
                groups[-1].append((line, cells))
        if damage.before(sys.maxsize) and groups:
            damaged.add(len(groups) - 1)
        return [group for n, group in enumerate(groups) if n not in damaged]


READER = MappedCsvReader()
