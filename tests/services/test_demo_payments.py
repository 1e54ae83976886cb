"""The demo's payment files: every format written, imported through the ordinary path, the books intact."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from desktop_app.domain.progress import run_job
from desktop_app.services.demo_payments import add_demo_payments
from desktop_app.services.invoices import InvoiceFilter, invoice_ids, invoice_summaries
from desktop_app.services.payment_review import LineFilter, line_ids, lines_by_ids
from desktop_app.services.verify import verify
from tests.support.payment_shop import make_payment_shop


def test_demo_payments_pay_most_invoices_from_every_kind_of_file(db):
    make_payment_shop(db)
    recorded = add_demo_payments(db, date(2026, 8, 31), random.Random(7))
    lines = lines_by_ids(db, line_ids(db, LineFilter(state="")))
    assert {line.source for line in lines} == {"camt053", "cfonb", "stripe", "paypal"}
    states = {line.state for line in lines}
    assert {"matched", "settled", "not_payment", "unmatched"} <= states
    assert recorded == sum(1 for line in lines if line.payment_id is not None) >= 3
    settled = sorted(line.invoice_numbers[0] for line in lines if line.state == "settled")
    assert settled == ["F2026-00006", "F2026-00007"]                 # Stripe and PayPal checkout payments
    payouts = [line for line in lines if line.rule == "provider_payout"]
    assert payouts and all(line.amount > 0 for line in payouts)
    left = {s.number: s.balance for s in invoice_summaries(db, invoice_ids(db, InvoiceFilter(status="issued")))}
    assert sum(1 for balance in left.values() if balance == 0) >= 5 and all(b >= 0 for b in left.values())
    assert sum(left.values(), Decimal(0)) < Decimal("614.40")        # the invoices awaiting transfers, in all
    assert run_job(verify(db)).ok
