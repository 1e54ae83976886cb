"""Creating a shop's database, and the demo shop."""

from __future__ import annotations

import random
import tempfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from desktop_app.domain.errors import DomainError
from desktop_app.domain.progress import Job, Progress, run_job
from desktop_app.i18n import _
from desktop_app.services import demo
from desktop_app.services.closing import close_period, is_closed
from desktop_app.services.company import set_company
from desktop_app.services.customers import count_customers, customer_ids, customers_by_ids, save_customer
from desktop_app.services.demo_payments import add_demo_payments
from desktop_app.services.demo_reminders import add_demo_reminders
from desktop_app.services.invoicing import draft_days, draft_from_orders
from desktop_app.services.issuing import issue_documents
from desktop_app.services.order_import import import_orders
from desktop_app.services.rates import import_ecb_file
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
    yield Progress(0, 6, _("Creating the company"))
    set_company(db, demo.company_values())
    people = demo.buyers(rng)
    orders = list(demo.orders(rng, people, today))
    yield Progress(1, 6, _("Importing a year of orders"))
    with tempfile.TemporaryDirectory() as folder:
        files = demo.export_files(orders, Path(folder))
        summary = run_job(import_orders(db, files))
    yield Progress(2, 6, _("Completing business customers"))
    identities = demo.business_identities(people)
    for customer in customers_by_ids(db, customer_ids(db, kind="b2b")):
        siren, vat = identities.get(customer.email.lower(), ("", ""))
        if siren:
            save_customer(db, replace(customer, siren=siren, vat_number=vat))
    yield Progress(3, 6, _("Exchange rates"))
    with tempfile.TemporaryDirectory() as folder:
        rates_file = Path(folder) / "eurofxref-hist.csv"
        rates_file.write_bytes(demo.exchange_rates_csv(rng, today))
        import_ecb_file(db, rates_file)
    yield Progress(4, 6, _("Invoicing a year of orders"))
    issued = yield from _invoice_the_year(db, today)
    yield Progress(5, 6, _("Preparing reminders"))
    add_demo_reminders(db, today)
    yield Progress(6, 6, _("Demo shop ready"))
    return {"customers": summary.customers_created, "orders": summary.orders_imported, "invoices": issued}


def _invoice_the_year(db: Database, today: date) -> Job[int]:
    """Each order invoiced on its own day, each refund credited a few days later; old months closed."""
    drafted = run_job(draft_from_orders(db))
    days: dict[date, list[int]] = {}
    for day, ids in draft_days(db, drafted.invoices + drafted.credit_notes).items():
        days.setdefault(min(day, today), []).extend(ids)
    issued = 0
    for number, (day, ids) in enumerate(sorted(days.items()), start=1):
        result = run_job(issue_documents(db, ids, on=day))
        issued += len(result.issued)
        if number % 20 == 0:
            yield Progress(number, len(days), _("Invoicing a year of orders"))
    add_demo_payments(db, today, random.Random(DEMO_SEED + 1))
    for period in _months_before(today, keep=3):
        if not is_closed(db, date.fromisoformat(period + "-01")):
            close_period(db, period, today)
    return issued


def _months_before(today: date, keep: int) -> list[str]:
    """Every month of the demo year except the last `keep` ones."""
    months = []
    year, month = today.year - 1, today.month
    for _index in range(12 - keep):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
