"""issue_10k_invoices: batch-issue 10,000 drafts (numbering, journal, balances; PDFs apart)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from bench.figures import Figure, timed
from desktop_app.bootstrap import open_database
from desktop_app.domain.progress import run_job
from desktop_app.services.company import set_company
from desktop_app.services.issuing import issue_documents
from tests.support.drafts import make_drafts
from tests.support.shop import COMPANY

COUNT = 10_000


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.db")
        set_company(db, COMPANY)
        make_drafts(db, COUNT)
        seconds, result = timed(lambda: run_job(issue_documents(db, on=date(2026, 3, 9))))
        db.dispose()
    assert len(result.issued) == COUNT
    rate = COUNT / seconds
    return [Figure("issue_10k_invoices", rate, "invoices/s", None, None, ">= 2000", rate >= 2000)]
