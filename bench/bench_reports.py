"""report_aging_1m, report_vat_1m: aged receivables, and the VAT report of a year, on a million invoices.

The big shop (bench/big_shop.py) is generated once and cached under bench/data/. Each figure is the
median of three runs; the VAT report on payments (encaissements) is measured too, for information.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bench.big_shop import DAYS, LAST_DAY, big_shop_path
from bench.figures import Figure, timed
from desktop_app.bootstrap import open_database
from desktop_app.domain.periods import Period
from desktop_app.domain.vat_report import VatBasis
from desktop_app.services.reports import aged_receivables, vat_report

COUNT = 1_000_000
RUNS = 3


def _median(action: Callable[[], Any]) -> tuple[float, Any]:
    results = [timed(action) for _run in range(RUNS)]
    return statistics.median(seconds for seconds, _result in results), results[-1][1]


def run() -> list[Figure]:
    db = open_database(big_shop_path(COUNT))
    year = Period(LAST_DAY - timedelta(days=DAYS - 1), LAST_DAY)
    try:
        aging_s, aging = _median(lambda: aged_receivables(db, LAST_DAY))
        vat_s, vat = _median(lambda: vat_report(db, year, VatBasis.DEBITS))
        receipts_s, _receipts = _median(lambda: vat_report(db, year, VatBasis.RECEIPTS))
    finally:
        db.dispose()
    assert aging.total > 0 and vat.total_vat > 0
    return [Figure("report_aging_1m", aging_s, "s", None, None, "< 2", aging_s < 2),
            Figure("report_vat_1m", vat_s, "s", None, None, "< 2", vat_s < 2),
            Figure("report_vat_receipts_1m", receipts_s, "s", None, None, "", None)]
