"""Stripe exports: the Dashboard "Payments" CSV (unified_payments.csv), the balance / payout
reconciliation reports (balance_transaction_id, reporting_category...) and the legacy
"Balance > All activity" export.

Amounts are in major units; European accounts may write decimal commas in quoted cells. Times are
UTC: the merchant's day is taken in the shop's time zone. A charge has the same id (ch_/py_) in the
payments export and in the balance report, so importing both never counts it twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from desktop_app.domain.money import round_amount
from desktop_app.domain.payments import Transaction, TransactionKind
from desktop_app.formats.payments import ReadOptions
from desktop_app.formats.payments.common import cell_amount, find_columns, first_row, local_date
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.formats.text import Row, Table, decimal_comma_in, header_key, read_table
from desktop_app.i18n import N_, _

_PAYMENTS = {
    "id": ("id",), "created": ("Created date (UTC)", "Created (UTC)", "Created"), "amount": ("Amount",),
    "currency": ("Currency",), "refunded": ("Amount Refunded",), "refunded_on": ("Refunded date (UTC)",
                                                                                 "Refunded (UTC)"),
    "captured": ("Captured",), "converted": ("Converted Amount",), "converted_currency": ("Converted Currency",),
    "description": ("Description",), "fee": ("Fee",), "status": ("Status",), "intent": ("PaymentIntent ID",),
    "email": ("Customer Email",), "card_name": ("Card Name",), "customer": ("Customer Description",),
    "shipping_name": ("Shipping Name",), "invoice": ("Invoice Number",), "invoice_id": ("Invoice ID",),
    "client_reference": ("Client Reference ID",),
}
_BALANCE = {
    "id": ("balance_transaction_id", "ID"), "created_utc": ("created_utc", "Created (UTC)"), "created": ("created",),
    "available_utc": ("available_on_utc", "Available On (UTC)"), "available": ("available_on",),
    "currency": ("currency", "Currency"), "gross": ("gross", "Amount"), "fee": ("fee", "Fee"), "net": ("net", "Net"),
    "category": ("reporting_category", "Type"), "source": ("source_id", "Source"),
    "description": ("description", "Description"), "email": ("customer_email",), "name": ("customer_name",),
    "customer": ("customer_description",), "charge": ("charge_id",), "intent": ("payment_intent_id",),
    "invoice": ("invoice_number",), "order": ("order_id",), "payout": ("automatic_payout_id",),
}
_SKIPPED_STATUSES = {"failed", "canceled", "cancelled", "blocked", "incomplete", "pending", "requires payment method"}
_KINDS = {
    "charge": TransactionKind.PAYMENT, "payment": TransactionKind.PAYMENT, "refund": TransactionKind.REFUND,
    "payment refund": TransactionKind.REFUND, "refund failure": TransactionKind.OTHER,
    "dispute": TransactionKind.REFUND, "dispute reversal": TransactionKind.OTHER, "fee": TransactionKind.FEE,
    "stripe fee": TransactionKind.FEE, "application fee": TransactionKind.FEE, "tax": TransactionKind.FEE,
    "payout": TransactionKind.PAYOUT, "payout reversal": TransactionKind.PAYOUT,
    "payout failure": TransactionKind.PAYOUT, "topup": TransactionKind.PAYOUT,
}


def _layout(header: Sequence[str]) -> str:
    keys = {header_key(name) for name in header}
    if "balance transaction id" in keys:
        return "balance"
    if {"id", "type", "source", "net"} <= keys:
        return "activity"
    if {"id", "amount"} <= keys and keys & {"created date (utc)", "created (utc)"}:
        return "payments"
    return ""


class StripeReader:
    name = "stripe"
    label = N_("Stripe payments or balance export (CSV)")

    def recognises(self, data: bytes, file_name: str) -> bool:
        return bool(_layout(first_row(data)))

    def read(self, data: bytes, file_name: str, options: ReadOptions) -> list[Transaction]:
        """Every charge, refund, fee and payout the file lists, failed and uncaptured charges left out."""
        table = read_table(data, file_name)
        layout = _layout(table.header)
        if not layout:
            raise FileRefused([Problem(file_name, 1, "", _(
                "this is not a Stripe export: the header has neither 'id', 'Amount' and 'Created date (UTC)' "
                "(payments) nor 'balance_transaction_id' (balance report)."))])
        problems: list[Problem] = []
        if layout == "payments":
            transactions = _payments(table, options, problems)
        else:
            transactions = _balance(table, options, problems)
        if problems:
            raise FileRefused(problems)
        return transactions


def _columns(table: Table, aliases: dict[str, tuple[str, ...]], required: Sequence[str],
             problems: list[Problem]) -> dict[str, str]:
    columns = find_columns(table.header, aliases)
    missing = [aliases[name][0] for name in required if name not in columns]
    if missing:
        problems.append(Problem(table.file, 1, "", _("the file has no column {columns}.").format(
            columns=", ".join(f"'{name}'" for name in missing))))
    return columns


def _decimal_comma(table: Table, columns: dict[str, str], names: Sequence[str]) -> bool:
    return bool(decimal_comma_in(row.get(columns[n]) for row in table.rows for n in names if n in columns))


def _day(row: Row, column: str, options: ReadOptions, file: str, problems: list[Problem],
         required: bool = True, utc: bool = True) -> date | None:
    raw = row.get(column).strip()
    if not raw and not required:
        return None
    found = local_date(raw, options.timezone, assume_utc=utc)
    if found is None:
        problems.append(Problem(file, row.line, column, _("'{value}' is not a date and time (YYYY-MM-DD HH:MM).")
                                .format(value=raw)))
    return found


def _metadata(table: Table, row: Row) -> list[str]:
    """Values of `<key> (metadata)` / `payment_metadata[<key>]` columns that name an order or invoice."""
    found = []
    for name in table.header:
        key = header_key(name)
        if (key.endswith("(metadata)") or key.startswith("payment metadata[")) and \
                any(word in key for word in ("order", "invoice", "commande", "facture", "reference")):
            value = row.get(name).strip()
            if value:
                found.append(value)
    return found


def _payments(table: Table, options: ReadOptions, problems: list[Problem]) -> list[Transaction]:
    columns = _columns(table, _PAYMENTS, ("id", "created", "amount", "currency"), problems)
    if problems:
        return []
    comma = _decimal_comma(table, columns, ("amount", "fee", "refunded", "converted"))
    result: list[Transaction] = []
    file = table.file
    for row in table.rows:
        status = header_key(row.get(columns.get("status", "")))
        captured = header_key(row.get(columns.get("captured", ""), "true"))
        if status in _SKIPPED_STATUSES or captured == "false":
            continue
        amount = cell_amount(row, columns["amount"], comma, file, problems)
        fee = cell_amount(row, columns["fee"], comma, file, problems, required=False) if "fee" in columns \
            else Decimal(0)
        refunded = cell_amount(row, columns["refunded"], comma, file, problems, required=False) \
            if "refunded" in columns else Decimal(0)
        booked = _day(row, columns["created"], options, file, problems)
        charge_id = row.get(columns["id"]).strip()
        if not charge_id:
            problems.append(Problem(file, row.line, columns["id"], _("the payment id is missing.")))
        if amount is None or fee is None or refunded is None or booked is None or not charge_id:
            continue
        fee = _fee_in_charge_currency(row, columns, amount, fee, comma, file, problems)
        def get(name: str, row: Row = row) -> str:
            return row.get(columns[name]).strip() if name in columns else ""

        references = tuple(dict.fromkeys(v for v in (*_metadata(table, row), get("invoice"), get("client_reference"))
                                         if v))
        payment = Transaction(
            source="stripe", account=options.account, external_id=charge_id, booked_on=booked, amount=amount,
            currency=get("currency").upper(), kind=TransactionKind.PAYMENT, label=get("description"),
            payer_name=get("card_name") or get("customer") or get("shipping_name"), payer_email=get("email"),
            references=references, gateway_ids=tuple(v for v in (charge_id, get("intent"), get("invoice_id")) if v),
            fee=fee, method="stripe", source_line=row.line)
        result.append(payment)
        if refunded > 0:
            refunded_on = _day(row, columns["refunded_on"], options, file, problems, required=False) \
                if "refunded_on" in columns else None
            result.append(Transaction(
                source="stripe", account=options.account, external_id=f"{charge_id}-refund",
                booked_on=refunded_on or booked, amount=-refunded, currency=payment.currency,
                kind=TransactionKind.REFUND, label=payment.label, payer_name=payment.payer_name,
                payer_email=payment.payer_email, references=references, gateway_ids=payment.gateway_ids,
                related_id=charge_id, method="stripe", source_line=row.line))
    return result


def _fee_in_charge_currency(row: Row, columns: dict[str, str], amount: Decimal, fee: Decimal, comma: bool,
                            file: str, problems: list[Problem]) -> Decimal:
    """Stripe states the fee in the account's currency; a charge in another currency gets it back at
    the charge's own conversion (Converted Amount / Amount), so the transaction has one currency."""
    if "converted" not in columns or "converted_currency" not in columns:
        return fee
    converted_currency = row.get(columns["converted_currency"]).strip().upper()
    if not converted_currency or converted_currency == row.get(columns["currency"]).strip().upper():
        return fee
    converted = cell_amount(row, columns["converted"], comma, file, problems, required=False)
    if not converted:
        return fee
    return round_amount(fee * amount / converted)


