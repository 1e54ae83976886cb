"""`comptoir verify`: prove that nothing was altered — the journal's hash chain, the event log's,
numbering continuity, and each issued document's stored totals and content."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from desktop_app.domain.journal import GENESIS, ChainEntry, first_break
from desktop_app.domain.progress import Job, Progress
from desktop_app.i18n import _
from desktop_app.services import integrity
from desktop_app.store.database import Database
from desktop_app.store.journal import append_event, event_entries, journal_entries

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


def _counted(entries: Iterator[ChainEntry], counter: list[int]) -> Iterator[ChainEntry]:
    for entry in entries:
        counter[0] += 1
        yield entry


def verify(db: Database) -> Job[VerifyReport]:
    """Check everything; the report names the first broken item. Failures are logged as events."""
    report = VerifyReport()
    with db.reading() as session:
        for label, entries in ((_("journal"), journal_entries(session)), (_("event log"), event_entries(session))):
            counter = [0]
            broken = first_break(_counted(entries, counter), GENESIS)
            key = "journal" if label == _("journal") else "events"
            report.checked[key] = counter[0]
            if broken is not None:
                report.fail(_("{chain} entry {seq}: {reason}").format(chain=label, seq=broken.seq,
                                                                      reason=broken.reason))
            yield Progress(counter[0], 0, _("Checked the {chain}").format(chain=label))
        for problem, checked_kind, count in integrity.check_documents(session):
            report.checked[checked_kind] = count
            if problem:
                report.fail(problem)
            if count and count % _STEP == 0:
                yield Progress(count, 0, _("Checking documents"))
    if not report.ok:
        with db.transaction() as session:
            append_event(session, "integrity_check_failed", {"first_broken": report.first_broken})
    return report
