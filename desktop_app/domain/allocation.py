"""Splitting an amount into cents without losing one (largest-remainder method)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

from desktop_app.domain.money import CENT, ZERO


def allocate(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split `amount` (in cents) in proportion to `weights`; the parts add up to `amount` exactly.

    With no positive weight the whole amount goes to the first part.
    """
    if not weights:
        return []
    positive = [max(w, ZERO) for w in weights]
    total_weight = sum(positive, ZERO)
    if total_weight == 0:
        return [amount] + [ZERO] * (len(weights) - 1)
    exact = [amount * w / total_weight for w in positive]
    return settle_to_cents(exact, amount)


def settle_to_cents(exact: Sequence[Decimal], target: Decimal, movable: Sequence[bool] | None = None
                    ) -> list[Decimal]:
    """Round each exact value to the cent so that the parts add up to `target`.

    Parts are first rounded down; the missing (or surplus) cents go one at a time to the parts with
    the largest (smallest) remainder, so no part moves more than needed. `movable` marks the parts
    allowed to take an extra cent (others stay at their own rounding).
    """
    floors = [value.quantize(CENT, rounding=ROUND_FLOOR) for value in exact]
    remainders = [value - floor for value, floor in zip(exact, floors)]
    result = list(floors)
    allowed = list(movable) if movable is not None else [True] * len(exact)
    if not any(allowed):
        allowed = [True] * len(exact)
    cents = int((target - sum(result, ZERO)) / CENT)
    order_up = sorted((i for i in range(len(exact)) if allowed[i]), key=lambda i: (-remainders[i], i))
    order_down = sorted((i for i in range(len(exact)) if allowed[i]), key=lambda i: (remainders[i], i))
    step = 0
    while cents != 0:
        if cents > 0:
            result[order_up[step % len(order_up)]] += CENT
            cents -= 1
        else:
            result[order_down[step % len(order_down)]] -= CENT
            cents += 1
        step += 1
    return result
