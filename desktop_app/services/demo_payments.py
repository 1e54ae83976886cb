"""The demo shop's money: a year of bank statements (camt.053 each past month, CFONB 120 for the
current one), a Stripe balance report and a PayPal activity download, written the way the bank
and the providers hand them out, then imported through the same path as a shopkeeper's files.

Most invoices are paid, some late, some in part, a few not at all (they are overdue); the bank
also shows provider payouts, fees, rent and a cheque that nothing explains, and a couple of lines
wait in the review queue for the user to decide.
"""

from __future__ import annotations

import random
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from desktop_app.domain.money import ZERO, round_amount
from desktop_app.domain.payments import OpenItem, Transaction, TransactionKind, fold
from desktop_app.domain.progress import run_job
from desktop_app.formats.payments.writers import write_camt053, write_cfonb120, write_paypal, write_stripe_balance
from desktop_app.services.company import show_company
from desktop_app.services.payment_import import import_payments
from desktop_app.store import open_items
from desktop_app.store.database import Database

_PAYPAL_ACCOUNT = "paypal@maison-lumiere.example"


class _Bank:
    """The bank account's lines, numbered the way a bank numbers its entries."""

    def __init__(self, iban: str) -> None:
        self.iban = iban
        self.lines: list[Transaction] = []

    def add(self, day: date, amount: Decimal, label: str, payer: str = "",
            kind: TransactionKind = TransactionKind.PAYMENT) -> None:
        external_id = f"{day:%Y%m%d}{len(self.lines) + 1:06d}"
        self.lines.append(Transaction("camt053", self.iban, external_id, day, amount, "EUR", kind=kind, label=label,
                                      payer_name=payer))


def _transfer_label(rng: random.Random, item: OpenItem, payer: str) -> str:
    order = item.order_reference.lstrip("#")
    return rng.choice([f"VIR SEPA RECU /DE {payer} /MOTIF Commande {order}",
                       f"VIR SEPA RECU /DE {payer} /MOTIF {item.number}",
                       f"VIR INST RECU /DE {payer} /MOTIF CMD {order}",
                       f"VIR SEPA RECU /DE {payer} /MOTIF FACTURE {item.number} MERCI"])


def _pays(rng: random.Random, item: OpenItem, today: date) -> bool:
    """Whether a customer has paid by now: old invoices almost all, recent ones far less (so the demo has
    invoices overdue by a few days to a few weeks, at every reminder level)."""
    late = (today - (item.due_date or item.issue_date)).days
    chance = 30 if late < 0 else 0 if late <= 30 else 40 if late <= 60 else 75 if late <= 120 else 92
    return rng.randrange(100) < chance


def _transfers(rng: random.Random, items: list[OpenItem], bank: _Bank, today: date) -> None:
    """Invoices awaiting a transfer: most paid on time, some late, some in part, some not (yet)."""
    waiting = sorted((i for i in items if i.amount_due > 0 and not i.paid_at_checkout_by and i.currency == "EUR"),
                     key=lambda i: i.issue_date)
    for index, item in enumerate(waiting):
        payer = fold(item.customer_name)
        roll = rng.randrange(100)
        delay = rng.randint(3, 28) if roll < 70 else rng.randint(35, 75)        # the last third pay late
        day = item.issue_date + timedelta(days=delay)
        if day > today or not _pays(rng, item, today):
            continue                                                            # not paid: overdue, reminded
        if index in (3, 11):                                                    # a cheque that names nobody
            bank.add(day, item.amount_due, f"REMISE CHEQUE N {rng.randint(1000000, 9999999)}")
        elif roll < 10:                                                         # paid without a reference
            bank.add(day, item.amount_due, f"VIR SEPA RECU /DE {payer} /MOTIF Merci", payer)
        elif roll < 18:                                                         # a first half, the rest later
            half = round_amount(item.amount_due / 2)
            bank.add(day, half, _transfer_label(rng, item, payer) + " ACOMPTE", payer)
            if day + timedelta(days=30) <= today and roll < 14:
                bank.add(day + timedelta(days=30), item.amount_due - half, _transfer_label(rng, item, payer), payer)
        else:
            bank.add(day, item.amount_due, _transfer_label(rng, item, payer), payer)
            if index == 7 and day + timedelta(days=6) <= today:                 # paid twice by mistake
                bank.add(day + timedelta(days=6), item.amount_due, _transfer_label(rng, item, payer), payer)


def _provider_lines(rng: random.Random, items: list[OpenItem], today: date
                    ) -> tuple[list[Transaction], list[Transaction]]:
    """Stripe charges for orders paid by card on the trade shop, PayPal payments for the web shop."""
    stripe, paypal = [], []
    for item in sorted(items, key=lambda i: i.issue_date):
        method = item.paid_at_checkout_by.lower()
        if item.awaiting_settlement <= 0 or item.issue_date > today:
            continue
        amount = item.awaiting_settlement
        if "stripe" in method:
            fee = round_amount(amount * Decimal("0.015") + Decimal("0.25"))
            charge = f"ch_3Q{rng.getrandbits(80):020x}"
            stripe.append(Transaction("stripe", "", charge, item.issue_date, amount, item.currency, label=(
                f"Maison Lumière - Order {item.order_reference}"), payer_name=item.customer_name,
                payer_email=item.customer_email, references=(item.order_reference,),
                gateway_ids=(f"txn_3Q{rng.getrandbits(80):020x}", *item.gateway_ids), fee=fee))
        elif "paypal" in method:
            fee = round_amount(amount * Decimal("0.029") + Decimal("0.35"))
            paypal.append(Transaction("paypal", "", f"{rng.getrandbits(68):017X}", item.issue_date, amount,
                                      item.currency, label="Commande Maison Lumière", payer_name=item.customer_name,
                                      payer_email=item.customer_email, references=(item.order_reference,), fee=fee))
    return stripe, paypal


