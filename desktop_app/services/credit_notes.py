"""Credit notes: the only way to correct or cancel an issued invoice, in full or for chosen lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from desktop_app.domain.errors import DomainError, NotFound
from desktop_app.domain.money import money
from desktop_app.domain.progress import run_job
from desktop_app.domain.totals import compute_totals
from desktop_app.i18n import _
from desktop_app.services.issuing import IssueResult, issue_documents
from desktop_app.store import invoices as repo
from desktop_app.store.database import Database
from desktop_app.store.invoices import DraftData


def find_document(db: Database, number_or_id: str) -> int:
    """The id of a document given its number ('F2026-00042') or its id ('17')."""
    with db.reading() as session:
        found = repo.id_by_number(session, number_or_id)
        if found is None and number_or_id.isdigit():
            try:
                return repo.load_document(session, int(number_or_id)).id
            except NotFound:
                found = None
    if found is None:
        raise NotFound(_("No invoice or credit note is numbered '{number}'.").format(number=number_or_id))
    return found


def draft_credit_note(db: Database, number: str, lines: Sequence[tuple[int, Decimal]] | None = None,
                      reason: str = "") -> int:
    """A credit-note draft for an issued invoice: all of it, or (line position, quantity) pairs."""
    invoice_id = find_document(db, number)
    with db.transaction() as session:
        invoice = repo.load_document(session, invoice_id)
        if invoice.kind != "invoice" or invoice.state != "issued":
            raise DomainError(_("Only an issued invoice can be credited."))
        rounding = Decimal(0)
        if lines is None:
            # A full credit note gives back exactly what was paid, rounding cent included.
            content_lines, adjustments, rounding = invoice.lines, invoice.allowances_charges, invoice.totals.rounding
        else:
            chosen = []
            for position, quantity in lines:
                if not 1 <= position <= len(invoice.lines):
                    raise DomainError(_("{number} has no line {n}.").format(number=invoice.number, n=position))
                original = invoice.lines[position - 1]
                quantity = money(quantity)
                if not 0 < quantity <= original.quantity:
                    raise DomainError(_("Line {n} can be credited for 1 to {max} units.").format(
                        n=position, max=original.quantity))
                share = original.allowance * quantity / original.quantity
                chosen.append(replace(original, quantity=quantity, allowance=share.quantize(Decimal("0.01"))))
            content_lines, adjustments = tuple(chosen), ()
        totals = compute_totals(content_lines, adjustments, rounding=rounding)
        draft = DraftData(
            kind="credit_note", customer_id=invoice.customer_id, currency=invoice.currency, language=invoice.language,
            buyer_name=invoice.buyer_name, lines=content_lines, allowances_charges=adjustments, totals=totals,
            order_id=invoice.order_id, corrected_invoice_id=invoice.id, order_reference=invoice.order_reference,
            payment_terms="0", reason=reason or _("Credit note for invoice {number}").format(number=invoice.number),
            delivery_date=invoice.delivery_date)
        return repo.insert_drafts(session, [draft])[0]


def credit_invoice(db: Database, number: str, lines: Sequence[tuple[int, Decimal]] | None = None,
                   reason: str = "") -> IssueResult:
    """Make and issue a credit note at once (the draft is removed again if it cannot be issued)."""
    draft_id = draft_credit_note(db, number, lines, reason)
    result = run_job(issue_documents(db, [draft_id]))
    if result.refused:
        with db.transaction() as session:
            repo.delete_draft(session, draft_id)
        raise DomainError(_("The credit note was not issued: {why}").format(why=result.refused[0][1]))
    return result
