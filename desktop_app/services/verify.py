"""`comptoir verify`: prove that nothing was altered — the journal's hash chain, the event log's,
numbering continuity, and each issued document's stored totals and content.

The hash chains and the fingerprints are Python's work; the arithmetic, numbering and balance checks
are the database's, asked on a second thread with its own session meanwhile (the database does them
without holding Python's lock), so a million documents are checked in the time of their fingerprints.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from desktop_app.domain.journal import GENESIS, first_break_in_rows
from desktop_app.domain.progress import Job, Progress
from desktop_app.i18n import _
from desktop_app.services import integrity
from desktop_app.services.document_checks import DocumentChecks
from desktop_app.store.database import Database
from desktop_app.store.integrity import chain_rows
from desktop_app.store.journal import append_event

_STEP = 20_000


@dataclass
class VerifyReport:
    ok: bool = True
    checked: dict[str, int] = field(default_factory=dict)
    first_broken: str | None = None

    def fail(self, where: str) -> None:
        if self.ok:
            self.ok = False
            self.first_broken = where


def _database_checks(db: Database) -> list[integrity.Finding]:
    with db.reading() as session:
        return [*integrity.check_numbering(session), *integrity.check_balances(session)]


def verify(db: Database) -> Job[VerifyReport]:
    """Check everything; the report names the first broken item. Failures are logged as events."""
    report = VerifyReport()
    documents = DocumentChecks(db)          # worker processes start on the documents at once
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="verify")
    try:
        checks: Future[list[integrity.Finding]] = pool.submit(_database_checks, db)
        with db.reading() as session:
            yield from _chains(session, report)
        problems, count = [], 0
        for problem, checked in documents.results():
            count += checked
            if problem is not None:
                problems.append(problem)
            yield Progress(count, documents.count, _("Checking documents"))
        findings = checks.result()
    finally:
        documents.close()
        pool.shutdown(wait=False, cancel_futures=True)
    report.checked["documents"] = count
    first = min(problems, key=lambda p: (p.invoice_id, p.order)) if problems else None
    if first is not None:
        report.fail(first.message)
    for problem, checked_kind, checked in findings:
        report.checked[checked_kind] = checked
        if problem:
            report.fail(problem)
    if not report.ok:
        with db.transaction() as session:
            append_event(session, "integrity_check_failed", {"first_broken": report.first_broken})
    return report


def _chains(session: Session, report: VerifyReport) -> Job[None]:
    for label, table in ((_("journal"), "journal"), (_("event log"), "event_log")):
        counter = [0]
        broken = first_break_in_rows(chain_rows(session, table), GENESIS, counter=counter)
        report.checked["journal" if table == "journal" else "events"] = counter[0]
        if broken is not None:
            report.fail(_("{chain} entry {seq}: {reason}").format(chain=label, seq=broken.seq, reason=broken.reason))
        yield Progress(counter[0], 0, _("Checked the {chain}").format(chain=label))
