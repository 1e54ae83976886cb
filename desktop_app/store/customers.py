"""Customers: records to domain values and back, search and paging by SQL."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.errors import NotFound
from desktop_app.domain.parties import Address, Customer
from desktop_app.i18n import _
from desktop_app.store.records import CustomerRecord

_ADDRESS_PARTS = ("line1", "line2", "postcode", "city", "region", "country")
_PLAIN = ("kind", "name", "contact_name", "email", "phone", "siren", "siret", "vat_number", "language",
          "currency", "payment_terms", "notes")


def to_customer(record: CustomerRecord) -> Customer:
    billing = Address(**{part: getattr(record, f"billing_{part}") for part in _ADDRESS_PARTS})
    shipping = None
    if record.has_shipping:
        shipping = Address(**{part: getattr(record, f"shipping_{part}") for part in _ADDRESS_PARTS})
    return Customer(id=record.id, billing=billing, shipping=shipping,
                    **{name: getattr(record, name) for name in _PLAIN})


def _fill(record: CustomerRecord, customer: Customer) -> None:
    for name in _PLAIN:
        setattr(record, name, getattr(customer, name))
    for part in _ADDRESS_PARTS:
        setattr(record, f"billing_{part}", getattr(customer.billing, part))
    record.has_shipping = customer.shipping is not None
    shipping = customer.shipping or Address()
    for part in _ADDRESS_PARTS:
        setattr(record, f"shipping_{part}", getattr(shipping, part))


def save_customer(session: Session, customer: Customer) -> int:
    """Insert or update; returns the customer's id."""
    if customer.id is None:
        record = CustomerRecord()
        _fill(record, customer)
        session.add(record)
        session.flush()
        return record.id
    existing = session.get(CustomerRecord, customer.id)
    if existing is None:
        raise NotFound(_("Customer {id} does not exist.").format(id=customer.id))
    _fill(existing, customer)
    return existing.id


def get_customer(session: Session, customer_id: int) -> Customer:
    record = session.get(CustomerRecord, customer_id)
    if record is None:
        raise NotFound(_("Customer {id} does not exist.").format(id=customer_id))
    return to_customer(record)


def _matching(search: str) -> ColumnElement[bool] | None:
    text = search.strip()
    if not text:
        return None
    pattern = f"%{text}%"
    return or_(CustomerRecord.name.ilike(pattern), CustomerRecord.email.ilike(pattern),
               CustomerRecord.contact_name.ilike(pattern), CustomerRecord.vat_number.ilike(pattern),
               CustomerRecord.siren.ilike(pattern), CustomerRecord.billing_city.ilike(pattern))


def customer_ids(session: Session, search: str = "", kind: str = "") -> list[int]:
    """Ids of the customers matching a search, in name order (the list view pages through them)."""
    query = select(CustomerRecord.id).order_by(func.lower(CustomerRecord.name), CustomerRecord.id)
    condition = _matching(search)
    if condition is not None:
        query = query.where(condition)
    if kind:
        query = query.where(CustomerRecord.kind == kind)
    return list(session.scalars(query))


def customers_by_ids(session: Session, ids: Sequence[int]) -> list[Customer]:
    """Customers for a page of ids, in the order given."""
    records = {r.id: r for r in session.scalars(select(CustomerRecord).where(CustomerRecord.id.in_(ids)))}
    return [to_customer(records[i]) for i in ids if i in records]


def count_customers(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(CustomerRecord)) or 0


def find_customer(session: Session, email: str = "", vat_number: str = "") -> Customer | None:
    """The customer with this VAT number (businesses), else this e-mail address."""
    if vat_number:
        record = session.scalars(select(CustomerRecord).where(CustomerRecord.vat_number == vat_number)
                                 .limit(1)).first()
        if record is not None:
            return to_customer(record)
    if email:
        record = session.scalars(select(CustomerRecord).where(func.lower(CustomerRecord.email) == email.lower())
                                 .limit(1)).first()
        if record is not None:
            return to_customer(record)
    return None
