"""The invoicing story of a small shop: orders drafted, issued, paid, refunded, credited — exact amounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.domain.errors import DomainError
from desktop_app.domain.invoice_status import InvoiceStatus
from desktop_app.domain.progress import run_job
from desktop_app.domain.tax import VatCategory
from desktop_app.services.closing import close_period
from desktop_app.services.company import set_company
from desktop_app.services.credit_notes import credit_invoice
from desktop_app.services.invoices import InvoiceFilter, find, invoice_ids, invoice_summaries, invoice_view
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.issuing import issue_documents
from desktop_app.services.verify import verify
from tests.support.shop import make_shop

D = Decimal
DAY = date(2026, 3, 9)


@pytest.fixture
def shop(db):
    make_shop(db)
    return db


def _by_order(db, reference):
    [invoice_id] = invoice_ids(db, InvoiceFilter(search=reference, status="issued"))[-1:]
    return invoice_view(db, invoice_id, on=DAY)


def test_orders_become_drafts_then_numbered_invoices(shop):
    drafted = run_job(draft_from_orders(shop))
    assert len(drafted.invoices) == 5 and len(drafted.credit_notes) == 1
    assert drafted.skipped == []                                   # cancelled orders are not even candidates
    assert run_job(draft_from_orders(shop, ["#1003"])).skipped == [("#1003", "cancelled in the shop: never invoiced")]
    result = run_job(issue_documents(shop, on=DAY))
    numbers = [doc.number for doc in result.issued]
    assert numbers == ["F2026-00001", "F2026-00002", "F2026-00003", "F2026-00004", "F2026-00005", "AV2026-00001"]
    assert run_job(verify(shop)).ok


def test_a_checkout_paid_order_is_an_invoice_paid_by_its_gateway(shop):
    run_job(draft_from_orders(shop, ["#1001"]))
    run_job(issue_documents(shop, on=DAY))
    view = _by_order(shop, "#1001")
    totals = view.document.totals
    assert totals.payable_total == D("93.70")                     # what the customer paid, to the cent
    assert totals.prepaid == D("93.70") and totals.amount_due == D("0.00")
    assert view.status is InvoiceStatus.PAID and view.balance == D("0.00")
    assert view.document.payment.paid_by == "Shopify Payments"
    rates = {row.vat.rate: (row.base, row.amount) for row in totals.breakdown}
    assert set(rates) == {D("5.5"), D(20)}
    assert sum(base + vat for base, vat in rates.values()) + totals.rounding == D("93.70")


def test_a_transfer_order_is_unpaid_until_its_due_date_then_overdue(shop):
    run_job(draft_from_orders(shop, ["#1002"]))
    run_job(issue_documents(shop, on=DAY))
    view = _by_order(shop, "#1002")
    assert view.document.due_date == date(2026, 4, 8)            # 30 days
    assert view.status is InvoiceStatus.UNPAID and view.balance == D("106.20")
    later = invoice_view(shop, view.stored.id, on=date(2026, 4, 9))
    assert later.status is InvoiceStatus.OVERDUE
    assert any(a.reason.startswith("Remise") for a in view.document.allowances_charges)   # in the customer's French


def test_a_partial_refund_gives_a_credit_note_and_the_invoice_stays_paid(shop):
    run_job(draft_from_orders(shop, ["#1004"]))
    run_job(issue_documents(shop, on=DAY))
    view = _by_order(shop, "#1004")
    assert view.document.totals.payable_total == D("44.70")
    [(_cid, number, state)] = view.credit_notes
    assert state == "issued" and number == "AV2026-00001"
    credit = invoice_view(shop, find(shop, number), on=DAY)
    assert credit.document.totals.payable_total == D("14.90")
    assert credit.document.preceding_invoice.number == view.document.number
    assert view.credited == D("14.90") and view.paid == D("29.80") and view.balance == D("0.00")


def test_intra_eu_export_and_foreign_currency_invoices(shop):
    run_job(draft_from_orders(shop, ["5001", "#1005"]))
    run_job(issue_documents(shop, on=DAY))
    german = _by_order(shop, "5001").document
    assert {row.vat.category for row in german.totals.breakdown} == {VatCategory.INTRA_EU}
    assert german.totals.vat_total == 0 and german.totals.payable_total == D("491.70")
    american = _by_order(shop, "#1005").document
    assert {row.vat.category for row in american.totals.breakdown} == {VatCategory.EXPORT}
    assert american.currency == "USD" and american.vat_total_accounting == D("0.00")
    assert american.exchange_rate == D("1.0850")


def test_issuing_is_refused_with_the_missing_mention_named(db):
    make_shop(db)
    set_company(db, {"siren": ""})
    run_job(draft_from_orders(db, ["#1001"]))
    with pytest.raises(DomainError, match="SIREN"):
        run_job(issue_documents(db, on=DAY))


def test_numbers_follow_dates_and_closed_months_are_final(shop):
    run_job(draft_from_orders(shop, ["#1001"]))
    run_job(issue_documents(shop, on=DAY))
    run_job(draft_from_orders(shop, ["#1002"]))
    with pytest.raises(DomainError, match="date order"):
        run_job(issue_documents(shop, on=date(2026, 3, 8)))
    close_period(shop, "2026-03", on=date(2026, 4, 2))
    with pytest.raises(DomainError, match="closed"):
        run_job(issue_documents(shop, on=date(2026, 3, 31)))
    assert run_job(issue_documents(shop, on=date(2026, 4, 1))).issued[0].number == "F2026-00002"
    assert run_job(verify(shop)).ok


def test_partial_credit_note_of_chosen_lines(shop):
    run_job(draft_from_orders(shop, ["#1001"]))
    run_job(issue_documents(shop, on=DAY))
    invoice = _by_order(shop, "#1001")
    result = credit_invoice(shop, invoice.document.number, [(2, D(1))], "Théière rendue")
    [credit] = result.issued
    assert credit.number == "AV2026-00001"
    credited = invoice_view(shop, credit.id, on=DAY).document
    assert [line.description for line in credited.lines] == ["Théière en fonte 0,8 L"]
    assert credited.preceding_invoice.number == invoice.document.number
    assert any("Théière rendue" in note.text for note in credited.notes)
    after = invoice_view(shop, invoice.stored.id, on=DAY)
    assert after.credited == credited.totals.payable_total
    with pytest.raises(DomainError, match="more than what is left"):
        credit_invoice(shop, invoice.document.number)
    assert run_job(verify(shop)).ok


def test_list_filters_follow_derived_statuses(shop):
    run_job(draft_from_orders(shop))
    run_job(issue_documents(shop, on=DAY))
    rows = invoice_summaries(shop, invoice_ids(shop, InvoiceFilter(status="unpaid"), on=DAY), on=DAY)
    assert {r.order_reference for r in rows} == {"#1002", "5001"}
    overdue = invoice_ids(shop, InvoiceFilter(status="overdue"), on=date(2026, 5, 1))
    assert len(overdue) == 2
    assert len(invoice_ids(shop, InvoiceFilter(status="credit_notes"))) == 1
