"""Importing shop orders: read every file whole, check everything, then write in one transaction.

Idempotent by (shop, order reference): the same file twice, or an overlapping later export, never
duplicates an order; a changed order that has no invoice yet is updated; one that has an invoice is
left alone and reported, because an issued invoice must never change behind its back.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from desktop_app.domain.money import ZERO
from desktop_app.domain.order_customers import customer_from_order
from desktop_app.domain.orders import ShopOrder
from desktop_app.domain.parties import Customer
from desktop_app.domain.progress import Job, Progress
from desktop_app.formats.orders import OrderReader, ReadOptions, detect, reader_named, readers
from desktop_app.formats.orders.common import order_repeated
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.i18n import _
from desktop_app.services.company import all_settings
from desktop_app.services.disk import storage_errors
from desktop_app.services.order_import_parts import SAMPLE, Parallelism, fingerprint, order_outcome
from desktop_app.services.order_import_staged import ReadInOneGo, import_staged, parts_per_file
from desktop_app.store import orders as repo
from desktop_app.store.bulk import PipelinedWriter
from desktop_app.store.database import Database
from desktop_app.store.text_search import indexed_in_bulk

__all__ = ["FileRefused", "ImportPreview", "ImportSummary", "Parallelism", "ReadOptions", "import_orders",
           "order_formats", "preview_import"]

_BATCH = 2000


@dataclass
class ImportSummary:
    orders_imported: int = 0
    orders_updated: int = 0
    orders_skipped: int = 0
    lines: int = 0
    customers_created: int = 0
    total_incl_tax: Decimal = ZERO
    total_tax: Decimal = ZERO
    totals_by_currency: dict[str, Decimal] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    invoiced_changed: list[str] = field(default_factory=list)   # orders changed in the shop after invoicing
    formats: dict[str, str] = field(default_factory=dict)        # file -> format used
    dry_run: bool = False

    def count(self, outcome: str, reference: str) -> None:
        """Count an order by what the import does with it (see order_outcome)."""
        if outcome == "new":
            self.orders_imported += 1
        elif outcome == "changed":
            self.orders_updated += 1
        else:
            self.orders_skipped += 1
            if outcome == "invoiced":
                self.invoiced_changed.append(reference)

    def start_again(self) -> None:
        """Forget what an abandoned attempt counted."""
        fresh = ImportSummary(dry_run=self.dry_run)
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))

    def as_json(self) -> dict[str, object]:
        return {
            "orders_imported": self.orders_imported, "orders_updated": self.orders_updated,
            "orders_skipped": self.orders_skipped, "lines": self.lines,
            "customers_created": self.customers_created, "total_incl_tax": self.total_incl_tax,
            "total_tax": self.total_tax, "totals_by_currency": dict(sorted(self.totals_by_currency.items())),
            "errors": self.errors, "invoiced_orders_changed": self.invoiced_changed,
            "formats": self.formats, "dry_run": self.dry_run,
        }


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file's hundreds of thousands of small, acyclic
    objects are built and written: each collection would walk all of them, for nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back after counting what it would do."""


def read_orders(paths: Sequence[Path], file_format: str = "auto", options: ReadOptions | None = None
                ) -> tuple[list[tuple[str, ShopOrder]], dict[str, str]]:
    """Every (file name, order) of every file, or FileRefused listing the problems of all of them."""
    options = options or ReadOptions()
    orders: list[tuple[str, ShopOrder]] = []
    formats: dict[str, str] = {}
    problems: list[Problem] = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            problems.append(Problem(str(path), 0, "", _("cannot be read ({reason}).").format(
                reason=error.strerror)))
            continue
        try:
            reader = reader_for(data, path.name, file_format)
            formats[path.name] = reader.name
            read = reader.read(data, path.name, options)
            problems += _repeated(path.name, read)
            orders += [(path.name, order) for order in read]
        except FileRefused as refused:
            problems += [Problem(p.file or path.name, p.line, p.column, p.message) for p in refused.problems]
    if problems:
        raise FileRefused(problems)
    return orders, formats


def _repeated(file_name: str, orders: Sequence[ShopOrder]) -> list[Problem]:
    """Orders one file holds twice under the same reference. Readers tell orders apart by the shop's own
    key (an id, the raw name), which can differ where the references do not; an import keys them by
    reference, as a large import read in parts does too."""
    first: dict[tuple[str, str], int] = {}
    found = []
    for order in orders:
        line = first.setdefault((order.shop, order.reference), order.source_line)
        if line != order.source_line:
            found.append(Problem(file_name, order.source_line, "", order_repeated(order.reference, line)))
    return found


