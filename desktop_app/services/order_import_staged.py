"""A large import on SQLite: parts read in parallel (services.order_import_parts), then copied into the
shop in file order within one transaction, deciding each order as a one-go import would.

Some imports are done in one go instead (ReadInOneGo): when two files hold the same order (overlapping
exports), as the file read last must give that order whatever part it is in, and when a file turns
out not to be in the encoding its start is in.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.domain.money import ZERO
from desktop_app.domain.orders import ShopOrder
from desktop_app.domain.progress import Job, Progress
from desktop_app.formats.orders import OrderReader, ReadOptions
from desktop_app.formats.orders.common import order_repeated
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.i18n import _
from desktop_app.services.order_import_parts import (
    SAMPLE,
    OrderKey,
    Parallelism,
    PartToRead,
    StagedPart,
    order_outcome,
    remove_staging,
    staging_folder,
    with_entry,
)
from desktop_app.services.order_import_workers import PartReaders
from desktop_app.store import orders as repo
from desktop_app.store.staging import copy_staged
from desktop_app.store.text_search import BulkIndex

MAX_PARTS = 8    # SQLite attaches at most 10 files to a connection


def parts_per_file(sizes: Sequence[int], parallelism: Parallelism) -> list[int] | None:
    """How many parts each file is cut into, or None when the import is better read in one go."""
    total = sum(sizes)
    if total < parallelism.min_bytes or len(sizes) > MAX_PARTS or parallelism.parts < 2:
        return None
    counts = [max(1, parallelism.parts * size // total) for size in sizes]
    while sum(counts) > MAX_PARTS:
        counts[counts.index(max(counts))] -= 1
    return counts


def tasks_for(files: Sequence[tuple[Path, bytes, OrderReader]], counts: Sequence[int], options: ReadOptions,
              terms: str, folder: Path, workers: int) -> list[PartToRead]:
    tasks: list[PartToRead] = []
    shares = part_shares(sum(counts), workers)
    for (path, data, reader), count in zip(files, counts):
        split = getattr(reader, "split", None)
        file_shares, shares = shares[:count], shares[count:]
        parts = split(data, path.name, options, file_shares) if split is not None and count > 1 else None
        for part in parts or [None]:
            tasks.append(PartToRead(reader.name, path.name, part, None if part else data, options, terms,
                                    folder / f"part-{len(tasks)}.db"))
    return tasks


def part_shares(count: int, workers: int) -> list[int]:
    """The relative sizes of an import's parts, in order: large ones first, so that the workers soon
    run ahead of the copying, then smaller ones, and last one small part per worker, so that they
    all finish close together and the copy of the last part, which nothing overlaps, is short."""
    small = min(workers, count - 1) if workers > 0 else 0
    large = count - small
    return [6] * (large // 2) + [4] * (large - large // 2) + [1] * small


class ReadInOneGo(Exception):
    """The import is to be done in one go (see the module's docstring)."""


def import_staged(session: Session, files: Sequence[tuple[Path, bytes, OrderReader]], counts: Sequence[int],
                  options: ReadOptions, summary: Any, buyers: Any, workers: int, index: BulkIndex
                  ) -> Job[tuple[list[ShopOrder], int]]:
    """Read the parts, then write them into `session`'s transaction; raises FileRefused with every
    problem of every part (the caller's transaction then rolls back). Returns the first orders read
    and how many orders there were."""
    folder = staging_folder()
    readers = PartReaders(workers)        # the workers start while the files are cut
    try:
        tasks = tasks_for(files, counts, options, buyers.terms, folder, workers)
        readers.read(tasks)
        copier = _Copier(session, summary, buyers)
        problems: dict[str, list[Problem]] = {path.name: [] for path, _data, _reader in files}
        seen: dict[tuple[str, str], tuple[str, int]] = {}      # (shop, reference) -> (file, line)
        sample: list[ShopOrder] = []
        done, count, exit_ = 0, 0, None
        for result in readers.results():
            if result is None:
                yield Progress(done, len(tasks), _("Importing orders"))
                continue
            task = tasks[done]
            if result.encoding_differs:
                raise ReadInOneGo
            if task.part is not None and task.part.index > 0 and result.entry_used and exit_ != task.part.entry:
                result = readers.again(with_entry(task, exit_))
            exit_ = result.exit
            found = problems[task.file_name]
            found += result.problems + _twice(result, seen, task.file_name)
            sample += result.sample[:SAMPLE - len(sample)]
            count += len(result.orders)
            if not any(problems.values()):
                copier.copy(result, f"staged_{done}")
                index.catch_up()     # while the workers read on
            done += 1
            yield Progress(done, len(tasks), _("Importing orders"))
        every = [p for file_problems in problems.values() for p in sorted(file_problems, key=lambda p: p.line)]
        if every:
            raise FileRefused(every)
        return sample, count
    finally:
        readers.close()
        remove_staging(folder)


def _twice(result: StagedPart, seen: dict[tuple[str, str], tuple[str, int]], file_name: str) -> list[Problem]:
    """Orders of this part that an earlier part of the same file holds already (ReadInOneGo when an
    earlier file does)."""
    keys = [(key.shop, key.reference) for key in result.orders]
    if seen.keys().isdisjoint(keys) and len(set(keys)) == len(keys):     # the usual case, checked at once
        seen.update(zip(keys, [(file_name, key.line) for key in result.orders]))
        return []
    found = []
    for key in result.orders:
        first_file, first = seen.setdefault((key.shop, key.reference), (file_name, key.line))
        if first_file != file_name:
            raise ReadInOneGo
        if first != key.line:
            found.append(Problem(result.file_name, key.line, result.reference_column,
                                 order_repeated(key.reference, first)))
    return found


class _Copier:
    """Writes staged parts into the shop, one after the other, as a one-go import would."""

    def __init__(self, session: Session, summary: Any, buyers: Any) -> None:
        self.session = session
        self.summary = summary
        self.buyers = buyers
        self.customer_ids: list[int] = []
        self.products = repo.product_keys(session)
        self.known: dict[str, dict[str, repo.KnownOrder]] = {}
        self.next_id = repo.next_order_id(session)

    def copy(self, part: StagedPart, alias: str) -> None:
        summary = self.summary
        for currency, total in part.totals.items():
            summary.total_incl_tax += total
            summary.totals_by_currency[currency] = summary.totals_by_currency.get(currency, ZERO) + total
        summary.total_tax += part.total_tax
        candidates = part.buyers
        customer_for = self.buyers.customer_for
        chosen = [customer_for(key.vat_number, key.email, lambda key=key: candidates[(key.vat_number, key.email)])
                  for key in part.orders]
        created = self.buyers.new[len(self.customer_ids):]
        self.customer_ids += repo.insert_customers(self.session, created)
        summary.customers_created = len(self.customer_ids)
        new_ids = self.customer_ids
        customers = [found if type(found) is int else new_ids[int(found.removeprefix("new:"))] for found in chosen]
        self._add_products(part)
        if self._all_new(part.orders):
            first, self.next_id = self.next_id, self.next_id + len(part.orders)
            summary.orders_imported += len(part.orders)
            summary.lines += sum(key.lines for key in part.orders)
            targets = [(local, first + local - 1, customer, True) for local, customer in enumerate(customers, start=1)]
        else:
            targets = []
            for local, (key, customer) in enumerate(zip(part.orders, customers), start=1):
                target = self._decide(key)
                if target is not None:
                    targets.append((local, target[0], customer, target[1]))
        copy_staged(self.session, part.staging, alias, targets)

    def _all_new(self, keys: list[OrderKey]) -> bool:
        """Whether the shop holds none of these orders yet (a first import: no need to look at each)."""
        for shop in {key.shop for key in keys}:
            known = self._known(shop)
            if known and not known.keys().isdisjoint([key.reference for key in keys if key.shop == shop]):
                return False
        return True

    def _known(self, shop: str) -> dict[str, repo.KnownOrder]:
        if shop not in self.known:
            self.known[shop] = repo.known_orders(self.session, shop)
        return self.known[shop]

    def _add_products(self, part: StagedPart) -> None:
        new = [(sku, name, part.rates.get(sku)) for sku, name in part.products.items() if sku not in self.products]
        self.products.update(repo.insert_products(self.session, new))
        added = {sku for sku, _name, _rate in new}
        repo.learn_product_rates(self.session, {sku: rate for sku, rate in part.rates.items() if sku not in added})

    def _decide(self, key: OrderKey) -> tuple[int, bool] | None:
        """(order id, new?) when the order's rows are to be written, None when it is left alone."""
        summary = self.summary
        existing = self._known(key.shop).get(key.reference)
        outcome = order_outcome(existing, key.fingerprint)
        summary.count(outcome, key.reference)
        if outcome == "new":
            summary.lines += key.lines
            self.next_id += 1
            return self.next_id - 1, True
        if outcome == "changed" and existing is not None:
            summary.lines += key.lines
            return existing.id, False
        return None
