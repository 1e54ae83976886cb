"""The outbox against a real SMTP server on 127.0.0.1: what arrives, what waits, and that nothing goes twice."""

from __future__ import annotations

import base64
import logging
import os
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from desktop_app.bootstrap import configure_logging
from desktop_app.domain.errors import DomainError
from desktop_app.domain.progress import run_job
from desktop_app.formats.email_message import read_message
from desktop_app.services.company import all_settings
from desktop_app.services.invoices import find
from desktop_app.services.mail_messages import (
    prepare_invoice_mails,
    queue_invoice_mails,
    send_invoice_by_email,
    send_test_email,
)
from desktop_app.services.outbox import (
    export_eml,
    mark_message_sent,
    message_bytes,
    outbox_items,
    retry_message,
    send_outbox,
)
from desktop_app.services.reminders import prepare_reminders, reminder_history, run_reminders
from desktop_app.services.rendering import invoice_pdf
from desktop_app.services.smtp import SmtpTransport, save_smtp_settings, smtp_config
from desktop_app.store import balances
from desktop_app.store.journal import journal_entries
from desktop_app.store.types import utcnow
from tests.support.dunning import BUSINESS, BUSINESS_EMAIL, CONSUMER, CONSUMER_EMAIL, FIRST_ROUND, overdue_shop
from tests.support.smtp_server import free_port, smtp_server


def _later(minutes: int = 10):
    return utcnow() + timedelta(minutes=minutes)


def _sent_journal(db) -> list[str]:
    with db.reading() as session:
        return [entry.payload for entry in journal_entries(session) if entry.kind == "reminder_sent"]


def test_reminders_arrive_with_their_recipient_language_and_invoice_pdf(db):
    with smtp_server() as mailbox:
        overdue_shop(db, mailbox.port)
        report = run_job(run_reminders(db, FIRST_ROUND, send=True))
        assert (report.prepared, report.sent, report.queued, report.failed) == (2, 2, 0, 0)
        by_recipient = {item.recipients[0]: item for item in mailbox.received}
        assert sorted(by_recipient) == [CONSUMER_EMAIL, BUSINESS_EMAIL]

        french = by_recipient[CONSUMER_EMAIL].message
        assert french["Subject"] == f"Rappel de paiement\u00a0: {CONSUMER}"
        assert french["From"].addresses[0].addr_spec == "bonjour@maison-lumiere.example"
        assert "Bonjour Zoë Lefèvre" in french.get_body(("plain",)).get_content()
        english = by_recipient[BUSINESS_EMAIL].message
        assert english["Subject"] == f"Payment reminder: {BUSINESS}"
        assert "Hello Teehaus Müller GmbH" in english.get_body(("plain",)).get_content()
        [attachment] = list(english.iter_attachments())
        assert attachment.get_filename() == f"{BUSINESS}.pdf"
        assert attachment.get_content() == invoice_pdf(db, find(db, BUSINESS))

        again = run_job(run_reminders(db, FIRST_ROUND, send=True))
        assert (again.prepared, again.sent) == (0, 0) and len(mailbox.received) == 2
    assert len(_sent_journal(db)) == 2
    assert {item.state for item in outbox_items(db)} == {"sent"}


def test_with_the_server_down_messages_wait_with_their_error_and_go_out_once_later(db):
    port = free_port()
    overdue_shop(db, port)
    report = run_job(run_reminders(db, FIRST_ROUND, send=True))
    assert (report.prepared, report.sent, report.queued, report.failed) == (2, 0, 2, 0)
    assert "Cannot reach the SMTP server" in report.errors[0]
    items = outbox_items(db)
    assert {(i.state, i.attempts) for i in items} == {("queued", 1)}
    assert all("Cannot reach" in i.last_error and i.next_attempt_at > utcnow() for i in items)
    assert _sent_journal(db) == []

    with smtp_server(port) as mailbox:
        early = run_job(send_outbox(db))                 # the retry time has not come yet
        assert early.sent == 0 and mailbox.received == []
        late = run_job(send_outbox(db, now=_later()))
        assert late.sent == 2 and late.queued == 0 and len(mailbox.received) == 2
        for _run in range(2):
            assert run_job(send_outbox(db, now=_later(60), force=True)).sent == 0
        assert len(mailbox.received) == 2
        assert len({item.message["Message-ID"] for item in mailbox.received}) == 2
    assert len(_sent_journal(db)) == 2


