"""What every order reader shares: problems gathered per file, columns found by name, amounts and
dates read from cells, and the check that each order adds up."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.domain.money import CENT, ZERO
from desktop_app.domain.orders import ShopOrder, expected_total, total_discrepancy
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.formats.text import NotANumber, decimal_comma_in, header_key, parse_amount, peek_header
from desktop_app.i18n import _, ngettext

UNIT_PLACES = Decimal("0.000001")   # unit prices keep 6 decimals, as PrestaShop and WooCommerce store them


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a reader builds many small objects.

    Readers make no reference cycles, so nothing is kept longer; without the pause the collector
    scans every order built so far again and again (a third of the time of a 100,000-order file).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Problems:
    """Every problem found in one file; the reader raises them all at the end, or returns orders."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []

    def add(self, line: int, column: str, message: str) -> None:
        self.items.append(Problem(self.file, line, column, message))

    def extend(self, problems: Sequence[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            self.items.sort(key=lambda p: p.line)
            raise FileRefused(self.items)


def header_keys(data: bytes) -> set[str]:
    """The normalised names of a CSV file's header, read cheaply (empty when there is no header)."""
    found = peek_header(data)
    return {header_key(name) for name in found[0]} if found else set()


def find_columns(header: Sequence[str], aliases: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Index of each field's column, found by any of its names (case, accents, spacing ignored)."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(header_key(name), index)
    found: dict[str, int] = {}
    for field, names in aliases.items():
        for name in names:
            index = positions.get(header_key(name))
            if index is not None:
                found[field] = index
                break
    return found


def require_columns(found: Mapping[str, int], required: Sequence[str],
                    aliases: Mapping[str, Sequence[str]], problems: Problems, line: int) -> bool:
    """Note the required columns the header lacks, by their usual names; True when none is missing."""
    missing = [aliases[field][0] for field in required if field not in found]
    if missing:
        problems.add(line, "", ngettext(
            "the column {names} is missing; export the orders again with it.",
            "the columns {names} are missing; export the orders again with them.",
            len(missing)).format(names=", ".join(f"'{name}'" for name in missing)))
    return not missing


def cell(cells: Sequence[str], index: int | None) -> str:
    """The stripped text of a cell, or '' when the column is absent."""
    return cells[index].strip() if index is not None and index >= 0 else ""


def column_uses_decimal_comma(rows: Sequence[Sequence[str]], indexes: Sequence[int]) -> bool:
    """Whether the amounts of these columns are written with a decimal comma ('12,50')."""
    values = (row[i] for row in rows for i in indexes if i is not None and i >= 0)
    return bool(decimal_comma_in(values))


def read_amount(raw: str, line: int, column: str, problems: Problems, decimal_comma: bool = False,
                default: Decimal | None = ZERO) -> Decimal:
    """An amount cell; empty gives `default` (or a problem when None), junk gives a problem."""
    text = raw.strip()
    if not text:
        if default is None:
            problems.add(line, column, _("this cell is empty; an amount is needed here."))
            return ZERO
        return default
    try:
        return parse_amount(text, decimal_comma)
    except NotANumber as error:
        problems.add(line, column, str(error))
        return ZERO


def read_quantity(raw: str, line: int, column: str, problems: Problems,
                  decimal_comma: bool = False) -> Decimal:
    """A line quantity: a number, never negative (a return is a refund, not a negative line)."""
    if not raw.strip():
        problems.add(line, column, _("this cell is empty; a quantity is needed here."))
        return ZERO
    value = read_amount(raw, line, column, problems, decimal_comma)
    if value < 0:
        problems.add(line, column, _("'{value}': a quantity cannot be negative.").format(value=raw.strip()))
    return value


def parse_datetime(raw: str, timezone: tzinfo) -> datetime:
    """'2026-05-12 12:54:07 -0700', ISO 8601 with or without offset, '12/05/2026 12:54' (day first).

    A time without offset is the shop's local time, in `timezone`. ValueError when unreadable.
    """
    text = raw.strip()
    if len(text) == 25 and text[19] == " " and text[20] in "+-":
        text = text[:19] + text[20:]   # Shopify's 'HH:MM:SS -0700' -> 'HH:MM:SS-0700'
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        value = _day_first(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone)


def _day_first(text: str) -> datetime:
    for pattern in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d.%m.%Y %H:%M:%S",
                    "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern)  # noqa: DTZ007 - the caller gives it its zone
        except ValueError:
            continue
    raise ValueError(text)


def read_datetime(raw: str, line: int, column: str, problems: Problems, timezone: tzinfo,
                  required: bool = False) -> datetime | None:
    """A date-and-time cell, or None when empty; an unreadable one is a problem."""
    text = raw.strip()
    if not text or text.startswith("0000-00-00"):
        if required:
            problems.add(line, column, _("this cell is empty; the order's date is needed."))
        return None
    try:
        return parse_datetime(text, timezone)
    except ValueError:
        problems.add(line, column, _("'{value}' is not a date (expected for example 2026-05-12 14:30 or "
                                     "12/05/2026 14:30).").format(value=text))
        return None


def local_date(moment: datetime, timezone: tzinfo) -> date:
    """The merchant's calendar date of a moment (an order at 23:30 UTC on 31 Dec is 1 Jan in Paris)."""
    return moment.astimezone(timezone).date()


def unit_and_discount(quantity: Decimal, before_discount: Decimal,
                      after_discount: Decimal) -> tuple[Decimal, Decimal]:
    """Unit price (up to 6 decimals) and line discount that give back a line's two stated totals."""
    if not quantity:
        return ZERO, ZERO
    unit = trim_zeros((before_discount / quantity).quantize(UNIT_PLACES, rounding=ROUND_HALF_UP))
    return unit, trim_zeros(quantity * unit - after_discount)


def trim_zeros(value: Decimal) -> Decimal:
    """An amount without the useless zeros of 6-decimal exports: 52.800000 -> 52.80, 20.835000 -> 20.835."""
    exact = value.normalize()
    exponent = exact.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return exact
    return value.quantize(CENT)


def check_order_adds_up(order: ShopOrder, problems: Problems, line: int, hint: str = "") -> None:
    """A problem naming the order when its lines, shipping and discounts miss its stated total."""
    gap = total_discrepancy(order)
    if gap:
        message = _("order {reference} does not add up: its lines, shipping and discounts{taxes} come to "
                    "{expected}, but the file states a total of {total}.").format(
            reference=order.reference, expected=_two_places(expected_total(order)),
            total=_two_places(order.total), taxes="" if order.taxes_included else _(" plus taxes"))
        problems.add(line, "", f"{message} {hint}".strip())


def _two_places(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


class DamageWatch:
    """Whether a row the CSV reader rejected (cut, ragged) lies before a line: the order around it
    is then incomplete, and its other problems (a missing line, a total that cannot add up) are
    only consequences, not worth reporting on top of the damaged row itself."""

    def __init__(self, rejected: list[Problem]) -> None:
        self._rejected = rejected
        self._seen = 0

    def before(self, line: int) -> bool:
        """True when a rejected row lies between the previous call's line and this one."""
        found = False
        while self._seen < len(self._rejected) and self._rejected[self._seen].line < line:
            found = True
            self._seen += 1
        return found


class SeenOrders:
    """The orders met so far in a file, to refuse one that appears twice."""

    def __init__(self, problems: Problems) -> None:
        self._first_line: dict[str, int] = {}
        self._problems = problems

    def is_new(self, key: str, reference: str, line: int, column: str = "") -> bool:
        first = self._first_line.setdefault(key, line)
        if first == line:
            return True
        self._problems.add(line, column, order_repeated(reference, first))
        return False


def order_repeated(reference: str, first: int) -> str:
    """Why an order met a second time in one file is refused."""
    return _("order {reference} appears a second time (first at line {first}); an export holds each order "
             "once, so this file may join two exports.").format(reference=reference, first=first)
