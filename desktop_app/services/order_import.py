"""Importing shop orders: read every file whole, check everything, then write in one transaction.

Idempotent by (shop, order reference): the same file twice, or an overlapping later export, never
duplicates an order; a changed order that has no invoice yet is updated; one that has an invoice is
left alone and reported, because an issued invoice must never change behind its back.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Sequence
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
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.i18n import _
from desktop_app.services.company import all_settings
from desktop_app.services.disk import storage_errors
from desktop_app.store import orders as repo
from desktop_app.store.bulk import PipelinedWriter
from desktop_app.store.database import Database

__all__ = ["FileRefused", "ImportPreview", "ImportSummary", "ReadOptions", "import_orders", "order_formats",
           "preview_import"]

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
            orders += [(path.name, order) for order in reader.read(data, path.name, options)]
        except FileRefused as refused:
            problems += [Problem(p.file or path.name, p.line, p.column, p.message) for p in refused.problems]
    if problems:
        raise FileRefused(problems)
    return orders, formats


@dataclass
class ImportPreview:
    """What an import would do: the summary of a dry run and the first orders read."""

    summary: ImportSummary
    sample: list[ShopOrder]
    order_count: int


def preview_import(db: Database, paths: Sequence[Path], file_format: str = "auto",
                   options: ReadOptions | None = None, sample_size: int = 50) -> Job[ImportPreview]:
    """Read and check the files, and count what importing them would change, writing nothing."""
    summary = ImportSummary(dry_run=True)
    yield Progress(0, 0, _("Reading files"))
    orders, summary.formats = read_orders([Path(p) for p in paths], file_format, options)
    yield from store_orders(db, orders, summary)
    return ImportPreview(summary, [order for _file, order in orders[:sample_size]], len(orders))


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


def fingerprint(order: ShopOrder) -> str:
    """A digest of what the file says about an order that invoicing depends on, to tell a changed order
    (status, amounts, lines, buyer) from the same one exported again."""
    o, b = order, order.billing
    parts = [o.reference, o.status.value, str(o.total), str(o.total_tax), str(o.subtotal), str(o.shipping),
             str(o.shipping_tax), str(o.discount), o.discount_codes, str(o.refunded), str(o.cancelled_at),
             str(o.paid_at), o.payment_method, o.payment_reference, o.currency, str(o.taxes_included), o.email,
             o.vat_number, b.name, b.company, b.line1, b.line2, b.postcode, b.city, b.country,
             o.shipping_address.line1, o.shipping_address.city, str(o.order_date), o.notes]
    parts += [f"{ln.sku}\x1f{ln.description}\x1f{ln.quantity}\x1f{ln.unit_price}\x1f{ln.discount}\x1f{ln.vat_rate}"
              for ln in o.lines]
    parts += [f"{r.amount}\x1f{r.refunded_on}" for r in o.refunds]
    return hashlib.sha1("\x1e".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()


def import_orders(db: Database, paths: Sequence[Path], file_format: str = "auto",
                  options: ReadOptions | None = None, dry_run: bool = False) -> Job[ImportSummary]:
    """Import order exports atomically; yields progress, returns what changed (or would, when dry)."""
    summary = ImportSummary(dry_run=dry_run)
    yield Progress(0, 0, _("Reading files"))
    with collection_paused(), storage_errors(_("The import")):
        orders, summary.formats = read_orders([Path(p) for p in paths], file_format, options)
        yield from store_orders(db, orders, summary)
    return summary


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

    def customer_for(self, order: ShopOrder) -> int | str:
        keys = [k for k in (f"vat:{order.vat_number}" if order.vat_number else "",
                            f"email:{order.email.lower()}" if order.email else "") if k]
        if order.vat_number and order.vat_number in self.by_vat:
            return self.by_vat[order.vat_number]
        if order.email and order.email.lower() in self.by_email:
            return self.by_email[order.email.lower()]
        for key in keys:
            if key in self.pending:
                return f"new:{self.pending[key]}"
        self.new.append(customer_from_order(order, self.terms))
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
        assigned.append((file, order, buyers.customer_for(order)))
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
    batch: list[repo.OrderToStore] = []
    next_id = repo.next_order_id(session)
    writer = PipelinedWriter(session)      # writes batch n while batch n+1 is prepared
    try:
        for done, (file, order, cid) in enumerate(assigned, start=1):
            customer_id = new_ids[int(cid.split(":")[1])] if isinstance(cid, str) else cid
            item = repo.OrderToStore(order, customer_id, fingerprint(order), file)
            existing = known[order.shop].get(order.reference)
            if existing is None:
                batch.append(item)
                summary.orders_imported += 1
            elif existing.fingerprint == item.fingerprint:
                summary.orders_skipped += 1
            elif existing.invoiced:
                summary.orders_skipped += 1
                summary.invoiced_changed.append(order.reference)
            else:
                writer.wait()
                summary.lines += repo.replace_order(session, existing.id, item, products)
                summary.orders_updated += 1
            if len(batch) >= _BATCH:
                summary.lines += repo.insert_orders(session, batch, products, writer, next_id)
                next_id += len(batch)
                batch = []
                yield Progress(done, len(assigned), _("Importing orders"))
        summary.lines += repo.insert_orders(session, batch, products, writer, next_id)
    finally:
        writer.close()
    yield Progress(len(assigned), len(assigned), _("Importing orders"))
