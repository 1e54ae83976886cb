"""Money is exact: Decimal in, Decimal out, and no float ever reaches money code."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain.errors import MoneyError
from desktop_app.domain.money import format_plain, money, round_amount, round_half_up
from desktop_app.domain.tax import standard
from desktop_app.domain.totals import Line, compute_totals
from desktop_app.store.types import Scaled

# Page layout (documents/) measures in float points; amounts there are formatted Decimals.
MONEY_PACKAGES = ["domain", "services", "store", "formats"]
ROOT = Path(__file__).resolve().parents[2] / "desktop_app"


def test_money_refuses_floats():
    with pytest.raises(MoneyError):
        money(0.1)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        money(True)  # type: ignore[arg-type]
    assert money("12.50") == Decimal("12.50")
    assert money(3) == Decimal(3)


def test_a_float_cannot_enter_an_invoice_line_or_the_database():
    with pytest.raises(MoneyError):
        Line("Thé", 1.0, Decimal("2.00"), standard("20"))  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        compute_totals([Line("Thé", Decimal(1), Decimal("2.00"), standard("20"))], prepaid=0.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Scaled(2).process_bind_param(12.5, None)  # type: ignore[arg-type]


def test_no_float_literal_or_float_call_in_money_code():
    """The source of every layer that handles money holds no float literal and no float() call."""
    offenders = []
    for package in MONEY_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, float):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} float literal {node.value}")
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} float() call")
    allowed = {line for line in offenders if _is_allowed(line)}
    assert sorted(set(offenders) - allowed) == []


def _is_allowed(offender: str) -> bool:
    # Probabilities of the demo generator and progress fractions are not money.
    return offender.startswith(("services/demo.py", "domain/progress.py"))


def test_rounding_is_half_up_at_the_cent():
    assert round_amount(Decimal("0.125")) == Decimal("0.13")
    assert round_amount(Decimal("-0.125")) == Decimal("-0.13")
    assert round_amount(Decimal("2.675")) == Decimal("2.68")
    assert round_half_up(Decimal("1.23456789"), 6) == Decimal("1.234568")
    assert format_plain(Decimal("1234.5")) == "1234.50"
