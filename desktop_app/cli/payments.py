"""`comptoir payments ...` (import statements, record a payment, the review queue, reversals, credit)
and `comptoir customer statement`."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from desktop_app.cli.context import database
from desktop_app.cli.output import ProgressBar, error, print_fields, print_json
from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.progress import run_job
from desktop_app.i18n import _

FORMATS = ["auto", "stripe", "paypal", "camt053", "ofx", "cfonb"]


def register(commands: Any) -> None:
    payments = commands.add_parser("payments", help=_("payments: import statements, record, review"))
    actions = payments.add_subparsers(dest="action", metavar="ACTION", required=True)

    imports = actions.add_parser("import", help=_("import bank statements and Stripe/PayPal exports"))
    imports.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imports.add_argument("--format", choices=FORMATS, default="auto",
                         help=_("file format (default: recognised from the content)"))
    imports.add_argument("--dry-run", action="store_true", help=_("show what would change, change nothing"))
    imports.add_argument("--json", action="store_true")
    imports.set_defaults(run=run_import)

    add = actions.add_parser("add", help=_("record a payment received for an invoice"))
    add.add_argument("number", metavar="NUMBER", help=_("invoice number; several separated by commas"))
    add.add_argument("amount", metavar="AMOUNT")
    add.add_argument("--date", type=date.fromisoformat, help=_("date received (default: today)"))
    add.add_argument("--method", default="transfer", help=_("transfer, cheque, card, cash, direct debit..."))
    add.add_argument("--reference", default="", help=_("cheque number, transfer reference..."))
    add.add_argument("--json", action="store_true")
    add.set_defaults(run=run_add)

    _register_review(actions)
    _register_corrections(actions)
    _register_statement(commands)


def _register_review(actions: Any) -> None:
    review = actions.add_parser("review", help=_("the imported lines waiting for review"))
    review.add_argument("--state", choices=["review", "matched", "ignored", "not_payment", "all"], default="review")
    review.add_argument("--json", action="store_true")
    review.set_defaults(run=run_review)

    resolve = actions.add_parser("resolve", help=_("decide for a line of the review queue"))
    resolve.add_argument("line", type=int, metavar="LINE")
    how = resolve.add_mutually_exclusive_group(required=True)
    how.add_argument("--accept", action="store_true", help=_("apply what matching proposed"))
    how.add_argument("--to", action="append", metavar="NUMBER=AMOUNT", help=_("pay this invoice (repeat to split)"))
    how.add_argument("--credit", action="store_true", help=_("keep the money as the customer's credit"))
    how.add_argument("--ignore", action="store_true", help=_("not a customer's payment"))
    resolve.add_argument("--customer", type=int, metavar="ID", help=_("whose credit it is (with --credit)"))
    resolve.add_argument("--json", action="store_true")
    resolve.set_defaults(run=run_resolve)


def _register_corrections(actions: Any) -> None:
    reverse = actions.add_parser("reverse", help=_("undo a recorded payment with a reversal entry"))
    reverse.add_argument("payment", type=int, metavar="PAYMENT_ID")
    reverse.add_argument("--date", type=date.fromisoformat, help=_("date of the reversal (default: today)"))
    reverse.add_argument("--reason", default="")
    reverse.add_argument("--json", action="store_true")
    reverse.set_defaults(run=run_reverse)

    credit = actions.add_parser("credit", help=_("a customer's credit: show, apply to an invoice, refund"))
    credit.add_argument("customer", type=int, metavar="CUSTOMER_ID")
    use = credit.add_mutually_exclusive_group()
    use.add_argument("--apply", metavar="NUMBER", help=_("pay this invoice with the credit"))
    use.add_argument("--refund", metavar="AMOUNT", help=_("pay this much of the credit back"))
    credit.add_argument("--amount", metavar="AMOUNT", help=_("with --apply: apply only this much"))
    credit.add_argument("--json", action="store_true")
    credit.set_defaults(run=run_credit)


def _register_statement(commands: Any) -> None:
    customer = commands.add_parser("customer", help=_("customers' documents"))
    customer_actions = customer.add_subparsers(dest="action", metavar="ACTION", required=True)
    statement = customer_actions.add_parser("statement", help=_("the statement of account as PDF"))
    statement.add_argument("customer", type=int, metavar="ID")
    statement.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf")
    statement.add_argument("--from", dest="start", type=date.fromisoformat, metavar="YYYY-MM-DD")
    statement.add_argument("--to", dest="end", type=date.fromisoformat, metavar="YYYY-MM-DD")
    statement.set_defaults(run=run_statement)


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise InvalidValue("amount", _("'{value}' is not an amount.").format(value=text)) from None


def run_import(args: argparse.Namespace) -> int:
    from desktop_app.services.payment_import import FileRefused, PaymentImportSummary, import_payments

    db = database(args)
    bar = ProgressBar()
    try:
        summary = run_job(import_payments(db, args.files, args.format, dry_run=args.dry_run), bar)
    except FileRefused as refused:
        bar.close()
        if args.json:
            print_json({**PaymentImportSummary().as_json(), "errors": [str(p) for p in refused.problems]})
        error(_("Nothing was imported:"))
        for problem in refused.problems:
            error(f"  {problem}")
        return 1
    bar.close()
    data = summary.as_json()
    if args.json:
        print_json(data)
        return 0
    if args.dry_run:
        print(_("Dry run: nothing was written."))
    print_fields({key: value for key, value in data.items() if not isinstance(value, dict | list)})
    for currency, amount in summary.received.items():
        print(_("  received in {currency}: {amount}").format(currency=currency, amount=amount))
    if summary.to_review:
        print(_("{n} lines wait for review: comptoir payments review").format(n=summary.to_review))
    return 0


def run_add(args: argparse.Namespace) -> int:
    from desktop_app.services.payments import record_payment

    recorded = record_payment(database(args), args.number.split(","), _amount(args.amount), args.date, args.method,
                              args.reference)
    if args.json:
        print_json(recorded.as_json())
        return 0
    for part in recorded.allocations:
        print(_("{number}: {amount} paid").format(number=part.number, amount=part.amount))
    if recorded.credit:
        print(_("{amount} kept as the customer's credit").format(amount=recorded.credit))
    return 0


def _line_json(line: Any) -> dict[str, object]:
    return {"id": line.id, "date": line.booked_on, "amount": line.amount, "fee": line.fee,
            "currency": line.currency, "origin": line.origin, "payer": line.payer_name, "label": line.label,
            "state": line.state, "confidence": line.confidence, "rule": line.rule,
            "invoices": line.invoice_numbers, "reason": line.reason, "payment": line.payment_id}


def run_review(args: argparse.Namespace) -> int:
    from desktop_app.services.payment_review import LineFilter, line_ids, lines_by_ids

    db = database(args)
    ids = line_ids(db, LineFilter(state="" if args.state == "all" else args.state))
    lines = []
    for start in range(0, len(ids), 1000):
        lines += lines_by_ids(db, ids[start:start + 1000])
    if args.json:
        print_json({"lines": [_line_json(line) for line in lines]})
        return 0
    for line in lines:
        who = (line.payer_name or line.label)[:30]
        print(f"{line.id:>6} {line.booked_on} {line.amount:>10} {line.currency} {who:<30} {line.state:<10} "
              f"{', '.join(line.invoice_numbers)}")
        if line.reason:
            print(f"       {line.reason}")
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from desktop_app.services import payment_review as review

    db = database(args)
    if args.accept:
        line = review.accept(db, args.line)
    elif args.to:
        parts = []
        for item in args.to:
            number, sep, amount = item.partition("=")
            if not sep:
                raise InvalidValue("to", _("'{item}' is not NUMBER=AMOUNT.").format(item=item))
            parts.append((number, _amount(amount)))
        line = review.assign(db, args.line, parts)
    elif args.credit:
        line = review.keep_as_credit(db, args.line, args.customer)
    else:
        line = review.ignore(db, args.line)
    if args.json:
        print_json(_line_json(line))
    else:
        print(f"{line.id}: {line.state} {', '.join(line.invoice_numbers)}")
    return 0


def run_reverse(args: argparse.Namespace) -> int:
    from desktop_app.services.payments import reverse_payment

    reversal = reverse_payment(database(args), args.payment, args.date, args.reason)
    if args.json:
        print_json({"reversal": reversal, "reverses": args.payment})
    else:
        print(_("Payment {id} reversed by entry {reversal}.").format(id=args.payment, reversal=reversal))
    return 0


def run_credit(args: argparse.Namespace) -> int:
    from desktop_app.services.payments import apply_credit, customer_credit, refund_credit

    db = database(args)
    if args.apply:
        apply_credit(db, args.customer, args.apply, _amount(args.amount) if args.amount else None)
    elif args.refund:
        refund_credit(db, args.customer, _amount(args.refund))
    credit = customer_credit(db, args.customer)
    if args.json:
        print_json({"customer": args.customer, "credit": credit})
    else:
        for currency, amount in credit.items():
            print(f"{amount} {currency}")
        if not credit:
            print(_("No credit."))
    return 0


def run_statement(args: argparse.Namespace) -> int:
    from desktop_app.services.customer_statements import statement_pdf

    pdf = statement_pdf(database(args), args.customer, args.start, args.end)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(pdf)
    return 0
