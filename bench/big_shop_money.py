"""The big shop's money: payments at checkout and by transfer (with their bank statement lines and a
review queue of doubtful and unmatched ones), refunds, balances and reminders, each journaled on the
day it happens, in the order the application would journal it.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import date, timedelta

from bench.big_shop import BANK, CREATED, LAST_DAY, RATES, Shop, Table
from bench.big_shop_documents import Issued, Journal, money

PAYMENT_COLUMNS = ("id", "source", "external_id", "kind", "received_on", "amount", "fee", "currency", "method",
                   "reference", "payer_name", "label", "customer_id", "created_at")
ALLOCATION_COLUMNS = ("payment_id", "invoice_id", "customer_id", "amount", "created_at")
BALANCE_COLUMNS = ("invoice_id", "paid", "credited", "balance", "open", "last_paid_on", "due_date", "issue_date",
                   "currency", "exchange_rate", "customer_id")
REMINDER_COLUMNS = ("invoice_id", "level", "prepared_on", "channel", "fee", "interest", "indemnity", "amount_due",
                    "created_at")
LINE_COLUMNS = ("origin", "source", "account", "external_id", "booked_on", "amount", "fee", "currency", "kind",
                "method", "label", "payer_name", "payer_email", "refs", "gateway_ids", "payout_id", "related_id",
                "reversal", "file_name", "file_line", "state", "confidence", "rule", "reason", "proposal",
                "customer_id", "payment_id", "created_at")
# The default dunning plan: days after the due date, and the channel of each level.
LEVELS = ((7, "email"), (15, "email"), (30, "letter"))
Event = tuple[str, Issued, int, int]          # (what, invoice, amount, reminder level)


class Money:
    def __init__(self, connection: sqlite3.Connection, journal: Journal, rng: random.Random, shop: Shop) -> None:
        self.journal, self.rng, self.shop = journal, rng, shop
        self.tables = {name: Table(connection, name, columns) for name, columns in (
            ("payments", PAYMENT_COLUMNS), ("payment_allocations", ALLOCATION_COLUMNS),
            ("invoice_balances", BALANCE_COLUMNS), ("reminders", REMINDER_COLUMNS),
            ("statement_lines", LINE_COLUMNS))}
        self.buffers: dict[str, list[tuple[object, ...]]] = {name: [] for name in self.tables}
        self.events: dict[date, list[Event]] = {}
        self.next_payment = 1
        self.lines = 0

    # -- what happens to an invoice -------------------------------------------------------------------------

    def invoiced(self, issued: Issued, credited: int) -> None:
        """Schedule what will happen to a new invoice, and write its balance as it stands on the last day."""
        payments: list[tuple[date, int]] = []
        if issued.checkout:
            self._pay(issued.day, issued, issued.total)
            payments.append((issued.day, issued.total))
        elif not credited:
            payments = self._transfers(issued)
        paid = sum(amount for _day, amount in payments) - (issued.total if credited and issued.checkout else 0)
        balance = issued.total - paid - credited
        last = max((day for day, _amount in payments), default=None)
        customer = issued.customer
        self.buffers["invoice_balances"].append((issued.id, paid, credited, balance, 1 if balance > 0 else 0,
                                                 last.isoformat() if last else None, issued.due.isoformat(),
                                                 issued.day.isoformat(), customer.currency,
                                                 RATES.get(customer.currency), customer.id))
        if not issued.checkout and not credited:
            self._schedule_reminders(issued, payments)

    def _transfers(self, issued: Issued) -> list[tuple[date, int]]:
        """Businesses pay by transfer, each at their own pace; a few pay half, a few never."""
        habit = (-10, 0, 5, 15, 40)[issued.customer.id % 5]
        paid_on = issued.due + timedelta(days=habit + self.rng.randint(-5, 5))
        draw = self.rng.random()
        amount = issued.total // 2 if draw < 0.05 else issued.total if draw < 0.92 else 0
        if amount and paid_on <= LAST_DAY:
            self.events.setdefault(paid_on, []).append(("transfer", issued, amount, 0))
            return [(paid_on, amount)]
        if not amount and self.rng.random() < 0.3:
            # Money that came without a usable reference: the review queue proposes this invoice.
            when = min(LAST_DAY, issued.due + timedelta(days=self.rng.randint(5, 40)))
            self.events.setdefault(when, []).append(("doubtful", issued, issued.total, 0))
        return []

    def _schedule_reminders(self, issued: Issued, payments: list[tuple[date, int]]) -> None:
        settled_on = payments[0][0] if payments and payments[0][1] == issued.total else None
        left = issued.total - sum(amount for _day, amount in payments)
        for level, (days, _channel) in enumerate(LEVELS, start=1):
            day = issued.due + timedelta(days=days)
            if day > LAST_DAY or (settled_on is not None and settled_on <= day):
                return
            self.events.setdefault(day, []).append(("remind", issued, max(left, 0), level))

    def credited(self, issued: Issued, note: Issued) -> None:
        """A credit note: a checkout order is refunded through the gateway the same day."""
        if issued.checkout:
            self._pay(note.day, issued, -issued.total, refund=note.number)

    # -- days -----------------------------------------------------------------------------------------------

    def day_ends(self, day: date) -> None:
        for kind, issued, amount, level in self.events.pop(day, []):
            if kind == "transfer":
                payment_id = self._pay(day, issued, amount)
                self._line(day, issued, amount, "matched", payment_id)
            elif kind == "doubtful":
                self._line(day, issued, amount, "doubtful", None)
            else:
                self._remind(day, issued, level, amount)
        if day.day == 28:
            self._bank_fee(day)

    def _pay(self, day: date, issued: Issued, amount: int, refund: str = "") -> int:
        payment_id, self.next_payment = self.next_payment, self.next_payment + 1
        customer = issued.customer
        iso = day.isoformat()
        if issued.checkout:
            source, external, method = "checkout", (f"refund:{refund}" if refund else f"order:{issued.order_id}"), \
                "Shopify Payments"
            payload: dict[str, object] = {"refund" if refund else "invoice": refund or issued.number,
                                          "amount": money(amount), "method": method}
        else:
            source, external, method = BANK, f"VIR{payment_id:08d}", "transfer"
            payload = {"payment": payment_id, "source": source, "external_id": external, "received_on": day,
                       "amount": money(amount), "fee": money(0), "currency": customer.currency, "method": method,
                       "allocations": [{"invoice": issued.number, "amount": money(amount)}], "credit": money(0),
                       "customer_id": customer.id}
        self.buffers["payments"].append((payment_id, source, external, "refund" if refund else "payment", iso, amount,
                                         0, customer.currency, method, refund or issued.number, customer.name,
                                         "", customer.id, CREATED))
        self.buffers["payment_allocations"].append((payment_id, issued.id, customer.id, amount, CREATED))
        self.journal.add(day, "payment_recorded", refund or issued.number, payload)
        self.shop.payments += 1
        return payment_id

    def _line(self, day: date, issued: Issued, amount: int, state: str, payment_id: int | None) -> None:
        self.lines += 1
        customer = issued.customer
        label = (f"VIR SEPA {customer.name.upper()} {issued.number}" if state == "matched"
                 else f"VIR SEPA {customer.name.upper()} REGLEMENT")
        proposal = {"allocations": [{"invoice_id": issued.id, "number": issued.number, "amount": str(money(amount))}],
                    "settlements": [], "credit": "0.00", "customer_id": customer.id, "fee": "0.00"}
        sure = state == "matched"
        self.buffers["statement_lines"].append((
            BANK, "camt053", "FR7630006000011234567890189", f"LINE{self.lines:08d}", day.isoformat(), amount, 0,
            customer.currency, "payment", "transfer", label, customer.name, "",
            json.dumps([issued.number] if sure else []), "[]", "", "", 0, "releve.xml", self.lines, state,
            "sure" if sure else "doubtful", "reference" if sure else "amount_and_name",
            "The reference names the invoice." if sure else "Same amount and payer, but no invoice number.",
            json.dumps(proposal, sort_keys=True), customer.id, payment_id, CREATED))

    def _bank_fee(self, day: date) -> None:
        self.lines += 1
        self.buffers["statement_lines"].append((
            BANK, "camt053", "FR7630006000011234567890189", f"LINE{self.lines:08d}", day.isoformat(), -1290, 0, "EUR",
            "fee", "", "FRAIS TENUE DE COMPTE", "", "", "[]", "[]", "", "", 0, "releve.xml", self.lines,
            "not_payment", "none", "", "Bank charges, not a customer's payment.", "{}", None, None, CREATED))

    def _remind(self, day: date, issued: Issued, level: int, due: int) -> None:
        channel = LEVELS[level - 1][1]
        self.buffers["reminders"].append((issued.id, level, day.isoformat(), channel, 0, 0, 0, due, CREATED))
        self.journal.add(day, "reminder_sent", issued.number, {
            "number": issued.number, "level": level, "channel": channel, "amount_due": money(due),
            "interest": money(0), "indemnity": money(0), "fee": money(0), "message_id": "", "sent_at": day})

    # -- writing --------------------------------------------------------------------------------------------

    def flush(self) -> None:
        for name, table in self.tables.items():
            table.insert(self.buffers[name])
            self.buffers[name].clear()

    def finish(self) -> None:
        """Money that arrived without any invoice to match, for the review queue; then write the rest."""
        for number in range(1, 1201):
            day = LAST_DAY - timedelta(days=self.rng.randint(0, 90))
            self.lines += 1
            self.buffers["statement_lines"].append((
                BANK, "camt053", "FR7630006000011234567890189", f"LINE{self.lines:08d}", day.isoformat(),
                self.rng.randint(1500, 40_000), 0, "EUR", "payment", "transfer", f"VIR SEPA CLIENT INCONNU {number}",
                f"Client inconnu {number}", "", "[]", "[]", "", "", 0, "releve.xml", self.lines, "unmatched", "none",
                "", "No invoice, customer or amount matches.", "{}", None, None, CREATED))
        self.flush()
