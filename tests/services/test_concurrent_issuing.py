"""Two desks issuing at the same time on one PostgreSQL shop: every number given once, none skipped, and
the journal one unbroken chain."""

from __future__ import annotations

import os
import re
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

# One desk, in its own process: says it is ready (with its process id), waits for "go", then issues its
# drafts one transaction each (as a shopkeeper clicking "Issue" would), and prints the numbers it was given.
DESK = """
import os
import sys
from datetime import date
from desktop_app.bootstrap import open_database
from desktop_app.domain.progress import run_job
from desktop_app.services.issuing import issue_documents
db = open_database(sys.argv[1], migrate=False)
ids = [int(i) for i in sys.argv[2].split(",")]
print("ready", os.getpid(), flush=True)
sys.stdin.readline()
numbers = []
for invoice_id in ids:
    result = run_job(issue_documents(db, [invoice_id], on=date(2026, 3, 9)))
    assert len(result.issued) == 1, result.refused
    numbers.append(result.issued[0].number)
print(",".join(numbers), flush=True)
"""


@pytest.mark.postgres
def test_two_desks_issuing_a_thousand_invoices_each_get_contiguous_numbers(postgres_url, tmp_path):
    db = open_database(postgres_url)
    set_company(db, COMPANY)
    ids = make_drafts(db, 2 * PER_DESK)
    # Interleaved halves: both desks keep asking for the next number of the same series.
    halves = [ids[0::2], ids[1::2]]
    # What a desk says on stderr goes to a file: a full pipe would stall it while the other one runs on.
    logs = [(tmp_path / f"desk{index}.log").open("w") for index in range(len(halves))]
    desks = [subprocess.Popen([sys.executable, "-c", DESK, postgres_url, ",".join(map(str, half))],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
                              cwd=Path(__file__).resolve().parents[2]) for half, log in zip(halves, logs)]
    pids = set()
    for desk in desks:
        assert desk.stdout is not None
        said, pid = desk.stdout.readline().split()
        assert said == "ready" and int(pid) == desk.pid
        pids.add(desk.pid)
    assert len(pids) == 2 and os.getpid() not in pids      # two processes, neither of them this one
    for desk in desks:
        assert desk.stdin is not None
        desk.stdin.write("go\n")
        desk.stdin.flush()
    given = []
    for desk, log in zip(desks, logs):
        out, _err = desk.communicate(timeout=300)
        log.close()
        assert desk.returncode == 0, Path(log.name).read_text()[-3000:]
        numbers = out.strip().split(",")
        assert len(numbers) == PER_DESK and all(re.fullmatch(r"F2026-\d{5}", n) for n in numbers), numbers[:5]
        given.append([int(number.split("-")[1]) for number in numbers])
    # Each desk's numbers rise; together they are 1..2000, each once.
    assert all(numbers == sorted(numbers) for numbers in given)
    assert sorted(given[0] + given[1]) == list(range(1, 2 * PER_DESK + 1))
    # And the desks really issued at the same time: in number order, the turn passed from one desk to the
    # other hundreds of times (one desk after the other would pass it once).
    desk_of = {number: index for index, numbers in enumerate(given) for number in numbers}
    turns = sum(desk_of[n] != desk_of[n + 1] for n in range(1, 2 * PER_DESK))
    assert turns >= PER_DESK // 10, turns
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
