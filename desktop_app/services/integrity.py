"""The document checks of `verify`: numbering without gaps, in date order, matching the counters."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session

from desktop_app.domain.totals_check import line_net_cents, recompute
from desktop_app.i18n import _
from desktop_app.store.fingerprint import fingerprint
from desktop_app.store.integrity import (
    RawDocument,
    balance_mismatches,
    count_balances,
    invoices_without_balance,
    numbered_documents,
    raw_documents,
    sequence_counters,
)

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
        yield problem, "numbered", count
    for key, last in seen.items():
        if counters.get(key, 0) != last:
            yield (_("numbering: the counter of series {series} {period} says {counter} but the last "
                     "document is number {last}").format(series=key[0], period=key[1],
                                                         counter=counters.get(key, 0), last=last),
                   "numbered", count)
    yield None, "numbered", count




def _document_problem(doc: RawDocument) -> str | None:
    if fingerprint(doc.header, doc.lines, doc.adjustments, doc.vat_rows) != doc.content_hash:
        return _("{number}: its stored content no longer matches what was issued").format(number=doc.number)
    if doc.journal_hash != doc.content_hash:
        return _("{number}: it does not match its journal entry").format(number=doc.number)
    # lines: position, sku, description, quantity, unit_code, unit_price, allowance, charge, net, category, rate
    for line in doc.lines:
        if line_net_cents(int(line[3]), int(line[5]), int(line[6]), int(line[7])) != int(line[8]):
            return _("{number}: line {n} does not add up").format(number=doc.number, n=line[0])
    totals = recompute(((int(ln[3]), int(ln[5]), int(ln[6]), int(ln[7]), str(ln[9]), int(ln[10]))
                        for ln in doc.lines),
                       ((bool(a[1]), int(a[2]), str(a[4]), int(a[5])) for a in doc.adjustments),
                       int(doc.value("prepaid")), int(doc.value("rounding")))
    stored = {name: int(doc.value(name)) for name in ("line_total", "allowance_total", "charge_total", "tax_basis",
                                                      "vat_total", "grand_total", "amount_due")}
    expected = {name: getattr(totals, name) for name in stored}
    if stored != expected:
        wrong = ", ".join(name for name in stored if stored[name] != expected[name])
        return _("{number}: its totals do not add up ({fields})").format(number=doc.number, fields=wrong)
    stored_vat = sorted((str(row[0]), int(row[1]), int(row[2]), int(row[3])) for row in doc.vat_rows)
    if stored_vat != sorted(totals.breakdown):
        return _("{number}: its VAT breakdown does not add up").format(number=doc.number)
    return None


def check_contents(session: Session) -> Iterator[Finding]:
    """Each issued document: unchanged since issued, matching its journal entry, and adding up."""
    for count, doc in enumerate(raw_documents(session), start=1):
        yield _document_problem(doc), "documents", count


def check_balances(session: Session) -> Iterator[Finding]:
    """The balances kept for speed equal a recomputation from payments and credit notes."""
    missing = invoices_without_balance(session)
    if missing:
        yield _("balances: {n} issued invoices have no balance").format(n=missing), "balances", 0
    for number, which in balance_mismatches(session):
        yield (_("balances: the {figure} amount kept for {number} differs from its payments and credit notes")
               .format(figure=which, number=number), "balances", 0)
    yield None, "balances", count_balances(session)


def check_documents(session: Session) -> Iterator[Finding]:
    """Every document check, in turn."""
    yield from check_contents(session)
    yield from check_numbering(session)
    yield from check_balances(session)
