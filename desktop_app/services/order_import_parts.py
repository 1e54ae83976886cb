"""Reading a large import on every core: each part of the files is read, checked and converted by a
worker process (services.order_import_workers) into a staging file (store.staging); the import then
copies the parts into the shop in order, in its one transaction, while the workers read the next parts.

Reading an order and preparing its rows is most of an import's work and each part's is independent;
what depends on the whole import (which orders are new, matching buyers to customers, ids) stays
here, in file order, so the result is the same as reading the files in one go. Nothing is committed
before every part has been read and checked: a bad row anywhere still means nothing is imported.
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from desktop_app.domain.money import ZERO
from desktop_app.domain.order_customers import customer_from_order
from desktop_app.domain.orders import ShopOrder
from desktop_app.domain.parties import Customer
from desktop_app.formats.orders import ReadOptions, reader_named
from desktop_app.formats.orders.parts import FilePart, PartOrders
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.store.orders import KnownOrder, OrderToStore
from desktop_app.store.staging import stage_orders

SAMPLE = 50


@dataclass(frozen=True, slots=True)
class Parallelism:
    """How a large import is shared out: `workers` processes (0: read the parts here, one after the
    other), about `parts_per_worker` parts each (at most 8 parts in all), for files of `min_bytes` and more."""

    workers: int = field(default_factory=lambda: _cores())
    parts_per_worker: int = 4
    min_bytes: int = 8 * 1024 * 1024

    @property
    def parts(self) -> int:
        return min(8, max(2, max(self.workers, 1) * self.parts_per_worker))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:        # macOS, Windows
        return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class PartToRead:
    """One part of the import for a worker: a part cut by the reader, or a whole file."""

    reader: str
    file_name: str
    part: FilePart | None
    data: bytes | None          # the whole file when the reader cannot cut it
    options: ReadOptions
    payment_terms: str
    staging: Path


class OrderKey(NamedTuple):
    """What the import needs to know of a staged order without reading it back (a tuple: made 100,000
    times and sent back from the workers)."""

    shop: str
    reference: str
    fingerprint: str
    email: str
    vat_number: str
    line: int
    lines: int


@dataclass
class StagedPart:
    """A part read and staged: its orders' keys (local ids 1, 2, ... in order), the customer each new
    buyer would become, the products it names, its totals, and any problem found."""

    file_name: str
    index: int
    staging: Path
    orders: list[OrderKey] = field(default_factory=list)
    buyers: dict[tuple[str, str], Customer] = field(default_factory=dict)
    products: dict[str, str] = field(default_factory=dict)          # SKU -> name, first seen
    rates: dict[str, Decimal] = field(default_factory=dict)         # SKU -> VAT rate, first stated
    totals: dict[str, Decimal] = field(default_factory=dict)        # currency -> total incl. tax
    total_tax: Decimal = ZERO
    sample: list[ShopOrder] = field(default_factory=list)
    entry_used: bool = False
    exit: Any = None
    reference_column: str = ""
    problems: list[Problem] = field(default_factory=list)
    encoding_differs: bool = False    # the part is not in the encoding its file seemed to be in

    # Sent back from a worker: plain tuples pickle ten times faster than named ones.
    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "orders": [tuple(key) for key in self.orders]}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, orders=list(map(OrderKey._make, state["orders"])))


def stage_part(task: PartToRead) -> StagedPart:
    """Read one part, check it and stage its orders (runs in a worker process)."""
    enabled = gc.isenabled()
    gc.disable()       # hundreds of thousands of acyclic objects: collections would walk them for nothing
    try:
        return _stage_part(task)
    finally:
        if enabled:
            gc.enable()


def _stage_part(task: PartToRead) -> StagedPart:
    index = task.part.index if task.part is not None else 0
    staged = StagedPart(task.file_name, index, task.staging)
    reader: Any = reader_named(task.reader)
    try:
        if task.part is not None:
            read: PartOrders = reader.read_part(task.part, task.options)
            orders = read.orders
            staged.entry_used, staged.exit, staged.reference_column = read.entry_used, read.exit, read.reference_column
        else:
            orders = reader.read(task.data, task.file_name, task.options)
    except FileRefused as refused:
        staged.problems = [Problem(p.file or task.file_name, p.line, p.column, p.message) for p in refused.problems]
        return staged
    except UnicodeDecodeError:
        staged.encoding_differs = True
        return staged
    items = []
    keys, buyers, products, rates, totals = staged.orders, staged.buyers, staged.products, staged.rates, staged.totals
    total_tax = ZERO
    for order in orders:
        mark = fingerprint(order)
        items.append(OrderToStore(order, 0, mark, task.file_name))
        keys.append(OrderKey(order.shop, order.reference, mark, order.email, order.vat_number, order.source_line,
                             len(order.lines)))
        if (order.vat_number, order.email) not in buyers:
            buyers[(order.vat_number, order.email)] = customer_from_order(order, task.payment_terms)
        for line in order.lines:
            if line.sku:
                products.setdefault(line.sku, line.description)
                if line.vat_rate:
                    rates.setdefault(line.sku, line.vat_rate)
        totals[order.currency] = totals.get(order.currency, ZERO) + order.total
        total_tax += order.total_tax
    staged.total_tax = total_tax
    staged.sample = orders[:SAMPLE]
    stage_orders(task.staging, items)
    return staged


def fingerprint(order: ShopOrder) -> str:
    """A digest of what the file says about an order that invoicing depends on, to tell a changed order
    (status, amounts, lines, buyer) from the same one exported again."""
    o, b = order, order.billing
    parts = [o.reference, o.status.value, str(o.total), str(o.total_tax), str(o.subtotal), str(o.shipping),
             str(o.shipping_tax), str(o.discount), o.discount_codes, str(o.refunded), str(o.cancelled_at),
             str(o.paid_at), o.payment_method, o.payment_reference, o.currency, str(o.taxes_included), o.email,
             o.vat_number, b.name, b.company, b.line1, b.line2, b.postcode, b.city, b.country,
             o.shipping_address.line1, o.shipping_address.city, str(o.order_date), o.notes]
    # str() rather than an f-string: formatting a Decimal costs twice as much, for the same text.
    parts += ["\x1f".join((ln.sku, ln.description, str(ln.quantity), str(ln.unit_price), str(ln.discount),
                           str(ln.vat_rate))) for ln in o.lines]
    parts += ["\x1f".join((str(r.amount), str(r.refunded_on))) for r in o.refunds]
    return hashlib.sha1("\x1e".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()


def order_outcome(stored: KnownOrder | None, fingerprint: str) -> str:
    """What an import does with an order read, given the one stored under its reference: 'new' (add
    it), 'same' (nothing changed), 'invoiced' (changed, but invoiced: left alone and reported) or
    'changed' (overwrite it)."""
    if stored is None:
        return "new"
    if stored.fingerprint == fingerprint:
        return "same"
    return "invoiced" if stored.invoiced else "changed"


_PREFIX = "comptoir-import-"


def staging_folder() -> Path:
    """A private folder for the staging files (removed with `remove_staging`). Folders that imports
    killed before they could remove them are removed first: they hold customers' names."""
    _remove_abandoned()
    return Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))


def _remove_abandoned() -> None:
    if os.name != "posix":        # telling a live process from a dead one needs POSIX signals here
        return
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*-*"):
        pid = folder.name.removeprefix(_PREFIX).split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass                   # alive, someone else's


def remove_staging(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def with_entry(task: PartToRead, entry: Any) -> PartToRead:
    assert task.part is not None
    return replace(task, part=replace(task.part, entry=entry))
