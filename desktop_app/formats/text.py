"""Reading text exports as they really arrive: any usual encoding, any usual delimiter, numbers
written the French or the English way. Shared by every CSV-like reader."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Protocol

from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.i18n import _

MAX_FILE_BYTES = 512 * 1024 * 1024
csv.field_size_limit(16 * 1024 * 1024)
# Characters no target can carry: the C0 controls XML 1.0 forbids and spreadsheets refuse (tab, line feed
# and carriage return stay), lone surrogates (no UTF-8 for them) and the two non-characters U+FFFE/U+FFFF.
_CONTROL_BYTES = bytes(c for c in range(32) if c not in (9, 10, 13))
_UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def without_controls(text: str) -> str:
    """`text` without the characters no PDF, XML, spreadsheet or e-mail can carry."""
    return _UNCARRIABLE.sub("", text) if _UNCARRIABLE.search(text) else text


def decode(data: bytes, file: str, encoding: str | None = None) -> str:
    """Text of a file in UTF-8 (with or without BOM), UTF-16 with BOM, or CP1252/Latin-1, without the
    control characters no target can carry (a stray BEL or ESC in a name is noise, not data).

    `encoding` (from `encoding_of` on the whole file) is for a part of a file: a part alone could
    look like another encoding than the file it was cut from.
    """
    text = _decoded(data, file, encoding)
    # Looking at the bytes is three times faster than at the text, and in UTF-8 or CP1252 a control
    # character is its own byte: a 100,000-order export pays a few tens of milliseconds for the check.
    if (data.startswith((b"\xff\xfe", b"\xfe\xff")) or len(data.translate(None, _CONTROL_BYTES)) != len(data)
            or (data.find(b"\xef", 3 if data.startswith(b"\xef\xbb\xbf") else 0) >= 0
                and (b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data))):
        return without_controls(text)
    return text


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def encoding_of(data: bytes) -> str:
    """The encoding `decode` reads a file in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if not is_utf8(data):
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return "latin-1"
        return "cp1252"
    return "utf-8"


def _decoded(data: bytes, file: str, encoding: str | None = None) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused([Problem(file, 0, "", _("the file is larger than 512 MB; export a shorter "
                                                   "period."))])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileRefused([Problem(file, 0, "", _("the file says it is UTF-16 but is not."))]) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        raise FileRefused([Problem(file, 0, "", _("this is not a text file (it holds binary data)."))])
    if encoding is not None:
        return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def header_key(name: str) -> str:
    """A header name reduced for matching: no accents, lower case, single spaces."""
    text = unicodedata.normalize("NFKD", name.replace("\ufeff", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\s_]+", " ", text).strip().casefold().split())


@dataclass(frozen=True, slots=True)
class Row:
    """One record of a table: the physical line it starts on and its cells by header name."""

    line: int
    cells: dict[str, str]

    def get(self, column: str, default: str = "") -> str:
        return self.cells.get(column, default)


@dataclass(frozen=True, slots=True)
class Table:
    file: str
    delimiter: str
    header: list[str]
    rows: list[Row]


def sniff_delimiter(first_line: str, candidates: str = ",;\t|") -> str:
    """The delimiter of a header line: the candidate that occurs most often outside quotes."""
    outside = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: outside.count(d) for d in candidates}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(data: bytes, file: str, delimiter: str | None = None) -> Table:
    """Parse a CSV export whole; every row must have the header's number of cells.

    Cells are kept verbatim (a leading '=' is data, not a formula). Rows made only of empty cells
    are skipped; trailing empty cells added by spreadsheets are tolerated.
    """
    text = decode(data, file)
    if not text.strip():
        raise FileRefused([Problem(file, 0, "", _("the file is empty."))])
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = delimiter or sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    problems: list[Problem] = []
    header: list[str] = []
    rows: list[Row] = []
    previous_end = 0
    try:
        for cells in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if not header:
                header = _clean_header(cells)
                if len(set(header) - {""}) < len([h for h in header if h]):
                    problems.append(Problem(file, start, "", _("the header names a column twice.")))
                continue
            cells = _trim_trailing_empties(cells, len(header))
            if len(cells) != len(header):
                problems.append(Problem(file, start, "", _("this line has {n} cells where the header has {m}; "
                                                           "the line may be cut or hold an unquoted "
                                                           "delimiter.").format(n=len(cells), m=len(header))))
                continue
            rows.append(Row(start, {name: value for name, value in zip(header, cells) if name}))
    except csv.Error as error:
        problems.append(Problem(file, previous_end + 1, "", _("the file is not valid CSV here ({error}); it "
                                                              "may be cut short.").format(error=error)))
    if text.count('"') % 2 and not problems:
        problems.append(Problem(file, previous_end, "", _("a quoted cell is never closed; the file may be "
                                                          "cut short.")))
    if problems:
        raise FileRefused(problems)
    return Table(file, delimiter, [h for h in header if h], rows)


