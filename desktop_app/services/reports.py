"""Reports for the bookkeeper: VAT (CA3), sales journal, aged receivables, customer balances, key
figures; computed in one read-only unit of work each, shown as tables, exported to files."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import formatting
from desktop_app.documents.report_pdf import render_report
from desktop_app.domain.conversion import to_eur
from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.money import ZERO
from desktop_app.domain.parties import VatRegime
from desktop_app.domain.periods import Period, split
from desktop_app.domain.progress import Job, Progress
from desktop_app.domain.receivables import AgingReport, BalancesReport, CustomerBalance, aging_rows, days_late
from desktop_app.domain.report_layouts import aging_layout, balances_layout, sales_layout, vat_layout
from desktop_app.domain.report_table import Report
from desktop_app.domain.sales_journal import SalesJournal, sales_journal
from desktop_app.domain.vat_report import VatBasis, VatPart, VatReport, merge_parts
from desktop_app.formats.tabular import csv_bytes, json_bytes, xlsx_bytes
from desktop_app.i18n import N_, _
from desktop_app.services.closing import today
from desktop_app.services.company import show_company
from desktop_app.services.documents import seller_party
from desktop_app.services.kpis import kpi_layout_for
from desktop_app.services.rendering import load_template
from desktop_app.store import rates as rate_repo
from desktop_app.store import receivable_queries as receivables
from desktop_app.store import sales_queries, vat_queries
from desktop_app.store.database import Database
from desktop_app.store.journal import append_event

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SLICE_AFTER_DAYS = 62        # shorter periods are read in one go
MAX_SLICES = 4
REPORT_KINDS = {"vat": N_("VAT return (CA3)"), "sales": N_("Sales journal"), "aging": N_("Aged receivables"),
                "balances": N_("Customer balances"), "kpi": N_("Key figures")}
FORMATS = ("csv", "xlsx", "pdf", "json")


def company_basis(db: Database) -> VatBasis:
    """The VAT basis of the shop's regime (an exempt shop reports on issue dates, for its turnover)."""
    regime = show_company(db).vat_regime
    return VatBasis.RECEIPTS if regime == VatRegime.RECEIPTS.value else VatBasis.DEBITS


def _in_slices(db: Database, period: Period, read: Callable[[Session, Period], Iterable[VatPart]]) -> list[VatPart]:
    """Read a long period in slices on parallel connections (SQLite works on one core per query; a
    year of a big shop is read about as many times faster as there are cores)."""
    slices = split(period, min(os.cpu_count() or 1, MAX_SLICES)) if period.days > SLICE_AFTER_DAYS else [period]

    def work(piece: Period) -> list[VatPart]:
        with db.reading() as session:
            return list(read(session, piece))
    if len(slices) == 1:
        return work(period)
    with ThreadPoolExecutor(len(slices)) as pool:
        return [part for parts in pool.map(work, slices) for part in parts]


def vat_report(db: Database, period: Period, basis: VatBasis | None = None) -> VatReport:
    """VAT per category and rate of the period, in euros, on the shop's basis unless told otherwise."""
    basis = basis or company_basis(db)
    if basis is VatBasis.DEBITS:
        parts = _in_slices(db, period, lambda session, piece: vat_queries.debit_parts(session, piece.start, piece.end))
        return VatReport(basis, period, merge_parts(parts))
    # Each payment is shared against its invoice net of the credit notes issued by the period's end.
    parts = _in_slices(db, period, lambda session, piece: vat_queries.receipt_parts(
        session, piece.start, piece.end, credited_by=period.end))
    unallocated = ZERO
    with db.reading() as session:
        for currency, amount in vat_queries.unallocated_receipts(session, period.start, period.end).items():
            rate = None if currency == "EUR" else rate_repo.rate_on(session, currency, period.end)
            unallocated += to_eur(amount, rate[0] if rate else None)
    return VatReport(basis, period, merge_parts(parts), unallocated)


def journal_of_sales(db: Database, period: Period) -> SalesJournal:
    """Every invoice and credit note issued in the period, in euros."""
    with db.reading() as session:
        return sales_journal(period, list(sales_queries.sold_documents(session, period.start, period.end)))


