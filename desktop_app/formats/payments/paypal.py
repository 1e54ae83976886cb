"""PayPal "Activity download" CSV, English and French headers and their variants.

One sale may give several rows: the payment, a currency conversion pair, holds and releases, the
withdrawal to the bank. Rows whose balance impact is "Memo" (authorisations, pending) change
nothing and are left out. Numbers and dates follow the account's locale: decimal comma or point
(US accounts write thousands with commas), DD/MM/YYYY or MM/DD/YYYY, decided over the whole column.
A period without activity gives a file without even a header: no transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from desktop_app.domain.payments import Transaction, TransactionKind, fold
from desktop_app.formats.payments import ReadOptions
from desktop_app.formats.payments.common import cell_amount, find_columns, first_row, with_occurrences
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.formats.text import Row, Table, decimal_comma_in, header_key, read_table
from desktop_app.i18n import N_, _

_COLUMNS = {
    "date": ("Date",), "time": ("Time", "Heure"), "timezone": ("TimeZone", "Time zone", "Fuseau horaire"),
    "name": ("Name", "Nom"), "type": ("Type",), "status": ("Status", "État", "Statut"),
    "currency": ("Currency", "Devise"), "gross": ("Gross", "Avant commission", "Brut"),
    "fee": ("Fee", "Commission", "Frais"), "net": ("Net",),
    "from_email": ("From Email Address", "De l'adresse email", "De l'adresse e-mail"),
    "to_email": ("To Email Address", "À l'adresse email", "À l'adresse e-mail"),
    "id": ("Transaction ID", "Numéro de transaction", "Code de transaction"),
    "reference_id": ("Reference Txn ID", "Numéro de la transaction de référence", "N° de transaction de référence"),
    "invoice": ("Invoice Number", "Invoice ID", "Numéro de facture"), "custom": ("Custom Number", "Numéro de client"),
    "item": ("Item Title", "Titre de l'objet"), "subject": ("Subject", "Objet"), "note": ("Note", "Remarque"),
    "description": ("Description",), "impact": ("Balance Impact", "Impact sur le solde"),
}
_REQUIRED = ("date", "type", "currency", "gross", "id")
# Headers only French files have: they decide the locale when no value does.
_FRENCH = {header_key(name) for name in ("Heure", "Fuseau horaire", "Devise", "Avant commission", "Nom", "État")}
_SKIPPED_STATUSES = {"pending", "en attente", "denied", "refuse", "refusee", "expired", "expire", "voided",
                     "annule", "annulee", "placed", "held"}
_US_ZONES = re.compile(r"^(P|M|C|E|AK|H)[SD]T$|^America/", re.IGNORECASE)
_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{2})-(\d{2})")


class PaypalReader:
    name = "paypal"
    label = N_("PayPal activity download (CSV)")

    def recognises(self, data: bytes, file_name: str) -> bool:
        if not data.replace(b"\xef\xbb\xbf", b"").strip():
            # An empty period gives an empty file; only its name says it came from PayPal.
            return bool(re.search(r"(?i)paypal|^download", file_name.rsplit("/", 1)[-1]))
        keys = {header_key(name) for name in first_row(data)}
        return all(any(header_key(a) in keys for a in _COLUMNS[name]) for name in ("gross", "id", "fee")) and \
            any(header_key(a) in keys for a in _COLUMNS["timezone"] + _COLUMNS["impact"])

    def read(self, data: bytes, file_name: str, options: ReadOptions) -> list[Transaction]:
        """Every balance-affecting row of the file (Memo rows left out)."""
        if not data.replace(b"\xef\xbb\xbf", b"").strip():
            return []
        table = read_table(data, file_name)
        columns = find_columns(table.header, _COLUMNS)
        missing = [_COLUMNS[name][0] for name in _REQUIRED if name not in columns]
        if missing:
            raise FileRefused([Problem(file_name, 1, "", _("this is not a PayPal activity download: the file has "
                                                           "no column {columns}.").format(
                columns=", ".join(f"'{name}'" for name in missing)))])
        french = bool({header_key(name) for name in table.header} & _FRENCH)
        problems: list[Problem] = []
        rows = [row for row in table.rows if not _skipped(row, columns)]
        comma = decimal_comma_in(row.get(columns[n]) for row in rows for n in ("gross", "fee", "net") if n in columns)
        comma = french if comma is None else comma
        day_first = _day_first(rows, columns, table, french, comma, options, problems)
        drafts = []
        for row in rows:
            transaction = _transaction(row, columns, comma, day_first, table.file, options, problems)
            if transaction is not None:
                drafts.append(transaction)
        if problems:
            raise FileRefused(problems)
        # An id repeated within one file (overlapping rows pasted together) must still be stored once each.
        ids = with_occurrences([tx.external_id for tx in drafts])
        return [replace(tx, external_id=new) for tx, new in zip(drafts, ids)]


def _skipped(row: Row, columns: dict[str, str]) -> bool:
    """Memo rows (authorisations, pending) and pending or denied payments move no money."""
    if "impact" in columns:
        return header_key(row.get(columns["impact"])) == "memo"
    return fold(row.get(columns.get("status", ""))).strip().lower() in _SKIPPED_STATUSES


def _day_first(rows: Sequence[Row], columns: dict[str, str], table: Table, french: bool, comma: bool,
               options: ReadOptions, problems: list[Problem]) -> bool:
    """Whether dates are DD/MM/YYYY, from the values over 12 in the column, else from the file's locale."""
    firsts, seconds = set(), set()
    for row in rows:
        match = _DATE.fullmatch(row.get(columns["date"]).strip())
        if match and match.group(1):
            firsts.add(int(match.group(1)))
            seconds.add(int(match.group(2)))
    if max(firsts, default=0) > 12 and max(seconds, default=0) > 12:
        problems.append(Problem(table.file, 0, columns["date"], _(
            "the dates mix day/month and month/day order; export the file again without editing it.")))
    if max(firsts, default=0) > 12:
        return True
    if max(seconds, default=0) > 12:
        return False
    if options.date_order in ("dmy", "mdy"):
        return options.date_order == "dmy"
    zones = {row.get(columns["timezone"]).strip() for row in rows} if "timezone" in columns else set()
    # US accounts write MM/DD/YYYY with a decimal point and an American zone; everybody else day first.
    return french or comma or not zones or not all(_US_ZONES.search(zone) for zone in zones)


