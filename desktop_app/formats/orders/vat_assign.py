"""Finding each line's VAT rate when an export only states tax totals per rate (Shopify).

With one rate, every taxable line has it. With several, each way of giving the lines a rate is
tried (there are few: an order has a handful of lines and two or three rates); the one whose taxes
come back to each stated tax amount, within the cents of per-line rounding, is kept when it is the
only one. Shipping and order discounts go either to every rate in proportion to its lines (French
practice) or to one rate; any doubt leaves the rates unknown rather than guessed.

The search works on whole numbers (amounts in millionths, rates in ten-thousandths of a percent):
exact like Decimal, and fast enough for a 100,000-order export.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import product

from desktop_app.formats.orders.values import NO_TAX

MAX_TRIES = 4096
_SCALE = 1_000_000          # amounts in millionths
_RATE_SCALE = 10_000        # rates in ten-thousandths of a percent
_HALF_CENT = 5_000          # 0.005 in millionths
_HUNDRED = 100 * _RATE_SCALE

Rates = tuple[Decimal | None, ...]


class LineRates:
    """line_rates(), remembering the orders already solved: shops sell the same baskets again."""

    def __init__(self, memory: int = 65536) -> None:
        self._known: dict[tuple[object, ...], Rates] = {}
        self._memory = memory

    def of(self, amounts: Sequence[Decimal], taxable: Sequence[bool],
           taxes: Sequence[tuple[Decimal | None, Decimal]], shipping: Decimal, discount: Decimal,
           taxes_included: bool) -> Rates:
        """The VAT rate of each line (None when it cannot be known; 0 for a line the shop does not tax).

        `amounts` are the lines' totals after their discounts, `taxes` the (rate, amount) pairs the
        order states.
        """
        rated: dict[Decimal, Decimal] = {}
        for rate, amount in taxes:   # a rate listed at 0.00 still took some line (its tax rounded away)
            if rate is not None and rate > 0:
                rated[rate] = rated[rate] + amount if rate in rated else amount
        if len(rated) < 2:
            only = next((rate for rate, amount in rated.items() if amount), None)
            return tuple(only if flag else NO_TAX for flag in taxable)
        # Keyed on text: hashing a Decimal costs three times more than formatting it.
        key = (*map(str, amounts), *taxable, *map(str, rated), *map(str, rated.values()), str(shipping - discount),
               taxes_included)
        known = self._known.get(key)
        if known is None:
            if len(self._known) >= self._memory:
                self._known.clear()
            known = self._known[key] = _solve(amounts, taxable, rated, shipping - discount, taxes_included)
        return known


def _solve(amounts: Sequence[Decimal], taxable: Sequence[bool], rated: dict[Decimal, Decimal], extra: Decimal,
           included: bool) -> Rates:
    unknown: Decimal | None = None
    result = [unknown if flag else NO_TAX for flag in taxable]
    candidates = [i for i, flag in enumerate(taxable) if flag]
    rates = sorted(rated)
    chosen = unique_assignment([amounts[i] for i in candidates], rates, [rated[r] for r in rates], extra,
                               included) if candidates else None
    if chosen is not None:
        for i, which in zip(candidates, chosen):
            result[i] = rates[which]
    return tuple(result)


def line_rates(amounts: Sequence[Decimal], taxable: Sequence[bool],
               taxes: Sequence[tuple[Decimal | None, Decimal]], shipping: Decimal, discount: Decimal,
               taxes_included: bool) -> Rates:
    """LineRates.of for a single order."""
    return LineRates().of(amounts, taxable, taxes, shipping, discount, taxes_included)


def unique_assignment(amounts: list[Decimal], rates: list[Decimal], taxes: list[Decimal], extra: Decimal,
                      included: bool) -> tuple[int, ...] | None:
    """The one way of giving each line a rate (indexes into `rates`) that reproduces every tax."""
    n, k = len(amounts), len(rates)
    if k ** n > MAX_TRIES:
        return None
    whole = [_whole(a, _SCALE) for a in amounts]
    windows = _windows(whole, [_whole(r, _RATE_SCALE) for r in rates], [_whole(t, _SCALE) for t in taxes],
                       _whole(extra, _SCALE), included)
    if k == 2:
        return _two_rates(whole, windows)
    found: tuple[int, ...] | None = None
    for assignment in product(range(k), repeat=n):
        sums = [0] * k
        for amount, which in zip(whole, assignment):
            sums[which] += amount
        if len(set(assignment)) == k and any(all(low[r] <= sums[r] <= high[r] for r in range(k))
                                             for low, high in windows):
            if found is not None:
                return None
            found = assignment
    return found


def _two_rates(amounts: list[int], windows: list[Window]) -> tuple[int, ...] | None:
    """unique_assignment for two rates: each subset of lines at the second rate, the rest at the first."""
    n, total = len(amounts), sum(amounts)
    # The first rate's lines come to the total less the second's: each window bounds the second's alone.
    spans = [(max(low[1], total - high[0]), min(high[1], total - low[0])) for low, high in windows]
    spans = [(low, high) for low, high in spans if low <= high]
    if not spans:
        return None
    sums = [0] * (1 << n)
    for mask in range(1, 1 << n):
        low_bit = mask & -mask
        sums[mask] = sums[mask ^ low_bit] + amounts[low_bit.bit_length() - 1]
    found: int | None = None
    for mask in range(1, (1 << n) - 1):   # both rates have at least one line
        second = sums[mask]
        for low, high in spans:
            if low <= second <= high:
                if found is not None:
                    return None
                found = mask
                break
    return None if found is None else tuple((found >> i) & 1 for i in range(n))


def _whole(value: Decimal, scale: int) -> int:
    return int(value * scale)


Window = tuple[list[int], list[int]]   # lowest and highest line total of each rate


def _windows(amounts: list[int], rates: list[int], taxes: list[int], extra: int, included: bool) -> list[Window]:
    """For each way of spreading shipping, the range of line totals each rate's stated tax allows.

    A rate's tax is (its lines + its shipping share) × rate / divisor, each line and the shipping
    rounded apart: within half a cent per line of the order, plus one for shipping and one for the
    total (a loose bound only makes more orders ambiguous, never a wrong rate unique).
    """
    total, n = sum(amounts), len(amounts)
    # What each rate's stated tax says of (its lines + its shipping share) × rate: at least `low`, at most `high`.
    bounds = []
    for rate, tax in zip(rates, taxes):
        divisor = _HUNDRED + rate if included else _HUNDRED
        slack = _HALF_CENT * (n + 2) * divisor
        bounds.append((rate, tax * divisor - slack, tax * divisor + slack))
    windows: list[Window] = []
    if total > 0 and total + extra > 0:   # in proportion: share = extra × lines / total
        whole = total + extra
        windows.append(([-((-low * total) // (whole * rate)) for rate, low, _high in bounds],
                        [(high * total) // (whole * rate) for rate, _low, high in bounds]))
    alone = ([-(-low // rate) for rate, low, _high in bounds], [high // rate for rate, _low, high in bounds])
    for carrier in range(len(rates)):     # all of it on one rate
        low, high = list(alone[0]), list(alone[1])
        low[carrier] -= extra
        high[carrier] -= extra
        windows.append((low, high))
    return windows
