"""The document checks of `verify`: numbering without gaps, in date order, matching the counters."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session

from desktop_app.i18n import _
from desktop_app.store.integrity import numbered_documents, sequence_counters

# (problem or None, what was checked, how many so far)
Finding = tuple[str | None, str, int]


def check_numbering(session: Session) -> Iterator[Finding]:
    """Each series and period runs 1, 2, 3... with dates that never go back, up to its counter."""
    counters = sequence_counters(session)
    seen: dict[tuple[str, str], int] = {}
    previous = None
    count = 0
    for doc in numbered_documents(session):
        count += 1
        key = (doc.series, doc.period)
        expected = seen.get(key, 0) + 1
        problem = None
        if doc.sequence_number != expected:
            problem = _("numbering: {number} has position {got} in its series where {expected} was expected "
                        "(a gap or a duplicate)").format(number=doc.number, got=doc.sequence_number,
                                                         expected=expected)
        elif previous is not None and previous[0] == key and doc.issue_date < previous[1]:
            problem = _("numbering: {number} is dated before the document numbered just before it").format(
                number=doc.number)
        seen[key] = doc.sequence_number
        previous = (key, doc.issue_date)
        yield problem, "documents", count
    for key, last in seen.items():
        if counters.get(key, 0) != last:
            yield (_("numbering: the counter of series {series} {period} says {counter} but the last "
                     "document is number {last}").format(series=key[0], period=key[1],
                                                         counter=counters.get(key, 0), last=last),
                   "documents", count)
    yield None, "documents", count


def check_documents(session: Session) -> Iterator[Finding]:
    """Every document check, in turn."""
    yield from check_numbering(session)