@dataclass
class ImportPreview:
    """What an import would do: the summary of a dry run and the first orders read."""

    summary: ImportSummary
    sample: list[ShopOrder]
    order_count: int


def preview_import(db: Database, paths: Sequence[Path], file_format: str = "auto",
                   options: ReadOptions | None = None, sample_size: int = 50,
                   parallelism: Parallelism | None = None) -> Job[ImportPreview]:
    """Read and check the files, and count what importing them would change, writing nothing."""
    summary = ImportSummary(dry_run=True)
    yield Progress(0, 0, _("Reading files"))
    with collection_paused(), storage_errors(_("The import")):
        sample, count = yield from _import(db, [Path(p) for p in paths], file_format, options or ReadOptions(),
                                           summary, parallelism or Parallelism())
    return ImportPreview(summary, sample[:sample_size], count)


def order_formats() -> dict[str, str]:
    """The order export formats Comptoir reads: name -> label."""
    return {name: reader.label for name, reader in sorted(readers().items())}


def reader_for(data: bytes, file_name: str, file_format: str) -> OrderReader:
    """The reader for a file: recognised from its header, or the named one.

    A shop's name (`woocommerce`) stands for all its export formats; the one that recognises the
    file is used.
    """
    if file_format == "auto":
        return detect(data, file_name)
    family = [reader for name, reader in readers().items()
              if name == file_format or name.startswith(file_format + "-")]
    if not family:
        return reader_named(file_format)
    return next((reader for reader in family if reader.recognises(data, file_name)), family[0])


def import_orders(db: Database, paths: Sequence[Path], file_format: str = "auto",
                  options: ReadOptions | None = None, dry_run: bool = False,
                  parallelism: Parallelism | None = None) -> Job[ImportSummary]:
    """Import order exports atomically; yields progress, returns what changed (or would, when dry)."""
    summary = ImportSummary(dry_run=dry_run)
    yield Progress(0, 0, _("Reading files"))
    with collection_paused(), storage_errors(_("The import")):
        yield from _import(db, [Path(p) for p in paths], file_format, options or ReadOptions(), summary,
                           parallelism or Parallelism())
    return summary


def _import(db: Database, paths: list[Path], file_format: str, options: ReadOptions, summary: ImportSummary,
            parallelism: Parallelism) -> Job[tuple[list[ShopOrder], int]]:
    """Import (or count, when dry) in one go, or in parts read in parallel for a large import on SQLite;
    returns the first orders read and how many there were."""
    files = _large_import(db, paths, file_format, parallelism)
    counts = parts_per_file([len(data) for _path, data, _reader in files], parallelism) if files else None
    if files is not None and counts is not None:
        summary.formats = {path.name: reader.name for path, _data, reader in files}
        terms = str(all_settings(db)["payment_terms.default"])
        try:
            with db.transaction() as session, indexed_in_bulk(session, "orders_fts") as index:
                sample, count = yield from import_staged(session, files, counts, options, summary,
                                                         _Buyers(session, terms), parallelism.workers, index)
                if summary.dry_run:
                    raise _DryRun
            return sample, count
        except _DryRun:
            return sample, count
        except ReadInOneGo:
            summary.start_again()
    orders, summary.formats = read_orders(paths, file_format, options)
    yield from store_orders(db, orders, summary)
    return [order for _file, order in orders[:SAMPLE]], len(orders)


def _large_import(db: Database, paths: list[Path], file_format: str, parallelism: Parallelism
                  ) -> list[tuple[Path, bytes, OrderReader]] | None:
    """The files with their readers when the import is large enough to read in parts, else None (also
    when a file cannot be read or recognised: the one-go import then names every such problem)."""
    if db.engine.dialect.name != "sqlite":
        return None
    try:
        if sum(path.stat().st_size for path in paths) < parallelism.min_bytes:
            return None
        files = []
        for path in paths:
            data = path.read_bytes()
            files.append((path, data, reader_for(data, path.name, file_format)))
    except (OSError, FileRefused):
        return None
    return files


def store_orders(db: Database, orders: Sequence[tuple[str, ShopOrder]], summary: ImportSummary) -> Job[None]:
    """Write read orders in one transaction (rolled back at the end of a dry run)."""
    for _file, order in orders:
        summary.total_incl_tax += order.total
        summary.total_tax += order.total_tax
        summary.totals_by_currency[order.currency] = (
            summary.totals_by_currency.get(order.currency, ZERO) + order.total)
    # Overlapping exports give the same order twice: the one read last (newest file) wins.
    latest = {(order.shop, order.reference): (file, order) for file, order in orders}
    terms = str(all_settings(db)["payment_terms.default"])
    try:
        with db.transaction() as session:
            yield from _write(session, list(latest.values()), summary, terms)
            if summary.dry_run:
                raise _DryRun
    except _DryRun:
        pass


