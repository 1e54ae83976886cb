"""`comptoir invoice ...`: draft from orders, issue, credit, list and show."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.cli.context import database
from desktop_app.cli.output import ProgressBar, error, print_json
from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.money import plain_number
from desktop_app.domain.progress import run_job
from desktop_app.i18n import _

STATUSES = ["draft", "issued", "unpaid", "overdue", "paid", "credited", "credit_notes"]


def register(commands: Any) -> None:
    invoice = commands.add_parser("invoice", help=_("invoices and credit notes"))
    actions = invoice.add_subparsers(dest="action", metavar="ACTION", required=True)

    drafts = actions.add_parser("from-orders", help=_("draft invoices from imported orders"))
    which = drafts.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help=_("every order not invoiced yet"))
    which.add_argument("refs", nargs="*", default=[], metavar="REF")
    drafts.add_argument("--issue", action="store_true", help=_("issue the drafts at once"))
    drafts.add_argument("--json", action="store_true")
    drafts.set_defaults(run=run_from_orders)

    issue = actions.add_parser("issue", help=_("issue drafts: give them their number, for good"))
    chosen = issue.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--all-drafts", action="store_true")
    chosen.add_argument("ids", nargs="*", default=[], metavar="NUMBER_OR_ID")
    issue.add_argument("--date", type=date.fromisoformat, help=_("issue date (default: today)"))
    issue.add_argument("--json", action="store_true")
    issue.set_defaults(run=run_issue)

    credit = actions.add_parser("credit", help=_("issue a credit note for an invoice"))
    credit.add_argument("number")
    credit.add_argument("--reason", default="")
    credit.add_argument("--line", action="append", default=[], metavar="POSITION:QUANTITY",
                        help=_("credit only these lines (repeat); default: the whole invoice"))
    credit.add_argument("--json", action="store_true")
    credit.set_defaults(run=run_credit)

    listing = actions.add_parser("list", help=_("list invoices and credit notes"))
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--customer", default="", help=_("part of the customer's name, or an order reference"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=run_list)

    pdf = actions.add_parser("pdf", help=_("the PDF/A-3 with embedded Factur-X XML"))
    pdf.add_argument("number")
    pdf.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf")
    pdf.set_defaults(run=run_pdf)

    xml = actions.add_parser("xml", help=_("the e-invoice XML (CII or UBL)"))
    xml.add_argument("number")
    xml.add_argument("--syntax", choices=["cii", "ubl"], default="cii")
    xml.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.xml")
    xml.set_defaults(run=run_xml)

    show = actions.add_parser("show", help=_("one invoice in full"))
    show.add_argument("number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=run_show)


def _print_issued(result: Any, as_json: bool) -> int:
    if as_json:
        print_json(result.as_json())
    else:
        for doc in result.issued:
            print(f"{doc.number}  {doc.total} {doc.currency}")
        print(_("{n} issued.").format(n=len(result.issued)))
    for draft_id, reason in result.refused:
        error(_("Draft {id} not issued: {reason}").format(id=draft_id, reason=reason))
    return 1 if result.refused and not result.issued else 0


def run_from_orders(args: argparse.Namespace) -> int:
    from desktop_app.services.invoicing import draft_from_orders
    from desktop_app.services.issuing import issue_documents

    db = database(args)
    bar = ProgressBar()
    drafted = run_job(draft_from_orders(db, None if args.all else args.refs), bar)
    for reference, reason in drafted.skipped:
        error(_("Order {reference} skipped: {reason}").format(reference=reference, reason=reason))
    if args.issue:
        result = run_job(issue_documents(db, drafted.invoices + drafted.credit_notes), bar)
        bar.close()
        return _print_issued(result, args.json)
    bar.close()
    from desktop_app.services.invoices import invoice_summaries

    rows = invoice_summaries(db, drafted.invoices + drafted.credit_notes)
    data = {"invoices": [{"number": None, "id": r.id, "kind": r.kind, "total": r.total, "currency": r.currency,
                          "order": r.order_reference} for r in rows],
            "skipped": [{"order": ref, "reason": why} for ref, why in drafted.skipped]}
    if args.json:
        print_json(data)
    else:
        print(_("{n} drafts made ({c} credit notes).").format(n=len(rows), c=len(drafted.credit_notes)))
    return 0


def run_issue(args: argparse.Namespace) -> int:
    from desktop_app.services.invoices import find
    from desktop_app.services.issuing import issue_documents

    db = database(args)
    ids = None if args.all_drafts else [find(db, token) for token in args.ids]
    bar = ProgressBar()
    result = run_job(issue_documents(db, ids, on=args.date), bar)
    bar.close()
    return _print_issued(result, args.json)


def _line_choice(text: str) -> tuple[int, Decimal]:
    position, _sep, quantity = text.partition(":")
    try:
        return int(position), Decimal(quantity or "0")
    except (ValueError, ArithmeticError):
        raise InvalidValue("line", _("'{text}' is not POSITION:QUANTITY, e.g. 2:1.").format(text=text)) from None


def run_credit(args: argparse.Namespace) -> int:
    from desktop_app.services.credit_notes import credit_invoice

    lines = [_line_choice(text) for text in args.line] or None
    result = credit_invoice(database(args), args.number, lines, args.reason)
    return _print_issued(result, args.json)


def run_list(args: argparse.Namespace) -> int:
    from desktop_app.services.invoices import InvoiceFilter, invoice_ids, invoice_summaries

    db = database(args, write=False)
    ids = invoice_ids(db, InvoiceFilter(status=args.status or "", search=args.customer))
    rows = []
    for start in range(0, len(ids), 1000):
        rows += invoice_summaries(db, ids[start:start + 1000])
    if args.json:
        print_json({"invoices": [{"id": r.id, "number": r.number, "kind": r.kind, "status": r.status.value,
                                  "issue_date": r.issue_date, "due_date": r.due_date, "customer": r.customer,
                                  "order": r.order_reference, "total": r.total, "balance": r.balance,
                                  "currency": r.currency} for r in rows]})
        return 0
    for r in rows:
        print(f"{(r.number or _('draft') + ' ' + str(r.id)):<16} {r.issue_date or ''!s:<10} "
              f"{r.customer[:30]:<30} {r.total:>10} {r.currency}  {r.status.label}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from desktop_app.services.invoices import find, invoice_view

    db = database(args, write=False)
    view = invoice_view(db, find(db, args.number))
    doc = view.document
    data = {
        "id": view.stored.id, "number": doc.number or None, "kind": doc.kind.value, "status": view.status.value,
        "issue_date": view.stored.issue_date, "due_date": doc.due_date, "delivery_date": doc.delivery_date,
        "currency": doc.currency, "language": doc.language, "customer": doc.buyer.name,
        "order": doc.sales_order_reference,
        "corrects": doc.preceding_invoice.number if doc.preceding_invoice else None,
        "lines": [{"description": ln.description, "quantity": str(plain_number(ln.quantity)),
                   "unit_price": str(plain_number(ln.unit_price)),
                   "allowance": ln.allowance, "net_amount": ln.net_amount, "vat_category": ln.vat.category.value,
                   "vat_rate": str(ln.vat.rate)} for ln in doc.lines],
        "allowances_charges": [{"charge": a.is_charge, "amount": a.amount, "reason": a.reason,
                                "vat_rate": str(a.vat.rate)} for a in doc.allowances_charges],
        "vat": [{"category": r.vat.category.value, "rate": str(r.vat.rate), "base": r.base, "vat": r.amount}
                for r in doc.totals.breakdown],
        "total_without_vat": doc.totals.tax_basis, "total_vat": doc.totals.vat_total,
        "total": doc.totals.grand_total, "rounding": doc.totals.rounding, "prepaid": doc.totals.prepaid,
        "amount_due": doc.totals.amount_due, "balance": view.balance, "paid": view.paid, "credited": view.credited,
        "vat_total_eur": doc.vat_total_accounting,
        "exchange_rate": str(doc.exchange_rate) if doc.exchange_rate is not None else None,
        "mentions": [note.text for note in doc.notes],
        "history": [{"seq": j.seq, "kind": j.kind, "at": j.recorded_at} for j in view.journal],
    }
    if args.json:
        print_json(data)
    else:
        for key, value in data.items():
            if not isinstance(value, list):
                print(f"{key:<18} {value if value is not None else ''}")
        for line in data["lines"]:
            print(f"  {line['quantity']} × {line['description']} @ {line['unit_price']}"
                  f" = {line['net_amount']} (VAT {line['vat_rate']} %)")
    return 0


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def run_pdf(args: argparse.Namespace) -> int:
    from desktop_app.services.invoices import find
    from desktop_app.services.rendering import invoice_pdf

    db = database(args)
    _write(args.output, invoice_pdf(db, find(db, args.number)))
    return 0


def run_xml(args: argparse.Namespace) -> int:
    from desktop_app.services.invoices import find
    from desktop_app.services.rendering import invoice_xml

    db = database(args)
    _write(args.output, invoice_xml(db, find(db, args.number), args.syntax))
    return 0
