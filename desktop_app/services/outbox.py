"""The outbox: every e-mail is stored complete before it is sent, then sent by SMTP when the user says.

Nothing is lost: a message is in the database before anything else happens to it, and stays there
after it went out. Nothing is sent twice: a message is claimed (`sending`) before it is handed to
the server and marked `sent` right after; a failure leaves it queued with its error for a later retry
(with backoff), and a message whose sending was cut off after the server may have taken it waits for
the user ("unsure") instead of going out again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from desktop_app.domain.progress import Job, Progress
from desktop_app.formats.email_message import OutgoingMail, build_message, envelope, new_message_id
from desktop_app.i18n import _
from desktop_app.services.closing import PARIS
from desktop_app.services.smtp import SendFailure, Transport, open_transport
from desktop_app.store import dunning as dunning_repo
from desktop_app.store import outbox as repo
from desktop_app.store.database import Database
from desktop_app.store.journal import append_event, append_journal
from desktop_app.store.outbox import OutboxItem
from desktop_app.store.types import utcnow

__all__ = ["OutboxItem", "SendReport", "send_outbox"]

log = logging.getLogger(__name__)
BACKOFF = (60, 300, 900, 3600, 4 * 3600)     # seconds before retry n (the last one repeats)
LEASE = timedelta(minutes=15)                # how long a message may stay `sending`
TransportFactory = Callable[[Database], Transport]


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1])


def queue_mail(session: Session, kind: str, invoice_id: int | None, mail: OutgoingMail, now: datetime) -> int:
    """Store a complete message in the outbox (in the caller's transaction); returns its id."""
    message_id = new_message_id(mail.sender)
    data = build_message(mail, message_id, now.astimezone(PARIS))
    return repo.add_message(session, kind, invoice_id, mail.recipients, mail.subject, data, message_id, now)


@dataclass(slots=True)
class SendReport:
    sent: int = 0
    cancelled: int = 0
    errors: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)   # messages by state after the run

    @property
    def queued(self) -> int:
        return self.counts.get("queued", 0) + self.counts.get("sending", 0)

    @property
    def failed(self) -> int:
        """Messages that need the user: refused for good, or unsure whether they went."""
        return self.counts.get("failed", 0) + self.counts.get("unsure", 0)


def send_outbox(db: Database, now: datetime | None = None, force: bool = False,
                transport_factory: TransportFactory = open_transport) -> Job[SendReport]:
    """Send the queued messages whose time has come (every queued one with `force`)."""
    clock = (lambda: now) if now is not None else utcnow
    with db.transaction() as session:
        repo.expire_leases(session, clock())
        ids = repo.due_ids(session, clock(), force)
    report = SendReport()
    if ids:
        yield Progress(0, len(ids), _("Connecting to the mail server"))
        try:
            transport = transport_factory(db)
        except SendFailure as failure:
            report.errors.append(str(failure))
            for outbox_id in ids:
                _failed(db, outbox_id, failure, clock())
        else:
            try:
                yield from _send_all(db, transport, ids, clock, report)
            finally:
                transport.close()
    with db.reading() as session:
        report.counts = repo.counts(session)
    log.info("outbox run: %d sent, %d cancelled, %d errors", report.sent, report.cancelled, len(report.errors))
    return report


def _send_all(db: Database, transport: Transport, ids: Sequence[int], clock: Callable[[], datetime],
              report: SendReport) -> Job[None]:
    for done, outbox_id in enumerate(ids, start=1):
        outcome = _send_one(db, transport, outbox_id, clock)
        if outcome == "sent":
            report.sent += 1
        elif outcome == "cancelled":
            report.cancelled += 1
        elif outcome:
            report.errors.append(outcome)
        yield Progress(done, len(ids), _("Sending e-mails"))


