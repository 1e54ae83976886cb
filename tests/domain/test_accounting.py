"""Bookkeeping entries for the FEC: the chart of accounts, balanced entries, gapless numbering."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.accounting import (
    Applied,
    ChartOfAccounts,
    ReceivedPayment,
    numbered,
    parse_account_map,
    payment_entry,
    sales_entry,
)
from desktop_app.domain.conversion import VatRow
from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.sales_journal import SoldDocument, journal_entry
from tests.domain.strategies import cents

D = Decimal
CHART = ChartOfAccounts(sales=parse_account_map("S20=707110 S5.5=707130 K=707200 *=707000"),
                        vat=parse_account_map("20=445711 5.5=445713 *=445710"))


NO_ROUNDING = D("0.00")


def _document(kind="invoice", rows=None, rounding=NO_ROUNDING, currency="EUR", rate=None, vat_eur=None
              ) -> SoldDocument:
    rows = rows or (VatRow("S", D(20), D("100.00"), D("20.00")), VatRow("S", D("5.5"), D("50.00"), D("2.75")))
    payable = sum((r.base + r.vat for r in rows), D(0)) + rounding
    return SoldDocument(1, "F2026-00001" if kind == "invoice" else "AV2026-00001", kind, date(2026, 3, 9), 7,
                        "Café Gourmand", currency, rate, vat_eur, rounding, payable, tuple(rows))


def _lines(entry):
    return {(m.account, m.amount) for m in entry.movements}


def test_account_maps():
    assert parse_account_map("S20.0=707100, 5.50=445713; *=707000") == {"S20": "707100", "5.5": "445713",
                                                                        "*": "707000"}
    for wrong in ("S20=70", "S20:707100 *=707000", "S20=707100"):
        with pytest.raises(InvalidValue):
            parse_account_map(wrong)
    assert CHART.sales_account("S", D("20.0000")) == "707110" and CHART.sales_account("G", D(0)) == "707000"
    assert CHART.vat_account(D("5.5")) == "445713" and CHART.vat_account(D(10)) == "445710"


def test_an_invoice_and_its_credit_note():
    invoice = sales_entry(journal_entry(_document()), CHART)
    assert invoice.balanced and invoice.journal == "VE"
    assert _lines(invoice) == {("411000", D("172.75")), ("707110", D("-100.00")), ("445711", D("-20.00")),
                               ("707130", D("-50.00")), ("445713", D("-2.75"))}
    assert invoice.movements[0].aux == "C000007" and invoice.label == "Facture F2026-00001 Café Gourmand"
    credit = sales_entry(journal_entry(_document("credit_note")), CHART)
    assert {(a, -amount) for a, amount in _lines(credit)} == _lines(invoice)


def test_rounding_cents_and_foreign_currency():
    entry = sales_entry(journal_entry(_document(rounding=D("0.01"))), CHART)
    assert entry.balanced and ("758000", D("-0.01")) in _lines(entry) and ("411000", D("172.76")) in _lines(entry)
    loss = sales_entry(journal_entry(_document(rounding=D("-0.01"))), CHART)
    assert ("658000", D("0.01")) in _lines(loss)
    usd = _document(rows=(VatRow("G", D(0), D("52.00"), D(0)),), currency="USD", rate=D("1.04"), vat_eur=D(0))
    export = sales_entry(journal_entry(usd), CHART)
    assert _lines(export) == {("411000", D("50.00")), ("707000", D("-50.00"))}
    assert export.currency == "USD" and export.movements[0].currency_amount == D("52.00")


def test_merged_rows_make_one_line_per_account():
    rows = (VatRow("K", D(0), D("100.00"), D(0)), VatRow("G", D(0), D("30.00"), D(0)))
    entry = sales_entry(journal_entry(_document(rows=rows)), ChartOfAccounts())
    assert _lines(entry) == {("411000", D("130.00")), ("707000", D("-130.00"))}


def test_payment_with_fee_credit_and_unapplied_part():
    payment = ReceivedPayment(4, date(2026, 3, 5), D("250.00"), D("2.00"), "EUR", "stripe", "ch_1", "Teehaus",
                              (Applied(3, "Teehaus", D("200.00"), "F2026-00004"), Applied(3, "Teehaus", D("30.00"))))
    entry = payment_entry(payment, CHART)
    assert entry.balanced and entry.journal == "BQ" and entry.piece == "ch_1"
    assert _lines(entry) == {("511000", D("248.00")), ("627000", D("2.00")), ("411000", D("-200.00")),
                             ("419100", D("-30.00")), ("471000", D("-20.00"))}
    refund = payment_entry(ReceivedPayment(5, date(2026, 3, 6), D("-60.00"), D(0), "EUR", "bank:FR76", "", "",
                                           (Applied(1, "Zoë", D("-60.00"), "F2026-00001"),)), CHART)
    assert _lines(refund) == {("512000", D("-60.00")), ("411000", D("60.00"))}
    assert refund.label == "Remboursement F2026-00001 Zoë"


@given(st.lists(st.tuples(cents(-50_000, 500_000), cents(0, 2_000), st.integers(50_000_000, 200_000_000),
                          st.booleans()), min_size=1, max_size=4), cents(0, 900))
def test_every_payment_entry_balances(parts, fee):
    applied = tuple(Applied(1, "X", amount, "F1" if to_invoice else "", D(rate).scaleb(-8))
                    for amount, _fee, rate, to_invoice in parts)
    total = sum((a.amount for a in applied), D(0)) + parts[0][1]
    payment = ReceivedPayment(1, date(2026, 3, 1), total, fee, "USD", "bank:X", "", "", applied, D("1.0850"))
    assert payment_entry(payment, CHART).balanced


def test_entries_are_numbered_per_journal_in_date_order():
    def sale(day: int, number: str):
        doc = _document()
        return sales_entry(journal_entry(SoldDocument(doc.id, number, "invoice", date(2026, 3, day), 7, "C", "EUR",
                                                      None, None, D(0), doc.payable, doc.rows)), CHART)

    def paid(day: int):
        return payment_entry(ReceivedPayment(day, date(2026, 3, day), D(10), D(0), "EUR", "manual", "", "",
                                             (Applied(7, "C", D(10), "F"),)), CHART)
    entries = list(numbered([[sale(1, "F1"), sale(3, "F2"), sale(3, "F3")], [paid(1), paid(2), paid(3)]]))
    assert [(e.number, e.day.day) for e in entries] == [
        ("VE000001", 1), ("BQ000001", 1), ("BQ000002", 2), ("VE000002", 3), ("VE000003", 3), ("BQ000003", 3)]
