"""Payments as read from bank and provider files, the invoices they may pay, and how the
references people type into a transfer are recognised. Plain values, no I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from desktop_app.domain.money import ZERO

BANK_SOURCES = frozenset({"camt053", "ofx", "cfonb"})
PROVIDER_SOURCES = frozenset({"stripe", "paypal"})


class TransactionKind(StrEnum):
    """What a line of a statement is, in the merchant's terms."""

    PAYMENT = "payment"      # money received (a customer's payment, or any other credit)
    REFUND = "refund"        # money given back to a customer
    REVERSAL = "reversal"    # the bank undoes an earlier entry (returned transfer, unpaid direct debit)
    FEE = "fee"              # a bank's or provider's charge
    PAYOUT = "payout"        # a provider's balance sent to the bank (or back)
    OTHER = "other"          # outgoing transfers, card spending, conversions, adjustments


@dataclass(frozen=True, slots=True)
class Transaction:
    """One line of a bank statement or provider export, whole.

    `amount` is signed (+ = money in) and, for providers, gross: the provider's `fee` (a cost,
    positive; negative when the provider gives part of it back) is apart, `net` = amount − fee.
    `external_id` is unique within `account`: the provider's or bank's own id, or a fingerprint of
    the line with an occurrence counter where the file has none.
    """

    source: str                              # reader name: camt053, ofx, cfonb, stripe, paypal
    account: str                             # IBAN / bank account, or provider account ("" = the default one)
    external_id: str
    booked_on: date
    amount: Decimal
    currency: str
    kind: TransactionKind = TransactionKind.PAYMENT
    value_on: date | None = None
    label: str = ""                          # free text: statement label, remittance, description
    payer_name: str = ""                     # the counterparty (payer of a credit, payee of a debit)
    payer_email: str = ""
    references: tuple[str, ...] = ()         # structured: EndToEndId, RF ref, invoice/order numbers given as such
    gateway_ids: tuple[str, ...] = ()        # ch_/pi_/py_/txn_ ids, PayPal transaction id
    fee: Decimal = ZERO
    payout_id: str = ""                      # provider payout (po_...) this line was paid out in
    related_id: str = ""                     # the original transaction a refund or conversion belongs to
    reversal: bool = False                   # camt RvslInd: this entry undoes an earlier one
    method: str = ""                         # transfer, card, cheque, direct debit, paypal...
    source_line: int = 0                     # line of the file where the transaction starts

    @property
    def net(self) -> Decimal:
        """What reached the balance: the gross amount less the provider's fee."""
        return self.amount - self.fee

    @property
    def origin(self) -> str:
        """The store's `source` key: 'bank:<account>' for statements, the provider otherwise."""
        if self.source in BANK_SOURCES:
            return f"bank:{self.account}"
        return f"{self.source}:{self.account}" if self.account else self.source

    @property
    def reference(self) -> str:
        """The first structured reference, the one shown in lists."""
        return self.references[0] if self.references else ""


@dataclass(frozen=True, slots=True)
class OpenItem:
    """An issued invoice as the matching engine sees it.

    `amount_due` is what is left to pay (0 for an invoice already paid: it is given so that a second
    payment of it is recognised). An invoice paid at checkout through a provider carries the amount
    recorded then in `awaiting_settlement` until the provider's file confirms it.
    """

    invoice_id: int
    number: str
    amount_due: Decimal
    currency: str
    issue_date: date
    due_date: date | None = None
    order_reference: str = ""
    customer_id: int | None = None
    customer_name: str = ""
    customer_email: str = ""
    payment_reference: str = ""              # RF creditor reference printed on the invoice
    gateway_ids: tuple[str, ...] = ()        # the shop's payment ids (Stripe ch_/pi_, PayPal transaction)
    paid_at_checkout_by: str = ""            # "stripe", "paypal", "Shopify Payments"...
    awaiting_settlement: Decimal = ZERO

    @property
    def oldest_first_key(self) -> tuple[date, date, str, int]:
        return (self.due_date or self.issue_date, self.issue_date, self.number, self.invoice_id)


class Confidence(StrEnum):
    SURE = "sure"            # applied at once
    DOUBTFUL = "doubtful"    # proposed; waits for the user
    NONE = "none"            # nothing found, or not a customer's payment


class Rule(StrEnum):
    """Which rule produced a match, for filters and statistics (the reason says it in words)."""

    GATEWAY_ID = "gateway_id"
    CREDITOR_REFERENCE = "creditor_reference"
    REFERENCE = "reference"
    AMOUNT_AND_NAME = "amount_and_name"
    AMOUNT_ONLY = "amount_only"
    ALREADY_PAID = "already_paid"
    REFUND = "refund"
    PROVIDER_PAYOUT = "provider_payout"
    NOT_A_PAYMENT = "not_a_payment"
    NO_MATCH = "no_match"


@dataclass(frozen=True, slots=True)
class Allocation:
    """Part of a payment applied to one invoice (or a checkout payment it settles)."""

    invoice_id: int
    number: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Match:
    """What the engine makes of one transaction.

    `allocations` pay invoices; `settlements` confirm payments recorded at checkout (no new money
    on the invoice); `credit` is the part of the payment left to the customer (`customer_id`);
    `refers_to` names invoices the line concerns without paying them (a refund, a second payment).
    """

    transaction: Transaction
    confidence: Confidence
    rule: Rule
    reason: str
    allocations: tuple[Allocation, ...] = ()
    settlements: tuple[Allocation, ...] = ()
    credit: Decimal = ZERO
    customer_id: int | None = None
    fee: Decimal = ZERO
    refers_to: tuple[int, ...] = ()

    @property
    def allocated(self) -> Decimal:
        return sum((a.amount for a in self.allocations), ZERO)


