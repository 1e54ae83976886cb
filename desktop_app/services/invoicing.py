"""Drafting invoices: from imported orders (one, some, or all not yet invoiced), or by hand.

Drafts can be edited and deleted; nothing else can. An order refunded in the shop gets, besides its
invoice, a credit-note draft for the refund.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from desktop_app.domain.drafting import DraftContent, draft_from_order, paid_at_checkout, refund_content
from desktop_app.domain.errors import DomainError, NotFound, ValidationFailed
from desktop_app.domain.parties import Company, Customer
from desktop_app.domain.progress import Job, Progress
from desktop_app.domain.tax import VatCategory, no_vat
from desktop_app.domain.totals import AllowanceCharge, Line, Totals, compute_totals
from desktop_app.domain.vat_treatment import Sale, vat_category
from desktop_app.i18n import _, document_language
from desktop_app.services.company import all_settings, show_company
from desktop_app.store import customers as customer_repo
from desktop_app.store import invoices as repo
from desktop_app.store import orders as order_repo
from desktop_app.store.database import Database
from desktop_app.store.invoices import DraftData

_BATCH = 500


@dataclass
class DraftResult:
    invoices: list[int] = field(default_factory=list)
    credit_notes: list[int] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)     # (order reference, why)


def _catalog_rates(db: Database) -> dict[str, Decimal]:
    with db.reading() as session:
        return order_repo.catalog_rates(session)


def _sale(company: Company, customer: Customer, sells: str = "goods") -> Sale:
    return Sale(company.country, company.is_vat_exempt, customer.billing.country, customer.is_business,
                customer.vat_number, services=sells == "services")


def draft_from_orders(db: Database, references: Sequence[str] | None = None) -> Job[DraftResult]:
    """Invoice drafts for the orders named (or every order not yet invoiced, cancelled ones apart)."""
    result = DraftResult()
    with db.reading() as session:
        if references is None:
            ids = order_repo.uninvoiced_order_ids(session)
        else:
            found = order_repo.order_ids_by_reference(session, references)
            missing = [ref for ref, matches in found.items() if not matches]
            if missing:
                raise NotFound(_("No imported order has the reference {refs}.").format(refs=", ".join(missing)))
            ids = [oid for matches in found.values() for oid in matches]
    company = show_company(db)
    settings = all_settings(db)
    default_rate = Decimal(str(settings["orders.default_vat_rate"]))
    catalog = _catalog_rates(db)
    yield Progress(0, len(ids), _("Drafting invoices"))
    for start in range(0, len(ids), _BATCH):
        with db.transaction() as session:
            batch = order_repo.orders_for_invoicing(session, ids[start:start + _BATCH])
            customers = {c.id: c for c in customer_repo.customers_by_ids(
                session, [o.customer_id for o in batch if o.customer_id is not None])}
            invoices: list[DraftData] = []
            refunds: list[tuple[int, DraftData]] = []
            for item in batch:
                draft = _draft_for(item, customers, company, catalog, default_rate, result,
                                   str(settings["invoices.sells"]))
                if draft is None:
                    continue
                invoices.append(draft)
                credit = _refund_draft(item, draft)
                if credit is not None:
                    refunds.append((len(invoices) - 1, credit))
            invoice_ids = repo.insert_drafts(session, invoices)
            result.invoices += invoice_ids
            credit_drafts = [DraftData(**{**_fields(credit), "corrected_invoice_id": invoice_ids[index]})
                             for index, credit in refunds]
            result.credit_notes += repo.insert_drafts(session, credit_drafts)
        yield Progress(min(start + _BATCH, len(ids)), len(ids), _("Drafting invoices"))
    return result


def _fields(draft: DraftData) -> dict[str, object]:
    return {name: getattr(draft, name) for name in DraftData.__dataclass_fields__}


def _draft_for(item: order_repo.OrderForInvoice, customers: dict[int | None, Customer], company: Company,
               catalog: dict[str, Decimal], default_rate: Decimal, result: DraftResult, sells: str = "goods"
               ) -> DraftData | None:
    order = item.order
    if item.invoiced:
        result.skipped.append((order.reference, _("already invoiced")))
        return None
    if order.status == "cancelled":
        result.skipped.append((order.reference, _("cancelled in the shop: never invoiced")))
        return None
    customer = customers.get(item.customer_id)
    if customer is None:
        result.skipped.append((order.reference, _("the order has no customer")))
        return None
    try:
        with document_language(customer.language):
            content = draft_from_order(order, vat_category(_sale(company, customer, sells)), catalog, default_rate)
    except DomainError as refused:
        result.skipped.append((order.reference, str(refused)))
        return None
    gateway = order.payment_method if paid_at_checkout(order) else ""
    return DraftData(
        kind="invoice", customer_id=customer.id or 0, currency=order.currency, language=customer.language,
        buyer_name=customer.name, lines=content.lines, allowances_charges=content.allowances_charges,
        totals=content.totals, order_id=item.id, order_reference=order.reference,
        payment_terms="0" if gateway else customer.payment_terms, paid_at_checkout_by=gateway,
        delivery_date=order.order_date)


def _refund_draft(item: order_repo.OrderForInvoice, invoice: DraftData) -> DraftData | None:
    order = item.order
    if order.refunded <= 0:
        return None
    payable = invoice.totals.payable_total
    amount = min(order.refunded, payable)
    with document_language(invoice.language):
        label = _("Refund on order {reference}").format(reference=order.reference)
        content = refund_content(DraftContent(invoice.lines, invoice.allowances_charges, invoice.totals), amount,
                                 label)
        reason = _("Refund made by the shop on order {reference}").format(reference=order.reference)
    return DraftData(
        kind="credit_note", customer_id=invoice.customer_id, currency=invoice.currency, language=invoice.language,
        buyer_name=invoice.buyer_name, lines=content.lines, allowances_charges=content.allowances_charges,
        totals=content.totals, order_id=item.id, order_reference=order.reference, payment_terms="0",
        paid_at_checkout_by=invoice.paid_at_checkout_by, reason=reason,
        delivery_date=item.refunds[0][0] if item.refunds and item.refunds[0][0] else order.order_date)


@dataclass(frozen=True, slots=True)
class DraftInput:
    """A hand-made draft as the editor holds it."""

    customer_id: int
    lines: tuple[Line, ...]
    allowances_charges: tuple[AllowanceCharge, ...] = ()
    delivery_date: date | None = None
    notes: str = ""
    buyer_reference: str = ""
    currency: str = ""               # "" = the customer's
    language: str = ""               # "" = the customer's
    payment_terms: str = ""          # "" = the customer's


def draft_totals(lines: Sequence[Line], adjustments: Sequence[AllowanceCharge] = ()) -> Totals:
    """Totals of draft content, with the same engine as issued documents (the editor shows these)."""
    return compute_totals(lines, adjustments)


def save_draft(db: Database, draft: DraftInput, invoice_id: int | None = None) -> int:
    """Create or rewrite a hand-made invoice draft; returns its id."""
    problems = {}
    if not draft.lines:
        problems["lines"] = _("Add at least one line.")
    if problems:
        raise ValidationFailed(problems)
    company = show_company(db)
    sells = str(all_settings(db)["invoices.sells"])
    with db.transaction() as session:
        customer = customer_repo.get_customer(session, draft.customer_id)
        category = vat_category(_sale(company, customer, sells))
        lines = tuple(_treated(line, category) for line in draft.lines)
        adjustments = tuple(_treated_adjustment(a, category) for a in draft.allowances_charges)
        data = DraftData(
            kind="invoice", customer_id=draft.customer_id, currency=draft.currency or customer.currency,
            language=draft.language or customer.language, buyer_name=customer.name, lines=lines,
            allowances_charges=adjustments, totals=compute_totals(lines, adjustments),
            buyer_reference=draft.buyer_reference, payment_terms=draft.payment_terms or customer.payment_terms,
            notes=draft.notes, delivery_date=draft.delivery_date)
        if invoice_id is None:
            return repo.insert_drafts(session, [data])[0]
        repo.replace_draft(session, invoice_id, data)
        return invoice_id


def _treated(line: Line, category: VatCategory) -> Line:
    """A line moved to the sale's VAT category when it is not taxed at French rates (export, intra-EU...)."""
    if category is VatCategory.STANDARD or line.vat.category is not VatCategory.STANDARD:
        return line
    return replace(line, vat=no_vat(category))


def _treated_adjustment(item: AllowanceCharge, category: VatCategory) -> AllowanceCharge:
    if category is VatCategory.STANDARD or item.vat.category is not VatCategory.STANDARD:
        return item
    return replace(item, vat=no_vat(category))


def delete_draft(db: Database, invoice_id: int) -> None:
    """Remove a draft (issued documents can never be removed)."""
    with db.transaction() as session:
        repo.delete_draft(session, invoice_id)


def draft_days(db: Database, ids: Sequence[int]) -> dict[date, list[int]]:
    """Drafts grouped by their delivery date (invoicing past orders on their own day)."""
    with db.reading() as session:
        documents = repo.load_documents(session, list(ids))
    days: dict[date, list[int]] = {}
    for document in documents:
        if document.delivery_date is not None:
            days.setdefault(document.delivery_date, []).append(document.id)
    return days
