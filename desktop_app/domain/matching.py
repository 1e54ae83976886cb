"""Matching payments to invoices: which invoice a bank or provider line pays, how sure we are, and why.

Rules run in passes over all the lines, strongest first, so that a line quoting an invoice number
wins over another that merely has its amount: (0) lines that are not customer payments; (1) exact
ids (the shop's gateway id, our RF creditor reference); (2) invoice or order references in the
texts; (3) amount and customer name; (4) amount alone, unique around the date; (5) a bare number
of an invoice with another amount. Lines and invoices are taken in a canonical order, so the
result does not depend on the order of the file. Money never goes beyond a line's amount or an
invoice's balance; what is left of a payment is the customer's credit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from desktop_app.domain.money import ZERO, format_plain
from desktop_app.domain.payments import (
    BANK_SOURCES,
    PROVIDER_SOURCES,
    Allocation,
    Confidence,
    Match,
    OpenItem,
    Rule,
    Transaction,
    TransactionKind,
    compact_reference,
    creditor_references,
    find_references,
    fold,
    name_tokens,
    reference_keys,
    tokens_match,
)
from desktop_app.i18n import _

# Names under which payment providers and marketplaces pay out to the bank, as banks print them.
_PAYOUT_NAMES = {"STRIPE": "Stripe", "PAYPAL": "PayPal", "SHOPIFY": "Shopify", "SUMUP": "SumUp", "ETSY": "Etsy",
                 "AMAZON": "Amazon", "MOLLIE": "Mollie", "ADYEN": "Adyen", "LYDIA": "Lydia", "PAYPLUG": "PayPlug"}


@dataclass(frozen=True, slots=True)
class MatchOptions:
    """How far apart in time an invoice and a payment matched on amount alone may be."""

    window_days: int = 90        # invoice issued at most this long before the payment
    early_days: int = 7          # ... or this long after it (a transfer sent before the invoice)


def match_transactions(transactions: Iterable[Transaction], items: Iterable[OpenItem],
                       options: MatchOptions | None = None) -> list[Match]:
    """One match for each transaction, in the canonical order (booking date, account, id)."""
    options = options or MatchOptions()
    lines = sorted(transactions, key=_line_order)
    book = _Book(items)
    results: dict[int, Match] = {}
    pending = list(range(len(lines)))
    for rule in (_not_a_payment, _exact_ids, _strong_reference):
        pending = _run_pass(lines, pending, results, book, rule)
    pending = _run_pass(lines, pending, results, book, _amount_and_name)
    competitors = _amount_competitors([lines[i] for i in pending], book, options)
    pending = _run_pass(lines, pending, results, book,
                        lambda tx, b: _amount_only(tx, b, options, competitors))
    pending = _run_pass(lines, pending, results, book, _weak_reference)
    for index in pending:
        results[index] = Match(lines[index], Confidence.NONE, Rule.NO_MATCH, _(
            "No open invoice matches: no reference, customer name or unique amount was found."))
    return [results[i] for i in range(len(lines))]


def _line_order(tx: Transaction) -> tuple[object, ...]:
    return (tx.booked_on, tx.origin, tx.external_id, tx.amount, tx.currency, tx.label, tx.references,
            tx.gateway_ids, tx.payer_name, tx.source_line, str(tx.value_on), tx.fee, tx.kind)


def _run_pass(lines: Sequence[Transaction], pending: list[int], results: dict[int, Match], book: _Book,
              rule: _RuleFunction) -> list[int]:
    left = []
    for index in pending:
        found = rule(lines[index], book)
        if found is None:
            left.append(index)
        else:
            results[index] = found
            book.apply(found)
    return left


class _Book:
    """What is still due on each invoice while the lines are matched, with indexes to find them
    (a statement of a thousand lines against ten thousand open invoices must not compare each pair)."""

    __slots__ = ("awaiting", "by_amount", "by_creditor_ref", "by_email", "by_gateway", "by_id", "by_key", "by_word",
                 "due", "items", "words")

    def __init__(self, items: Iterable[OpenItem]) -> None:
        self.by_id = {item.invoice_id: item for item in items}
        self.items = sorted(self.by_id.values(), key=lambda item: item.oldest_first_key)
        self.due = {item.invoice_id: max(item.amount_due, ZERO) for item in self.items}
        self.awaiting = {item.invoice_id: max(item.awaiting_settlement, ZERO) for item in self.items}
        self.by_key: dict[str, list[OpenItem]] = defaultdict(list)
        self.by_gateway: dict[str, list[OpenItem]] = defaultdict(list)
        self.by_creditor_ref: dict[str, list[OpenItem]] = defaultdict(list)
        self.by_word: dict[str, list[OpenItem]] = defaultdict(list)
        self.by_email: dict[str, list[OpenItem]] = defaultdict(list)
        self.by_amount: dict[tuple[str, Decimal], dict[int, OpenItem]] = defaultdict(dict)
        self.words = {item.invoice_id: tuple(name_tokens(item.customer_name)) for item in self.items}
        for item in self.items:
            for key in reference_keys(item.number) | reference_keys(item.order_reference):
                self.by_key[key].append(item)
            for gateway_id in item.gateway_ids:
                if gateway_id.strip():
                    self.by_gateway[gateway_id.strip()].append(item)
            if item.payment_reference:
                self.by_creditor_ref[compact_reference(item.payment_reference)].append(item)
            for word in set(self.words[item.invoice_id]):
                if len(word) >= 3:         # a name matches only with a whole word of three letters or more
                    self.by_word[word].append(item)
            if item.customer_email:
                self.by_email[item.customer_email.casefold()].append(item)
            self.by_amount[(item.currency, self.due[item.invoice_id])][item.invoice_id] = item

    def open_amount(self, item: OpenItem) -> Decimal:
        return self.due[item.invoice_id] + self.awaiting[item.invoice_id]

    def apply(self, match: Match) -> None:
        for allocation in match.allocations:
            item = self.by_id[allocation.invoice_id]
            del self.by_amount[(item.currency, self.due[item.invoice_id])][item.invoice_id]
            self.due[item.invoice_id] -= allocation.amount
            self.by_amount[(item.currency, self.due[item.invoice_id])][item.invoice_id] = item
        for settlement in match.settlements:
            self.awaiting[settlement.invoice_id] -= settlement.amount


_RuleFunction = Callable[[Transaction, _Book], "Match | None"]


def _not_a_payment(tx: Transaction, book: _Book) -> Match | None:
    """Fees, payouts, outgoing money and reversals pay no invoice; say what they are."""
    if tx.kind is TransactionKind.REFUND:
        concerned = _items_by_ids(book, {tx.related_id, *tx.gateway_ids} - {""}) or _referenced_items(tx, book)[0]
        if concerned:
            return Match(tx, Confidence.DOUBTFUL, Rule.REFUND, _(
                "Refund of {numbers}: make a credit note for it if none exists.").format(
                numbers=_numbers(concerned)), refers_to=tuple(i.invoice_id for i in concerned))
        return Match(tx, Confidence.NONE, Rule.REFUND, _("Money refunded to a customer; no invoice was found."))
    if tx.kind is TransactionKind.REVERSAL:
        return Match(tx, Confidence.NONE, Rule.NOT_A_PAYMENT, _("The bank reverses an earlier entry."))
    if tx.kind is TransactionKind.FEE:
        return Match(tx, Confidence.NONE, Rule.NOT_A_PAYMENT, _("A fee, not a customer's payment."))
    if tx.kind is TransactionKind.PAYOUT:
        return Match(tx, Confidence.NONE, Rule.NOT_A_PAYMENT, _(
            "Money moved between the provider and the bank, not a customer's payment."))
    if tx.amount <= 0:
        return Match(tx, Confidence.NONE, Rule.NOT_A_PAYMENT, _("Money going out, not a customer's payment."))
    if tx.kind is not TransactionKind.PAYMENT:
        return Match(tx, Confidence.NONE, Rule.NOT_A_PAYMENT, _(
            "A transfer within the provider account (conversion or adjustment), not a customer's payment."))
    if tx.source in BANK_SOURCES:
        said = fold(f"{tx.payer_name} {tx.label}")
        for name in _PAYOUT_NAMES:
            if name in said:
                return Match(tx, Confidence.NONE, Rule.PROVIDER_PAYOUT, _(
                    "A payout from {provider}: it groups many orders, whose payments come from the "
                    "{provider} file.").format(provider=_PAYOUT_NAMES[name]))
    return None


def _exact_ids(tx: Transaction, book: _Book) -> Match | None:
    """The shop's own payment id, or the RF creditor reference printed on the invoice."""
    ids = set(tx.gateway_ids) | ({tx.external_id} if tx.source in PROVIDER_SOURCES else set())
    targets = [item for item in _items_by_ids(book, ids - {""}) if item.currency == tx.currency]
    if targets:
        return _apply(tx, targets, book, Rule.GATEWAY_ID, strong=True, why=_(
            "The payment id {id} is the one the shop recorded for {numbers}.").format(
            id=sorted(ids & {g for t in targets for g in t.gateway_ids})[0], numbers=_numbers(targets)))
    texts = [tx.label, *tx.references]
    refs = set().union(*(creditor_references(text) for text in texts))
    targets = _unique([item for ref in sorted(refs) for item in book.by_creditor_ref.get(ref, ())
                       if item.currency == tx.currency])
    if targets:
        return _apply(tx, targets, book, Rule.CREDITOR_REFERENCE, strong=True, why=_(
            "The creditor reference is that of {numbers}.").format(numbers=_numbers(targets)))
    return None


