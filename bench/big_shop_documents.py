"""The big shop's year, day by day: orders, the invoices made from them (numbers, lines, VAT rows,
fingerprints, frozen parties), credit notes, and the journal entry of each, hash-chained as the
application chains them. Payments and reminders are left to `big_shop_money`.
"""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from bench.big_shop import CREATED, DAYS, LAST_DAY, RATES, SHOP, Customer, Shop, Table
from desktop_app.domain.journal import GENESIS, canonical, chain_hash
from desktop_app.domain.numbering import NumberingPattern
from desktop_app.domain.parties import Address, Company
from desktop_app.domain.parties import Customer as DomainCustomer
from desktop_app.domain.settings import SETTINGS
from desktop_app.domain.totals_check import recompute
from desktop_app.services import demo_data
from desktop_app.services.demo import company_values
from desktop_app.services.documents import frozen_extras
from desktop_app.store.fingerprint import fingerprint

PLACEHOLDER = "\x00NUMBER\x00"
PATTERNS = {"invoice": NumberingPattern(SETTINGS["numbering.invoice"].default),
            "credit_note": NumberingPattern(SETTINGS["numbering.credit_note"].default)}
# Net unit prices in cents and VAT rates in 1/10 000 of a percent, from the demo shop's catalogue.
PRODUCTS = [(sku, name, int((price * 100 / (1 + rate / 100)).quantize(Decimal(1))), int(rate * 10_000))
            for sku, name, price, rate in demo_data.PRODUCTS]
INVOICE_COLUMNS = ("id", "kind", "state", "number", "series", "sequence_period", "sequence_number", "customer_id",
                   "order_id", "corrected_invoice_id", "issue_date", "delivery_date", "due_date", "currency",
                   "language", "buyer_name", "buyer_reference", "order_reference", "parties", "payment_terms",
                   "payment_means", "paid_at_checkout_by", "notes", "reason", "line_total", "allowance_total",
                   "charge_total", "tax_basis", "vat_total", "grand_total", "prepaid", "rounding", "amount_due",
                   "vat_total_eur", "exchange_rate", "exchange_rate_date", "content_hash", "journal_seq", "issued_at",
                   "created_at")
LINE_COLUMNS = ("invoice_id", "position", "sku", "description", "quantity", "unit_code", "unit_price", "allowance",
                "charge", "net_amount", "vat_category", "vat_rate")
VAT_COLUMNS = ("invoice_id", "vat_category", "vat_rate", "base", "amount")
ORDER_COLUMNS = ("id", "shop", "reference", "external_id", "customer_id", "ordered_at", "order_date", "currency",
                 "taxes_included", "status", "shop_status", "payment_method", "payment_reference", "subtotal",
                 "shipping", "discount", "total_tax", "total", "refunded", "customer_email", "billing_name",
                 "billing_line1", "billing_postcode", "billing_city", "billing_country", "source_file", "fingerprint",
                 "created_at", "updated_at")
ORDER_LINE_COLUMNS = ("order_id", "position", "sku", "description", "quantity", "unit_price", "discount", "total",
                      "tax_rate", "tax_amount", "taxable")


def money(cents: int) -> Decimal:
    """Cents as the Decimal the application journals ("12.50")."""
    return Decimal(cents).scaleb(-2)


class Journal:
    """The legal journal, chained entry by entry with the application's own hash."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.table = Table(connection, "journal", ("seq", "recorded_at", "kind", "subject", "payload", "prev_hash",
                                                   "hash"))
        self.seq, self.previous = 0, GENESIS
        self.rows: list[tuple[object, ...]] = []

    def add(self, day: date, kind: str, subject: str, payload: dict[str, Any]) -> int:
        self.seq += 1
        text = canonical(payload)
        digest = chain_hash(self.previous, self.seq, kind, text)
        self.rows.append((self.seq, f"{day.isoformat()} 17:00:00.000000", kind, subject, text, self.previous, digest))
        self.previous = digest
        return self.seq

    def flush(self) -> None:
        self.table.insert(self.rows)
        self.rows.clear()


class Parties:
    """The seller and buyer frozen on each document, made once per customer by the application's code."""

    def __init__(self) -> None:
        self.company = Company(**company_values())
        self.rule = str(SETTINGS["invoices.penalty_rule"].default)
        self.cache: dict[int, str] = {}

    def text(self, customer: Customer, paid_by: str, number: str) -> str:
        template = self.cache.get(customer.id)
        if template is None:
            template = self._template(customer, paid_by)
            self.cache[customer.id] = template
        return template.replace(PLACEHOLDER, number)

    def _template(self, customer: Customer, paid_by: str) -> str:
        buyer = DomainCustomer(customer.name, "b2b" if customer.business else "b2c", customer.id, email=customer.email,
                               siren=customer.siren, vat_number=customer.vat_number, currency=customer.currency,
                               billing=Address(customer.street, "", customer.postcode, customer.city,
                                               customer.country))
        stored = SimpleNamespace(language="fr", kind="invoice", reason="", notes="", paid_at_checkout_by=paid_by,
                                 payment_terms="30" if customer.business else "0",
                                 totals=SimpleNamespace(rounding=0))
        extras = frozen_extras(stored, self.company, buyer, PLACEHOLDER, self.rule)  # type: ignore[arg-type]
        return json.dumps(extras, ensure_ascii=False, sort_keys=True)