def _payouts(lines: list[Transaction], every: int, today: date) -> Iterator[tuple[date, Decimal, str]]:
    """Provider balances paid out to the bank every `every` days: (day, net amount, payout id)."""
    batches: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for tx in lines:
        if tx.currency == "EUR":
            ordinal = tx.booked_on.toordinal()
            batches[date.fromordinal(ordinal - ordinal % every + every)] += tx.net
    for day, amount in sorted(batches.items()):
        if day <= today:
            yield day, amount, f"po_1Q{day:%Y%m%d}{int(amount * 100):08d}"


def _with_payouts(stripe: list[Transaction], paypal: list[Transaction], bank: _Bank, today: date
                  ) -> tuple[list[Transaction], list[Transaction]]:
    stripe_out, paypal_out = list(stripe), list(paypal)
    for day, amount, payout in _payouts(stripe, 7, today):
        stripe_out.append(Transaction("stripe", "", payout, day, -amount, "EUR", kind=TransactionKind.PAYOUT,
                                      label="STRIPE PAYOUT", payout_id=payout))
        bank.add(day + timedelta(days=2), amount, "VIR SEPA RECU /DE STRIPE /MOTIF STRIPE PAYOUT", "STRIPE")
    for day, amount, payout in _payouts(paypal, 30, today):
        paypal_out.append(Transaction("paypal", "", payout[-17:].upper(), day, -amount, "EUR",
                                      kind=TransactionKind.PAYOUT, payer_name="Maison Lumière"))
        bank.add(day + timedelta(days=1), amount, "VIR SEPA RECU /DE PAYPAL EUROPE S.A.R.L. ET CIE", "PAYPAL EUROPE")
    return stripe_out, paypal_out


def _everyday_lines(rng: random.Random, bank: _Bank, first: date, today: date) -> None:
    """What else a shop's account shows: fees, suppliers, rent, and money nothing explains."""
    month = date(first.year, first.month, 1)
    while month <= today:
        end = min((month + timedelta(days=32)).replace(day=1) - timedelta(days=1), today)
        bank.add(end, Decimal("-8.50"), "FRAIS TENUE DE COMPTE", kind=TransactionKind.FEE)
        bank.add(min(month + timedelta(days=4), today), Decimal("-950.00"), "PRLV SEPA SCI LES TILLEULS LOYER")
        bank.add(min(month + timedelta(days=9), today), -Decimal(rng.randint(30000, 90000)) / 100,
                 "VIR SEPA EMIS /A THES DU MONDE SARL /MOTIF FACTURE FOURNISSEUR")
        month = end + timedelta(days=1)
    bank.add(today - timedelta(days=12), Decimal("120.00"), "VIR SEPA RECU /DE ASSOC THE ET CULTURE /MOTIF STAND",
             "ASSOC THE ET CULTURE")
    bank.add(today - timedelta(days=5), Decimal("64.80"), "REMISE CHEQUE N 4410233")


def _statements(bank: _Bank, folder: Path, today: date) -> list[Path]:
    """One camt.053 file per past month, CFONB 120 for the current one (as banks offer both)."""
    by_month: dict[tuple[int, int], list[Transaction]] = defaultdict(list)
    for tx in sorted(bank.lines, key=lambda t: (t.booked_on, t.external_id)):
        by_month[(tx.booked_on.year, tx.booked_on.month)].append(tx)
    paths, balance = [], Decimal("4200.00")
    for (year, month), lines in sorted(by_month.items()):
        if (year, month) == (today.year, today.month):
            path = folder / f"releve-{year}-{month:02d}.txt"
            path.write_bytes(write_cfonb120(lines, bank.iban, opening=balance))
        else:
            path = folder / f"camt053-{year}-{month:02d}.xml"
            path.write_bytes(write_camt053(lines, bank.iban, opening=balance,
                                           statement_id=f"STMT-{year}-{month:02d}"))
        balance += sum((tx.amount for tx in lines), ZERO)
        paths.append(path)
    return paths


def add_demo_payments(db: Database, today: date, rng: random.Random) -> int:
    """Write the demo shop's statement and provider files and import them; returns the payments recorded."""
    iban = show_company(db).iban or "FR7630006000011234567890189"
    with db.reading() as session:
        items = open_items.open_items(session, today - timedelta(days=400))
    if not items:
        return 0
    bank = _Bank(iban)
    _transfers(rng, items, bank, today)
    stripe, paypal = _with_payouts(*_provider_lines(rng, items, today), bank, today)
    _everyday_lines(rng, bank, min(i.issue_date for i in items), today)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        paths = _statements(bank, folder, today)
        if stripe:
            paths.append(folder / "balance_change_from_activity.csv")
            paths[-1].write_bytes(write_stripe_balance(stripe))
        if paypal:
            paths.append(folder / "Download.CSV")
            paths[-1].write_bytes(write_paypal(paypal, "fr", _PAYPAL_ACCOUNT))
        summary = run_job(import_payments(db, paths))
    return summary.payments