def test_a_recipient_refused_for_good_is_not_retried_until_the_user_says_so(db):
    with smtp_server() as mailbox:
        mailbox.refuse.add(CONSUMER_EMAIL)
        overdue_shop(db, mailbox.port)
        report = run_job(run_reminders(db, FIRST_ROUND, send=True))
        assert (report.sent, report.failed) == (1, 1) and "550" in report.errors[0]
        [failed] = outbox_items(db, ["failed"])
        assert run_job(send_outbox(db, now=_later(600), force=True)).sent == 0
        mailbox.refuse.clear()
        assert retry_message(db, failed.id)
        assert run_job(send_outbox(db)).sent == 1
        assert [item.recipients for item in mailbox.received] == [[BUSINESS_EMAIL], [CONSUMER_EMAIL]]


class _CrashAfterHandOver(SmtpTransport):
    """Hands the message to the server, then the process dies before it can write that down."""

    def send(self, sender, recipients, message):
        super().send(sender, recipients, message)
        raise SystemExit("power cut")


def test_a_crash_after_the_server_took_a_message_never_sends_it_again(db):
    with smtp_server() as mailbox:
        overdue_shop(db, mailbox.port)
        run_job(prepare_reminders(db, FIRST_ROUND))
        with pytest.raises(SystemExit):
            run_job(send_outbox(db, transport_factory=lambda d: _CrashAfterHandOver(smtp_config(d), None)))
        assert len(mailbox.received) == 1
        assert sorted(i.state for i in outbox_items(db)) == ["queued", "sending"]
        report = run_job(send_outbox(db, now=_later(60)))   # the lease of the interrupted sending is over
        assert report.sent == 1 and report.failed == 1 and len(mailbox.received) == 2
        [unsure] = outbox_items(db, ["unsure"])
        assert "may have received" in unsure.last_error
        assert run_job(send_outbox(db, now=_later(600), force=True)).sent == 0
        assert len(mailbox.received) == 2
        assert mark_message_sent(db, unsure.id)
    assert len(_sent_journal(db)) == 2


def test_a_reminder_whose_invoice_was_paid_meanwhile_is_withdrawn(db):
    with smtp_server() as mailbox:
        overdue_shop(db, mailbox.port)
        run_job(prepare_reminders(db, FIRST_ROUND))
        with db.transaction() as session:
            balances.adjust(session, find(db, CONSUMER), paid=balances.balances(
                session, [find(db, CONSUMER)])[find(db, CONSUMER)].balance)
        report = run_job(send_outbox(db))
        assert (report.sent, report.cancelled) == (1, 1)
        assert [item.recipients for item in mailbox.received] == [[BUSINESS_EMAIL]]
    assert [row.number for row in reminder_history(db)] == [BUSINESS]


def test_an_invoice_e_mail_carries_the_issued_pdf_and_exports_as_eml(db, tmp_path):
    with smtp_server() as mailbox:
        overdue_shop(db, mailbox.port)
        outbox_id = send_invoice_by_email(db, find(db, BUSINESS))
        path = export_eml(db, outbox_id, tmp_path / "invoice.eml")
        assert path.read_bytes() == message_bytes(db, outbox_id)
        assert run_job(send_outbox(db)).sent == 1
        [received] = mailbox.received
        assert received.data.replace(b"\r\n", b"\n") == path.read_bytes().replace(b"\r\n", b"\n")
        message = received.message
        assert message["Subject"] == f"Invoice {BUSINESS} from Maison Lumière"
        [pdf] = list(message.iter_attachments())
        assert pdf.get_content() == invoice_pdf(db, find(db, BUSINESS))


