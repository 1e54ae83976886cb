"""Importing bank statements and payment-provider exports: read every file whole, check everything,
then match and write in one transaction.

Each line is stored once, keyed by its origin (bank account or provider) and id: the same file
twice, or a later export overlapping an earlier one, never records a payment twice. Sure matches
are applied at once (payment, allocations, balances, journal; a provider's line for a payment taken
at checkout settles it, with its fee, instead of paying again); doubtful and unmatched lines wait
in the review queue.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from desktop_app.domain.matching import match_transactions
from desktop_app.domain.money import ZERO
from desktop_app.domain.payments import Confidence, Match, Rule, Transaction
from desktop_app.domain.progress import Job, Progress
from desktop_app.formats.payments import PaymentReader, ReadOptions, detect, reader_named, readers
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.i18n import _
from desktop_app.services.disk import storage_errors
from desktop_app.services.payment_posting import Part, PaymentFacts, PaymentWriter, Posting
from desktop_app.store import closings
from desktop_app.store import open_items as receivable_repo
from desktop_app.store import statement_lines as repo
from desktop_app.store.database import Database
from desktop_app.store.statement_lines import NewLine

__all__ = ["FileRefused", "LineOutcome", "PaymentImportSummary", "ReadOptions", "import_payments",
           "payment_formats", "preview_payments"]

# Invoices issued this long before a statement's first line are still looked at when already paid
# (a second payment of them, a provider's settlement of a checkout payment).
_LOOK_BACK = timedelta(days=120)
_SAMPLE = 200
_STEP = 500


@dataclass(frozen=True, slots=True)
class LineOutcome:
    """What became of one line, for previews."""

    booked_on: date
    amount: Decimal
    currency: str
    payer: str
    label: str
    state: str
    invoices: tuple[str, ...]
    reason: str


@dataclass
class PaymentImportSummary:
    lines: int = 0
    already_imported: int = 0
    payments: int = 0
    matched: int = 0
    partially_matched: int = 0
    settled: int = 0
    overpaid: int = 0
    doubtful: int = 0
    unmatched: int = 0
    not_payments: int = 0
    received: dict[str, Decimal] = field(default_factory=dict)
    fees: dict[str, Decimal] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)     # file -> format used
    dry_run: bool = False
    outcomes: list[LineOutcome] = field(default_factory=list)  # the first lines, for previews

    @property
    def to_review(self) -> int:
        return self.doubtful + self.unmatched

    def as_json(self) -> dict[str, object]:
        return {
            "payments": self.payments, "matched": self.matched, "partially_matched": self.partially_matched,
            "unmatched": self.unmatched, "overpaid": self.overpaid, "doubtful": self.doubtful,
            "to_review": self.to_review, "settled": self.settled, "not_payments": self.not_payments,
            "lines": self.lines, "already_imported": self.already_imported,
            "received": dict(sorted(self.received.items())), "fees": dict(sorted(self.fees.items())),
            "formats": self.formats, "dry_run": self.dry_run, "errors": [],
        }


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back after counting what it would do."""


def payment_formats() -> dict[str, str]:
    """The statement and export formats Comptoir reads: name -> label."""
    return {name: _(reader.label) for name, reader in sorted(readers().items())}


def _reader_for(data: bytes, file_name: str, file_format: str) -> PaymentReader:
    return detect(data, file_name) if file_format == "auto" else reader_named(file_format)


def read_statements(paths: Sequence[Path], file_format: str = "auto", options: ReadOptions | None = None
                    ) -> tuple[list[tuple[str, Transaction]], dict[str, str], dict[str, str]]:
    """Every (file name, line) of every file, the format of each file and its SHA-256; or FileRefused
    listing the problems of all of them."""
    options = options or ReadOptions()
    found: list[tuple[str, Transaction]] = []
    formats: dict[str, str] = {}
    digests: dict[str, str] = {}
    problems: list[Problem] = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            problems.append(Problem(str(path), 0, "", _("cannot be read ({reason}).").format(reason=error.strerror)))
            continue
        try:
            reader = _reader_for(data, path.name, file_format)
            formats[path.name] = reader.name
            digests[path.name] = hashlib.sha256(data).hexdigest()
            found += [(path.name, tx) for tx in reader.read(data, path.name, options)]
        except FileRefused as refused:
            problems += [Problem(p.file or path.name, p.line, p.column, p.message) for p in refused.problems]
    if problems:
        raise FileRefused(problems)
    return found, formats, digests


def import_payments(db: Database, paths: Sequence[Path], file_format: str = "auto", dry_run: bool = False,
                    options: ReadOptions | None = None) -> Job[PaymentImportSummary]:
    """Import statements and exports atomically; yields progress, returns what changed (or would, when dry)."""
    summary = PaymentImportSummary(dry_run=dry_run)
    yield Progress(0, 0, _("Reading files"))
    found, summary.formats, digests = read_statements([Path(p) for p in paths], file_format, options)
    try:
        with storage_errors(_("The import")), db.transaction() as session:
            yield from _write(session, found, digests, summary)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def preview_payments(db: Database, paths: Sequence[Path], file_format: str = "auto",
                     options: ReadOptions | None = None) -> Job[PaymentImportSummary]:
    """Read, check and match the files, and count what importing them would change, writing nothing."""
    return (yield from import_payments(db, paths, file_format, dry_run=True, options=options))