def aged_receivables(db: Database, on: date) -> AgingReport:
    """What each customer owed at the end of `on`, by days past due."""
    with db.reading() as session:
        amounts = list(receivables.open_amounts(session, on))
        names = receivables.customer_names(session, [a.customer_id for a in amounts])
    return AgingReport(on, aging_rows(on, amounts, names))


def customer_balances(db: Database, period: Period) -> BalancesReport:
    """Each customer's account over the period: opening, invoiced, credited, received, closing."""
    with db.reading() as session:
        documents = receivables.document_sums(session, period.start, period.end)
        payments = receivables.payment_sums(session, period.start, period.end)
        overdue: dict[int, Decimal] = {}
        for item in receivables.open_amounts(session, period.end):
            if days_late(item.due_date, period.end) > 0:
                overdue[item.customer_id] = overdue.get(item.customer_id, ZERO) + item.amount
        ids = set(documents) | set(payments)
        names = receivables.customer_names(session, list(ids))
    rows = []
    for customer_id in ids:
        before_docs, invoiced, credited = documents.get(customer_id, (ZERO, ZERO, ZERO))
        before_paid, received = payments.get(customer_id, (ZERO, ZERO))
        row = CustomerBalance(customer_id, names.get(customer_id, ""), before_docs - before_paid, invoiced,
                              credited, received, overdue.get(customer_id, ZERO))
        if any((row.opening, row.invoiced, row.credited, row.received, row.closing)):
            rows.append(row)
    rows.sort(key=lambda r: (-r.closing, r.customer.casefold(), r.customer_id))
    return BalancesReport(period, tuple(rows))


def _vat_layout(report: VatReport) -> Report:
    """The VAT report's tables, with a word on payments whose VAT cannot be known."""
    layout = vat_layout(report)
    if not report.unallocated:
        return layout
    note = _("Payments of {amount} applied to no invoice are not included: the VAT rate of what they pay is not "
             "known yet.").format(amount=formatting.money(report.unallocated, "EUR"))
    return replace(layout, tables=(replace(layout.main, note=note), *layout.tables[1:]))


def build_report(db: Database, kind: str, period: Period, basis: VatBasis | None = None,
                 on: date | None = None) -> Job[Report]:
    """Compute a report and lay it out as tables (a job: run it off the GUI thread)."""
    builders: dict[str, Callable[[], Report]] = {
        "vat": lambda: _vat_layout(vat_report(db, period, basis)),
        "sales": lambda: sales_layout(journal_of_sales(db, period)),
        "aging": lambda: aging_layout(aged_receivables(db, period.end), period.start),
        "balances": lambda: balances_layout(customer_balances(db, period)),
        "kpi": lambda: kpi_layout_for(db, period, on or min(period.end, today())),
    }
    if kind not in builders:
        raise InvalidValue("report", _("Unknown report '{kind}'. Reports: {known}.").format(
            kind=kind, known=", ".join(REPORT_KINDS)))
    yield Progress(0, 1, _(REPORT_KINDS[kind]))
    report = builders[kind]()
    yield Progress(1, 1, _(REPORT_KINDS[kind]))
    return report


def report_bytes(db: Database, report: Report, fmt: str) -> bytes:
    """The report as a file's bytes: CSV, XLSX, PDF (in the invoices' look) or JSON."""
    if fmt == "csv":
        return csv_bytes(report)
    if fmt == "xlsx":
        return xlsx_bytes(report)
    if fmt == "pdf":
        return render_report(report, seller_party(show_company(db)), load_template(db))
    if fmt == "json":
        return json_bytes(report.data)
    raise InvalidValue("format", _("Unknown format '{format}'. Formats: {known}.").format(
        format=fmt, known=", ".join(FORMATS)))


def export_report(db: Database, report: Report, fmt: str, path: Path) -> Job[Path]:
    """Write the report to `path` and note the export in the event log."""
    yield Progress(0, 1, _("Exporting"))
    data = report_bytes(db, report, fmt)
    path.write_bytes(data)
    with db.transaction() as session:
        append_event(session, "export", {"what": report.kind, "format": fmt, "from": report.start,
                                         "to": report.end, "file": path.name,
                                         "sha256": hashlib.sha256(data).hexdigest()})
    yield Progress(1, 1, _("Exporting"))
    return path
