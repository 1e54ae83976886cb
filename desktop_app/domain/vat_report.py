"""The VAT report of a period, the figures of a French CA3 return.

Two bases (CGI art. 269): on debits, VAT is due when the invoice is issued, so the period's invoices
count and its credit notes are deducted; on receipts (encaissements), VAT is due when the customer
pays, so each payment carries its share of the VAT of the invoice it pays, and refunds give it back
(domain.vat_receipts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from desktop_app.domain.money import ZERO, plain_number, round_amount
from desktop_app.domain.periods import Period
from desktop_app.i18n import N_, _


class VatBasis(StrEnum):
    DEBITS = "debits"                # issue date ("TVA sur les débits")
    RECEIPTS = "encaissements"       # payment date ("TVA sur les encaissements")

    @property
    def label(self) -> str:
        return _("VAT on invoices (débits)") if self is VatBasis.DEBITS else _("VAT on payments (encaissements)")


# Order of the categories in the report: taxable first, then the exempt bases the return lists apart.
CATEGORY_ORDER = ("S", "Z", "K", "G", "AE", "E", "O")
CATEGORY_LABELS = {
    "S": N_("Taxable sales"), "Z": N_("Zero-rated"), "K": N_("Intra-EU supplies"), "G": N_("Exports"),
    "AE": N_("Reverse charge"), "E": N_("Exempt"), "O": N_("Not subject to VAT"),
}
# Boxes of form 3310-CA3 for a seller in mainland France: taxable bases go to A1 and the VAT to the
# line of their rate; exports to E1, intra-EU supplies to F2, other non-taxable operations to E2.
CA3_TAX_LINES = {Decimal(20): "08", Decimal("5.5"): "09", Decimal(10): "9B"}
CA3_BASE_LINES = {"S": "A1", "K": "F2", "G": "E1", "AE": "E2", "E": "E2", "Z": "E2", "O": "E2"}


def category_label(category: str) -> str:
    return _(CATEGORY_LABELS.get(category, category))


def ca3_line(category: str, rate: Decimal) -> str:
    """The CA3 line of a row's VAT ('08' for 20 %), or of its base for the non-taxable categories."""
    if category == "S":
        return CA3_TAX_LINES.get(rate, "3310-A")
    return CA3_BASE_LINES.get(category, "")


@dataclass(frozen=True, slots=True)
class VatLine:
    """One category and rate: sales (invoices, or receipts) less deductions (credit notes, or refunds)."""

    category: str
    rate: Decimal
    sales_base: Decimal = ZERO
    sales_vat: Decimal = ZERO
    deducted_base: Decimal = ZERO
    deducted_vat: Decimal = ZERO

    @property
    def base(self) -> Decimal:
        return self.sales_base - self.deducted_base

    @property
    def vat(self) -> Decimal:
        return self.sales_vat - self.deducted_vat

    @property
    def sort_key(self) -> tuple[int, Decimal]:
        order = CATEGORY_ORDER.index(self.category) if self.category in CATEGORY_ORDER else len(CATEGORY_ORDER)
        return order, -self.rate


@dataclass(frozen=True, slots=True)
class VatPart:
    """A piece of a VAT line: `deducted` for credit notes and refunds."""

    category: str
    rate: Decimal
    base: Decimal
    vat: Decimal
    deducted: bool = False


def merge_parts(parts: Iterable[VatPart]) -> tuple[VatLine, ...]:
    """Add up parts into one line per category and rate, in report order."""
    sums: dict[tuple[str, Decimal], list[Decimal]] = {}
    for part in parts:
        key = (part.category, plain_number(part.rate))
        totals = sums.setdefault(key, [ZERO, ZERO, ZERO, ZERO])
        offset = 2 if part.deducted else 0
        totals[offset] += part.base
        totals[offset + 1] += part.vat
    lines = [VatLine(category, rate, *totals) for (category, rate), totals in sums.items()]
    return tuple(sorted(lines, key=lambda line: line.sort_key))


def share(paid: Decimal, part: Decimal, payable: Decimal) -> Decimal:
    """The part of `part` (a base or a VAT amount) that `paid` out of `payable` settles, to the cent."""
    if payable == 0:
        return ZERO
    return round_amount(paid * part / payable)


def payment_share(paid_before: Decimal, paid_after: Decimal, part: Decimal, payable: Decimal) -> Decimal:
    """What one payment settles of `part`, given the invoice's payments before and after it.

    Differences of cumulative shares: the payments of a fully paid invoice add up to its exact VAT,
    with no cent lost to rounding each payment on its own.
    """
    return share(paid_after, part, payable) - share(paid_before, part, payable)


@dataclass(frozen=True, slots=True)
class VatReport:
    basis: VatBasis
    period: Period
    lines: tuple[VatLine, ...]
    unallocated: Decimal = ZERO      # receipts not applied to any invoice: their VAT is not known

    @property
    def total_base(self) -> Decimal:
        return sum((line.base for line in self.lines), ZERO)

    @property
    def total_vat(self) -> Decimal:
        return sum((line.vat for line in self.lines), ZERO)

    def ca3_boxes(self) -> list[tuple[str, Decimal, Decimal]]:
        """(line, base, VAT) of the CA3 return, in the form's order."""
        boxes: dict[str, list[Decimal]] = {}
        for line in self.lines:
            if line.category == "S":
                boxes.setdefault("A1", [ZERO, ZERO])[0] += line.base
                tax = boxes.setdefault(ca3_line("S", line.rate), [ZERO, ZERO])
                tax[0] += line.base
                tax[1] += line.vat
            else:
                boxes.setdefault(ca3_line(line.category, line.rate), [ZERO, ZERO])[0] += line.base
        order = ["A1", "E1", "E2", "F2", "08", "09", "9B", "3310-A"]
        return [(box, boxes[box][0], boxes[box][1]) for box in order if box in boxes]

    def as_json(self) -> dict[str, Any]:
        """The SPEC §4 shape: totals and one entry per category and rate (amounts in EUR)."""
        return {
            "basis": self.basis.value, "from": self.period.start, "to": self.period.end,
            "total_base": self.total_base, "total_vat": self.total_vat,
            "by_rate": [{"category": line.category, "rate": str(plain_number(line.rate)), "base": line.base,
                         "vat": line.vat, "sales_base": line.sales_base, "sales_vat": line.sales_vat,
                         "deducted_base": line.deducted_base, "deducted_vat": line.deducted_vat,
                         "ca3_line": ca3_line(line.category, line.rate)} for line in self.lines],
            "ca3": [{"line": box, "base": base, "vat": vat} for box, base, vat in self.ca3_boxes()],
            "unallocated_receipts": self.unallocated,
        }
