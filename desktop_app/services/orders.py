"""Reading the imported orders: the list with its filters, one order's detail, saved CSV mappings."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.errors import NotFound
from desktop_app.formats.orders.mapping_targets import MAPPING_SETTINGS, MAPPING_TARGETS, validate_mapping
from desktop_app.formats.text import read_table
from desktop_app.i18n import _
from desktop_app.store import orders as repo
from desktop_app.store.database import Database
from desktop_app.store.orders import OrderDetail, OrderFilter, OrderSummary

__all__ = ["OrderDetail", "OrderFilter", "OrderSummary"]


def order_ids(db: Database, flt: OrderFilter = OrderFilter()) -> list[int]:  # noqa: B008 - frozen value
    """Ids of the matching orders, newest first (the list view pages through them)."""
    with db.reading() as session:
        return repo.order_ids(session, flt)


def order_summaries(db: Database, ids: Sequence[int]) -> list[OrderSummary]:
    with db.reading() as session:
        return repo.order_summaries(session, ids)


def order_detail(db: Database, order_id: int) -> OrderDetail:
    with db.reading() as session:
        detail = repo.order_detail(session, order_id)
    if detail is None:
        raise NotFound(_("Order {id} does not exist.").format(id=order_id))
    return detail


def shops(db: Database) -> list[str]:
    """The shops orders were imported from."""
    with db.reading() as session:
        return repo.shops(session)


def count_orders(db: Database) -> int:
    with db.reading() as session:
        return repo.count_orders(session)


def mapping_names(db: Database) -> list[str]:
    with db.reading() as session:
        return repo.mapping_names(session)


def load_mapping(db: Database, name: str) -> dict[str, str]:
    """A saved column mapping for generic CSV files."""
    with db.reading() as session:
        text = repo.mapping_definition(session, name)
    if text is None:
        raise NotFound(_("No column mapping is saved under the name '{name}'. Saved mappings: {names}.")
                       .format(name=name, names=", ".join(mapping_names(db)) or _("none")))
    return dict(json.loads(text))


def save_mapping(db: Database, name: str, definition: Mapping[str, str]) -> None:
    """Save (or replace) a named column mapping."""
    text = json.dumps(dict(definition), ensure_ascii=False, sort_keys=True)
    with db.transaction() as session:
        repo.save_mapping_definition(session, name, text)


@dataclass(frozen=True, slots=True)
class MappingField:
    key: str
    label: str
    required: bool
    choices: tuple[str, ...] = ()


def mapping_fields() -> tuple[list[MappingField], list[MappingField]]:
    """What a CSV column mapping maps (order fields) and sets (settings), with their labels."""
    targets = [MappingField(t.key, t.label, t.required) for t in MAPPING_TARGETS]
    settings = [MappingField(s.key, s.label, False, s.choices) for s in MAPPING_SETTINGS]
    return targets, settings


def csv_header(path: Path) -> list[str]:
    """The column names of a CSV file (any usual encoding and delimiter)."""
    return read_table(Path(path).read_bytes(), Path(path).name).header


def check_mapping(mapping: Mapping[str, str], header: list[str] | None = None) -> list[str]:
    """What is wrong with a mapping, in words (empty when it can be saved)."""
    return [problem.message[:1].upper() + problem.message[1:] for problem in validate_mapping(mapping, header)]
