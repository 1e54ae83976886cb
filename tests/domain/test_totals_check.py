"""The whole-cent recomputation used by `verify` agrees with the Decimal engine, always."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.totals import compute_totals
from desktop_app.domain.totals_check import recompute
from tests.domain.strategies import allowances_charges, cents, lines


def _cents(value):
    return int(value.scaleb(2))


@settings(max_examples=300)
@given(st.lists(lines(), min_size=1, max_size=10), st.lists(allowances_charges(), max_size=4), cents(0, 5000),
       cents(0, 3))
def test_cent_totals_equal_the_decimal_engine(content, adjustments, prepaid, rounding):
    expected = compute_totals(content, adjustments, prepaid=prepaid, rounding=rounding)
    got = recompute(((int(ln.quantity.scaleb(4)), int(ln.unit_price.scaleb(6)), _cents(ln.allowance),
                      _cents(ln.charge), ln.vat.category.value, int(ln.vat.rate.scaleb(4))) for ln in content),
                    ((a.is_charge, _cents(a.amount), a.vat.category.value, int(a.vat.rate.scaleb(4)))
                     for a in adjustments), _cents(prepaid), _cents(rounding))
    for name in ("line_total", "allowance_total", "charge_total", "tax_basis", "vat_total", "grand_total",
                 "amount_due"):
        assert getattr(got, name) == _cents(getattr(expected, name)), name
    assert sorted(got.breakdown) == sorted((row.vat.category.value, int(row.vat.rate.scaleb(4)), _cents(row.base),
                                            _cents(row.amount)) for row in expected.breakdown)
