"""Payment terms: "30 days", "45 days end of month", "on receipt", and the due date they give."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain.errors import InvalidValue
from desktop_app.i18n import _, ngettext

# French law caps agreed terms at 60 days net or 45 days end of month (C. com. L441-10).
MAX_DAYS = 60
MAX_DAYS_END_OF_MONTH = 45


@dataclass(frozen=True, slots=True)
class PaymentTerm:
    """Days to pay after the issue date, optionally counted to the end of that month."""

    days: int = 30
    end_of_month: bool = False

    def __post_init__(self) -> None:
        limit = MAX_DAYS_END_OF_MONTH if self.end_of_month else MAX_DAYS
        if not 0 <= self.days <= limit:
            raise InvalidValue("payment_terms", _("Payment terms must be between 0 and {limit} days.")
                               .format(limit=limit))

    @property
    def code(self) -> str:
        """Stored form: '30', '45EOM', '0'."""
        return f"{self.days}{'EOM' if self.end_of_month else ''}"

    def due_date(self, issued_on: date) -> date:
        """The date payment is due for a document issued on `issued_on`."""
        due = issued_on + timedelta(days=self.days)
        if self.end_of_month:
            last = calendar.monthrange(due.year, due.month)[1]
            due = due.replace(day=last)
        return due

    def describe(self) -> str:
        """The terms in words, for the invoice."""
        if self.days == 0:
            return _("Payable on receipt")
        if self.end_of_month:
            return ngettext("Payable within {n} day, end of month", "Payable within {n} days, end of month",
                            self.days).format(n=self.days)
        return ngettext("Payable within {n} day", "Payable within {n} days", self.days).format(n=self.days)


_CODE = re.compile(r"^\s*(\d{1,3})\s*(eom|fdm|end of month|fin de mois)?\s*$", re.IGNORECASE)


def parse_payment_term(text: str) -> PaymentTerm:
    """'30', '45EOM', '45 fin de mois', '0' -> PaymentTerm."""
    match = _CODE.match(text or "")
    if not match:
        raise InvalidValue("payment_terms", _("'{value}' is not a payment term: write a number of days, "
                                              "e.g. 30 or 45EOM (end of month).").format(value=text))
    return PaymentTerm(int(match.group(1)), bool(match.group(2)))