def _write(session: Session, found: list[tuple[str, Transaction]], digests: dict[str, str],
           summary: PaymentImportSummary) -> Job[None]:
    summary.lines = len(found)
    unique: dict[tuple[str, str], tuple[str, Transaction]] = {}
    for file, tx in found:
        unique.setdefault((tx.origin, tx.external_id), (file, tx))      # the same line in two files
    known = repo.known_keys(session, unique)
    fresh = {key: value for key, value in unique.items() if key not in known}
    summary.already_imported = summary.lines - len(fresh)
    new_by_file = Counter(file for file, _tx in fresh.values())
    read_by_file = Counter(file for file, _tx in found)
    # A file that brought nothing new leaves no trace: importing it again changes nothing at all.
    runs = {file: repo.add_import_run(session, file, digest, summary.formats[file],
                                      {"lines": read_by_file[file], "new": new_by_file[file]})
            for file, digest in digests.items() if new_by_file[file]}
    if not fresh:
        return
    since = min(tx.booked_on for _file, tx in fresh.values()) - _LOOK_BACK
    items = receivable_repo.open_items(session, since)
    dues = {item.invoice_id: item.amount_due for item in items}
    numbers = {item.invoice_id: item.number for item in items}
    matches = match_transactions([tx for _file, tx in fresh.values()], items)
    closed = set(closings.closed_periods(session))
    writer = PaymentWriter(session)
    lines: list[NewLine] = []
    for done, match in enumerate(matches, start=1):
        file = fresh[(match.transaction.origin, match.transaction.external_id)][0]
        lines.append(_apply(match, file, runs.get(file), writer, closed, dues, numbers, summary))
        if done % _STEP == 0:
            yield Progress(done, len(matches), _("Matching payments"))
    ids = repo.insert_lines(session, lines)
    writer.finish({(line.transaction.origin, line.transaction.external_id): line_id
                   for line, line_id in zip(lines, ids)})
    yield Progress(len(matches), len(matches), _("Matching payments"))


def posting_of(match: Match) -> Posting:
    return Posting(tuple(Part(a.invoice_id, a.number, a.amount) for a in match.allocations),
                   tuple(Part(s.invoice_id, s.number, s.amount) for s in match.settlements),
                   match.credit, match.customer_id, match.fee)


def facts_of(tx: Transaction, external_id: str | None = None, day: date | None = None) -> PaymentFacts:
    """The payment row's fields for a statement line."""
    return PaymentFacts(source=tx.origin, external_id=external_id or tx.external_id,
                        received_on=day or tx.booked_on, currency=tx.currency, method=tx.method or tx.source,
                        reference=tx.reference, payer_name=tx.payer_name, label=tx.label)


def _apply(match: Match, file: str, run_id: int | None, writer: PaymentWriter, closed: set[str],
           dues: dict[int, Decimal], numbers: dict[int, str], summary: PaymentImportSummary) -> NewLine:
    """Apply a sure match (unless its month is closed) and say what state the line is left in."""
    tx = match.transaction
    posting = posting_of(match)
    # The invoices a line concerns without paying them (a second payment, a refund), named for the review.
    proposal = {**posting.as_json(), "refers_to": [{"invoice_id": i, "number": numbers.get(i, "")}
                                                   for i in match.refers_to]}
    reason, payment_id = match.reason, None
    if match.confidence is Confidence.SURE and posting.moves_money:
        period = closings.period_of(tx.booked_on)
        if period in closed:
            state = "doubtful"
            reason = _("{period} is closed, so no payment can be dated in it; accepting this line records it "
                       "today.").format(period=period) + " " + match.reason
        else:
            writer.settle((tx.origin, tx.external_id), facts_of(tx), posting, tx.payout_id)
            payment_id = writer.pay(facts_of(tx), posting)
            state = "matched" if payment_id is not None or not posting.settlements else "settled"
            _count_applied(summary, tx, posting, payment_id, dues)
    elif match.confidence is Confidence.DOUBTFUL:
        state = "doubtful"
    else:
        state = "unmatched" if match.rule is Rule.NO_MATCH else "not_payment"
    summary.doubtful += state == "doubtful"
    summary.unmatched += state == "unmatched"
    summary.not_payments += state == "not_payment"
    if len(summary.outcomes) < _SAMPLE:
        named = tuple(dict.fromkeys([*(p.number for p in (*posting.allocations, *posting.settlements)),
                                     *(numbers.get(i, "") for i in match.refers_to)]))
        summary.outcomes.append(LineOutcome(tx.booked_on, tx.amount, tx.currency, tx.payer_name or tx.payer_email,
                                            tx.label, state, named, reason))
    return NewLine(tx, file, run_id, state, match.confidence.value, match.rule.value, reason, proposal,
                   match.customer_id, payment_id)


def _count_applied(summary: PaymentImportSummary, tx: Transaction, posting: Posting, payment_id: int | None,
                   dues: dict[int, Decimal]) -> None:
    currency = tx.currency
    if payment_id is not None:
        summary.payments += 1
        summary.received[currency] = summary.received.get(currency, ZERO) + posting.new_money
    if posting.fee:
        summary.fees[currency] = summary.fees.get(currency, ZERO) + posting.fee
    partial = False
    for part in posting.allocations:
        dues[part.invoice_id] = dues.get(part.invoice_id, ZERO) - part.amount
        partial = partial or dues[part.invoice_id] > 0
    summary.partially_matched += partial
    summary.matched += not partial
    summary.settled += bool(posting.settlements)
    summary.overpaid += posting.credit > 0