# --- How references typed by people are recognised -------------------------------------------

# Words that announce an invoice or order number: what follows them is surely a reference.
_KEYWORDS = (r"FACTURES?|FACT|FACTU|FAC|FCT|FA|INVOICES?|INV|RECHNUNG|RG|FACTURA|FATTURA|COMMANDES?|CDE|CMDE?|"
             r"ORDERS?|ORD|BESTELLUNG|PEDIDO|ORDINE|REF|REFERENCE|NO|NR|NUM|NUMERO|N")
_KEYWORD_BEFORE = re.compile(rf"(?:^|[^A-Z0-9])(?:{_KEYWORDS})[\s.:#°/-]{{0,4}}$")
_DIGIT_RUN = re.compile(r"(?<![0-9])\d+(?:[-/._ ]\d+)*(?![0-9])")
_LETTER_WORD = re.compile(r"(?<![A-Z0-9])[A-Z]{6,12}(?![A-Z0-9])")
_CREDITOR_REF = re.compile(r"RF\d{2}[A-Z0-9]{1,21}")
# A bare number this short is too common (days, quantities) to mean anything on its own.
_WEAK_MIN_DIGITS = 3
_MAX_GROUPS = 4


def fold(text: str) -> str:
    """Upper-case ASCII letters and digits of a text, so 'Commande n°1007' reads 'COMMANDE N 1007'."""
    text = unicodedata.normalize("NFKD", text.replace("°", " ").replace("º", " "))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).upper()


@dataclass(frozen=True, slots=True)
class ReferenceHit:
    """A candidate reference found in a text: its key, where it stands, and whether it is announced."""

    key: str
    start: int
    end: int
    strong: bool


def reference_keys(reference: str) -> set[str]:
    """Keys of an invoice number or order reference: 'F2026-00042' -> {'2026-42', '202600042'}."""
    folded = fold(reference)
    groups = re.findall(r"\d+", folded)
    if not groups:
        letters = re.sub(r"[^A-Z]", "", folded)
        return {"A:" + letters} if len(letters) >= 6 else set()
    keys = {"-".join(str(int(g)) for g in groups)}
    if len(groups) > 1:
        keys.add(str(int("".join(groups))))
    return keys


def find_references(text: str, structured: bool = False) -> Iterator[ReferenceHit]:
    """Every reference-like key in a text, strong when announced by a prefix, a keyword or '#'.

    A structured field (EndToEndId, order_id, Invoice Number) holding a single number makes it strong.
    """
    folded = fold(text)
    runs = list(_DIGIT_RUN.finditer(folded))
    for run in runs:
        groups = [(m.start() + run.start(), m.end() + run.start(), m.group())
                  for m in re.finditer(r"\d+", run.group())]
        announced = _announced(folded, run.start(), run.end()) or (structured and len(runs) == 1)
        for i in range(len(groups)):
            for j in range(i, min(i + _MAX_GROUPS, len(groups))):
                part = groups[i:j + 1]
                key = "-".join(str(int(g[2])) for g in part)
                strong = (announced and i == 0) or j > i
                if not strong and len(part[0][2].lstrip("0")) < _WEAK_MIN_DIGITS:
                    continue
                yield ReferenceHit(key, part[0][0], part[-1][1], strong)
                if j > i:
                    yield ReferenceHit(str(int("".join(g[2] for g in part))), part[0][0], part[-1][1], True)
    for word in _LETTER_WORD.finditer(folded):
        yield ReferenceHit("A:" + word.group(), word.start(), word.end(), True)


def _announced(folded: str, start: int, end: int) -> bool:
    """A number glued to a short prefix ('F2026', 'WC-1234'), after '#', or after a keyword ('Commande 1007').

    A prefix counts only for a whole word: inside a random id ('E2E20240115ABC') digits mean nothing.
    """
    before = folded[max(0, start - 16):start]
    if not before:
        return False
    if before.endswith("#") or _KEYWORD_BEFORE.search(before):
        return True
    whole_word = end == len(folded) or not folded[end].isalnum()
    return whole_word and bool(re.search(r"(?:^|[^A-Z0-9])[A-Z]{1,4}[-_]?$", before))


def creditor_references(text: str) -> set[str]:
    """ISO 11649 'RF..' creditor references written in a text, compact."""
    return set(_CREDITOR_REF.findall(re.sub(r"(?<=[A-Z0-9]) (?=[A-Z0-9])", "", fold(text))))


def compact_reference(reference: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", fold(reference))


# Words that say nothing about who a person or company is.
_NAME_NOISE = frozenset("""M MR MME MLLE MRS MS MISS DR ME ET OU AND DE DU DES LA LE LES THE VIR VIREMENT SEPA RECU
    INST FROM SARL SAS SASU EURL SA SCI SNC SCOP STE SOCIETE ETS LTD GMBH INC LLC BV SRL""".split())


def name_tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[^A-Z0-9]+", fold(name)) if t and t not in _NAME_NOISE]


def names_match(payer_text: str, customer_name: str) -> bool:
    """True when every word of the customer's name appears in what the bank says of the payer."""
    return tokens_match(name_tokens(payer_text), name_tokens(customer_name))


def tokens_match(payer: Collection[str], customer: Sequence[str]) -> bool:
    """`names_match` on words already split (the engine splits each name once).

    Banks truncate and reorder names ('DUPONT J', 'MME MARTIN MARIE CLAIRE'): initials and
    truncated words count, but at least one whole word of three letters or more must agree.
    """
    if not customer or not payer:
        return False
    exact = False
    for word in customer:
        if word in payer:
            exact = exact or len(word) >= 3
            continue
        if not any((len(p) == 1 and word.startswith(p)) or (len(p) >= 4 and word.startswith(p)) for p in payer):
            return False
    return exact
