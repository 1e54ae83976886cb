"""French CFONB 120 account statements ("relevé de compte, format 120 caractères").

Fixed-width records: 01 opening balance, 04 movement, 05 complements of the movement before it,
07 closing balance; several accounts may follow one another. Some banks write no line breaks.
The format has no transaction id: each movement is identified by a fingerprint of what the bank
says about it, numbered when the file holds identical movements (two equal payments the same day).
CFONB 240/160 order files and MT940 statements are recognised and refused in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from desktop_app.domain.money import currency_exponent
from desktop_app.domain.payments import Transaction, TransactionKind, fold
from desktop_app.formats.payments import ReadOptions
from desktop_app.formats.payments.common import (
    fingerprint,
    french_iban,
    method_from_label,
    unsupported_format,
    with_occurrences,
)
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.formats.text import decode
from desktop_app.i18n import N_, _

RECORD = 120
# The last character of an amount carries its last digit and its sign (credit {A-I, debit }J-R).
_OVERPUNCH = {ch: (digit, 1) for digit, ch in enumerate("{ABCDEFGHI")} | {
    ch: (digit, -1) for digit, ch in enumerate("}JKLMNOPQR")}
# Trailing blanks are often trimmed by editors and transfers: below these lengths data is missing.
_MIN_LENGTH = {"01": 104, "04": 104, "05": 48, "07": 104}
_TEXT_QUALIFIERS = {"LIB", ""}
_REFERENCE_QUALIFIERS = {"REF", "RCN"}
_FEE_WORDS = ("FRAIS", "COMMISSION", "COTISATION", "AGIOS", "ABONNEMENT")


@dataclass(slots=True)
class _Account:
    """The statement being read: its account, its opening balance and what has moved since."""

    key: tuple[str, str, str]
    currency: str
    decimals: int
    opening: Decimal
    line: int
    total: Decimal = Decimal(0)


@dataclass(slots=True)
class _Movement:
    line: int
    account: tuple[str, str, str]
    currency: str
    booked: date
    value: date | None
    label: str
    amount: Decimal
    raw: str
    complements: list[tuple[str, str]] = field(default_factory=list)


class CfonbReader:
    name = "cfonb"
    label = N_("CFONB 120 bank statement (relevé de compte)")

    def recognises(self, data: bytes, file_name: str) -> bool:
        if unsupported_format(data):
            return False
        head = data[:RECORD * 2].decode("latin-1").lstrip("\ufeff")
        first = re.split(r"\r\n|\n|\r", head, maxsplit=1)[0]
        if len(first) > RECORD and not re.search(r"[\r\n]", head):
            first = first[:RECORD]          # no line breaks: the first record is the first 120 characters
        return bool(re.fullmatch(r"01\d{5}", first[:7])) and _MIN_LENGTH["01"] <= len(first) <= RECORD

    def read(self, data: bytes, file_name: str, options: ReadOptions) -> list[Transaction]:
        """Every movement of every account in the file, once the balances have been checked."""
        reason = unsupported_format(data)
        if reason:
            raise FileRefused([Problem(file_name, 0, "", reason)])
        problems: list[Problem] = []
        movements = _parse(_records(decode(data, file_name)), file_name, options, problems)
        if problems:
            raise FileRefused(problems)
        drafts = [_transaction(movement) for movement in movements]
        ids = with_occurrences([key for key, _tx in drafts])
        return [replace(tx, external_id=external_id) for external_id, (_key, tx) in zip(ids, drafts)]


def _records(text: str) -> list[tuple[int, str]]:
    """(line, record) pairs; a file without line breaks is cut every 120 characters (its last record
    may have lost its trailing blanks, like any line; the record checks tell when more is missing)."""
    text = text.rstrip("\x1a\r\n")
    if "\n" in text or "\r" in text:
        return [(n, line.rstrip("\r")) for n, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1)
                if line.strip()]
    return [(n + 1, text[i:i + RECORD]) for n, i in enumerate(range(0, len(text), RECORD))]


def _parse(records: list[tuple[int, str]], file: str, options: ReadOptions,
           problems: list[Problem]) -> list[_Movement]:
    current: _Account | None = None
    movements: list[_Movement] = []
    last: _Movement | None = None
    for line, record in records:
        code = record[:2]
        if code not in _MIN_LENGTH:
            problems.append(Problem(file, line, "", _("'{code}' is not a CFONB 120 record type (01, 04, 05 or "
                                                      "07).").format(code=code)))
            continue
        if len(record) > RECORD or len(record) < _MIN_LENGTH[code]:
            problems.append(Problem(file, line, "", _("this record has {length} characters; CFONB 120 records "
                                                      "have 120.").format(length=len(record))))
            continue
        record = record.ljust(RECORD)
        key = (record[2:7], record[11:16], record[21:32])
        if code == "01":
            if current is not None:
                _missing_closing(current, file, problems)
            current, last = _opening(record, key, line, file, options, problems), None
        elif current is None or key != current.key:
            problems.append(Problem(file, line, "", _("this record is for account {account}, outside the "
                                                      "statement of any opening balance (01).").format(
                                                          account=" ".join(key).strip())))
        elif code == "04":
            last = _movement(record, current, line, file, problems)
            if last is not None:
                movements.append(last)
                current.total += last.amount
        elif code == "05":
            if last is None:
                problems.append(Problem(file, line, "", _("a complement (05) comes without the movement (04) "
                                                          "it completes.")))
            else:
                last.complements.append((record[45:48].strip(), record[48:118].strip()))
        else:
            _closing(record, current, line, file, problems)
            current, last = None, None
    if current is not None:
        _missing_closing(current, file, problems)
    return movements


def _opening(record: str, key: tuple[str, str, str], line: int, file: str, options: ReadOptions,
             problems: list[Problem]) -> _Account:
    currency = record[16:19].strip() or options.default_currency     # blank in some LCL files
    decimals = int(record[19]) if record[19].isdecimal() else currency_exponent(currency)
    opening = _amount(record, decimals, line, file, problems)
    return _Account(key, currency, decimals, opening if opening is not None else Decimal(0), line)


def _closing(record: str, current: _Account, line: int, file: str, problems: list[Problem]) -> None:
    closing = _amount(record, current.decimals, line, file, problems)
    if closing is not None and current.opening + current.total != closing:
        problems.append(Problem(file, line, "", _(
            "the opening balance {opening} and the movements ({total}) give {expected}, but the closing balance "
            "says {closing}: movements are missing or the file was changed.").format(
            opening=current.opening, total=current.total, expected=current.opening + current.total,
            closing=closing)))


def _missing_closing(current: _Account, file: str, problems: list[Problem]) -> None:
    problems.append(Problem(file, current.line, "", _(
        "the statement of account {account} has no closing balance (07); the file may be cut short.").format(
        account=" ".join(current.key).strip())))


def _movement(record: str, current: _Account, line: int, file: str, problems: list[Problem]) -> _Movement | None:
    booked = _date(record[34:40], line, _("booking date"), file, problems)
    value = _date(record[42:48], line, _("value date"), file, problems) if record[42:48].strip("0 ") else None
    amount = _amount(record, current.decimals, line, file, problems)
    if booked is None or amount is None:
        return None
    currency = record[16:19].strip() or current.currency
    return _Movement(line, current.key, currency, booked, value, record[48:79].strip(), amount, record)


def _amount(record: str, decimals: int, line: int, file: str, problems: list[Problem]) -> Decimal | None:
    raw = record[90:104]
    last = _OVERPUNCH.get(raw[-1:])
    if not raw[:13].isdecimal() or last is None:     # isdigit() would let '²' through to int()
        problems.append(Problem(file, line, _("amount"), _(
            "'{value}' is not a CFONB amount (13 digits then a sign letter such as '{{' or 'E').").format(value=raw)))
        return None
    digit, sign = last
    return sign * Decimal(int(raw[:13] + str(digit))).scaleb(-decimals)


def _date(raw: str, line: int, column: str, file: str, problems: list[Problem]) -> date | None:
    """A JJMMAA date; the two-digit year is in this century."""
    try:
        if raw.isdecimal():
            return date(2000 + int(raw[4:6]), int(raw[2:4]), int(raw[0:2]))
    except ValueError:
        pass
    problems.append(Problem(file, line, column, _("'{value}' is not a date (JJMMAA).").format(value=raw)))
    return None


def _transaction(movement: _Movement) -> tuple[str, Transaction]:
    texts = [text for qualifier, text in movement.complements if qualifier in _TEXT_QUALIFIERS and text]
    payer = " ".join(text for qualifier, text in movement.complements if qualifier == "NPY" and text)
    references = tuple(text for qualifier, text in movement.complements
                       if qualifier in _REFERENCE_QUALIFIERS and text and text.upper() != "NOTPROVIDED")
    label = " ".join([movement.label, *texts])
    bank, branch, number = movement.account
    account = french_iban(bank, branch, number) or "/".join(part.strip() for part in movement.account)
    if movement.amount < 0 and fold(label).startswith(_FEE_WORDS):
        kind = TransactionKind.FEE
    else:
        kind = TransactionKind.PAYMENT if movement.amount > 0 else TransactionKind.OTHER
    key = fingerprint(bank, branch, number, movement.booked.isoformat(), str(movement.amount), movement.label,
                      movement.raw[81:88], movement.raw[104:120].strip(),
                      *(f"{q}:{t}" for q, t in movement.complements))
    return key, Transaction(
        source="cfonb", account=account, external_id=key, booked_on=movement.booked, value_on=movement.value,
        amount=movement.amount, currency=movement.currency, kind=kind, label=label, payer_name=payer,
        references=references, method=method_from_label(label), source_line=movement.line)


READER = CfonbReader()
