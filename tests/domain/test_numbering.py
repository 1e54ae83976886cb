"""Document numbering patterns."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.numbering import NumberingPattern


def test_yearly_pattern_formats_and_resets_each_year():
    pattern = NumberingPattern("F{year}-{seq:05}")
    assert pattern.format(date(2026, 3, 1), 42) == "F2026-00042"
    assert pattern.resets == "year"
    assert pattern.period(date(2026, 12, 31)) == "2026"
    assert pattern.period(date(2027, 1, 1)) == "2027"


def test_monthly_and_never_resetting_patterns():
    assert NumberingPattern("AV{year}{month:02}-{seq:03}").period(date(2026, 3, 9)) == "2026-03"
    never = NumberingPattern("INV-{seq:06}")
    assert never.resets == "never" and never.period(date(2026, 3, 9)) == ""
    assert never.format(date(2026, 3, 9), 7) == "INV-000007"


@pytest.mark.parametrize("pattern, words", [
    ("F{year}", "{seq}"), ("F {year}-{seq}", "letters, digits"), ("F{month}-{seq}", "{year}"),
    ("F{day}-{seq}", "Unknown field"), ("F{seq", "brace"), ("F" * 40 + "{seq}", "35 characters"),
])
def test_bad_patterns_are_refused_in_words(pattern, words):
    with pytest.raises(InvalidValue) as refused:
        NumberingPattern(pattern)
    assert words in str(refused.value)
