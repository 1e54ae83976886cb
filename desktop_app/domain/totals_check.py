"""The EN 16931 totals again, in whole cents, for `verify` to recompute a million documents quickly.

Same rules as `totals.compute_totals` (a property test holds the two equal): line net rounded to the
cent, VAT per category and rate on the sum of the bases, half-up rounding everywhere.
Quantities are in 1/10 000, unit prices in 1/1 000 000, rates in 1/10 000 of a percent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


def _div_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero, in integers."""
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    n, d = abs(numerator), abs(denominator)
    return sign * ((2 * n + d) // (2 * d))


def line_net_cents(quantity_e4: int, price_e6: int, allowance: int, charge: int) -> int:
    """BT-131 in cents: quantity × price rounded to the cent, minus the allowance, plus the charge."""
    gross = quantity_e4 * price_e6 - allowance * 10**8 + charge * 10**8
    return _div_half_up(gross, 10**8)


def vat_cents(base: int, rate_e4: int) -> int:
    """BT-117 in cents: base × rate / 100, rounded half up."""
    return _div_half_up(base * rate_e4, 10**6)


@dataclass(frozen=True, slots=True)
class CentTotals:
    line_total: int
    allowance_total: int
    charge_total: int
    tax_basis: int
    vat_total: int
    grand_total: int
    amount_due: int
    breakdown: tuple[tuple[Any, int, int, int], ...]    # (category, rate_e4, base, vat), sorted


def recompute(lines: Iterable[tuple[int, int, int, int, str, int]],
              adjustments: Iterable[tuple[bool, int, str, int]], prepaid: int, rounding: int) -> CentTotals:
    """Totals of a document from its stored lines (qty, price, allowance, charge, category, rate) and
    allowances/charges (is_charge, amount, category, rate)."""
    return totals_from_nets(((line_net_cents(quantity, price, allowance, charge), category, rate)
                             for quantity, price, allowance, charge, category, rate in lines),
                            adjustments, prepaid, rounding)


def totals_from_nets(nets: Iterable[tuple[int, Any, int]], adjustments: Iterable[tuple[bool, int, Any, int]],
                     prepaid: int, rounding: int) -> CentTotals:
    """`recompute`, from the lines' nets already worked out: (net, category, rate) per line."""
    bases: dict[tuple[Any, int], int] = {}
    line_total = 0
    for net, category, rate in nets:
        line_total += net
        bases[(category, rate)] = bases.get((category, rate), 0) + net
    allowance_total = charge_total = 0
    for is_charge, amount, category, rate in adjustments:
        if is_charge:
            charge_total += amount
        else:
            allowance_total += amount
        bases[(category, rate)] = bases.get((category, rate), 0) + (amount if is_charge else -amount)
    breakdown = tuple(sorted((category, rate, base, vat_cents(base, rate)) for (category, rate), base in bases.items()))
    vat_total = sum(row[3] for row in breakdown)
    tax_basis = line_total - allowance_total + charge_total
    grand_total = tax_basis + vat_total
    return CentTotals(line_total, allowance_total, charge_total, tax_basis, vat_total, grand_total,
                      grand_total - prepaid + rounding, breakdown)