def _strong_reference(tx: Transaction, book: _Book) -> Match | None:
    return _by_reference(tx, book, weak_allowed=False)


def _weak_reference(tx: Transaction, book: _Book) -> Match | None:
    return _by_reference(tx, book, weak_allowed=True)


def _by_reference(tx: Transaction, book: _Book, weak_allowed: bool) -> Match | None:
    """Invoice numbers and order references quoted in the label, remittance or structured fields."""
    strong, weak = _referenced_items(tx, book)
    if strong and weak and tx.amount == sum((book.open_amount(t) for t in strong + weak), ZERO):
        strong, weak = _unique(strong + weak), []     # 'Factures 1006 + 1007': the amount says both
    if strong:
        targets = _disambiguate(tx, strong, book)
        return _apply(tx, targets, book, Rule.REFERENCE, strong=len(targets) == len(strong), why=_(
            "The payment quotes {what}.").format(what=_quoted(targets)))
    if not weak:
        return None
    targets = _disambiguate(tx, weak, book)
    exact = tx.amount == sum((book.open_amount(t) for t in targets), ZERO)
    if exact and len(targets) == len(weak):
        return _apply(tx, targets, book, Rule.REFERENCE, strong=False, why=_(
            "The payment gives the number of {what} and its exact amount.").format(what=_quoted(targets)))
    if not weak_allowed:
        return None
    return _apply(tx, targets, book, Rule.REFERENCE, strong=False, cap=Confidence.DOUBTFUL, why=_(
        "The payment holds a number that is also that of {what}, with another amount.").format(
        what=_quoted(targets)))