def _clean_header(cells: list[str]) -> list[str]:
    cleaned = [cell.replace("\ufeff", "").strip() for cell in cells]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    return cleaned


def _trim_trailing_empties(cells: list[str], width: int) -> list[str]:
    while len(cells) > width and not cells[-1].strip():
        cells = cells[:-1]
    return cells


_SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2009'’"), None)
_CURRENCY = re.compile(r"(?i)(€|\$|£|eur|usd|gbp|chf|fr)")


class NotANumber(ValueError):
    """A cell that should hold an amount does not."""


def decimal_comma_in(values: Iterable[str]) -> bool | None:
    """Whether a column writes decimals with a comma: True, False, or None when nothing tells."""
    verdict: bool | None = None
    for raw in values:
        value = raw.strip().translate(_SPACES)
        if not value:
            continue
        if "," in value and "." in value:
            return value.rfind(",") > value.rfind(".")
        if re.search(r",\d{1,2}(?!\d)", value) or re.search(r",\d{4,}", value):
            return True
        if re.search(r"\.\d{1,2}(?!\d)", value) or re.search(r"\.\d{4,}", value):
            verdict = False
    return verdict


def parse_decimal(raw: str, decimal_comma: bool = False) -> Decimal:
    """'1 234,56 €', '(12.50)', '12,50-', '1,234.56' -> Decimal; NotANumber otherwise."""
    text = _CURRENCY.sub("", raw.strip()).translate(_SPACES)
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.endswith("-") and len(text) > 1:
        negative, text = True, text[:-1]
    if decimal_comma:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", text):
        raise NotANumber(_("'{value}' is not a number").format(value=raw))
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise NotANumber(_("'{value}' is not a number").format(value=raw)) from None
    return -value if negative else value


def looks_like_scientific(raw: str) -> bool:
    """True for ids a spreadsheet has turned into scientific notation ('1,21331E+13'): lost for good."""
    return bool(re.fullmatch(r"\s*\d+([.,]\d+)?[eE]\+\d+\s*", raw))


# Streaming reading for large exports (a 100,000-order Shopify file is about 250,000 rows): rows are
# handed over as they are read, in runs of one order's rows, so only the result stays in memory; and
# amounts that are plain numbers skip the regular expressions of parse_decimal.

class _LineReader(Protocol):
    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


Rows = list[tuple[int, list[str]]]


class Records:
    """The rows of a CSV export after its header, each as (line it starts on, cells).

    Only rows with the header's number of cells come out (spreadsheet-added trailing empty cells
    are dropped); a ragged row, a CSV syntax error or an unclosed quote is added to `problems`
    instead. Rows whose cells are all empty come out too when their width is right: callers that
    care test them with `is_blank`.
    """

    def __init__(self, file: str, delimiter: str, header: list[str], header_line: int,
                 reader: _LineReader, text: str, problems: list[Problem], line_offset: int = 0) -> None:
        self.file = file
        self.line_offset = line_offset   # a part of a larger file: its rows are numbered as in the file
        self.delimiter = delimiter
        self.header = header
        self.header_line = header_line
        self.problems = problems
        self._reader = reader
        self._text = text

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        for rows, _damaged in self.runs(None):
            yield from rows

    def runs(self, key: int | None) -> Iterator[tuple[Rows, bool]]:
        """The rows in runs of equal `key` cell (an order's rows), each run with whether a rejected
        row touched it: its other problems are then mere consequences of the damage.

        One resumption per run rather than per row keeps a 250,000-row export fast; `key` None
        makes each row a run of its own.
        """
        reader, width, problems, file = self._reader, len(self.header), self.problems, self.file
        offset = self.line_offset
        previous_end = reader.line_num
        run: Rows = []
        current: object = None
        damaged = carry = False   # carry: the rejected row was the last before a new run began
        try:
            for cells in reader:
                start = previous_end + 1 + offset
                previous_end = reader.line_num
                if len(cells) != width:
                    cells = _trim_trailing_empties(cells, width)
                    if len(cells) != width:
                        if any(cell.strip() for cell in cells):
                            problems.append(Problem(file, start, "", _(
                                "this line has {n} cells where the header has {m}; the line may be cut "
                                "or hold an unquoted delimiter.").format(n=len(cells), m=width)))
                            damaged = carry = True
                        continue
                value = start if key is None else cells[key]
                if value != current:
                    if run:
                        yield run, damaged
                    run, current, damaged = [], value, carry
                carry = False
                run.append((start, cells))
        except csv.Error as error:
            problems.append(Problem(file, previous_end + 1 + offset, "", _(
                "the file is not valid CSV here ({error}); it may be cut short.").format(error=error)))
            damaged = True
        if self._text.count('"') % 2 and not problems:
            problems.append(Problem(file, previous_end + offset, "", _(
                "a quoted cell is never closed; the file may be cut short.")))
            damaged = True
        if run:
            yield run, damaged


