"""VAT on receipts (encaissements): what each payment of an invoice brings, or each refund gives back.

A payment carries the invoice's VAT breakdown in proportion to what it pays, the breakdown being
the invoice's net of the credit notes issued by the end of the period reported on. Shares are the
differences of cumulative shares, in the order payments were recorded, so the payments of a fully
paid invoice add up to its net VAT to the cent. An invoice credited in full that had been paid keeps
its own breakdown: the refund then gives back exactly what the payment brought.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain.conversion import VatRow, rows_in_eur, to_eur
from desktop_app.domain.money import ZERO, plain_number
from desktop_app.domain.vat_report import VatPart, payment_share


@dataclass(frozen=True, slots=True)
class PaidInvoice:
    """An invoice with what the receipts basis needs, amounts in its own currency."""

    payable: Decimal
    rows: tuple[VatRow, ...]
    allocations: tuple[tuple[int, Decimal], ...]     # (allocation id, amount), in the order recorded
    credit_rows: tuple[VatRow, ...] = ()             # its credit notes' VAT rows, by the period's end
    credited: Decimal = ZERO                         # their total
    rate: Decimal | None = None                      # units per EUR; None for EUR
    vat_total_eur: Decimal | None = None


def net_breakdown(invoice: PaidInvoice) -> tuple[tuple[VatRow, ...], Decimal]:
    """The rows and the amount payments are shared against: net of credit notes, unless credited in full."""
    due = invoice.payable - invoice.credited
    if due <= 0 or not invoice.credit_rows:
        return invoice.rows, invoice.payable
    credits: dict[tuple[str, Decimal], list[Decimal]] = {}
    for row in invoice.credit_rows:
        sums = credits.setdefault((row.category, plain_number(row.rate)), [ZERO, ZERO])
        sums[0] += row.base
        sums[1] += row.vat
    rows = []
    for row in invoice.rows:
        base, vat = credits.get((row.category, plain_number(row.rate)), [ZERO, ZERO])
        rows.append(VatRow(row.category, row.rate, row.base - base, row.vat - vat))
    return tuple(rows), due


def receipt_parts(invoice: PaidInvoice, counted: Collection[int]) -> Iterator[VatPart]:
    """The VAT parts, in euros, of the allocations `counted` (those received in the period)."""
    rows, due = net_breakdown(invoice)
    paid = ZERO
    for allocation, amount in invoice.allocations:
        before, paid = paid, paid + amount
        if allocation not in counted or due == 0:
            continue
        if amount == due and not invoice.credited:
            # All of it at once: exactly its breakdown, the VAT in euros as the invoice states it.
            shares = rows_in_eur(rows, invoice.rate, invoice.vat_total_eur)
        else:
            shares = [VatRow(row.category, row.rate,
                             to_eur(payment_share(before, paid, row.base, due), invoice.rate),
                             to_eur(payment_share(before, paid, row.vat, due), invoice.rate)) for row in rows]
        refund = amount < 0
        for share in shares:
            sign = -1 if refund else 1
            yield VatPart(share.category, share.rate, sign * share.base, sign * share.vat, refund)