class _Buyers:
    """Matches each order to a customer: by VAT number, then e-mail; creates the missing ones once."""

    def __init__(self, session: Session, terms: str) -> None:
        self.by_vat, self.by_email = repo.customer_keys(session)
        self.terms = terms
        self.new: list[Customer] = []
        self.pending: dict[str, int] = {}
        self.settled: dict[str, int | str] = {}     # e-mail of a buyer without VAT number -> its answer

    def customer_for(self, vat_number: str, email: str, customer: Callable[[], Customer]) -> int | str:
        """The id of the buyer's customer, or 'new:n' for the n-th new one (`customer()` makes it)."""
        if not vat_number and email in self.settled:
            return self.settled[email]
        found = self._customer_for(vat_number, email, customer)
        if not vat_number and email:
            # Found by e-mail alone, the answer stays the same for the rest of the import (not so with a
            # VAT number, which a later buyer's new customer may claim first).
            self.settled[email] = found
        return found

    def _customer_for(self, vat_number: str, email: str, customer: Callable[[], Customer]) -> int | str:
        keys = [k for k in (f"vat:{vat_number}" if vat_number else "",
                            f"email:{email.lower()}" if email else "") if k]
        if vat_number and vat_number in self.by_vat:
            return self.by_vat[vat_number]
        if email and email.lower() in self.by_email:
            return self.by_email[email.lower()]
        for key in keys:
            if key in self.pending:
                return f"new:{self.pending[key]}"
        self.new.append(customer())
        for key in keys or [f"anonymous:{len(self.new)}"]:
            self.pending[key] = len(self.new) - 1
        return f"new:{len(self.new) - 1}"


def _write(session: Session, orders: list[tuple[str, ShopOrder]], summary: ImportSummary, terms: str
           ) -> Job[None]:
    buyers = _Buyers(session, terms)
    products = repo.product_keys(session)
    new_products: dict[str, str] = {}
    rates: dict[str, Decimal] = {}        # what the files say each product is taxed at
    assigned = []
    for file, order in orders:
        assigned.append((file, order, buyers.customer_for(
            order.vat_number, order.email, lambda order=order: customer_from_order(order, terms))))
        for line in order.lines:
            if line.sku and line.sku not in products:
                new_products.setdefault(line.sku, line.description)
            if line.sku and line.vat_rate:
                rates.setdefault(line.sku, line.vat_rate)
    new_ids = repo.insert_customers(session, buyers.new)
    summary.customers_created = len(new_ids)
    products.update(repo.insert_products(session, [(sku, name, rates.get(sku)) for sku, name in new_products.items()]))
    repo.learn_product_rates(session, {sku: rate for sku, rate in rates.items() if sku not in new_products})
    known = {shop: repo.known_orders(session, shop) for shop in {order.shop for _f, order, _c in assigned}}
    with indexed_in_bulk(session, "orders_fts"):
        yield from _write_orders(session, assigned, new_ids, products, known, summary)


def _write_orders(session: Session, assigned: list[tuple[str, ShopOrder, int | str]], new_ids: list[int],
                  products: dict[str, int], known: dict[str, dict[str, repo.KnownOrder]], summary: ImportSummary
                  ) -> Job[None]:
    batch: list[repo.OrderToStore] = []
    next_id = repo.next_order_id(session)
    writer = PipelinedWriter(session)      # writes batch n while batch n+1 is prepared
    try:
        for done, (file, order, cid) in enumerate(assigned, start=1):
            customer_id = new_ids[int(cid.split(":")[1])] if isinstance(cid, str) else cid
            item = repo.OrderToStore(order, customer_id, fingerprint(order), file)
            existing = known[order.shop].get(order.reference)
            outcome = order_outcome(existing, item.fingerprint)
            summary.count(outcome, order.reference)
            if outcome == "new":
                batch.append(item)
            elif outcome == "changed" and existing is not None:
                writer.wait()
                summary.lines += repo.replace_order(session, existing.id, item, products)
            if len(batch) >= _BATCH:
                summary.lines += repo.insert_orders(session, batch, products, writer, next_id)
                next_id += len(batch)
                batch = []
                yield Progress(done, len(assigned), _("Importing orders"))
        summary.lines += repo.insert_orders(session, batch, products, writer, next_id)
    finally:
        writer.close()
    yield Progress(len(assigned), len(assigned), _("Importing orders"))
