"""The FEC of a fiscal year: the sales journal and the payments as balanced, numbered entries in the
file format of art. A47 A-1 LPF, written to disk and noted in the event log."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.domain.accounting import (
    ChartOfAccounts,
    Entry,
    ReceivedPayment,
    numbered,
    parse_account_map,
    payment_entry,
    sales_entry,
)
from desktop_app.domain.errors import DomainError
from desktop_app.domain.money import ZERO
from desktop_app.domain.progress import Job, Progress
from desktop_app.domain.sales_journal import journal_entry
from desktop_app.formats.fec import file_name, write_fec
from desktop_app.i18n import _
from desktop_app.services.company import all_settings, show_company
from desktop_app.store import rates as rate_repo
from desktop_app.store import sales_queries
from desktop_app.store.database import Database
from desktop_app.store.journal import append_event


@dataclass(frozen=True, slots=True)
class FecExport:
    path: Path
    entries: int
    lines: int
    debit: Decimal
    credit: Decimal

    def as_json(self) -> dict[str, Any]:
        return {"file": str(self.path), "entries": self.entries, "lines": self.lines, "debit": self.debit,
                "credit": self.credit}


def chart_of_accounts(settings: dict[str, Any]) -> ChartOfAccounts:
    """The accounts and journal codes chosen in the settings."""
    return ChartOfAccounts(
        sales=parse_account_map(str(settings["accounts.sales"])), vat=parse_account_map(str(settings["accounts.vat"])),
        customers=str(settings["accounts.customers"]), customer_credit=str(settings["accounts.customer_credit"]),
        bank=str(settings["accounts.bank"]), payment_providers=str(settings["accounts.payment_providers"]),
        fees=str(settings["accounts.fees"]), suspense=str(settings["accounts.suspense"]),
        rounding_gain=str(settings["accounts.rounding_gain"]), rounding_loss=str(settings["accounts.rounding_loss"]),
        sales_journal=str(settings["fec.sales_journal"]), bank_journal=str(settings["fec.bank_journal"]))


def _sales(session: Session, chart: ChartOfAccounts, start: date, end: date) -> Iterator[Entry]:
    for document in sales_queries.sold_documents(session, start, end):
        yield sales_entry(journal_entry(document), chart)


def _payments(session: Session, chart: ChartOfAccounts, start: date, end: date) -> Iterator[Entry]:
    for payment in sales_queries.received_payments(session, start, end):
        if payment.currency != "EUR":
            rate = rate_repo.rate_on(session, payment.currency, payment.received_on)
            payment = replace(payment, rate=rate[0] if rate else _invoice_rate(payment))
        entry = payment_entry(payment, chart)
        if entry.movements:
            yield entry


def _invoice_rate(payment: ReceivedPayment) -> Decimal | None:
    """Without a rate for the payment's day, the rate of the first invoice it pays."""
    return next((part.rate for part in payment.applied if part.rate is not None), None)


def target_path(db: Database, year: int, output: Path) -> Path:
    """`output` itself, or the legal file name inside it when it is a folder."""
    if output.is_dir():
        siren = show_company(db).siren
        if not siren:
            raise DomainError(_("The company profile has no SIREN: the FEC file is named after it."))
        return output / file_name(siren, date(year, 12, 31))
    return output


def export_fec(db: Database, year: int, output: Path) -> Job[FecExport]:
    """Write the FEC of calendar year `year` to `output` (a file, or a folder to put the named file in)."""
    settings = all_settings(db)
    chart = chart_of_accounts(settings)
    start, end = date(year, 1, 1), date(year, 12, 31)
    path = target_path(db, year, output)
    counts = {"entries": 0, "lines": 0}
    totals = [ZERO, ZERO]
    digest = hashlib.sha256()

    def checked(entries: Iterator[Entry]) -> Iterator[Entry]:
        for entry in entries:
            if not entry.balanced:
                raise DomainError(_("Entry {piece} does not balance; nothing was written.").format(piece=entry.piece))
            counts["entries"] += 1
            counts["lines"] += len(entry.movements)
            for movement in entry.movements:
                totals[0 if movement.amount > 0 else 1] += abs(movement.amount)
            yield entry

    with db.reading() as session:
        total = sales_queries.count_activity(session, start, end)
        yield Progress(0, total, _("Writing the FEC"))
        streams = [_sales(session, chart, start, end), _payments(session, chart, start, end)]
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".fec-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                for chunk in write_fec(checked(numbered(streams)), str(settings["fec.separator"]),
                                       str(settings["fec.encoding"])):
                    file.write(chunk)
                    digest.update(chunk)
                    yield Progress(min(counts["entries"], total), total, _("Writing the FEC"))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    with db.transaction() as session:
        append_event(session, "export", {"what": "fec", "year": year, "file": path.name, "entries": counts["entries"],
                                         "lines": counts["lines"], "sha256": digest.hexdigest()})
    return FecExport(path, counts["entries"], counts["lines"], totals[0], totals[1])
