"""`comptoir reminders ...` and `comptoir outbox ...`: chase unpaid invoices, send and inspect e-mails."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.cli.context import database
from desktop_app.cli.output import ProgressBar, error, print_json
from desktop_app.domain.errors import DomainError
from desktop_app.domain.money import format_plain
from desktop_app.domain.progress import run_job
from desktop_app.i18n import _

SEND_FAILED = 2     # exit status when some messages could not be sent (they stay in the outbox)


def register(commands: Any) -> None:
    reminders = commands.add_parser("reminders", help=_("reminders for unpaid invoices"))
    actions = reminders.add_subparsers(dest="action", metavar="ACTION", required=True)
    due = actions.add_parser("due", help=_("the reminders due on a day"))
    due.add_argument("--on", type=date.fromisoformat, metavar="YYYY-MM-DD", help=_("the day (default: today)"))
    due.add_argument("--json", action="store_true")
    due.set_defaults(run=run_due)
    run = actions.add_parser("run", help=_("make the reminders due into letters and e-mails in the outbox; "
                                           "--send sends the outbox by SMTP (exit status 2 if some failed)"))
    run.add_argument("--on", type=date.fromisoformat, metavar="YYYY-MM-DD", help=_("the day (default: today)"))
    run.add_argument("--send", action="store_true", help=_("send the outbox afterwards"))
    run.add_argument("--json", action="store_true")
    run.set_defaults(run=run_run)
    pause = actions.add_parser("pause", help=_("stop reminders for an invoice"))
    pause.add_argument("number", metavar="NUMBER")
    pause.add_argument("--reason", required=True, help=_("why: a dispute, a promise to pay..."))
    pause.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD", help=_("last day of the pause"))
    pause.set_defaults(run=run_pause)
    resume = actions.add_parser("resume", help=_("start reminders again for an invoice"))
    resume.add_argument("number", metavar="NUMBER")
    resume.set_defaults(run=run_resume)
    history = actions.add_parser("history", help=_("the reminders made, newest first"))
    history.add_argument("--json", action="store_true")
    history.set_defaults(run=run_history)
    _register_outbox(commands)


def _register_outbox(commands: Any) -> None:
    outbox = commands.add_parser("outbox", help=_("e-mails waiting to be sent, and those sent"))
    actions = outbox.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("the messages, newest first"))
    listing.add_argument("--state", choices=["queued", "sending", "sent", "failed", "unsure", "cancelled"])
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=run_outbox_list)
    send = actions.add_parser("send", help=_("send the queued messages by SMTP (exit status 2 if some failed)"))
    send.add_argument("--force", action="store_true", help=_("also those waiting for their next retry"))
    send.add_argument("--json", action="store_true")
    send.set_defaults(run=run_outbox_send)
    export = actions.add_parser("export", help=_("save a message as an .eml file for your mail client"))
    export.add_argument("id", type=int, metavar="ID")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.eml")
    export.set_defaults(run=run_outbox_export)
    for name, helptext, handler in (("retry", _("queue a failed message again"), run_outbox_retry),
                                    ("cancel", _("withdraw a message that has not gone out"), run_outbox_cancel),
                                    ("mark-sent", _("record that a message did go out"), run_outbox_mark_sent)):
        action = actions.add_parser(name, help=helptext)
        action.add_argument("id", type=int, metavar="ID")
        action.set_defaults(run=handler)
    invoice = actions.add_parser("invoice", help=_("put an issued invoice's e-mail, with its PDF, in the outbox"))
    invoice.add_argument("number", metavar="NUMBER")
    invoice.add_argument("--to", default="", help=_("recipient (default: the customer's address)"))
    invoice.set_defaults(run=run_outbox_invoice)
    test = actions.add_parser("test", help=_("send a test e-mail now, to check the SMTP settings"))
    test.add_argument("--to", default="", help=_("recipient (default: the sender address)"))
    test.set_defaults(run=run_outbox_test)
    password = actions.add_parser("password", help=_("keep the SMTP password in the system keyring"))
    password.add_argument("--forget", action="store_true", help=_("remove it from the keyring"))
    password.set_defaults(run=run_outbox_password)


def run_due(args: argparse.Namespace) -> int:
    from desktop_app.services.reminders import due_reminders

    rows = due_reminders(database(args), args.on)
    if args.json:
        print_json({"due": [row.as_json() for row in rows]})
        return 0
    for row in rows:
        print(f"{row.number}  {_('level')} {row.level}  {format_plain(row.amount_due)} {row.currency}  "
              f"{row.days_late} {_('days late')}  {row.customer} <{row.email}>")
    print(_("{n} reminders due.").format(n=len(rows)))
    return 0


def run_run(args: argparse.Namespace) -> int:
    from desktop_app.services.reminders import run_reminders

    bar = ProgressBar()
    report = run_job(run_reminders(database(args), args.on, send=args.send), bar)
    bar.close()
    if args.json:
        print_json(report.as_json())
    else:
        print(_("{prepared} reminders prepared ({letters} letters to print), {sent} e-mails sent, {queued} waiting, "
                "{failed} needing attention.").format(**report.as_json()))
    for message in report.errors:
        error(message)
    return SEND_FAILED if report.errors else 0


def run_pause(args: argparse.Namespace) -> int:
    from desktop_app.services.invoices import find
    from desktop_app.services.reminders import pause_invoice

    db = database(args)
    pause_invoice(db, find(db, args.number), args.reason, args.until)
    return 0


def run_resume(args: argparse.Namespace) -> int:
    from desktop_app.services.invoices import find
    from desktop_app.services.reminders import resume_invoice

    db = database(args)
    resume_invoice(db, find(db, args.number))
    return 0


def run_history(args: argparse.Namespace) -> int:
    from desktop_app.services.reminders import reminder_history

    rows = [{"id": r.reminder_id, "invoice": r.number, "customer": r.customer, "level": r.level,
             "channel": r.channel, "prepared_on": r.prepared_on, "amount_due": r.amount_due, "interest": r.interest,
             "indemnity": r.indemnity, "fee": r.fee, "currency": r.currency, "outbox": r.outbox_id,
             "state": r.outbox_state or "letter", "sent_at": r.sent_at} for r in reminder_history(database(args))]
    if args.json:
        print_json({"reminders": rows})
    else:
        for row in rows:
            print(f"{row['prepared_on']}  {row['invoice']}  {_('level')} {row['level']}  {row['channel']}  "
                  f"{row['state']}  {row['customer']}")
    return 0


def run_outbox_list(args: argparse.Namespace) -> int:
    from desktop_app.services.outbox import outbox_items

    items = outbox_items(database(args), [args.state] if args.state else None)
    rows = [{"id": i.id, "kind": i.kind, "state": i.state, "recipients": i.recipients, "subject": i.subject,
             "attempts": i.attempts, "error": i.last_error, "created_at": i.created_at, "sent_at": i.sent_at,
             "next_attempt_at": i.next_attempt_at, "message_id": i.message_id} for i in items]
    if args.json:
        print_json({"messages": rows})
    else:
        for row in rows:
            print(f"{row['id']:>5}  {row['state']:<9}  {row['recipients']}  {row['subject']}")
    return 0


def run_outbox_send(args: argparse.Namespace) -> int:
    from desktop_app.services.outbox import send_outbox

    bar = ProgressBar()
    report = run_job(send_outbox(database(args), force=args.force), bar)
    bar.close()
    data = {"sent": report.sent, "queued": report.queued, "failed": report.failed, "cancelled": report.cancelled,
            "errors": report.errors}
    print_json(data) if args.json else print(_("{sent} sent, {queued} waiting, {failed} needing attention.")
                                              .format(**data))
    for message in report.errors:
        error(message)
    return SEND_FAILED if report.errors else 0


def run_outbox_export(args: argparse.Namespace) -> int:
    from desktop_app.services.outbox import export_eml

    export_eml(database(args), args.id, args.output)
    return 0


def _done(changed: bool) -> int:
    if not changed:
        raise DomainError(_("Nothing changed: the message is not in a state that allows it."))
    return 0


def run_outbox_retry(args: argparse.Namespace) -> int:
    from desktop_app.services.outbox import retry_message

    return _done(retry_message(database(args), args.id))


def run_outbox_cancel(args: argparse.Namespace) -> int:
    from desktop_app.services.outbox import cancel_message

    return _done(cancel_message(database(args), args.id))


def run_outbox_mark_sent(args: argparse.Namespace) -> int:
    from desktop_app.services.outbox import mark_message_sent

    return _done(mark_message_sent(database(args), args.id))


def run_outbox_invoice(args: argparse.Namespace) -> int:
    from desktop_app.services.invoices import find
    from desktop_app.services.mail_messages import send_invoice_by_email

    db = database(args)
    outbox_id = send_invoice_by_email(db, find(db, args.number), args.to)
    print(_("Message {id} is in the outbox.").format(id=outbox_id))
    return 0


def run_outbox_test(args: argparse.Namespace) -> int:
    from desktop_app.services.mail_messages import send_test_email

    recipient = run_job(send_test_email(database(args), args.to))
    print(_("Test e-mail sent to {address}.").format(address=recipient))
    return 0


def run_outbox_password(args: argparse.Namespace) -> int:
    from desktop_app.services.secrets import forget_smtp_password, store_smtp_password
    from desktop_app.services.smtp import smtp_config

    config = smtp_config(database(args))
    if not config.host or not config.user:
        raise DomainError(_("Set smtp.host and smtp.user first (comptoir settings set ...)."))
    if args.forget:
        forget_smtp_password(config.host, config.user)
        return 0
    secret = getpass.getpass(_("SMTP password for {user}@{host}: ").format(user=config.user, host=config.host))
    if not store_smtp_password(config.host, config.user, secret):
        error(_("No system keyring is available, so the password was not kept: set COMPTOIR_SMTP_PASSWORD for "
                "scheduled tasks instead."))
        return 1
    sys.stdout.write(_("Password kept in the system keyring.") + "\n")
    return 0
