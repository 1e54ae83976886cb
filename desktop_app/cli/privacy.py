"""`comptoir customer export|erase`: a customer's copy of their data, and its erasure where the law allows."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.context import database
from desktop_app.cli.output import error, print_json
from desktop_app.i18n import _


def _customer_actions(commands: Any) -> Any:
    """The sub-commands of `comptoir customer` (the command is made by the payments module for its
    statements; these actions join it rather than make a second one)."""
    customer = commands.choices.get("customer") or commands.add_parser("customer", help=_("customers' documents"))
    found = [action for action in customer._actions if isinstance(action, argparse._SubParsersAction)]
    return found[0] if found else customer.add_subparsers(dest="action", metavar="ACTION", required=True)


def register(commands: Any) -> None:
    actions = _customer_actions(commands)
    export = actions.add_parser("export", help=_("everything held about a customer, as a ZIP (JSON and PDFs)"))
    export.add_argument("customer", type=int, metavar="ID")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.zip")
    export.add_argument("--json", action="store_true")
    export.set_defaults(run=run_export)
    erase = actions.add_parser("erase", help=_("erase a customer's personal data, where the law allows it"))
    erase.add_argument("customer", type=int, metavar="ID")
    erase.add_argument("--json", action="store_true")
    erase.set_defaults(run=run_erase)


def run_export(args: argparse.Namespace) -> int:
    from desktop_app.services.privacy import export_customer

    result = export_customer(database(args), args.customer, args.output)
    if args.json:
        print_json({"file": str(result.path), "customer": result.customer_id, "documents": result.documents,
                    "emails": result.emails, "rows": result.rows})
    else:
        print(_("Everything held about customer {id} is in {path} ({documents} documents, {emails} e-mails).")
              .format(id=result.customer_id, path=result.path, documents=result.documents, emails=result.emails))
    return 0


def run_erase(args: argparse.Namespace) -> int:
    from desktop_app.services.privacy import ErasureRefused, erase_customer

    try:
        result = erase_customer(database(args), args.customer)
    except ErasureRefused as refused:
        if args.json:
            print_json({"erased": False, "customer": args.customer, "reasons": refused.reasons})
        error(str(refused))
        return 1
    if args.json:
        print_json({"erased": True, "customer": result.customer_id, "orders": result.orders, "emails": result.emails})
    else:
        print(_("Customer {id}'s personal data is erased ({orders} orders, {emails} e-mails); the issued invoices "
                "keep the buyer as issued.").format(id=result.customer_id, orders=result.orders, emails=result.emails))
    return 0