def open_records(data: bytes, file: str, delimiter: str | None = None, line_offset: int = 0,
                 encoding: str | None = None) -> Records:
    """Decode a CSV export and read its header; the rows are read while iterating the result.

    `line_offset` is for a part of a larger file (its header, then some of its rows): it is added to
    the rows' line numbers so that they are the file's, and `encoding` the whole file's.
    """
    text = decode(data, file, encoding)
    if not text or text.isspace():
        raise FileRefused([Problem(file, 0, "", _("the file is empty."))])
    body = text.lstrip("\r\n")
    end = body.find("\n")
    delimiter = delimiter or sniff_delimiter(body if end < 0 else body[:end])
    reader = csv.reader(csv_lines(text), delimiter=delimiter, quotechar='"', strict=True)
    problems: list[Problem] = []
    header: list[str] = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                header = _clean_header(cells)
                break
    except csv.Error as error:
        raise FileRefused([Problem(file, reader.line_num, "", _(
            "the header line is not valid CSV ({error}).").format(error=error))]) from None
    named = [h for h in header if h]
    if len(set(named)) < len(named):
        problems.append(Problem(file, reader.line_num, "", _("the header names a column twice.")))
    return Records(file, delimiter, header, reader.line_num, reader, text, problems, line_offset)


def csv_lines(text: str) -> Iterable[str]:
    """The lines of `text` with their ends, split at '\\n', '\\r' and '\\r\\n' only (a quoted cell may
    hold other line separators). A list made by splitlines() when the text holds none of the others
    (decode() removed the control characters among them): the CSV reader goes through it faster than
    through a StringIO, which copies the text at four bytes a character."""
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return io.StringIO(text, newline="")
    return text.splitlines(keepends=True)


def is_blank(cells: list[str]) -> bool:
    """True for a row whose cells are all empty or spaces."""
    return not "".join(cells).strip()


def peek_header(data: bytes, limit: int = 65536) -> tuple[list[str], str] | None:
    """The header cells and delimiter of a CSV file, decoding only its beginning (for recognition)."""
    head = data[:limit]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    else:
        head = head.removeprefix(b"\xef\xbb\xbf")
        if len(data) > limit and b"\n" in head:
            head = head[: head.rfind(b"\n")]
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            text = head.decode("cp1252", errors="replace")
    for line in text.splitlines():
        if line.strip():
            delimiter = sniff_delimiter(line)
            try:
                cells = next(csv.reader([line], delimiter=delimiter, quotechar='"'))
            except (csv.Error, StopIteration):
                return None
            return _clean_header(cells), delimiter
    return None


PLAIN_NUMBER_CHARS = str.maketrans("", "", "0123456789.-")   # raw.translate(...) == "": a plain number


def parse_amount(raw: str, decimal_comma: bool = False) -> Decimal:
    """parse_decimal, with a fast path for plain numbers such as '12.50' or '-3'."""
    if raw and not raw.translate(PLAIN_NUMBER_CHARS) and (not decimal_comma or "." not in raw):
        try:
            return Decimal(raw)
        except InvalidOperation:
            pass
    return parse_decimal(raw, decimal_comma)
