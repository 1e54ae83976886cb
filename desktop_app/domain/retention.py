"""How long the law keeps a customer's data, and whether it may be erased now (GDPR art. 17 (3)(b):
erasure gives way to a legal obligation to keep).

Invoices and their supporting pieces are accounting documents kept ten years (C. com. L123-22),
counted here from the end of the calendar year of issue (the end of the fiscal year, for a shop whose
year is the calendar year): the longer of that and the six years of the tax code (LPF L102 B).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.i18n import _

RETENTION_YEARS = 10


def kept_until(issued_on: date) -> date:
    """The last day an invoice issued on `issued_on` must be kept."""
    return date(issued_on.year + RETENTION_YEARS, 12, 31)


@dataclass(frozen=True, slots=True)
class HeldDocument:
    number: str
    issued_on: date


@dataclass(frozen=True, slots=True)
class CustomerHold:
    """What ties a customer's data to the shop's legal records on a given day."""

    documents: Sequence[HeldDocument] = ()      # issued invoices and credit notes
    open_balance: Sequence[tuple[str, Decimal, str]] = ()   # (number, amount due, currency)
    credit: Sequence[tuple[Decimal, str]] = ()             # (amount, currency) the shop owes them
    drafts: int = 0
    waiting_emails: int = 0


def erasure_refusals(hold: CustomerHold, today: date) -> list[str]:
    """Why a customer's personal data cannot be erased today, in words; empty when it may be."""
    reasons: list[str] = []
    kept = sorted((d for d in hold.documents if kept_until(d.issued_on) >= today), key=lambda d: d.issued_on)
    if kept:
        last = max(kept_until(d.issued_on) for d in kept)
        shown = ", ".join(f"{d.number} ({kept_until(d.issued_on).isoformat()})" for d in kept[:10])
        more = len(kept) - 10
        reasons.append(_("The law keeps invoices for ten years (Code de commerce L123-22), and this customer's "
                         "data with them until {last}: {documents}{more}.").format(
            documents=shown, more=_(" and {count} more").format(count=more) if more > 0 else "",
            last=last.isoformat()))
    for number, due, currency in hold.open_balance:
        reasons.append(_("{number} still has {amount} {currency} to pay.").format(number=number, amount=due,
                                                                                  currency=currency))
    for amount, currency in hold.credit:
        reasons.append(_("The shop still owes this customer a credit of {amount} {currency}.").format(
            amount=amount, currency=currency))
    if hold.drafts:
        reasons.append(_("Draft invoices still name this customer: issue or delete them first."))
    if hold.waiting_emails:
        reasons.append(_("E-mails to this customer are still waiting in the outbox: send or withdraw them first."))
    return reasons
