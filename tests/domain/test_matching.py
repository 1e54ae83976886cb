"""The matching engine: one example per rule, then properties that must hold for any input."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.matching import MatchOptions, match_transactions
from desktop_app.domain.payments import (
    Confidence,
    Match,
    OpenItem,
    Rule,
    Transaction,
    TransactionKind,
    find_references,
    names_match,
    reference_keys,
)
from tests.fixtures.payments.shop import SHOP, item

D = Decimal
DAY = date(2026, 1, 20)


def bank(label: str, amount: str, payer: str = "", references: tuple[str, ...] = (), day: date = DAY,
         external_id: str = "", currency: str = "EUR", kind: TransactionKind = TransactionKind.PAYMENT) -> Transaction:
    return Transaction("camt053", "FR7630004000031234567890143", external_id or f"{label}|{amount}|{day}", day,
                       D(amount), currency, kind, label=label, payer_name=payer, references=references)


def provider(source: str, external_id: str, amount: str, fee: str = "0.00", **extra: object) -> Transaction:
    return Transaction(source, "", external_id, DAY, D(amount), "EUR", fee=D(fee), **extra)  # type: ignore[arg-type]


def only(transactions: list[Transaction], items: tuple[OpenItem, ...] | list[OpenItem] = SHOP) -> Match:
    [match] = match_transactions(transactions, items)
    return match


def paid(match: Match) -> list[tuple[str, Decimal]]:
    return [(a.number, a.amount) for a in match.allocations]


def test_transaction_values_for_the_store() -> None:
    line = bank("VIR", "120.00", references=("F2026-00001", "E2E"))
    assert (line.origin, line.reference, line.net) == ("bank:FR7630004000031234567890143", "F2026-00001", D("120.00"))
    charge = provider("stripe", "ch_1", "49.00", "0.99")
    assert (charge.origin, charge.reference, charge.net) == ("stripe", "", D("48.01"))
    assert replace(charge, account="acct_2").origin == "stripe:acct_2"


# --- references ---------------------------------------------------------------------------------

def test_reference_keys_strip_prefixes_hashes_and_leading_zeros() -> None:
    assert reference_keys("F2026-00042") == {"2026-42", "202600042"}
    assert reference_keys("#1007") == {"1007"}
    assert reference_keys("WC-1234") == {"1234"}
    assert reference_keys("XKBKNABJK") == {"A:XKBKNABJK"}
    assert reference_keys("#") == set()


@pytest.mark.parametrize(("text", "key", "strong"), [
    ("Commande 1007", "1007", True),
    ("CMD 1015", "1015", True),
    ("commande n°0042", "42", True),
    ("#1007", "1007", True),
    ("WC-1234", "1234", True),
    ("FACTURE F2026-00042", "2026-42", True),
    ("F202600042", "202600042", True),
    ("VIR DUPONT 1007", "1007", False),
    ("Order XKBKNABJK", "A:XKBKNABJK", True),
])
def test_references_found_in_text(text: str, key: str, strong: bool) -> None:
    hits = {(hit.key, hit.strong) for hit in find_references(text)}
    assert (key, strong) in hits


def test_digits_inside_a_random_id_and_short_numbers_are_not_references() -> None:
    keys = {hit.key for hit in find_references("E2E20240115ABC VIR 12") if hit.strong}
    assert "2" not in keys
    assert "12" not in {hit.key for hit in find_references("VIR 12")}


@pytest.mark.parametrize(("payer", "customer", "expected"), [
    ("M JEAN DUPONT", "Jean Dupont", True),
    ("DUPONT J", "Jean Dupont", True),
    ("MME MARTIN MARIE CLAIRE", "Marie-Claire Martin", True),
    ("ATELIER MARTIN", "Atelier Martin SARL", True),
    ("CHLOE MARTIN", "Atelier Martin SARL", False),
    ("M FONTAINE-LEROY", "Louise Fontaine", False),
    ("", "Jean Dupont", False),
])
def test_names_match(payer: str, customer: str, expected: bool) -> None:
    assert names_match(payer, customer) is expected


# --- one example per rule -------------------------------------------------------------------------

def test_invoice_number_in_the_label_pays_it() -> None:
    match = only([bank("VIR SEPA RECU /DE M JEAN DUPONT /MOTIF FACTURE F2026-00001", "120.00")])
    assert (match.confidence, match.rule, paid(match), match.credit) == (
        Confidence.SURE, Rule.REFERENCE, [("F2026-00001", D("120.00"))], D("0"))
    assert match.customer_id == 1
    assert "F2026-00001" in match.reason


@pytest.mark.parametrize("label", ["Commande 1002", "CMD 1002", "#1002", "cde n°1002", "Order 1002"])
def test_order_reference_in_the_label_pays_the_invoice(label: str) -> None:
    match = only([bank(label, "250.00")])
    assert (match.confidence, paid(match)) == (Confidence.SURE, [("F2026-00002", D("250.00"))])


def test_prestashop_letter_reference_and_woocommerce_prefix() -> None:
    items = [replace(item("F2026-00002"), order_reference="XKBKNABJK"),
             replace(item("F2026-00003"), order_reference="WC-1234")]
    assert paid(only([bank("Paiement commande XKBKNABJK", "250.00")], items)) == [("F2026-00002", D("250.00"))]
    assert paid(only([bank("wc-1234", "89.90")], items)) == [("F2026-00003", D("89.90"))]


def test_structured_reference_holding_only_a_number_is_strong() -> None:
    match = only([bank("VIR", "20.00", references=("1004",))])
    assert (match.confidence, paid(match)) == (Confidence.SURE, [("F2026-00004", D("20.00"))])


def test_bare_number_with_the_exact_amount_is_sure_with_another_amount_doubtful() -> None:
    assert only([bank("VIR X 1003", "89.90")]).confidence is Confidence.SURE
    match = only([bank("VIR X 1003", "50.00")])
    assert (match.confidence, match.rule, paid(match)) == (
        Confidence.DOUBTFUL, Rule.REFERENCE, [("F2026-00003", D("50.00"))])


def test_creditor_reference_is_exact() -> None:
    match = only([bank("VIR", "75.00", references=("RF41 F202 6000 08",))])
    assert (match.confidence, match.rule, paid(match)) == (
        Confidence.SURE, Rule.CREDITOR_REFERENCE, [("F2026-00008", D("75.00"))])


def test_amount_and_customer_name() -> None:
    match = only([bank("VIR INST", "89.90", payer="MME PETIT CLAIRE")])
    assert (match.confidence, match.rule, paid(match)) == (
        Confidence.SURE, Rule.AMOUNT_AND_NAME, [("F2026-00003", D("89.90"))])


def test_amount_equal_to_all_open_invoices_of_the_customer() -> None:
    match = only([bank("VIREMENT", "100.00", payer="GARNIER PAUL")])
    assert (match.confidence, paid(match)) == (
        Confidence.SURE, [("F2026-00006", D("60.00")), ("F2026-00007", D("40.00"))])


def test_customer_found_but_no_amount_fits_is_doubtful_oldest_first() -> None:
    match = only([bank("VIREMENT", "70.00", payer="PAUL GARNIER")])
    assert (match.confidence, paid(match), match.credit) == (
        Confidence.DOUBTFUL, [("F2026-00006", D("60.00")), ("F2026-00007", D("10.00"))], D("0"))


def test_amount_alone_unique_in_the_window_is_doubtful() -> None:
    match = only([bank("REMISE CHEQUE", "64.00")])
    assert (match.confidence, match.rule, paid(match)) == (
        Confidence.DOUBTFUL, Rule.AMOUNT_ONLY, [("F2026-00009", D("64.00"))])


def test_amount_alone_outside_the_window_or_shared_matches_nothing() -> None:
    late = DAY + timedelta(days=200)
    assert only([bank("REMISE CHEQUE", "64.00", day=late)]).rule is Rule.NO_MATCH
    twins = [bank("REMISE CHEQUE A", "64.00"), bank("REMISE CHEQUE B", "64.00")]
    assert [m.rule for m in match_transactions(twins, SHOP)] == [Rule.NO_MATCH, Rule.NO_MATCH]
    two_items = [item("F2026-00009"), replace(item("F2026-00009"), invoice_id=99, number="F2026-00099")]
    assert only([bank("REMISE CHEQUE", "64.00")], two_items).rule is Rule.NO_MATCH
    narrow = match_transactions([bank("REMISE CHEQUE", "64.00")], SHOP, MatchOptions(window_days=1))
    assert narrow[0].rule is Rule.NO_MATCH


def test_several_invoices_quoted_in_one_transfer() -> None:
    match = only([bank("FACT F2026-00006 ET F2026-00007", "100.00")])
    assert (match.confidence, paid(match)) == (
        Confidence.SURE, [("F2026-00006", D("60.00")), ("F2026-00007", D("40.00"))])
    short = only([bank("FACT F2026-00006 ET F2026-00007", "90.00")])
    assert (short.confidence, paid(short)) == (
        Confidence.DOUBTFUL, [("F2026-00006", D("60.00")), ("F2026-00007", D("30.00"))])


def test_announced_and_bare_numbers_together_when_the_amount_says_so() -> None:
    match = only([bank("Factures 1006 + 1007", "100.00")])
    assert paid(match) == [("F2026-00006", D("60.00")), ("F2026-00007", D("40.00"))]


def test_partial_payment_of_a_quoted_invoice_is_sure() -> None:
    match = only([bank("CMD 1004 ACOMPTE", "20.00")])
    assert (match.confidence, paid(match), match.credit) == (Confidence.SURE, [("F2026-00004", D("20.00"))], D("0"))
    assert "25.50" in match.reason


def test_overpayment_leaves_credit() -> None:
    match = only([bank("#1005", "310.00", payer="LUC MOREAU")])
    assert (match.confidence, paid(match), match.credit, match.customer_id) == (
        Confidence.SURE, [("F2026-00005", D("300.00"))], D("10.00"), 5)
    double = only([bank("#1005", "600.00")])
    assert (double.confidence, double.credit) == (Confidence.DOUBTFUL, D("300.00"))


def test_second_payment_of_the_same_invoice_is_kept_as_credit() -> None:
    first, second = match_transactions([bank("FACTURE F2026-00001", "120.00", external_id="b"),
                                        bank("FACTURE F2026-00001", "120.00", external_id="a", day=DAY + timedelta(1))],
                                       SHOP)
    assert (first.transaction.external_id, first.confidence, paid(first)) == (
        "b", Confidence.SURE, [("F2026-00001", D("120.00"))])
    assert (second.confidence, second.rule, second.allocations, second.credit, second.refers_to) == (
        Confidence.DOUBTFUL, Rule.ALREADY_PAID, (), D("120.00"), (1,))


def test_gateway_id_settles_a_checkout_payment_with_its_fee() -> None:
    match = only([provider("stripe", "ch_3QkDn2LzYpVb1a2c0x1A9fGh", "49.00", "0.99")])
    assert (match.confidence, match.rule, match.allocations, match.fee) == (
        Confidence.SURE, Rule.GATEWAY_ID, (), D("0.99"))
    assert [(s.number, s.amount) for s in match.settlements] == [("F2026-00010", D("49.00"))]


def test_settlement_of_another_amount_is_doubtful() -> None:
    match = only([provider("stripe", "x", "40.00", gateway_ids=("pi_3QkDn2LzYpVb1a2c0q8ZkLmN",))])
    assert (match.confidence, [(s.number, s.amount) for s in match.settlements]) == (
        Confidence.DOUBTFUL, [("F2026-00010", D("40.00"))])


def test_settlement_larger_than_the_checkout_payment_is_doubtful() -> None:
    match = only([provider("stripe", "ch_3QkDn2LzYpVb1a2c0x1A9fGh", "60.00")])
    assert (match.confidence, [(s.number, s.amount) for s in match.settlements], match.credit) == (
        Confidence.DOUBTFUL, [("F2026-00010", D("49.00"))], D("11.00"))


def test_provider_line_quoting_a_checkout_order_settles_it_only_for_its_provider() -> None:
    by_paypal = only([provider("paypal", "9ZZ", "58.00", "2.37", references=("WC-1012",))])
    assert (by_paypal.confidence, [(s.number, s.amount) for s in by_paypal.settlements]) == (
        Confidence.SURE, [("F2026-00012", D("58.00"))])
    by_stripe = only([provider("stripe", "ch_x", "58.00", references=("1012",))])
    assert (by_stripe.rule, by_stripe.settlements, by_stripe.credit) == (Rule.ALREADY_PAID, (), D("58.00"))


def test_provider_payment_of_an_unpaid_invoice_pays_gross_and_records_the_fee() -> None:
    match = only([provider("stripe", "ch_y", "35.00", "0.78", label="Shop - Order 1011")])
    assert (match.confidence, paid(match), match.fee) == (Confidence.SURE, [("F2026-00011", D("35.00"))], D("0.78"))


def test_bank_fee_is_never_recorded_on_a_match() -> None:
    match = only([replace(bank("FACTURE F2026-00001", "120.00"), fee=D("1.00"))])
    assert match.fee == D("0")


def test_currency_must_agree() -> None:
    assert only([bank("Order 1014", "100.00", currency="EUR")]).rule is Rule.NO_MATCH
    assert paid(only([bank("Order 1014", "100.00", currency="USD")])) == [("F2026-00014", D("100.00"))]


@pytest.mark.parametrize(("kind", "amount", "rule"), [
    (TransactionKind.FEE, "-8.50", Rule.NOT_A_PAYMENT),
    (TransactionKind.PAYOUT, "-1234.56", Rule.NOT_A_PAYMENT),
    (TransactionKind.REVERSAL, "-45.50", Rule.NOT_A_PAYMENT),
    (TransactionKind.OTHER, "-42.17", Rule.NOT_A_PAYMENT),
    (TransactionKind.OTHER, "88.21", Rule.NOT_A_PAYMENT),
    (TransactionKind.PAYMENT, "-15.90", Rule.NOT_A_PAYMENT),
])
def test_lines_that_are_not_customer_payments(kind: TransactionKind, amount: str, rule: Rule) -> None:
    match = only([bank("FACTURE F2026-00001", amount, kind=kind)])
    assert (match.confidence, match.rule, match.allocations) == (Confidence.NONE, rule, ())


def test_bank_credit_from_a_provider_is_a_payout() -> None:
    match = only([bank("VIR SEPA RECU", "1234.56", payer="STRIPE PAYMENTS EUROPE LTD")])
    assert (match.confidence, match.rule) == (Confidence.NONE, Rule.PROVIDER_PAYOUT)
    assert "Stripe" in match.reason


def test_refund_names_the_invoice_it_concerns() -> None:
    refund = provider("paypal", "4CD", "-10.00", kind=TransactionKind.REFUND, related_id="7XK12345AB678901C")
    match = only([refund])
    assert (match.confidence, match.rule, match.refers_to, match.allocations) == (
        Confidence.DOUBTFUL, Rule.REFUND, (12,), ())
    unknown = only([replace(refund, related_id="nothing")])
    assert (unknown.confidence, unknown.rule) == (Confidence.NONE, Rule.REFUND)


def test_nothing_found() -> None:
    match = only([bank("VIR SCI LES TILLEULS REMBOURSEMENT CAUTION", "33.33")])
    assert (match.confidence, match.rule, match.allocations, match.credit) == (
        Confidence.NONE, Rule.NO_MATCH, (), D("0"))


def test_a_reference_wins_over_an_earlier_line_with_the_same_amount() -> None:
    by_amount = bank("REMISE CHEQUE", "120.00", external_id="early", day=DAY)
    by_reference = bank("FACTURE F2026-00001", "120.00", external_id="late", day=DAY + timedelta(days=3))
    items = [item("F2026-00001")]
    matches = {m.transaction.external_id: m for m in match_transactions([by_amount, by_reference], items)}
    assert paid(matches["late"]) == [("F2026-00001", D("120.00"))]
    assert matches["early"].rule is Rule.NO_MATCH


def test_results_come_in_canonical_order() -> None:
    lines = [bank("B", "1.00", day=DAY + timedelta(1)), bank("A", "1.00", day=DAY)]
    assert [m.transaction.label for m in match_transactions(lines, SHOP)] == ["A", "B"]


# --- properties ---------------------------------------------------------------------------------

NAMES = ["Jean Dupont", "Claire Petit", "Atelier Martin", "Paul Garnier", "Emma Roux"]
cents = st.integers(min_value=1, max_value=50_000).map(lambda c: Decimal(c).scaleb(-2))


@st.composite
def open_items(draw: st.DrawFn) -> list[OpenItem]:
    count = draw(st.integers(min_value=0, max_value=8))
    items = []
    for index in range(count):
        customer = draw(st.integers(min_value=0, max_value=len(NAMES) - 1))
        checkout = draw(st.booleans()) and index % 3 == 0
        due = draw(cents)
        items.append(OpenItem(
            invoice_id=index + 1, number=f"F2026-{index + 1:05d}", amount_due=D(0) if checkout else due,
            currency=draw(st.sampled_from(["EUR", "EUR", "USD"])),
            issue_date=DAY - timedelta(days=draw(st.integers(min_value=0, max_value=120))),
            order_reference=f"#{1000 + index}", customer_id=customer, customer_name=NAMES[customer],
            gateway_ids=(f"ch_{index}",) if checkout else (), paid_at_checkout_by="stripe" if checkout else "",
            awaiting_settlement=due if checkout else D(0)))
    return items


@st.composite
def transactions(draw: st.DrawFn, items: list[OpenItem]) -> list[Transaction]:
    count = len(items)
    # Amounts often equal what is due, so that exact matches, settlements and sums happen.
    dues = [i.amount_due or i.awaiting_settlement for i in items]
    amounts = st.one_of(cents, st.sampled_from([*dues, sum(dues, D(0))])) if dues else cents
    lines = []
    for index in range(draw(st.integers(min_value=0, max_value=10))):
        target = draw(st.integers(min_value=0, max_value=max(count, 1) + 1))
        words = draw(st.sampled_from(["FACTURE F2026-{n:05d}", "Commande {o}", "VIR {o}", "CMD {o} et {p}",
                                      "VIREMENT", "F2026-{n:05d} F2026-{m:05d}"]))
        label = words.format(n=target, m=target + 1, o=1000 + target - 1, p=1000 + target)
        source = draw(st.sampled_from(["camt053", "ofx", "stripe", "paypal"]))
        lines.append(Transaction(
            source=source, account="A", external_id=f"t{index}",
            booked_on=DAY + timedelta(days=draw(st.integers(min_value=-5, max_value=5))),
            amount=draw(amounts) * draw(st.sampled_from([1, 1, 1, -1])),
            currency=draw(st.sampled_from(["EUR", "EUR", "USD"])),
            kind=draw(st.sampled_from([TransactionKind.PAYMENT] * 4 + [TransactionKind.REFUND, TransactionKind.FEE])),
            label=label, payer_name=draw(st.sampled_from(["", *NAMES])),
            gateway_ids=(f"ch_{target - 1}",) if draw(st.booleans()) else (),
            fee=draw(st.sampled_from([D("0"), D("0.35")]))))
    return lines


@st.composite
def books(draw: st.DrawFn) -> tuple[list[OpenItem], list[Transaction]]:
    items = draw(open_items())
    return items, draw(transactions(items))


def _summary(matches: list[Match]) -> list[tuple[object, ...]]:
    return [(m.transaction.external_id, m.confidence, m.rule, m.allocations, m.settlements, m.credit, m.reason)
            for m in matches]


@settings(max_examples=300, deadline=None)
@given(books())
def test_never_more_than_the_payment_nor_the_balance(case: tuple[list[OpenItem], list[Transaction]]) -> None:
    items, lines = case
    matches = match_transactions(lines, items)
    assert sorted(m.transaction.external_id for m in matches) == sorted(tx.external_id for tx in lines)
    paid_to: dict[int, Decimal] = defaultdict(Decimal)
    settled: dict[int, Decimal] = defaultdict(Decimal)
    for match in matches:
        amount = match.transaction.amount
        used = match.allocated + sum((s.amount for s in match.settlements), D(0))
        assert all(a.amount > 0 for a in (*match.allocations, *match.settlements))
        assert match.credit >= 0
        assert used + match.credit <= max(amount, D(0))
        if used or match.credit:
            assert used + match.credit == amount
        for allocation in match.allocations:
            paid_to[allocation.invoice_id] += allocation.amount
        for settlement in match.settlements:
            settled[settlement.invoice_id] += settlement.amount
        if match.confidence is Confidence.NONE:
            assert not match.allocations and not match.settlements and not match.credit
    for open_item in items:
        assert paid_to[open_item.invoice_id] <= open_item.amount_due
        assert settled[open_item.invoice_id] <= open_item.awaiting_settlement


@settings(max_examples=200, deadline=None)
@given(books(), st.randoms(use_true_random=False))
def test_same_result_whatever_the_order_of_lines(case: tuple[list[OpenItem], list[Transaction]],
                                                 rnd: object) -> None:
    items, lines = case
    shuffled_lines, shuffled_items = list(lines), list(items)
    rnd.shuffle(shuffled_lines)  # type: ignore[attr-defined]
    rnd.shuffle(shuffled_items)  # type: ignore[attr-defined]
    assert _summary(match_transactions(shuffled_lines, shuffled_items)) == _summary(match_transactions(lines, items))
