"""Creating a shop's database, and the demo shop."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from desktop_app.domain.errors import DomainError
from desktop_app.domain.progress import Job, Progress
from desktop_app.i18n import _
from desktop_app.services import demo
from desktop_app.services.company import set_company
from desktop_app.services.customers import count_customers, customer_ids, customers_by_ids, save_customer
from desktop_app.services.order_import import ImportSummary, store_orders
from desktop_app.store.database import Database

DEMO_SEED = 20261128


def initialize(db: Database, demo_shop: bool = False) -> Job[dict[str, int]]:
    """The schema is created or upgraded when the database is opened; with `demo_shop` also fill it."""
    if not demo_shop:
        return {"customers": count_customers(db), "orders": 0}
    if count_customers(db):
        raise DomainError(_("This database already holds a shop; the demo shop needs an empty database."))
    return (yield from fill_demo_shop(db))


def fill_demo_shop(db: Database) -> Job[dict[str, int]]:
    """A year of a French tea house's web orders, imported the way a shopkeeper's would be."""
    rng = random.Random(DEMO_SEED)
    today = datetime.now(ZoneInfo("Europe/Paris")).date()
    yield Progress(0, 3, _("Creating the company"))
    set_company(db, demo.company_values())
    people = demo.buyers(rng)
    orders = list(demo.orders(rng, people, today))
    summary = ImportSummary()
    yield Progress(1, 3, _("Importing a year of orders"))
    yield from store_orders(db, [("demo", order) for order in orders], summary)
    yield Progress(2, 3, _("Completing business customers"))
    identities = demo.business_identities(people)
    for customer in customers_by_ids(db, customer_ids(db, kind="b2b")):
        siren, vat = identities.get(customer.email.lower(), ("", ""))
        if siren:
            save_customer(db, replace(customer, siren=siren, vat_number=vat))
    yield Progress(3, 3, _("Demo shop ready"))
    return {"customers": summary.customers_created, "orders": summary.orders_imported}