def _referenced_items(tx: Transaction, book: _Book) -> tuple[list[OpenItem], list[OpenItem]]:
    """Invoices named in the texts of a line: (announced references, bare numbers)."""
    hits = []
    for source, (text, structured) in enumerate([(tx.label, False)] + [(r, True) for r in tx.references]):
        for hit in find_references(text, structured):
            found = [i for i in book.by_key.get(hit.key, ()) if i.currency == tx.currency]
            if found:
                hits.append((source, hit, found))
    # A number inside a longer reference that matched ('1007' in 'F2026-01007') is part of it, not another.
    kept = [(s, h, f) for s, h, f in hits
            if not any(s == s2 and h2.start <= h.start and h.end <= h2.end and (h2.end - h2.start) > (h.end - h.start)
                       for s2, h2, _f in hits)]
    strong = _unique([item for _s, hit, found in kept if hit.strong for item in found])
    ids = {item.invoice_id for item in strong}
    weak = _unique([item for _s, hit, found in kept if not hit.strong for item in found
                    if item.invoice_id not in ids])
    return strong, weak


def _disambiguate(tx: Transaction, targets: list[OpenItem], book: _Book) -> list[OpenItem]:
    """When a key names invoices of several customers, keep the one whose amount fits, if one does."""
    customers = {_customer_key(t) for t in targets}
    if len(customers) <= 1 or tx.amount == sum((book.open_amount(t) for t in targets), ZERO):
        return targets
    fitting = [t for t in targets if book.open_amount(t) == tx.amount]
    return fitting if len(fitting) == 1 else targets


