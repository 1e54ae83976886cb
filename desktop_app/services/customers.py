"""Customers: find, read, create and change them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from desktop_app.domain.errors import ValidationFailed
from desktop_app.domain.parties import Customer, customer_problems
from desktop_app.store import customers as repo
from desktop_app.store.database import Database


def customer_ids(db: Database, search: str = "", kind: str = "") -> list[int]:
    """Ids of the customers matching `search` (name, e-mail, VAT number, SIREN, city), by name."""
    with db.reading() as session:
        return repo.customer_ids(session, search, kind)


def customers_by_ids(db: Database, ids: Sequence[int]) -> list[Customer]:
    with db.reading() as session:
        return repo.customers_by_ids(session, ids)


def get_customer(db: Database, customer_id: int) -> Customer:
    with db.reading() as session:
        return repo.get_customer(session, customer_id)


def count_customers(db: Database) -> int:
    with db.reading() as session:
        return repo.count_customers(session)


def check_customer(customer: Customer) -> dict[str, str]:
    """Field problems of a customer being edited (live validation in forms)."""
    return customer_problems(customer)[1]


def save_customer(db: Database, customer: Customer) -> Customer:
    """Create or change a customer; refused with every field problem when one is wrong."""
    cleaned, problems = customer_problems(customer)
    if problems:
        raise ValidationFailed(problems)
    with db.transaction() as session:
        customer_id = repo.save_customer(session, cleaned)
    return replace(cleaned, id=customer_id)


def customer_choices(db: Database, search: str = "", limit: int = 50) -> list[tuple[int, str]]:
    """(id, name) of the first customers matching `search`, for pickers."""
    ids = customer_ids(db, search)[:limit]
    return [(c.id or 0, c.name) for c in customers_by_ids(db, ids)]
