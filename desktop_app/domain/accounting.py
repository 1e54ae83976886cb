"""Bookkeeping entries from invoices and payments, for the FEC (art. A47 A-1 LPF).

A sales entry debits the customer's account (411, with the customer as auxiliary account) and
credits revenue and VAT collected per rate; a payment entry debits the bank or the payment provider
(less its fee, debited to 627) and credits the customers it pays. Amounts are signed here (+ debit,
− credit) and every entry adds up to zero by construction: its last line is the balancing one.
Labels are French whatever the interface language: the file is for the French tax administration.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from desktop_app.domain.conversion import to_eur
from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.money import ZERO, money, plain_number
from desktop_app.domain.sales_journal import JournalEntry
from desktop_app.i18n import _

ACCOUNT = re.compile(r"^\d{3}[0-9A-Za-z]{0,17}$")
# Plan comptable général: the label of an account is that of its longest known prefix.
PCG_LABELS = {
    "411": "Clients", "419": "Clients - avances et acomptes reçus", "4457": "TVA collectée",
    "467": "Autres comptes débiteurs ou créditeurs", "471": "Compte d'attente", "511": "Valeurs à l'encaissement",
    "512": "Banque", "627": "Services bancaires et assimilés", "658": "Charges diverses de gestion courante",
    "706": "Prestations de services", "707": "Ventes de marchandises", "708": "Produits des activités annexes",
    "709": "Rabais, remises et ristournes accordés", "758": "Produits divers de gestion courante",
}
CATEGORY_WORDS = {"K": "livraisons intracommunautaires", "G": "exportations", "AE": "autoliquidation",
                  "E": "exonérées", "Z": "taux zéro", "O": "hors champ"}


def account_label(account: str) -> str:
    for length in range(len(account), 2, -1):
        label = PCG_LABELS.get(account[:length])
        if label:
            return label
    return f"Compte {account}"


def check_account(value: str) -> str:
    text = str(value).strip()
    if not ACCOUNT.match(text):
        raise InvalidValue("account", _("'{value}' is not an account number of the French chart of accounts "
                                        "(three digits, then up to 17 digits or letters).").format(value=value))
    return text


def parse_account_map(text: str) -> dict[str, str]:
    """'S20=707110 K=707200 *=707000' as a dict; keys are a VAT category, a category with its rate
    (S5.5), a bare rate (5.5) or * for everything else."""
    result: dict[str, str] = {}
    for pair in text.replace(",", " ").replace(";", " ").split():
        key, sep, account = pair.partition("=")
        key = key.strip().upper()
        if not sep or not re.fullmatch(r"\*|[A-Z]{1,2}(\d+(\.\d+)?)?|\d+(\.\d+)?", key):
            raise InvalidValue("accounts", _("'{pair}' is not KEY=ACCOUNT, e.g. S20=707110.").format(pair=pair))
        result[_normal_key(key)] = check_account(account)
    if "*" not in result:
        raise InvalidValue("accounts", _("Give a default account with *=ACCOUNT."))
    return result


def _normal_key(key: str) -> str:
    """'S20.0' -> 'S20', '5.50' -> '5.5': keys compare whatever the way the rate was written."""
    match = re.fullmatch(r"([A-Z]*)(\d+(?:\.\d+)?)", key)
    if not match:
        return key
    return match.group(1) + str(plain_number(money(match.group(2))))


@dataclass(frozen=True, slots=True)
class ChartOfAccounts:
    """The accounts and journals the shop's bookkeeper chose (settings `accounts.*` and `fec.*`)."""

    sales: Mapping[str, str] = field(default_factory=lambda: {"*": "707000"})
    vat: Mapping[str, str] = field(default_factory=lambda: {"*": "445710"})
    customers: str = "411000"
    customer_credit: str = "419100"
    bank: str = "512000"
    payment_providers: str = "511000"
    fees: str = "627000"
    suspense: str = "471000"
    rounding_gain: str = "758000"
    rounding_loss: str = "658000"
    sales_journal: str = "VE"
    bank_journal: str = "BQ"

    def sales_account(self, category: str, rate: Decimal) -> str:
        key = f"{category}{plain_number(rate)}"
        return self.sales.get(key) or self.sales.get(category) or self.sales["*"]

    def vat_account(self, rate: Decimal) -> str:
        return self.vat.get(str(plain_number(rate))) or self.vat["*"]


@dataclass(frozen=True, slots=True)
class Movement:
    """One line of an entry: an amount on one account, + for a debit, − for a credit, in EUR."""

    account: str
    account_label: str
    amount: Decimal
    aux: str = ""
    aux_label: str = ""
    currency_amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    journal: str
    journal_label: str
    day: date
    piece: str
    label: str
    movements: tuple[Movement, ...]
    currency: str = ""               # set when the piece is in another currency than EUR
    number: str = ""

    @property
    def balanced(self) -> bool:
        return sum((m.amount for m in self.movements), ZERO) == 0


def customer_aux(customer_id: int) -> str:
    """The customer's auxiliary account number (stable: built from its id)."""
    return f"C{customer_id:06d}"


def _merge(movements: Iterable[Movement]) -> tuple[Movement, ...]:
    """One line per account (and auxiliary): rows sharing an account are added up; zero lines dropped."""
    merged: dict[tuple[str, str], Movement] = {}
    for m in movements:
        key = (m.account, m.aux)
        if key in merged:
            old = merged[key]
            amount = None if old.currency_amount is None or m.currency_amount is None else (
                old.currency_amount + m.currency_amount)
            merged[key] = Movement(m.account, m.account_label, old.amount + m.amount, m.aux, m.aux_label, amount)
        else:
            merged[key] = m
    return tuple(m for m in merged.values() if m.amount != 0)