def _amount_and_name(tx: Transaction, book: _Book) -> Match | None:
    """The payer is a customer with open invoices: one of them, or all of them, for this amount."""
    groups = _payer_groups(tx, book)
    fits = []
    for customer_items in groups:
        single = [i for i in customer_items if book.due[i.invoice_id] == tx.amount]
        if single:
            fits.append(single)
        elif sum((book.due[i.invoice_id] for i in customer_items), ZERO) == tx.amount:
            fits.append(customer_items)
    amount = format_plain(tx.amount)
    if len(fits) == 1 and sum((book.due[i.invoice_id] for i in fits[0]), ZERO) == tx.amount:
        return _apply(tx, fits[0], book, Rule.AMOUNT_AND_NAME, strong=True, why=_(
            "{name} pays {amount}, what is due on {numbers}.").format(
            name=fits[0][0].customer_name, amount=amount, numbers=_numbers(fits[0])))
    if fits:
        oldest = min((i for fit in fits for i in fit), key=lambda item: item.oldest_first_key)
        return _apply(tx, [oldest], book, Rule.AMOUNT_AND_NAME, strong=False, cap=Confidence.DOUBTFUL, why=_(
            "Several open invoices of customers named like the payer are due for {amount}; the oldest is "
            "proposed.").format(amount=amount))
    if len(groups) == 1:
        return _apply(tx, groups[0], book, Rule.AMOUNT_AND_NAME, strong=False, cap=Confidence.DOUBTFUL, why=_(
            "{name} has open invoices, none for {amount}.").format(name=groups[0][0].customer_name, amount=amount))
    return None


def _payer_groups(tx: Transaction, book: _Book) -> list[list[OpenItem]]:
    """Open invoices of the customers the payer's name (or e-mail) designates, per customer."""
    payer = frozenset(name_tokens(tx.payer_name or tx.label))
    verdicts: dict[tuple[str, ...], bool] = {}       # many invoices share a customer: judge each name once
    named: list[OpenItem] = []
    for word in payer:
        for item in book.by_word.get(word, ()):
            words = book.words[item.invoice_id]
            if words not in verdicts:
                verdicts[words] = tokens_match(payer, words)
            if verdicts[words]:
                named.append(item)
    if tx.payer_email:
        named += book.by_email.get(tx.payer_email.casefold(), ())
    groups: dict[object, list[OpenItem]] = defaultdict(list)
    for item in _unique(named):
        if item.currency == tx.currency and book.due[item.invoice_id] > 0:
            groups[_customer_key(item)].append(item)
    return list(groups.values())


def _amount_competitors(lines: Iterable[Transaction], book: _Book, options: MatchOptions) -> dict[int, int]:
    """How many unmatched lines could each invoice's amount-only match go to."""
    counts: dict[int, int] = defaultdict(int)
    for tx in lines:
        if tx.amount > 0 and tx.kind is TransactionKind.PAYMENT:
            for item in _amount_candidates(tx, book, options):
                counts[item.invoice_id] += 1
    return counts


def _amount_candidates(tx: Transaction, book: _Book, options: MatchOptions) -> list[OpenItem]:
    earliest = tx.booked_on - timedelta(days=options.window_days)
    latest = tx.booked_on + timedelta(days=options.early_days)
    same = book.by_amount.get((tx.currency, tx.amount), {}).values()
    return sorted((i for i in same if book.awaiting[i.invoice_id] == 0 and earliest <= i.issue_date <= latest),
                  key=lambda item: item.oldest_first_key)


def _amount_only(tx: Transaction, book: _Book, options: MatchOptions, competitors: dict[int, int]) -> Match | None:
    candidates = _amount_candidates(tx, book, options)
    if len(candidates) != 1 or competitors.get(candidates[0].invoice_id, 0) > 1:
        return None
    item = candidates[0]
    return _apply(tx, [item], book, Rule.AMOUNT_ONLY, strong=False, cap=Confidence.DOUBTFUL, why=_(
        "Only {number} is due for {amount} around this date; no reference or name confirms it.").format(
        number=item.number, amount=format_plain(tx.amount)))