def _balance(table: Table, options: ReadOptions, problems: list[Problem]) -> list[Transaction]:
    columns = _columns(table, _BALANCE, ("id", "currency", "gross", "fee", "net", "category"), problems)
    if "created_utc" not in columns and "created" not in columns:
        problems.append(Problem(table.file, 1, "", _("the file has no column 'created_utc'.")))
    if problems:
        return []
    comma = _decimal_comma(table, columns, ("gross", "fee", "net"))
    result: list[Transaction] = []
    file = table.file
    for row in table.rows:
        gross, fee, net = (cell_amount(row, columns[n], comma, file, problems) for n in ("gross", "fee", "net"))
        # The `created`/`available_on` twins are in the report's own time zone; the UTC ones are preferred.
        booked = _day(row, columns.get("created_utc") or columns["created"], options, file, problems,
                      utc="created_utc" in columns)
        available_column = columns.get("available_utc") or columns.get("available")
        available = _day(row, available_column, options, file, problems, required=False,
                         utc="available_utc" in columns) if available_column else None
        if gross is None or fee is None or net is None or booked is None:
            continue
        if net != gross - fee:
            problems.append(Problem(file, row.line, columns["net"], _(
                "the net amount {net} is not the gross {gross} less the fee {fee}.").format(
                net=net, gross=gross, fee=fee)))
            continue
        result.append(_balance_row(table, row, columns, options, booked, available, gross, fee))
    return result


