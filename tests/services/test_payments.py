"""A shop's payments told as a story: partial, spread, overpaid, credit applied and refunded, reversed,
and the review queue resolved by hand — exact amounts at each step."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from desktop_app.domain.errors import DomainError, InvalidValue
from desktop_app.domain.invoice_status import InvoiceStatus
from desktop_app.domain.orders import OrderStatus
from desktop_app.domain.progress import run_job
from desktop_app.services import payment_review as review
from desktop_app.services.closing import close_period
from desktop_app.services.customer_statements import customer_statement, statement_pdf
from desktop_app.services.customers import customer_ids
from desktop_app.services.invoices import find, invoice_view
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.issuing import issue_documents
from desktop_app.services.payment_import import import_payments
from desktop_app.services.payments import (
    apply_credit,
    customer_credit,
    record_payment,
    refund_credit,
    reverse_payment,
)
from desktop_app.services.verify import verify
from tests.support.payment_shop import make_payment_shop
from tests.support.shop import make_shop, order, tea

D = Decimal
SHOP_FILES = Path(__file__).parents[1] / "fixtures" / "payments" / "shop"
AWAITING = {"method": "manual", "status": OrderStatus.AWAITING_PAYMENT}


@pytest.fixture
def shop(db):
    make_payment_shop(db)
    return db


def balance(db, number: str) -> Decimal:
    return invoice_view(db, find(db, number)).balance


def status(db, number: str) -> InvoiceStatus:
    return invoice_view(db, find(db, number), on=date(2026, 3, 20)).status


def test_a_partial_payment_then_the_rest(shop):
    first = record_payment(shop, "F2026-00003", "50", on=date(2026, 3, 12), method="cheque", reference="CHQ 0012")
    assert [(p.number, p.amount) for p in first.allocations] == [("F2026-00003", D("50.00"))] and first.credit == 0
    assert balance(shop, "F2026-00003") == D("39.90") and status(shop, "F2026-00003") is InvoiceStatus.PARTIALLY_PAID
    record_payment(shop, ["F2026-00003"], D("39.90"), on=date(2026, 3, 14))
    assert balance(shop, "F2026-00003") == D("0.00") and status(shop, "F2026-00003") is InvoiceStatus.PAID
    payments = invoice_view(shop, find(shop, "F2026-00003")).payments
    assert [(p.amount, p.method, p.reference) for p in payments] == [
        (D("50.00"), "cheque", "CHQ 0012"), (D("39.90"), "transfer", "")]


def test_one_payment_spread_oldest_first_and_the_rest_kept_as_credit_then_applied_and_refunded(db):
    later = [order("#3101", [tea("1", "20.00")], "20.00", "1.04", day=date(2026, 3, 2), **AWAITING),
             order("#3102", [tea("1", "30.00")], "30.00", "1.56", day=date(2026, 3, 3), **AWAITING),
             order("#3103", [tea("1", "25.00")], "25.00", "1.30", day=date(2026, 3, 4), **AWAITING)]
    make_shop(db, later[:2])
    run_job(draft_from_orders(db))
    run_job(issue_documents(db, on=date(2026, 3, 5)))
    paid = record_payment(db, "F2026-00002,F2026-00001".split(","), "60.00", on=date(2026, 3, 10))
    assert [(p.number, p.amount) for p in paid.allocations] == [("F2026-00001", D("20.00")),
                                                                ("F2026-00002", D("30.00"))]
    assert paid.credit == D("10.00")
    zoe = customer_ids(db, "Zoë")[0]
    assert customer_credit(db, zoe) == {"EUR": D("10.00")}

    make_shop(db, later)
    run_job(draft_from_orders(db))
    run_job(issue_documents(db, on=date(2026, 3, 12)))
    applied = apply_credit(db, zoe, "F2026-00003", on=date(2026, 3, 12))
    assert [(p.number, p.amount) for p in applied.allocations] == [("F2026-00003", D("10.00"))]
    assert balance(db, "F2026-00003") == D("15.00") and customer_credit(db, zoe) == {}
    with pytest.raises(InvalidValue, match="credit"):
        apply_credit(db, zoe, "F2026-00003")

    record_payment(db, "F2026-00003", "40.00", on=date(2026, 3, 13))
    assert customer_credit(db, zoe) == {"EUR": D("25.00")}
    refund_credit(db, zoe, "25.00", on=date(2026, 3, 14), reference="VIR REMBOURSEMENT")
    assert customer_credit(db, zoe) == {}
    statement = customer_statement(db, zoe, end=date(2026, 3, 31))
    assert statement.closing_balance == D("0.00")
    assert [(e.kind.value, e.amount) for e in statement.entries] == [
        ("invoice", D("20.00")), ("invoice", D("30.00")), ("payment", D("60.00")), ("invoice", D("25.00")),
        ("payment", D("40.00")), ("payment", D("-25.00"))]
    assert run_job(verify(db)).ok


def test_a_reversal_undoes_a_payment_with_a_new_entry_and_sends_its_line_back_to_review(shop):
    run_job(import_payments(shop, [SHOP_FILES / "camt053_march.xml"]))
    [line] = [line for line in review.lines_by_ids(shop, review.line_ids(shop, review.LineFilter(state="matched")))
              if line.amount == D("120.00")]
    with shop.reading() as session:
        before = session.execute(text("SELECT count(*) FROM payments")).scalar()
    reversal = reverse_payment(shop, line.payment_id, on=date(2026, 3, 28), reason="Wrong customer")
    assert balance(shop, "F2026-00001") == D("120.00")
    with shop.reading() as session:
        rows = session.execute(text("SELECT id, kind, amount, reverses_id FROM payments WHERE id >= :p"),
                               {"p": line.payment_id}).all()
        assert session.execute(text("SELECT count(*) FROM payments")).scalar() == before + 1
    assert (line.payment_id, "payment", 12000, None) in rows and (reversal, "reversal", -12000, line.payment_id) in rows
    back = review.lines_by_ids(shop, [line.id])[0]
    assert back.state == "unmatched" and back.payment_id is None and "reversed" in back.reason
    with pytest.raises(DomainError, match="already reversed"):
        reverse_payment(shop, line.payment_id)
    # Assigned again, it becomes a new payment of its own.
    review.assign(shop, line.id, [("F2026-00001", "120.00")])
    assert balance(shop, "F2026-00001") == D("0.00")
    assert run_job(verify(shop)).ok


def test_refusals(shop):
    with pytest.raises(InvalidValue, match="future"):
        record_payment(shop, "F2026-00001", "10", on=date(2099, 1, 1))
    with pytest.raises(InvalidValue, match="positive"):
        record_payment(shop, "F2026-00001", "-10")
    with pytest.raises(InvalidValue, match="F2099-00001"):
        record_payment(shop, "F2099-00001", "10")
    close_period(shop, "2026-03")
    with pytest.raises(InvalidValue, match="closed"):
        record_payment(shop, "F2026-00001", "10", on=date(2026, 3, 20))
    checkout = invoice_view(shop, find(shop, "F2026-00006"))
    with shop.reading() as session:
        checkout_payment = session.execute(text("SELECT id FROM payments WHERE source = 'checkout'")).scalars().first()
    with pytest.raises(DomainError, match="credit note"):
        reverse_payment(shop, checkout_payment)
    assert checkout.balance == D("0.00")


def test_payments_lines_and_settlements_cannot_be_edited(shop):
    run_job(import_payments(shop, [SHOP_FILES / "stripe_balance_march.csv"]))
    forbidden = ("UPDATE statement_lines SET amount = 1", "UPDATE statement_lines SET label = 'x'",
                 "DELETE FROM statement_lines", "UPDATE payment_settlements SET fee = 0",
                 "DELETE FROM payment_settlements", "UPDATE payments SET amount = 1", "DELETE FROM payment_allocations")
    for statement in forbidden:
        with pytest.raises(IntegrityError, match="immutable"), shop.transaction() as session:
            session.execute(text(statement))
    with shop.transaction() as session:                      # the review state is the one thing that moves
        session.execute(text("UPDATE statement_lines SET state = state, reason = reason"))


def test_the_review_queue_accept_split_credit_ignore_and_reopen(shop):
    run_job(import_payments(shop, [SHOP_FILES / "cfonb120_march.txt"]))
    queue = {line.amount: line for line in
             review.lines_by_ids(shop, review.line_ids(shop, review.LineFilter(state="review")))}
    assert {amount: line.state for amount, line in queue.items()} == {D("45.50"): "doubtful",
                                                                      D("700.00"): "unmatched"}
    sophie, claire = customer_ids(shop, "Sophie")[0], customer_ids(shop, "Claire")[0]
    # A second payment of a paid invoice: accepting keeps it as Sophie's credit.
    accepted = review.accept(shop, queue[D("45.50")].id)
    assert accepted.state == "matched" and customer_credit(shop, sophie) == {"EUR": D("45.50")}
    rent = queue[D("700.00")].id
    ignored = review.ignore(shop, rent)
    assert ignored.state == "ignored"
    with pytest.raises(DomainError, match="no longer waiting"):
        review.accept(shop, rent)
    assert review.reopen(shop, rent).state == "unmatched"
    with pytest.raises(InvalidValue, match="customer"):
        review.keep_as_credit(shop, rent)
    with pytest.raises(InvalidValue, match=r"only 39\.90 left"):
        review.assign(shop, rent, [("F2026-00003", "40.00")])
    split = review.assign(shop, rent, [("F2026-00003", "20.00"), ("F2026-00003", "19.90")])
    assert split.state == "matched" and split.invoice_numbers == ["F2026-00003"]
    assert balance(shop, "F2026-00003") == D("0.00") and customer_credit(shop, claire) == {"EUR": D("660.10")}

    run_job(import_payments(shop, [SHOP_FILES / "stripe_balance_march.csv"]))
    [gift] = [line for line in review.lines_by_ids(shop, review.line_ids(shop)) if line.amount == D("33.00")]
    kept = review.keep_as_credit(shop, gift.id, sophie)
    assert kept.state == "matched" and customer_credit(shop, sophie) == {"EUR": D("78.50")}
    assert run_job(verify(shop)).ok


def test_a_customer_statement_runs_the_balance_and_renders(shop):
    run_job(import_payments(shop, [SHOP_FILES / "camt053_march.xml"]))
    paul = customer_ids(shop, "Paul Garnier")[0]
    statement = customer_statement(shop, paul, end=date(2026, 3, 31))
    assert [(e.date, e.kind.value, e.amount) for e in statement.entries] == [
        (date(2026, 3, 9), "invoice", D("60.00")), (date(2026, 3, 24), "payment", D("65.00"))]
    assert statement.opening_balance == 0 and statement.closing_balance == D("-5.00")      # his credit
    later = customer_statement(shop, paul, start=date(2026, 3, 20), end=date(2026, 3, 31))
    assert later.opening_balance == D("60.00") and len(later.entries) == 1
    with pikepdf.open(io.BytesIO(statement_pdf(shop, paul))) as pdf:
        assert len(pdf.pages) == 1 and b"<pdfaid:part>3</pdfaid:part>" in pdf.Root.Metadata.read_bytes()