def test_invoice_e_mails_are_written_for_review_then_queued_as_edited(db):
    overdue_shop(db)
    ids = [find(db, BUSINESS), find(db, CONSUMER)]
    business, consumer = run_job(prepare_invoice_mails(db, ids))
    assert (business.to, business.subject, business.attachment) == (
        BUSINESS_EMAIL, f"Invoice {BUSINESS} from Maison Lumière", f"{BUSINESS}.pdf")
    assert consumer.to == CONSUMER_EMAIL and "Zoë Lefèvre" in consumer.body    # in French, her language
    assert outbox_items(db) == []                                              # writing them queues nothing

    edited = replace(consumer, subject="Votre facture\r\nBcc: x@example.fr", body="Bonjour,\n\nCi-joint.")
    with pytest.raises(DomainError, match=f"{CONSUMER}: 'anne@' is not an e-mail address"):
        run_job(queue_invoice_mails(db, [business, replace(edited, to="anne@")]))
    assert outbox_items(db) == []                                              # one wrong address: none queued
    run_job(queue_invoice_mails(db, [business, edited]))
    by_recipient = {item.recipients: item for item in outbox_items(db)}
    assert by_recipient[CONSUMER_EMAIL].subject == "Votre facture Bcc: x@example.fr"     # one header line
    message = read_message(message_bytes(db, by_recipient[CONSUMER_EMAIL].id))
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Bonjour,\n\nCi-joint.\n"
    assert message["Bcc"] is None


def test_the_test_e_mail_says_what_went_wrong(db):
    port = free_port()
    overdue_shop(db, port)
    with pytest.raises(DomainError, match="Cannot reach"):
        run_job(send_test_email(db, "me@example.fr"))
    with smtp_server(port) as mailbox:
        assert run_job(send_test_email(db, "me@example.fr")) == "me@example.fr"
        assert mailbox.received[0].message["Subject"] == "Comptoir test e-mail"


SECRET = "s3cr3t-Ünïcode-pässwörd"


def _files(*folders: Path) -> list[Path]:
    return [Path(root) / name for folder in folders if folder.exists()
            for root, _dirs, names in os.walk(folder) for name in names]


@pytest.fixture
def app_logging():
    """Comptoir's own log file for one test; the root logger as it was afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield configure_logging(verbose=True)
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers, root.level = handlers, level


@pytest.mark.sqlite_only     # the database file is among the files searched
def test_the_smtp_password_is_in_no_file_comptoir_writes(db, tmp_path, memory_keyring, app_logging):
    log_file = app_logging
    with smtp_server(password=SECRET) as mailbox:
        overdue_shop(db, mailbox.port, user="boutique")
        assert save_smtp_settings(db, "127.0.0.1", str(mailbox.port), "none", "boutique",
                                  "bonjour@maison-lumiere.example", SECRET) is True
        assert memory_keyring.secrets == {("comptoir-smtp", "boutique@127.0.0.1"): SECRET}
        report = run_job(run_reminders(db, FIRST_ROUND, send=True))
        assert report.sent == 2 and mailbox.logins[0] == ("boutique", SECRET)
        for item in outbox_items(db):
            export_eml(db, item.id, tmp_path / f"{item.id}.eml")
    assert SECRET not in str(all_settings(db))
    db.dispose()
    encoded = SECRET.encode()
    forms = [encoded, base64.b64encode(b"\0boutique\0" + encoded), base64.b64encode(encoded)]
    home = Path(os.environ["XDG_DATA_HOME"]).parent
    written = _files(tmp_path, home)
    assert log_file in written and log_file.stat().st_size > 0 and db.path in written
    assert any(path.suffix == ".eml" for path in written)
    for path in written:
        content = path.read_bytes()
        assert not any(form in content for form in forms), path