def _percent(rate: Decimal) -> str:
    """'5,5 %': a rate written the French way."""
    return f"{plain_number(rate)} %".replace(".", ",")


def _sales_label(chart: ChartOfAccounts, category: str, rate: Decimal) -> str:
    account = chart.sales_account(category, rate)
    words = _percent(rate) if category == "S" else CATEGORY_WORDS.get(category, category)
    return f"{account_label(account)} {words}" if category == "S" else f"{account_label(account)} - {words}"


def sales_entry(entry: JournalEntry, chart: ChartOfAccounts) -> Entry:
    """The accounting entry of an invoice (or, reversed, of a credit note)."""
    doc = entry.document
    foreign = doc.rate is not None
    by_key = {(row.category, plain_number(row.rate)): row for row in doc.rows}
    lines: list[Movement] = []
    for row in entry.rows:
        original = by_key.get((row.category, row.rate))
        account = chart.sales_account(row.category, row.rate)
        lines.append(Movement(account, _sales_label(chart, row.category, row.rate), -row.base,
                              currency_amount=original.base if foreign and original else None))
        if row.vat:
            vat_account = chart.vat_account(row.rate)
            lines.append(Movement(vat_account, f"{account_label(vat_account)} {_percent(row.rate)}", -row.vat,
                                  currency_amount=original.vat if foreign and original else None))
    if entry.rounding:
        account = chart.rounding_gain if doc.rounding > 0 else chart.rounding_loss
        lines.append(Movement(account, account_label(account), -entry.rounding,
                              currency_amount=abs(doc.rounding) if foreign else None))
    body = _merge(lines)
    customer = Movement(chart.customers, account_label(chart.customers), -sum((m.amount for m in body), ZERO),
                        customer_aux(doc.customer_id), doc.account_name or doc.customer,
                        doc.payable if foreign else None)
    what = "Avoir" if doc.kind == "credit_note" else "Facture"
    return Entry(chart.sales_journal, "Journal des ventes", doc.issue_date, doc.number,
                 f"{what} {doc.number} {doc.customer}".strip(), (customer, *body), doc.currency if foreign else "")


@dataclass(frozen=True, slots=True)
class Applied:
    """Part of a payment applied to an invoice (or, with no invoice, kept as the customer's credit)."""

    customer_id: int | None
    customer: str
    amount: Decimal                   # in the payment's currency
    invoice: str = ""                 # the invoice's number; empty for customer credit
    rate: Decimal | None = None       # the invoice's rate (units per EUR); None for EUR


@dataclass(frozen=True, slots=True)
class ReceivedPayment:
    id: int
    received_on: date
    amount: Decimal                   # gross, signed: refunds are negative
    fee: Decimal
    currency: str
    source: str
    reference: str
    payer: str
    applied: tuple[Applied, ...]
    rate: Decimal | None = None       # for the parts not applied to an invoice; None for EUR

    @property
    def through_bank(self) -> bool:
        return self.source.startswith("bank:") or self.source == "manual"


def payment_entry(payment: ReceivedPayment, chart: ChartOfAccounts) -> Entry:
    """The accounting entry of a payment received (or refunded): treasury against customers."""
    foreign = payment.currency != "EUR"
    lines: list[Movement] = []
    for part in payment.applied:
        if part.invoice:
            account, aux = chart.customers, customer_aux(part.customer_id or 0)
            amount = to_eur(part.amount, part.rate)
        else:
            account = chart.customer_credit
            aux = customer_aux(part.customer_id) if part.customer_id is not None else ""
            amount = to_eur(part.amount, payment.rate)
        lines.append(Movement(account, account_label(account), -amount, aux, part.customer,
                              abs(part.amount) if foreign else None))
    unapplied = payment.amount - sum((part.amount for part in payment.applied), ZERO)
    if unapplied:
        lines.append(Movement(chart.suspense, account_label(chart.suspense), -to_eur(unapplied, payment.rate),
                              currency_amount=abs(unapplied) if foreign else None))
    if payment.fee:
        lines.append(Movement(chart.fees, account_label(chart.fees), to_eur(payment.fee, payment.rate),
                              currency_amount=abs(payment.fee) if foreign else None))
    body = _merge(lines)
    treasury = chart.bank if payment.through_bank else chart.payment_providers
    net = payment.amount - payment.fee
    lines_out = (Movement(treasury, account_label(treasury), -sum((m.amount for m in body), ZERO),
                          currency_amount=abs(net) if foreign else None), *body)
    invoices = " ".join(part.invoice for part in payment.applied if part.invoice)
    what = "Remboursement" if payment.amount < 0 else "Règlement"
    payer = payment.payer or next((part.customer for part in payment.applied if part.customer), "")
    label = " ".join(part for part in (what, invoices, payer) if part)
    return Entry(chart.bank_journal, "Journal de banque", payment.received_on, payment.reference or f"PAY{payment.id}",
                 label, tuple(m for m in lines_out if m.amount != 0), payment.currency if foreign else "")


def numbered(streams: Sequence[Iterable[Entry]]) -> Iterator[Entry]:
    """Entries of several journals, each stream already in date order, merged by date (on one day,
    in the order of the streams) and numbered without a gap within each journal (VE000001...)."""
    counters: dict[str, int] = {}
    keyed = [_keyed(stream, rank) for rank, stream in enumerate(streams)]
    for _key, entry in heapq.merge(*keyed, key=lambda pair: pair[0]):
        counters[entry.journal] = counters.get(entry.journal, 0) + 1
        yield replace(entry, number=f"{entry.journal}{counters[entry.journal]:06d}")


def _keyed(stream: Iterable[Entry], rank: int) -> Iterator[tuple[tuple[date, int], Entry]]:
    for entry in stream:
        yield (entry.day, rank), entry