def _apply(tx: Transaction, targets: list[OpenItem], book: _Book, rule: Rule, strong: bool, why: str,
           cap: Confidence = Confidence.SURE) -> Match:
    """Spread a payment over its invoices, oldest first: settle checkout payments, pay what is due,
    keep the rest as credit; then say how sure the result is."""
    targets = sorted(targets, key=lambda item: item.oldest_first_key)
    remaining = tx.amount
    settlements, allocations = [], []
    for item in targets:
        awaiting = book.awaiting[item.invoice_id]
        if awaiting > 0 and remaining > 0 and _settles(tx, item, rule):
            part = min(remaining, awaiting)
            settlements.append(Allocation(item.invoice_id, item.number, part))
            remaining -= part
        due = book.due[item.invoice_id]
        if due > 0 and remaining > 0:
            part = min(remaining, due)
            allocations.append(Allocation(item.invoice_id, item.number, part))
            remaining -= part
    owner = targets[0].customer_id
    fee = tx.fee if tx.source in PROVIDER_SOURCES else ZERO
    if not allocations and not settlements:
        return Match(tx, Confidence.DOUBTFUL, Rule.ALREADY_PAID, _(
            "{numbers} is already paid: this looks like a second payment; it is kept as the customer's "
            "credit.").format(numbers=_numbers(targets)), credit=tx.amount, customer_id=owner, fee=fee,
            refers_to=tuple(t.invoice_id for t in targets))
    left_due = sum((book.due[t.invoice_id] for t in targets), ZERO) - sum((a.amount for a in allocations), ZERO)
    unsettled = sum((book.awaiting[t.invoice_id] for t in targets), ZERO) - sum((s.amount for s in settlements), ZERO)
    notes = [why]
    if settlements:
        notes.append(_("It settles the payment taken at checkout (fee {fee}).").format(fee=format_plain(fee)))
    if left_due > 0 or unsettled > 0:
        notes.append(_("Partial payment: {rest} is still due.").format(rest=format_plain(left_due + unsettled)))
    if remaining > 0:
        notes.append(_("{credit} more than due is kept as the customer's credit.").format(
            credit=format_plain(remaining)))
    sure = strong and unsettled == 0 and (
        (left_due == 0 and remaining == 0)
        or (len(targets) == 1 and remaining == 0 and not settlements)     # a named invoice, paid in part
        or (len(targets) == 1 and not settlements and 0 < remaining < tx.amount - remaining))  # overpaid a little
    if not strong and left_due == 0 and remaining == 0 and unsettled == 0:
        sure = True
    confidence = Confidence.SURE if sure and cap is Confidence.SURE else Confidence.DOUBTFUL
    return Match(tx, confidence, rule, " ".join(notes), tuple(allocations), tuple(settlements),
                 credit=remaining, customer_id=owner, fee=fee)


def _settles(tx: Transaction, item: OpenItem, rule: Rule) -> bool:
    """A provider's line confirms a checkout payment taken through that provider (or bearing its id)."""
    if rule is Rule.GATEWAY_ID:
        return True
    return tx.source in PROVIDER_SOURCES and fold(tx.source) in fold(item.paid_at_checkout_by)


def _items_by_ids(book: _Book, ids: set[str]) -> list[OpenItem]:
    return _unique([item for gateway_id in sorted(ids) for item in book.by_gateway.get(gateway_id, ())])


def _unique(items: Iterable[OpenItem]) -> list[OpenItem]:
    seen: dict[int, OpenItem] = {}
    for item in items:
        seen.setdefault(item.invoice_id, item)
    return sorted(seen.values(), key=lambda item: item.oldest_first_key)


def _customer_key(item: OpenItem) -> object:
    return item.customer_id if item.customer_id is not None else fold(item.customer_name)


def _numbers(items: Sequence[OpenItem]) -> str:
    return ", ".join(item.number for item in items)


def _quoted(items: Sequence[OpenItem]) -> str:
    return ", ".join(_("invoice {number} (order {order})").format(number=i.number, order=i.order_reference)
                     if i.order_reference else _("invoice {number}").format(number=i.number) for i in items)