def _send_one(db: Database, transport: Transport, outbox_id: int, clock: Callable[[], datetime]) -> str:
    """'sent', 'cancelled', '' (taken by another process) or the error."""
    with db.transaction() as session:
        carried = repo.carried_reminders(session, outbox_id)
        if carried and not any(reminder.still_open for reminder in carried):
            _withdraw(session, outbox_id, _("Not sent: the invoices were settled before it went out."))
            return "cancelled"
        if not repo.claim(session, outbox_id, clock() + LEASE):
            return ""
        data = repo.message_bytes(session, outbox_id)
    sender, recipients = envelope(data)
    try:
        transport.send(sender, recipients, data)
    except SendFailure as failure:
        _failed(db, outbox_id, failure, clock())
        return str(failure)
    with db.transaction() as session:
        # From `unsure` too: a slow hand-over may outlive its lease, and it did go out.
        repo.mark_sent(session, outbox_id, clock(), ("sending", "unsure"))
        _record_sent(session, outbox_id, clock())
    return "sent"


def _failed(db: Database, outbox_id: int, failure: SendFailure, now: datetime) -> None:
    state = {"retry": "queued", "refused": "failed", "unsure": "unsure"}[failure.outcome]
    with db.transaction() as session:
        if failure.outcome == "retry" and repo.item(session, outbox_id).state == "queued":
            repo.claim(session, outbox_id, now)          # counts the attempt of a message never handed over
        attempts = repo.item(session, outbox_id).attempts
        repo.mark_failed(session, outbox_id, state, str(failure),
                         now + retry_delay(attempts) if state == "queued" else None)


def _record_sent(session: Session, outbox_id: int, at: datetime) -> None:
    """The journal keeps every reminder that went out; the event log every message (no addresses)."""
    item = repo.item(session, outbox_id)
    for reminder in repo.carried_reminders(session, outbox_id):
        append_journal(session, "reminder_sent", reminder.number, {
            "number": reminder.number, "level": reminder.level, "channel": reminder.channel,
            "amount_due": reminder.amount_due, "interest": reminder.interest, "indemnity": reminder.indemnity,
            "fee": reminder.fee, "message_id": item.message_id, "sent_at": at})
    append_event(session, "email_sent", {"outbox_id": outbox_id, "kind": item.kind, "message_id": item.message_id})


def _withdraw(session: Session, outbox_id: int, reason: str) -> bool:
    if not repo.cancel(session, outbox_id, reason):
        return False
    dunning_repo.delete_unsent_reminders(session, outbox_id)
    return True


def outbox_items(db: Database, states: Sequence[str] | None = None, limit: int = 1000) -> list[OutboxItem]:
    with db.reading() as session:
        return repo.items(session, states, limit)


def outbox_counts(db: Database) -> dict[str, int]:
    with db.reading() as session:
        return repo.counts(session)


def message_bytes(db: Database, outbox_id: int) -> bytes:
    """The message exactly as stored (and as sent)."""
    with db.reading() as session:
        return repo.message_bytes(session, outbox_id)


def export_eml(db: Database, outbox_id: int, path: Path) -> Path:
    """Write a message as an .eml file, for the user's own mail client."""
    path = Path(path)
    path.write_bytes(message_bytes(db, outbox_id))
    with db.transaction() as session:
        append_event(session, "email_exported", {"outbox_id": outbox_id})
    return path


def retry_message(db: Database, outbox_id: int) -> bool:
    """Queue a failed or unsure message again, to go at the next sending."""
    with db.transaction() as session:
        return repo.requeue(session, outbox_id)


def mark_message_sent(db: Database, outbox_id: int) -> bool:
    """The user checked that an unsure message did go out (or sent the .eml by hand)."""
    with db.transaction() as session:
        now = utcnow()
        if not repo.mark_sent(session, outbox_id, now, ("unsure", "failed", "queued")):
            return False
        _record_sent(session, outbox_id, now)
        return True


def cancel_message(db: Database, outbox_id: int) -> bool:
    """Withdraw a message that has not gone out; the reminders it carried can be made again."""
    with db.transaction() as session:
        return _withdraw(session, outbox_id, _("Withdrawn by the user."))
