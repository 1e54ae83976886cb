"""Two desks issuing at the same time on one PostgreSQL shop: every number given once, none skipped, and
the journal one unbroken chain."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.bootstrap import open_database
from desktop_app.domain.progress import run_job
from desktop_app.services.company import set_company
from desktop_app.services.verify import verify
from desktop_app.store.records import InvoiceRecord, JournalRecord
from tests.support.drafts import make_drafts
from tests.support.shop import COMPANY

PER_DESK = 1000
DAY = date(2026, 3, 9)

# One desk: waits for "go", then issues its drafts one transaction each (as a shopkeeper clicking
# "Issue" would), and prints the numbers it was given.
DESK = """
import sys
from datetime import date
from desktop_app.bootstrap import open_database
from desktop_app.domain.progress import run_job
from desktop_app.services.issuing import issue_documents
db = open_database(sys.argv[1], migrate=False)
ids = [int(i) for i in sys.argv[2].split(",")]
print("ready", flush=True)
sys.stdin.readline()
numbers = []
for invoice_id in ids:
    result = run_job(issue_documents(db, [invoice_id], on=date(2026, 3, 9)))
    assert len(result.issued) == 1, result.refused
    numbers.append(result.issued[0].number)
print(",".join(numbers), flush=True)
"""


@pytest.mark.postgres
def test_two_desks_issuing_a_thousand_invoices_each_get_contiguous_numbers(postgres_url):
    db = open_database(postgres_url)
    set_company(db, COMPANY)
    ids = make_drafts(db, 2 * PER_DESK)
    # Interleaved halves: both desks keep asking for the next number of the same series.
    halves = [ids[0::2], ids[1::2]]
    desks = [subprocess.Popen([sys.executable, "-c", DESK, postgres_url, ",".join(map(str, half))],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2]) for half in halves]
    for desk in desks:
        assert desk.stdout is not None and desk.stdout.readline().strip() == "ready"
    for desk in desks:
        assert desk.stdin is not None
        desk.stdin.write("go\n")
        desk.stdin.flush()
    given = []
    for desk in desks:
        out, _err = desk.communicate(timeout=300)
        assert desk.returncode == 0
        given.append([int(number.split("-")[1]) for number in out.strip().split(",")])
    # Each desk's numbers rise; together they are 1..2000, each once; and the desks really overlapped.
    assert all(numbers == sorted(numbers) and len(numbers) == PER_DESK for numbers in given)
    assert sorted(given[0] + given[1]) == list(range(1, 2 * PER_DESK + 1))
    assert min(given[1]) < max(given[0]) and min(given[0]) < max(given[1])
    with db.reading() as session:
        stored = list(session.scalars(select(InvoiceRecord.sequence_number).where(InvoiceRecord.state == "issued")
                                      .order_by(InvoiceRecord.sequence_number)))
        seqs = list(session.scalars(select(JournalRecord.seq).order_by(JournalRecord.seq)))
    assert stored == list(range(1, 2 * PER_DESK + 1))
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) >= 2 * PER_DESK
    report = run_job(verify(db))
    assert report.ok, report.first_broken
    assert report.checked["documents"] == 2 * PER_DESK
    db.dispose()
