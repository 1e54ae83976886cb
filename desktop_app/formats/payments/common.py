"""Helpers the payment readers share: account numbers, fingerprints, header aliases, amounts, dates."""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from desktop_app.domain.payments import fold
from desktop_app.formats.problems import Problem
from desktop_app.formats.text import NotANumber, Row, header_key, parse_decimal, sniff_delimiter
from desktop_app.i18n import _

_RIB_LETTERS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")


def french_iban(bank: str, branch: str, account: str) -> str:
    """The IBAN of a French RIB (bank 5 digits, branch 5, account 11 characters), so that the same
    account reads the same in OFX, CFONB and camt files; '' when the parts are not a RIB."""
    bank, branch, account = bank.strip(), branch.strip(), account.strip().upper()
    if not (re.fullmatch(r"\d{5}", bank) and re.fullmatch(r"\d{5}", branch)
            and re.fullmatch(r"[0-9A-Z]{11}", account)):
        return ""
    digits = int(account.translate(_RIB_LETTERS))
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * digits) % 97
    bban = f"{bank}{branch}{account}{key:02d}"
    numeric = "".join(str(int(ch, 36)) for ch in bban + "FR00")
    return f"FR{98 - int(numeric) % 97:02d}{bban}"


def fingerprint(*parts: str) -> str:
    """A stable id for a line that has none: a hash of what the bank says about it."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def with_occurrences(keys: Sequence[str]) -> list[str]:
    """Number identical keys within a file ('k', 'k-2', 'k-3'): two equal coffees the same day are two lines."""
    seen: Counter[str] = Counter()
    result = []
    for key in keys:
        seen[key] += 1
        result.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return result


_METHODS = (
    (r"^(VIR|VIREMENT|VRT|VIRT)\b|\bVIR(EMENT)? (SEPA|INST|RECU)", "transfer"),
    (r"^(PRLV|PRELEVEMENT|PRLEV)\b|\bSDD\b", "direct debit"),
    (r"^(REM(ISE)?\.? ?(CHQ|CHEQUES?)|CHQ|CHEQUE)\b", "cheque"),
    (r"^(CB|CARTE|PAIEMENT CB|FACTURE CARTE)\b", "card"),
    (r"^(VERSEMENT ESPECES|VERS(EMENT)? ESP|ESPECES)\b", "cash"),
)


def method_from_label(label: str) -> str:
    """How the money came, from the words French banks start their labels with ('VIR SEPA', 'REM CHQ')."""
    folded = fold(label).strip()
    for pattern, method in _METHODS:
        if re.search(pattern, folded):
            return method
    return ""


def find_columns(header: Sequence[str], aliases: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """The file's column for each field, found by any of its names (case, accents and spaces ignored)."""
    by_key = {header_key(name): name for name in header}
    found = {}
    for wanted, names in aliases.items():
        for name in names:
            if header_key(name) in by_key:
                found[wanted] = by_key[header_key(name)]
                break
    return found


def cell_amount(row: Row, column: str, decimal_comma: bool, file: str, problems: list[Problem],
                required: bool = True) -> Decimal | None:
    """The amount in one cell, or None with a problem noted (an empty optional cell is 0)."""
    raw = row.get(column).strip()
    if not raw:
        if required:
            problems.append(Problem(file, row.line, column, _("the amount is missing.")))
            return None
        return Decimal(0)
    try:
        return parse_decimal(raw, decimal_comma)
    except NotANumber:
        problems.append(Problem(file, row.line, column, _("'{value}' is not a number.").format(value=raw)))
        return None


_TIMESTAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
                        r"\s*(Z|[+-]\d{2}:?\d{2})?")


def local_date(raw: str, timezone: ZoneInfo, assume_utc: bool = True) -> date | None:
    """The merchant's day of a UTC timestamp ('2026-01-15 23:30' UTC is the 16th in Paris); None if unreadable.

    A value with an explicit offset is taken at that offset; a bare date is a date, never shifted; with
    `assume_utc` false a time without offset is already local.
    """
    match = _TIMESTAMP.fullmatch(raw.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        if hour is None or (offset is None and not assume_utc):
            return date(int(year), int(month), int(day))
        text = f"{year}-{month}-{day}T{int(hour):02d}:{minute}:{second or '00'}"
        moment = datetime.fromisoformat(text + (offset.replace("Z", "+00:00") if offset else "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(timezone).date()


def unsupported_format(data: bytes) -> str | None:
    """Why a bank file that is not in one of our formats cannot be read, when we can tell what it is."""
    head = data[:8192].replace(b"\xef\xbb\xbf", b"").lstrip()
    if not head:
        return _("the file is empty.")
    text = head.decode("latin-1")
    if text.startswith(("{1:", ":20:")) or (re.search(r"^:20:", text, re.M) and re.search(r"^:6[02][FM]:", text, re.M)):
        return _("this is an MT940 (SWIFT) statement, which Comptoir does not read; download the statement "
                 "from your bank as camt.053, OFX or CFONB 120 instead.")
    lines = [line.rstrip("\r") for line in text.split("\n") if line.strip()]
    widths = {len(line) for line in lines[:-1] or lines[:1]}
    if widths == {240} and lines[0][:2].isdigit():
        return _("this is a CFONB 240 file (transfer or direct-debit orders), not a 120-character account "
                 "statement; download the statement as CFONB 120, camt.053 or OFX instead.")
    if widths == {160} and lines[0][:2].isdigit():
        return _("this is a CFONB 160 file (direct-debit or bill orders), not a 120-character account "
                 "statement; download the statement as CFONB 120, camt.053 or OFX instead.")
    if re.search(r"urn:iso:std:iso:20022:tech:xsd:pain\.", text):
        return _("this is a payment order (ISO 20022 pain), not a bank statement; download the account "
                 "statement as camt.053 instead.")
    return None


_SAMPLE = 65536


def first_row(data: bytes) -> list[str]:
    """The header cells of a CSV file, read from its start only (for recognising formats quickly)."""
    head = data[:_SAMPLE]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore") if _is_utf8(head) else head.decode("cp1252", errors="replace")
    line = re.split(r"\r\n?|\n", text.lstrip("\ufeff\r\n"), maxsplit=1)[0]
    try:
        return next(csv.reader([line], delimiter=sniff_delimiter(line)), [])
    except csv.Error:             # a NUL byte or a stray quote: not a CSV header this reader knows
        return []


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # Only a character cut by the end of the sample; a short file must decode whole.
        return len(head) == _SAMPLE and error.start > len(head) - 4
    return True
