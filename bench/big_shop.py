"""A big shop for benchmarks: a million issued invoices over a year, with customers, VAT rows, lines,
balances, payments and allocations, written by raw `sqlite3` bulk inserts into the real schema.

    path = big_shop_path(1_000_000)          # generated once (about a minute), then reused

The database is cached under bench/data/ (git-ignored) and rebuilt when GENERATOR_VERSION changes.
Numbers, journal and fingerprints are not realistic (reports do not read them); everything a report
or a list reads is: dates, due dates, currencies and rates, credit notes, partial and late payments.
Other benchmarks extend it through `generate(..., extra=callback)`.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from desktop_app.bootstrap import open_database
from desktop_app.services.company import set_company
from desktop_app.services.demo import company_values

GENERATOR_VERSION = 1
DATA = Path(__file__).resolve().parent / "data"
LAST_DAY = date(2026, 11, 27)
DAYS = 365
SEED = 20261128
CREATED = "2026-11-28 09:00:00.000000"
RATES = {"USD": 108_500_000, "GBP": 85_200_000, "CHF": 94_300_000}       # Scaled(8): units per EUR
VAT_RATES = {"20": 200_000, "5.5": 55_000}                                # Scaled(4)
PRODUCTS = [("Sencha Kagoshima 100 g", "5.5", 1490), ("Thé vert matcha 30 g", "5.5", 2250),
            ("Théière en fonte 0,8 L", "20", 5900), ("Tasses en grès (x2)", "20", 2400),
            ("Coffret découverte", "5.5", 3250), ("Infuseur inox", "20", 890)]


@dataclass
class Shop:
    """What the generator made, for callers that extend it."""

    path: Path
    invoices: int = 0
    customers: int = 0
    payments: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def big_shop_path(count: int = 1_000_000) -> Path:
    """The cached big shop of `count` invoices, generated first when missing."""
    path = DATA / f"big_shop_v{GENERATOR_VERSION}_{count}.db"
    if not path.exists():
        generate(path, count)
    return path


def generate(path: Path, count: int, extra: Callable[[sqlite3.Connection, Shop], None] | None = None) -> Shop:
    """Create the schema (migrations), then fill it; written to a temporary file renamed at the end."""
    path.parent.mkdir(parents=True, exist_ok=True)
    work = path.with_suffix(".partial")
    for leftover in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
        leftover.unlink(missing_ok=True)
    db = open_database(work)
    set_company(db, company_values())
    db.dispose()
    shop = Shop(path)
    connection = sqlite3.connect(work, isolation_level=None)
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-262144", "temp_store=MEMORY",
                   "locking_mode=EXCLUSIVE"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute("BEGIN")
    started = time.perf_counter()
    customers = _insert_customers(connection, max(count // 20, 50), random.Random(SEED))
    shop.customers = len(customers)
    _Invoices(connection, customers, random.Random(SEED + 1), shop).run(count)
    if extra is not None:
        extra(connection, shop)
    connection.execute("COMMIT")
    connection.execute("ANALYZE")
    connection.close()
    shop.timings["total"] = time.perf_counter() - started
    work.rename(path)
    return shop


class _Table:
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


@dataclass(frozen=True, slots=True)
class _Customer:
    id: int
    name: str
    business: bool
    country: str
    currency: str


def _insert_customers(connection: sqlite3.Connection, count: int, rng: random.Random) -> list[_Customer]:
    first = ["Zoë", "Paul", "Anne", "Hugo", "Léa", "Jules", "Inès", "Louis", "Chloé", "Nathan", "Emma", "Théo"]
    last = ["Lefèvre", "Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Garnier", "Faure", "Roux", "Blanc"]
    trades = ["Salon de thé", "Épicerie fine", "Maison", "Comptoir", "Boutique", "Café"]
    abroad = [("DE", "EUR"), ("BE", "EUR"), ("IT", "EUR"), ("US", "USD"), ("GB", "GBP"), ("CH", "CHF")]
    customers, rows = [], []
    for number in range(1, count + 1):
        draw = rng.random()
        business = draw >= 0.8
        country, currency = ("FR", "EUR") if draw < 0.95 else rng.choice(abroad)
        name = (f"{rng.choice(trades)} {rng.choice(last)} {number}" if business
                else f"{rng.choice(first)} {rng.choice(last)} {number}")
        customers.append(_Customer(number, name, business, country, currency))
        rows.append((number, "b2b" if business else "b2c", name, "", f"client{number}@example.fr", "",
                     "732829320" if business and country == "FR" else "", "", "", "fr", currency,
                     "30" if business else "0", "", f"{rng.randint(1, 120)} rue des Capucins", "", "69001", "Lyon", "",
                     country, 0, "", "", "", "", "", country, "", CREATED, CREATED))
    _Table(connection, "customers", CUSTOMER_COLUMNS).insert(rows)
    return customers


INVOICE_COLUMNS = ("id", "kind", "state", "number", "series", "sequence_period", "sequence_number", "customer_id",
                   "corrected_invoice_id", "issue_date", "delivery_date", "due_date", "currency", "language",
                   "buyer_name", "buyer_reference", "order_reference", "parties", "payment_terms", "payment_means",
                   "paid_at_checkout_by", "notes", "reason", "line_total", "allowance_total", "charge_total",
                   "tax_basis", "vat_total", "grand_total", "prepaid", "rounding", "amount_due", "vat_total_eur",
                   "exchange_rate", "exchange_rate_date", "content_hash", "created_at")
LINE_COLUMNS = ("invoice_id", "position", "sku", "description", "quantity", "unit_code", "unit_price", "allowance",
                "charge", "net_amount", "vat_category", "vat_rate")
VAT_COLUMNS = ("invoice_id", "vat_category", "vat_rate", "base", "amount")
BALANCE_COLUMNS = ("invoice_id", "paid", "credited", "balance", "open", "last_paid_on")
PAYMENT_COLUMNS = ("id", "source", "external_id", "kind", "received_on", "amount", "fee", "currency", "method",
                   "reference", "payer_name", "label", "customer_id", "created_at")
ALLOCATION_COLUMNS = ("payment_id", "invoice_id", "customer_id", "amount", "created_at")


@dataclass(slots=True)
class _Pending:
    """A credit note to issue on a later day, for an invoice made earlier."""

    invoice_id: int
    customer: _Customer
    rows: list[tuple[str, int, int, int]]
    total: int
    refund: bool


class _Invoices:
    """Day by day, the invoices of a year and what happened to them (payments, credit notes)."""

    def __init__(self, connection: sqlite3.Connection, customers: list[_Customer], rng: random.Random,
                 shop: Shop) -> None:
        self.rng, self.customers, self.shop = rng, customers, shop
        self.tables = {name: _Table(connection, name, columns) for name, columns in (
            ("invoices", INVOICE_COLUMNS), ("invoice_lines", LINE_COLUMNS), ("invoice_vat", VAT_COLUMNS),
            ("invoice_balances", BALANCE_COLUMNS), ("payments", PAYMENT_COLUMNS),
            ("payment_allocations", ALLOCATION_COLUMNS))}
        self.buffers: dict[str, list[tuple[object, ...]]] = {name: [] for name in self.tables}
        self.next_id = self.next_payment = 1
        self.sequence = {"invoice": 0, "credit_note": 0}
        self.pending: dict[date, list[_Pending]] = {}

    def run(self, count: int) -> None:
        first = LAST_DAY - timedelta(days=DAYS - 1)
        for offset in range(DAYS):
            day = first + timedelta(days=offset)
            share = count * (offset + 1) // DAYS - count * offset // DAYS
            for _index in range(share):
                self._invoice(day)
            for pending in self.pending.pop(day, []):
                self._credit_note(day, pending)
            if len(self.buffers["invoices"]) >= 20_000:
                self._flush()
        self._flush()

    def _flush(self) -> None:
        # VAT rows and lines go in before their invoices: the immutability triggers of issued
        # documents look their invoice up, and find none yet.
        for name in ("invoice_vat", "invoice_lines", "invoices", "invoice_balances", "payments",
                     "payment_allocations"):
            self.tables[name].insert(self.buffers[name])
            self.buffers[name].clear()

    def _rows(self, customer: _Customer) -> list[tuple[str, int, int, int]]:
        """(category, rate, base, VAT) per VAT row, all in cents and Scaled(4) rates."""
        rng = self.rng
        sums: dict[tuple[str, int], int] = {}
        for _line in range(rng.choice((1, 1, 2, 2, 3))):
            _name, rate, price = rng.choice(PRODUCTS)
            if customer.country == "FR" or (customer.currency == "EUR" and not customer.business):
                key = ("S", VAT_RATES[rate])
            else:
                key = ("K" if customer.currency == "EUR" else "G", 0)
            sums[key] = sums.get(key, 0) + price * rng.randint(1, 4)
        return [(category, rate, base, (2 * base * rate + 1_000_000) // 2_000_000)
                for (category, rate), base in sums.items()]

    def _document(self, kind: str, day: date, customer: _Customer, rows: list[tuple[str, int, int, int]],
                  due: date, corrected: int | None = None, paid_by: str = "") -> tuple[int, int]:
        doc_id = self.next_id
        self.next_id += 1
        self.sequence[kind] += 1
        prefix = "F" if kind == "invoice" else "AV"
        base, vat = sum(r[2] for r in rows), sum(r[3] for r in rows)
        total = base + vat
        rate = RATES.get(customer.currency)
        vat_eur = None if rate is None else (2 * vat * 100_000_000 + rate) // (2 * rate)
        prepaid = total if paid_by and kind == "invoice" else 0
        self.buffers["invoices"].append((
            doc_id, kind, "issued", f"{prefix}{day.year}-{self.sequence[kind]:07d}", kind, str(day.year),
            self.sequence[kind], customer.id, corrected, day.isoformat(), day.isoformat(), due.isoformat(),
            customer.currency, "fr", customer.name, "", f"#{doc_id}", "{}", "30" if customer.business else "0", "",
            paid_by, "", "", base, 0, 0, base, vat, total, prepaid, 0, total - prepaid, vat_eur, rate,
            day.isoformat() if rate else None, "", CREATED))
        for position, (category, vat_rate, row_base, row_vat) in enumerate(rows, start=1):
            self.buffers["invoice_vat"].append((doc_id, category, vat_rate, row_base, row_vat))
            self.buffers["invoice_lines"].append((doc_id, position, "SKU", "Article", 10_000, "C62", row_base * 10_000,
                                                  0, 0, row_base, category, vat_rate))
        return doc_id, total

    def _invoice(self, day: date) -> None:
        rng, customer = self.rng, self.rng.choice(self.customers)
        rows = self._rows(customer)
        checkout = not customer.business
        due = day if checkout else day + timedelta(days=30)
        invoice_id, total = self._document("invoice", day, customer, rows, due,
                                           paid_by="Shopify Payments" if checkout else "")
        self.shop.invoices += 1
        payments: list[tuple[date, int]] = []
        if checkout:
            payments.append((day, total))
        else:
            habit = (-10, 0, 5, 15, 40)[customer.id % 5]
            paid_on = due + timedelta(days=habit + rng.randint(-5, 5))
            draw = rng.random()
            if draw < 0.05:
                payments.append((paid_on, total // 2))
            elif draw < 0.92:
                payments.append((paid_on, total))
        payments = [(when, amount) for when, amount in payments if when <= LAST_DAY]
        credited = 0
        if rng.random() < 0.015:
            when = day + timedelta(days=rng.randint(2, 20))
            if when <= LAST_DAY:
                self.pending.setdefault(when, []).append(_Pending(invoice_id, customer, rows, total, checkout))
                credited = total
                if checkout:
                    payments.append((when, -total))
        for when, amount in payments:
            self._payment(when, amount, customer, invoice_id, checkout)
        paid = sum(amount for _when, amount in payments)
        balance = total - paid - credited
        last_paid = max((when for when, amount in payments), default=None)
        self.buffers["invoice_balances"].append((invoice_id, paid, credited, balance, 1 if balance > 0 else 0,
                                                 last_paid.isoformat() if last_paid else None))

    def _credit_note(self, day: date, pending: _Pending) -> None:
        self._document("credit_note", day, pending.customer, pending.rows, day, corrected=pending.invoice_id)
        self.shop.invoices += 1

    def _payment(self, day: date, amount: int, customer: _Customer, invoice_id: int, checkout: bool) -> None:
        payment_id = self.next_payment
        self.next_payment += 1
        source, method = ("checkout", "Shopify Payments") if checkout else ("bank:FR7630006000011234567890189",
                                                                            "transfer")
        self.buffers["payments"].append((
            payment_id, source, f"P{payment_id}", "payment" if amount > 0 else "refund", day.isoformat(), amount, 0,
            customer.currency, method, f"#{invoice_id}", customer.name, "", customer.id, CREATED))
        self.buffers["payment_allocations"].append((payment_id, invoice_id, customer.id, amount, CREATED))
        self.shop.payments += 1
