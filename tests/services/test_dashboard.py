"""The dashboard's figures, added up from the open balances' index, equal the rules and sums applied to
every invoice again: reminders due, overdue totals, the largest debts and receivables by age."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from desktop_app.services.closing import today
from desktop_app.services.dashboard import PREVIEW, chart_figures_kept, dashboard_figures, reminders_due_count
from desktop_app.services.kpis import chart_figures
from desktop_app.services.reminders import due_reminders
from desktop_app.store.dunning import overdue_rows


def test_the_figures_equal_the_rules_applied_to_every_overdue_invoice(demo_db):
    for day in (today(), today() + timedelta(days=10), today() + timedelta(days=45)):
        figures = dashboard_figures(demo_db, day)
        due = due_reminders(demo_db, day)
        with demo_db.reading() as session:
            overdue = overdue_rows(session, day)
        assert figures.reminders_due == reminders_due_count(demo_db, day) == len(due)
        assert figures.due_preview == tuple(sorted(due, key=lambda row: (-row.level, -row.days_late))[:PREVIEW])
        assert figures.overdue_count == len(overdue)
        totals: dict[str, Decimal] = {}
        for row in overdue:
            totals[row.currency] = totals.get(row.currency, Decimal(0)) + row.amount_due
        assert figures.overdue_amounts == totals
        assert next(iter(figures.overdue_amounts)) == "EUR"
        largest = sorted(overdue, key=lambda row: (-row.amount_due, row.invoice_id))[:PREVIEW]
        assert figures.largest_overdue == tuple(largest)
    assert {row.level for row in due_reminders(demo_db, today() + timedelta(days=45))} == {1, 2, 3}


def test_the_ages_equal_a_recomputation_from_invoices_and_payments(demo_db):
    kept = chart_figures_kept(demo_db)
    assert kept.ages == chart_figures(demo_db, today()).ages
    assert sum(amount for _bucket, amount in kept.ages) > 0
