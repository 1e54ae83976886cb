"""A big shop for benchmarks: a million issued invoices over a year, written by raw `sqlite3` bulk
inserts into the real schema, and as valid as one the application made itself:

- customers, the orders the invoices were made from, lines, VAT rows, balances;
- numbering continuous per series and year, with its counters;
- each document's fingerprint (desktop_app.store.fingerprint) and a hash-chained journal of every
  legal event (issues, payments, refunds, reminders) made with the real `chain_hash`, so that
  `comptoir verify` passes;
- payments at checkout and by bank transfer with their statement lines (and a review queue),
  reminders for late payers, the full-text indexes of migration 0004 and the dashboard's figures.

    path = big_shop_path(1_000_000)          # generated once (a few minutes), then reused

The database is cached under bench/data/ (git-ignored) and rebuilt when GENERATOR_VERSION changes.
Other benchmarks extend it through `generate(..., extra=callback)`.
"""

from __future__ import annotations

import random
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop_app.bootstrap import open_database
from desktop_app.services import demo_data
from desktop_app.services.company import set_company
from desktop_app.services.demo import company_values

GENERATOR_VERSION = 5
DATA = Path(__file__).resolve().parent / "data"
LAST_DAY = date(2026, 11, 27)
DAYS = 365
SEED = 20261128
CREATED = "2026-11-28 09:00:00.000000"
RATES = {"USD": 108_500_000, "GBP": 85_200_000, "CHF": 94_300_000}       # Scaled(8): units per EUR
BANK = "bank:FR7630006000011234567890189"
SHOP = "Boutique en ligne"


@dataclass
class Shop:
    """What the generator made, for callers that extend it."""

    path: Path
    invoices: int = 0
    customers: int = 0
    payments: int = 0
    journal: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def big_shop_path(count: int = 1_000_000) -> Path:
    """The cached big shop of `count` invoices, generated first when missing."""
    path = DATA / f"big_shop_v{GENERATOR_VERSION}_{count}.db"
    if not path.exists():
        generate(path, count)
    return path


def generate(path: Path, count: int, extra: Callable[[sqlite3.Connection, Shop], None] | None = None) -> Shop:
    """Create the schema (migrations), then fill it; written to a temporary file renamed at the end."""
    from bench.big_shop_documents import Documents
    from bench.big_shop_figures import finish

    path.parent.mkdir(parents=True, exist_ok=True)
    work = path.with_suffix(".partial")
    for leftover in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
        leftover.unlink(missing_ok=True)
    db = open_database(work)
    set_company(db, company_values())
    db.dispose()
    shop = Shop(path)
    connection = sqlite3.connect(work, isolation_level=None)
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-524288", "temp_store=MEMORY",
                   "locking_mode=EXCLUSIVE"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute("BEGIN")
    started = time.perf_counter()
    customers = insert_customers(connection, max(count // 20, 50), random.Random(SEED))
    shop.customers = len(customers)
    Documents(connection, customers, random.Random(SEED + 1), shop).run(count)
    if extra is not None:
        extra(connection, shop)
    connection.execute("COMMIT")
    connection.close()
    finish(work)
    shop.timings["total"] = time.perf_counter() - started
    work.rename(path)
    return shop


class Table:
    """INSERTs into a table of the real schema: the columns we give, and a filler for any other
    NOT NULL column a later migration added (so the generator keeps working as the schema grows)."""

    def __init__(self, connection: sqlite3.Connection, name: str, columns: Sequence[str]) -> None:
        info = connection.execute(f"PRAGMA table_info({name})").fetchall()
        known = set(columns)
        others = [(row[1], row[2].upper()) for row in info if row[1] not in known and row[3] and row[4] is None
                  and not row[5]]
        self.tail = tuple(0 if "INT" in kind or "NUM" in kind or "BOOL" in kind else "" for _name, kind in others)
        names = [*columns, *(name for name, _kind in others)]
        self.sql = f"INSERT INTO {name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        self.connection = connection

    def insert(self, rows: Iterable[tuple[object, ...]]) -> None:
        tail = self.tail
        self.connection.executemany(self.sql, (row + tail for row in rows) if tail else rows)


CUSTOMER_COLUMNS = ("id", "kind", "name", "contact_name", "email", "phone", "siren", "siret", "vat_number",
                    "language", "currency", "payment_terms", "notes", "billing_line1", "billing_line2",
                    "billing_postcode", "billing_city", "billing_region", "billing_country", "has_shipping",
                    "shipping_line1", "shipping_line2", "shipping_postcode", "shipping_city", "shipping_region",
                    "shipping_country", "reminders_pause_reason", "updated_at", "created_at")
# Businesses abroad: (country, currency, city, postcode).
ABROAD = [("DE", "EUR", "Berlin", "10115"), ("BE", "EUR", "Bruxelles", "1000"), ("IT", "EUR", "Milano", "20121"),
          ("US", "USD", "New York", "10001"), ("GB", "GBP", "London", "EC1A 1BB"), ("CH", "CHF", "Genève", "1201")]


@dataclass(frozen=True, slots=True)
class Customer:
    id: int
    name: str
    business: bool
    country: str
    currency: str
    email: str
    street: str
    postcode: str
    city: str
    siren: str
    vat_number: str


def _customer(number: int, rng: random.Random) -> Customer:
    draw = rng.random()
    business = draw >= 0.8
    street = f"{rng.randint(1, 120)} {rng.choice(demo_data.STREETS)}"
    postcode, city = rng.choice(demo_data.FRENCH_CITIES)
    country, currency = "FR", "EUR"
    if draw >= 0.95:
        country, currency, city, postcode = rng.choice(ABROAD)
    if business:
        name = f"{rng.choice(demo_data.FRENCH_COMPANIES)} {city} {number}"
    else:
        name = f"{rng.choice(demo_data.FIRST_NAMES)} {rng.choice(demo_data.LAST_NAMES)}"
    local = "".join(ch for ch in unicodedata.normalize("NFKD", name.lower()) if ch.isalnum() or ch == " ")
    local = ".".join(local.split())
    siren = "732829320" if business and country == "FR" else ""
    vat = "FR44732829320" if siren else ""
    return Customer(number, name, business, country, currency, f"{local}.{number}@example.fr", street, postcode,
                    city, siren, vat)


def insert_customers(connection: sqlite3.Connection, count: int, rng: random.Random) -> list[Customer]:
    customers = [_customer(number, rng) for number in range(1, count + 1)]
    rows = [(c.id, "b2b" if c.business else "b2c", c.name, "", c.email, "", c.siren, "", c.vat_number, "fr",
             c.currency, "30" if c.business else "0", "", c.street, "", c.postcode, c.city, "", c.country, 0, "",
             "", "", "", "", c.country, "", CREATED, CREATED) for c in customers]
    Table(connection, "customers", CUSTOMER_COLUMNS).insert(rows)
    return customers
