"""Amounts of foreign-currency documents in euros, with the rate stored on each document.

Reports, the sales journal and the FEC are kept in euros. A foreign-currency invoice carries its
exchange rate (units per EUR, the ECB convention) and its VAT total in euros (BT-111); its VAT rows
are converted so that they add up to that stored total, never to a re-rounded one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain.allocation import allocate
from desktop_app.domain.money import ZERO, round_amount


def to_eur(amount: Decimal, rate: Decimal | None) -> Decimal:
    """`amount` of a document in euros; a document without a rate is in euros already."""
    if rate is None:
        return amount
    return round_amount(amount / rate)


@dataclass(frozen=True, slots=True)
class VatRow:
    """One row of a document's VAT breakdown (category code, rate in percent, base, VAT)."""

    category: str
    rate: Decimal
    base: Decimal
    vat: Decimal


def rows_in_eur(rows: Sequence[VatRow], rate: Decimal | None, vat_total_eur: Decimal | None) -> list[VatRow]:
    """The breakdown in euros: bases converted one by one, VAT split to add up to `vat_total_eur`."""
    if rate is None:
        return list(rows)
    bases = [to_eur(row.base, rate) for row in rows]
    vat_total = sum((row.vat for row in rows), ZERO)
    target = vat_total_eur if vat_total_eur is not None else to_eur(vat_total, rate)
    if vat_total == 0:
        vats = [ZERO] * len(rows)
    else:
        # Weights are the rows' own VAT, signed the same way as the total.
        sign = 1 if vat_total > 0 else -1
        vats = [sign * part for part in allocate(sign * target, [sign * row.vat for row in rows])]
    return [VatRow(row.category, row.rate, base, vat) for row, base, vat in zip(rows, bases, vats)]