def _balance_row(table: Table, row: Row, columns: dict[str, str], options: ReadOptions, booked: date,
                 available: date | None, gross: Decimal, fee: Decimal) -> Transaction:
    def get(name: str) -> str:
        return row.get(columns[name]).strip() if name in columns else ""

    category = header_key(get("category"))
    kind = _KINDS.get(category, TransactionKind.OTHER)
    source, charge = get("source"), get("charge")
    # A charge keeps its charge id, as in the payments export; other lines their balance transaction id.
    charge_ref = charge or (source if source.startswith(("ch_", "py_")) else "")
    external_id = charge_ref if kind is TransactionKind.PAYMENT and charge_ref else get("id")
    return Transaction(
        source="stripe", account=options.account, external_id=external_id, booked_on=booked, value_on=available,
        amount=gross, currency=get("currency").upper(), kind=kind, label=get("description"),
        payer_name=get("name") or get("customer"), payer_email=get("email"),
        references=tuple(dict.fromkeys(v for v in (*_metadata(table, row), get("invoice"), get("order")) if v)),
        gateway_ids=tuple(dict.fromkeys(v for v in (get("id"), source, charge, get("intent")) if v)), fee=fee,
        payout_id=source if kind is TransactionKind.PAYOUT else get("payout"),
        related_id=charge_ref if kind is TransactionKind.REFUND else "", method="stripe", source_line=row.line)


READER = StripeReader()
