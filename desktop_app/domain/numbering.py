"""Document numbers: a pattern such as "F{year}-{seq:05}" gives F2026-00042.

Each series is continuous; when the pattern holds {year} (or {month}) the counter restarts with each
year (or month), and the period is part of the sequence key.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.errors import InvalidValue
from desktop_app.i18n import _

_FIELDS = {"year", "month", "seq"}
_ALLOWED = re.compile(r"^[A-Za-z0-9+\-_/]{1,35}$")    # BR-FR-01/02


@dataclass(frozen=True, slots=True)
class NumberingPattern:
    """A validated numbering pattern."""

    pattern: str

    def __post_init__(self) -> None:
        check_pattern(self.pattern)

    @property
    def resets(self) -> str:
        """'month', 'year' or 'never': how often the counter starts again at 1."""
        names = _field_names(self.pattern)
        if "month" in names:
            return "month"
        return "year" if "year" in names else "never"

    def period(self, on: date) -> str:
        """The part of the sequence key that changes with the date ("2026", "2026-03" or "")."""
        if self.resets == "month":
            return f"{on.year:04d}-{on.month:02d}"
        return f"{on.year:04d}" if self.resets == "year" else ""

    def format(self, on: date, seq: int) -> str:
        """The number for counter value `seq` on date `on`."""
        if seq < 1:
            raise InvalidValue("seq", _("A document counter starts at 1."))
        return self.pattern.format(year=on.year, month=on.month, seq=seq)


def _field_names(pattern: str) -> set[str]:
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None}
    except ValueError:
        raise InvalidValue("pattern", _("The numbering pattern has an unmatched brace.")) from None


def check_pattern(pattern: str) -> None:
    """Refuse a pattern that cannot give valid, unique numbers."""
    names = _field_names(pattern)
    if "seq" not in names:
        raise InvalidValue("pattern", _("The numbering pattern must contain {seq}, the counter."))
    unknown = names - _FIELDS
    if unknown:
        raise InvalidValue("pattern", _("Unknown field in the numbering pattern: {field}. Use {{year}}, "
                                        "{{month}} and {{seq}}.").format(field=", ".join(sorted(unknown))))
    if "month" in names and "year" not in names:
        raise InvalidValue("pattern", _("A pattern with {month} must also contain {year}."))
    try:
        sample = pattern.format(year=2026, month=12, seq=99999)
    except (ValueError, KeyError, IndexError):
        raise InvalidValue("pattern", _("The numbering pattern is not valid.")) from None
    if not _ALLOWED.match(sample):
        raise InvalidValue("pattern", _("A document number may only hold letters, digits and + - _ /, "
                                        "at most 35 characters (e.g. F{year}-{seq:05})."))