def _date(row: Row, column: str, day_first: bool, file: str, problems: list[Problem]) -> date | None:
    raw = row.get(column).strip()
    match = _DATE.fullmatch(raw)
    try:
        if match and match.group(4):
            return date(int(match.group(4)), int(match.group(5)), int(match.group(6)))
        if match:
            first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
            return date(year, second, first) if day_first else date(year, first, second)
    except ValueError:
        pass
    problems.append(Problem(file, row.line, column, _("'{value}' is not a date ({pattern}).").format(
        value=raw, pattern="DD/MM/YYYY" if day_first else "MM/DD/YYYY")))
    return None


def _kind(type_text: str, gross: Decimal) -> TransactionKind:
    words = fold(type_text)
    if re.search(r"REFUND|REMBOURSEMENT|CHARGEBACK|REVERSAL|ANNULATION", words):
        return TransactionKind.REFUND if gross < 0 else TransactionKind.OTHER
    if re.search(r"WITHDRAWAL|VERS (UN |LE )?COMPTE BANCAIRE|RETRAIT|BANK DEPOSIT|TRANSFER TO BANK|APPROVISIONNEMENT",
                 words):
        return TransactionKind.PAYOUT
    if re.search(r"CONVERSION|HOLD|RELEASE|RESERVE|BLOCAGE|DEBLOCAGE|AUTHORI[SZ]ATION", words):
        return TransactionKind.OTHER
    if re.search(r"\b(FEE|FRAIS)\b", words) and gross < 0:
        return TransactionKind.FEE
    return TransactionKind.PAYMENT if gross > 0 else TransactionKind.OTHER


def _transaction(row: Row, columns: dict[str, str], comma: bool, day_first: bool, file: str,
                 options: ReadOptions, problems: list[Problem]) -> Transaction | None:
    def get(name: str) -> str:
        return row.get(columns[name]).strip() if name in columns else ""

    booked = _date(row, columns["date"], day_first, file, problems)
    gross = cell_amount(row, columns["gross"], comma, file, problems)
    fee = cell_amount(row, columns["fee"], comma, file, problems, required=False) if "fee" in columns else Decimal(0)
    net = cell_amount(row, columns["net"], comma, file, problems, required=False) if get("net") else None
    if not get("id"):
        problems.append(Problem(file, row.line, columns["id"], _("the transaction id is missing.")))
    if booked is None or gross is None or fee is None or not get("id") or (get("net") and net is None):
        return None
    if net is not None and net != gross + fee:
        problems.append(Problem(file, row.line, columns["net"], _(
            "the net amount {net} is not the gross {gross} plus the fee {fee}.").format(net=net, gross=gross, fee=fee)))
        return None
    kind = _kind(get("type"), gross)
    incoming = gross > 0
    return Transaction(
        source="paypal", account=options.account, external_id=get("id"), booked_on=booked, amount=gross,
        currency=get("currency").upper(), kind=kind,
        label=" / ".join(dict.fromkeys(t for t in (get("type"), get("item"), get("subject"), get("note"),
                                                   get("description")) if t)),
        payer_name=get("name"), payer_email=get("from_email") if incoming else get("to_email"),
        references=tuple(dict.fromkeys(t for t in (get("invoice"), get("custom")) if t)),
        gateway_ids=(get("id"),), fee=-fee, related_id=get("reference_id"), method="paypal",
        source_line=row.line)


READER = PaypalReader()