@dataclass(slots=True)
class Issued:
    """A document just written, as the payments and reminders need it."""

    id: int
    number: str
    day: date
    due: date
    customer: Customer
    total: int
    checkout: bool
    order_id: int | None


class Documents:
    """Day by day, the orders and invoices of a year, their credit notes, payments and reminders."""

    def __init__(self, connection: sqlite3.Connection, customers: list[Customer], rng: random.Random,
                 shop: Shop) -> None:
        from bench.big_shop_money import Money

        self.rng, self.customers, self.shop = rng, customers, shop
        self.tables = {name: Table(connection, name, columns) for name, columns in (
            ("invoices", INVOICE_COLUMNS), ("invoice_lines", LINE_COLUMNS), ("invoice_vat", VAT_COLUMNS),
            ("orders", ORDER_COLUMNS), ("order_lines", ORDER_LINE_COLUMNS))}
        self.buffers: dict[str, list[tuple[object, ...]]] = {name: [] for name in self.tables}
        self.connection = connection
        self.journal = Journal(connection)
        self.parties = Parties()
        self.money = Money(connection, self.journal, rng, shop)
        self.next_id = 1
        self.counters: dict[tuple[str, str], int] = {}
        self.credits: dict[date, list[tuple[Issued, list[tuple[str, str, int, int, str, int]]]]] = {}

    def run(self, count: int) -> None:
        first = LAST_DAY - timedelta(days=DAYS - 1)
        for offset in range(DAYS):
            day = first + timedelta(days=offset)
            share = count * (offset + 1) // DAYS - count * offset // DAYS
            for _index in range(share):
                self._invoice(day)
            for issued, lines in self.credits.pop(day, []):
                self._credit_note(day, issued, lines)
            self.money.day_ends(day)
            if len(self.buffers["invoices"]) >= 20_000:
                self._flush()
        self._flush()
        self.money.finish()
        self.connection.executemany("INSERT INTO number_sequences (series, period, last_value) VALUES (?, ?, ?)",
                                    [(series, period, last) for (series, period), last in self.counters.items()])
        self.shop.journal = self.journal.seq

    def _flush(self) -> None:
        # VAT rows and lines go in before their invoices: the immutability triggers of issued
        # documents look their invoice up, and find none yet.
        for name in ("invoice_vat", "invoice_lines", "orders", "order_lines", "invoices"):
            self.tables[name].insert(self.buffers[name])
            self.buffers[name].clear()
        self.journal.flush()
        self.money.flush()

    def _lines(self, customer: Customer) -> list[tuple[str, str, int, int, str, int]]:
        """(sku, description, quantity, net unit price in cents, category, rate) of an order."""
        rng = self.rng
        lines = []
        for _line in range(rng.choice((1, 1, 2, 2, 3))):
            sku, name, price, rate = rng.choice(PRODUCTS)
            if customer.country != "FR" and customer.business:
                category, rate = ("K" if customer.currency == "EUR" else "G"), 0
            else:
                category = "S"
            lines.append((sku, name, rng.randint(1, 4), price, category, rate))
        return lines

    def _number(self, kind: str, day: date) -> tuple[str, str, int]:
        period = PATTERNS[kind].period(day)
        seq = self.counters.get((kind, period), 0) + 1
        self.counters[(kind, period)] = seq
        return PATTERNS[kind].format(day, seq), period, seq

    def _document(self, kind: str, day: date, customer: Customer, lines: list[tuple[str, str, int, int, str, int]],
                  due: date, order_id: int | None, reference: str, paid_by: str = "",
                  corrected: Issued | None = None) -> Issued:
        doc_id, self.next_id = self.next_id, self.next_id + 1
        number, period, seq = self._number(kind, day)
        stored_lines = [(position, sku, name, quantity * 10_000, "C62", price * 10_000, 0, 0, quantity * price,
                         category, rate) for position, (sku, name, quantity, price, category, rate)
                        in enumerate(lines, start=1)]
        prepaid_guess = 0
        totals = recompute(((ln[3], ln[5], 0, 0, ln[9], ln[10]) for ln in stored_lines), (), prepaid_guess, 0)
        prepaid = totals.grand_total if paid_by and kind == "invoice" else 0
        rate = RATES.get(customer.currency)
        vat_eur = None if rate is None else (2 * totals.vat_total * 100_000_000 + rate) // (2 * rate)
        parties = self.parties.text(customer, paid_by, number)
        if corrected is not None:
            extras = json.loads(parties)
            extras["preceding"] = {"number": corrected.number, "issue_date": corrected.day.isoformat()}
            parties = json.dumps(extras, ensure_ascii=False, sort_keys=True)
        iso, rate_day = day.isoformat(), day.isoformat() if rate else None
        header = (kind, number, iso, due.isoformat(), iso, customer.currency, customer.id, order_id,
                  corrected.id if corrected else None, reference, "", parties, totals.line_total, 0, 0,
                  totals.tax_basis, totals.vat_total, totals.grand_total, prepaid, 0, totals.grand_total - prepaid,
                  vat_eur, rate, rate_day)
        digest = fingerprint(header, stored_lines, [], totals.breakdown)
        seq_journal = self.journal.add(day, f"{kind}_issued", number, {
            "number": number, "kind": kind, "issue_date": day, "customer_id": customer.id,
            "currency": customer.currency, "tax_basis": money(totals.tax_basis), "vat_total": money(totals.vat_total),
            "total": money(totals.grand_total), "corrects": corrected.number if corrected else None,
            "content_hash": digest})
        self.buffers["invoices"].append((
            doc_id, kind, "issued", number, kind, period, seq, customer.id, order_id,
            corrected.id if corrected else None, iso, iso, due.isoformat(), customer.currency, "fr", customer.name,
            "", reference, parties, "30" if customer.business else "0", "", paid_by, "", "", totals.line_total, 0, 0,
            totals.tax_basis, totals.vat_total, totals.grand_total, prepaid, 0, totals.grand_total - prepaid, vat_eur,
            rate, rate_day, digest, seq_journal, f"{iso} 17:00:00.000000", CREATED))
        self.buffers["invoice_lines"] += [(doc_id, *line) for line in stored_lines]
        self.buffers["invoice_vat"] += [(doc_id, *row) for row in totals.breakdown]
        self.shop.invoices += 1
        return Issued(doc_id, number, day, due, customer, totals.grand_total, bool(paid_by), order_id)

    def _order(self, day: date, customer: Customer, lines: list[tuple[str, str, int, int, str, int]],
               paid_by: str) -> tuple[int, str]:
        order_id = self.next_id       # ids of orders and invoices run apart; this keeps them simple
        reference = f"#{100_000 + order_id}"
        subtotal = sum(quantity * price for _sku, _name, quantity, price, _cat, _rate in lines)
        tax = sum((2 * quantity * price * rate + 1_000_000) // 2_000_000
                  for _sku, _name, quantity, price, _cat, rate in lines)
        iso = day.isoformat()
        self.buffers["orders"].append((
            order_id, SHOP, reference, str(order_id), customer.id, f"{iso} 10:00:00.000000", iso, customer.currency, 0,
            "paid" if paid_by else "awaiting", "paid" if paid_by else "pending", paid_by or "Virement", "", subtotal,
            0, 0, tax, subtotal + tax, 0, customer.email, customer.name, customer.street, customer.postcode,
            customer.city, customer.country, "commandes.csv", "", CREATED, CREATED))
        self.buffers["order_lines"] += [
            (order_id, position, sku, name, quantity * 10_000, price * 10_000, 0, quantity * price, rate, None, 1)
            for position, (sku, name, quantity, price, _category, rate) in enumerate(lines, start=1)]
        return order_id, reference

    def _invoice(self, day: date) -> None:
        rng, customer = self.rng, self.rng.choice(self.customers)
        lines = self._lines(customer)
        paid_by = "" if customer.business else "Shopify Payments"
        order_id, reference = self._order(day, customer, lines, paid_by)
        due = day if paid_by else day + timedelta(days=30)
        issued = self._document("invoice", day, customer, lines, due, order_id, reference, paid_by)
        credited = 0
        if rng.random() < 0.015:
            when = day + timedelta(days=rng.randint(2, 20))
            if when <= LAST_DAY:
                self.credits.setdefault(when, []).append((issued, lines))
                credited = issued.total
        self.money.invoiced(issued, credited)

    def _credit_note(self, day: date, issued: Issued, lines: list[tuple[str, str, int, int, str, int]]) -> None:
        note = self._document("credit_note", day, issued.customer, lines, day, None, "", corrected=issued)
        self.money.credited(issued, note)
