"""What the reminder screens and the dashboard show of a reminder due, and when one went out: kept apart
from services.reminders (which brings the letter and e-mail libraries) so the dashboard loads light."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.services.closing import PARIS
from desktop_app.store.dunning import MadeRow


@dataclass(frozen=True, slots=True)
class DueRow:
    """A reminder due: which invoice, which level, to whom, for how much."""

    invoice_id: int
    number: str
    level: int
    channel: str
    customer_id: int
    customer: str
    email: str
    amount_due: Decimal
    currency: str
    due_date: date
    days_late: int
    is_business: bool

    def as_json(self) -> dict[str, Any]:
        return {"invoice": self.number, "level": self.level, "customer": self.customer, "email": self.email,
                "amount_due": self.amount_due, "days_late": self.days_late, "currency": self.currency,
                "channel": self.channel}


def sent_on(made: MadeRow) -> date | None:
    """The day a reminder went out: a letter the day it was made, an e-mail once the server took it."""
    if made.outbox_state is None:
        return made.prepared_on
    if made.outbox_state == "sent" and made.sent_at is not None:
        return made.sent_at.astimezone(PARIS).date()
    return None
