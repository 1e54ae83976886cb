"""The sales journal: every invoice and credit note of a period, in number order, amounts in euros.

Credit notes are written with negative amounts, so that each column adds up to the period's net
sales; a foreign-currency document also keeps its total in its own currency.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.domain.conversion import VatRow, rows_in_eur, to_eur
from desktop_app.domain.money import ZERO, plain_number
from desktop_app.domain.periods import Period


@dataclass(frozen=True, slots=True)
class SoldDocument:
    """An issued invoice or credit note as stored: amounts in its currency, positive."""

    id: int
    number: str
    kind: str                       # invoice | credit_note
    issue_date: date
    customer_id: int
    customer: str
    currency: str
    rate: Decimal | None            # units of the currency per EUR; None for EUR documents
    vat_total_eur: Decimal | None
    rounding: Decimal
    payable: Decimal                # grand total + rounding, in the document's currency
    rows: tuple[VatRow, ...]
    account_name: str = ""          # the customer's current name, for its accounting account

    @property
    def sign(self) -> int:
        return -1 if self.kind == "credit_note" else 1


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """A line of the sales journal: a document in euros, signed (credit notes negative)."""

    document: SoldDocument
    rows: tuple[VatRow, ...]        # in EUR, signed
    rounding: Decimal
    total: Decimal

    @property
    def base(self) -> Decimal:
        return sum((row.base for row in self.rows), ZERO)

    @property
    def vat(self) -> Decimal:
        return sum((row.vat for row in self.rows), ZERO)

    def vat_at(self, category: str, rate: Decimal) -> Decimal:
        return sum((row.vat for row in self.rows if row.category == category and row.rate == rate), ZERO)

    def base_at(self, category: str, rate: Decimal) -> Decimal:
        return sum((row.base for row in self.rows if row.category == category and row.rate == rate), ZERO)


def journal_entry(document: SoldDocument) -> JournalEntry:
    """The document in euros with its sign: the EUR total is the sum of its converted parts, so the
    journal (and the FEC built from it) always balances."""
    rows = rows_in_eur(document.rows, document.rate, document.vat_total_eur)
    rounding = to_eur(document.rounding, document.rate)
    sign = document.sign
    signed = tuple(VatRow(r.category, plain_number(r.rate), sign * r.base, sign * r.vat) for r in rows)
    total = sum((r.base + r.vat for r in signed), ZERO) + sign * rounding
    return JournalEntry(document, signed, sign * rounding, total)


@dataclass(frozen=True, slots=True)
class SalesJournal:
    period: Period
    entries: tuple[JournalEntry, ...]

    @property
    def rates(self) -> list[tuple[str, Decimal]]:
        """The (category, rate) pairs that carry VAT in the period, highest rate first."""
        keys = {(row.category, row.rate) for entry in self.entries for row in entry.rows if row.category == "S"}
        return sorted(keys, key=lambda key: -key[1])

    @property
    def total(self) -> Decimal:
        return sum((entry.total for entry in self.entries), ZERO)

    def as_json(self) -> dict[str, Any]:
        return {"from": self.period.start, "to": self.period.end, "total": self.total,
                "total_base": sum((e.base for e in self.entries), ZERO),
                "total_vat": sum((e.vat for e in self.entries), ZERO),
                "documents": [_entry_json(entry) for entry in self.entries]}


def _entry_json(entry: JournalEntry) -> dict[str, Any]:
    doc = entry.document
    return {"number": doc.number, "kind": doc.kind, "date": doc.issue_date, "customer": doc.customer,
            "base": entry.base, "vat": entry.vat, "rounding": entry.rounding, "total": entry.total,
            "currency": doc.currency, "total_in_currency": doc.sign * doc.payable,
            "by_rate": [{"category": r.category, "rate": str(r.rate), "base": r.base, "vat": r.vat}
                        for r in entry.rows]}


def sales_journal(period: Period, documents: Sequence[SoldDocument]) -> SalesJournal:
    return SalesJournal(period, tuple(journal_entry(doc) for doc in documents))
