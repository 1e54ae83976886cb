"""Hypothesis strategies for money, VAT rates and invoice content."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from desktop_app.domain.tax import VatCategory, VatRate, no_vat, standard
from desktop_app.domain.tax_inclusive import GrossAdjustment, GrossLine
from desktop_app.domain.totals import AllowanceCharge, Line

FRENCH_RATES = [standard("20"), standard("10"), standard("5.5"), standard("2.1")]
ALL_RATES = [*FRENCH_RATES, no_vat(VatCategory.ZERO_RATED), no_vat(VatCategory.EXEMPT),
             no_vat(VatCategory.REVERSE_CHARGE), no_vat(VatCategory.INTRA_EU), no_vat(VatCategory.EXPORT)]


def cents(low: int = 0, high: int = 500_000) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n).scaleb(-2))


def quantities() -> st.SearchStrategy[Decimal]:
    whole = st.integers(1, 50).map(Decimal)
    fractional = st.integers(1, 50_000).map(lambda n: Decimal(n).scaleb(-3))
    return st.one_of(whole, whole, fractional)


def unit_prices() -> st.SearchStrategy[Decimal]:
    return st.one_of(cents(0, 200_000), st.integers(0, 10**8).map(lambda n: Decimal(n).scaleb(-6)))


@st.composite
def lines(draw: st.DrawFn, rates: list[VatRate] = ALL_RATES) -> Line:
    quantity = draw(quantities())
    price = draw(unit_prices())
    gross = quantity * price
    allowance = draw(st.one_of(st.just(Decimal("0.00")), cents(0, int(gross * 100) // 2)))
    return Line(draw(st.sampled_from(["Thé vert", "Théière", "Livre"])), quantity, price,
                draw(st.sampled_from(rates)), allowance=allowance)


@st.composite
def allowances_charges(draw: st.DrawFn, rates: list[VatRate] = ALL_RATES) -> AllowanceCharge:
    return AllowanceCharge(draw(st.booleans()), draw(cents(0, 5_000)), draw(st.sampled_from(rates)), "adjustment")


@st.composite
def gross_lines(draw: st.DrawFn) -> GrossLine:
    quantity = Decimal(draw(st.integers(1, 12)))
    price = draw(cents(1, 50_000))
    discount = draw(st.one_of(st.just(Decimal("0.00")), cents(0, int(quantity * price * 100) // 3)))
    return GrossLine("Article", quantity, price, draw(st.sampled_from([*FRENCH_RATES, no_vat(VatCategory.EXPORT)])),
                     discount=discount)


@st.composite
def gross_adjustments(draw: st.DrawFn) -> GrossAdjustment:
    rate = draw(st.one_of(st.none(), st.sampled_from(FRENCH_RATES)))
    return GrossAdjustment(draw(st.booleans()), draw(cents(0, 2_000)), "shipping or discount", rate)
