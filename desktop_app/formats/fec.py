"""The Fichier des Écritures Comptables (FEC), art. A47 A-1 of the Livre des procédures fiscales.

A flat text file: a header line naming the 18 fields, then one line per account movement; fields
separated by `|` or a tab; dates YYYYMMDD; amounts with a decimal comma and no thousands separator,
in the Debit or the Credit column; ISO 8859-15 (or UTF-8) text. Its name is SIRENFECYYYYMMDD.txt,
the date being the last day of the fiscal year.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from desktop_app.domain.accounting import Entry, Movement
from desktop_app.domain.money import round_amount

COLUMNS = ("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
           "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
           "ValidDate", "Montantdevise", "Idevise")
SEPARATORS = {"|": "|", "tab": "\t", "\t": "\t"}
ENCODINGS = ("iso-8859-15", "utf-8")


def file_name(siren: str, year_end: date) -> str:
    """SIRENFECYYYYMMDD.txt, the date being the closing day of the fiscal year."""
    return f"{siren}FEC{year_end:%Y%m%d}.txt"


def fec_date(day: date) -> str:
    return f"{day:%Y%m%d}"


def fec_amount(value: Decimal) -> str:
    """'1234,50': two decimals, decimal comma, no thousands separator."""
    return f"{round_amount(value):.2f}".replace(".", ",")


def _field(text: str, separator: str, encoding: str) -> str:
    """Text fit for a field: no separator, tab or line break inside, and only characters the
    encoding has (accents kept when it can, else letters without them, else '?')."""
    cleaned = " ".join(text.replace(separator, " ").split())
    if encoding == "utf-8":
        return cleaned
    out = []
    for char in cleaned:
        try:
            char.encode(encoding)
            out.append(char)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", char).encode(encoding, "ignore").decode(encoding)
            out.append(plain or "?")
    return "".join(out)


def entry_lines(entry: Entry) -> Iterable[list[str]]:
    """The fields of each movement of one (numbered) entry."""
    for movement in entry.movements:
        yield _line(entry, movement)


def _line(entry: Entry, movement: Movement) -> list[str]:
    debit = movement.amount if movement.amount > 0 else Decimal(0)
    credit = -movement.amount if movement.amount < 0 else Decimal(0)
    currency = movement.currency_amount
    return [entry.journal, entry.journal_label, entry.number, fec_date(entry.day), movement.account,
            movement.account_label, movement.aux, movement.aux_label, entry.piece, fec_date(entry.day),
            entry.label, fec_amount(debit), fec_amount(credit), "", "", fec_date(entry.day),
            fec_amount(currency) if currency is not None else "", entry.currency if currency is not None else ""]


def write_fec(entries: Iterable[Entry], separator: str = "|", encoding: str = "iso-8859-15") -> Iterable[bytes]:
    """The file, a chunk of lines at a time (a year of a busy shop is millions of lines)."""
    sep = SEPARATORS[separator]
    yield (sep.join(COLUMNS) + "\r\n").encode(encoding)
    chunk: list[str] = []
    for entry in entries:
        for fields in entry_lines(entry):
            chunk.append(sep.join(_field(value, sep, encoding) for value in fields))
        if len(chunk) >= 5000:
            yield ("\r\n".join(chunk) + "\r\n").encode(encoding)
            chunk = []
    if chunk:
        yield ("\r\n".join(chunk) + "\r\n").encode(encoding)
