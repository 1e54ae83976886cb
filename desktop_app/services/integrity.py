"""The checks of `verify` the database answers: numbering without gaps, in date order, up to each
counter (store.integrity_sql), and the balances kept for speed equal to a recomputation. Each document's
own checks are in services.document_checks."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session

from desktop_app.i18n import _
from desktop_app.store import integrity_sql as sql
from desktop_app.store.integrity import (
    balance_mismatches,
    count_balances,
    invoices_without_balance,
    sequence_counters,
)

# (problem or None, what was checked, how many so far)
Finding = tuple[str | None, str, int]


def check_numbering(session: Session) -> Iterator[Finding]:
    """Each series and period runs 1, 2, 3... with dates that never go back, up to its counter."""
    last = sql.last_numbers(session)
    count = sum(issued for _last, issued in last.values())
    broken = sql.numbering_break(session)
    if broken is not None:
        number, got, expected, dated = broken
        if dated:
            yield _("numbering: {number} is dated before the document numbered just before it").format(
                number=number), "numbered", count
        else:
            yield (_("numbering: {number} has position {got} in its series where {expected} was expected "
                     "(a gap or a duplicate)").format(number=number, got=got, expected=expected), "numbered", count)
    counters = sequence_counters(session)
    for key, (highest, _issued) in sorted(last.items()):
        if counters.get(key, 0) != highest:
            yield (_("numbering: the counter of series {series} {period} says {counter} but the last "
                     "document is number {last}").format(series=key[0], period=key[1],
                                                         counter=counters.get(key, 0), last=highest),
                   "numbered", count)
    yield None, "numbered", count


def check_balances(session: Session) -> Iterator[Finding]:
    """The balances kept for speed equal a recomputation from payments and credit notes."""
    missing = invoices_without_balance(session)
    if missing:
        yield _("balances: {n} issued invoices have no balance").format(n=missing), "balances", 0
    for number, which in balance_mismatches(session):
        if which == "copies":
            yield (_("balances: the due date, issue date, currency, rate or customer kept with the balance of "
                     "{number} differs from the invoice").format(number=number), "balances", 0)
            continue
        yield (_("balances: the {figure} amount kept for {number} differs from its payments and credit notes")
               .format(figure=which, number=number), "balances", 0)
    yield None, "balances", count_balances(session)
