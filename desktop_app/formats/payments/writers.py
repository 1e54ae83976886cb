"""Writing transactions as the files banks and providers hand out (camt.053, OFX, CFONB 120, Stripe,
PayPal), for the demo shop and for tests. The readers read them back; XML is built with lxml."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from lxml import etree

from desktop_app.domain.money import ZERO
from desktop_app.domain.payments import Transaction, TransactionKind

_XSI = "http://www.w3.org/2001/XMLSchema-instance"
# An OFX element: a leaf (name, text) or an aggregate (name, [children]).
_Node = tuple[str, "str | list[_Node]"]


def _money(value: Decimal, comma: bool = False) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if comma else text


def _is_creditor_reference(reference: str) -> bool:
    return reference[:2].upper() == "RF" and reference[2:4].isdigit()


def _rib(account: str) -> tuple[str, str, str]:
    """Bank, branch and account number of a French IBAN (the RIB inside it)."""
    if account.startswith("FR") and len(account) == 27:
        return account[4:9], account[9:14], account[14:25]
    return "", "", account


# --- camt.053 ----------------------------------------------------------------------------------

def _sub(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    """A child in its parent's namespace."""
    element = etree.SubElement(parent, f"{{{etree.QName(parent).namespace}}}{name}", attributes)
    if text is not None:
        element.text = text
    return element


def _days(transactions: Sequence[Transaction], statement_date: date | None) -> list[date]:
    days = sorted(tx.booked_on for tx in transactions)
    if days:
        return days
    if statement_date is None:
        raise ValueError("an empty statement needs its date")
    return [statement_date]


def write_camt053(transactions: Sequence[Transaction], account: str, version: str = "02", currency: str = "EUR",
                  opening: Decimal = ZERO, statement_id: str = "STMT-1", statement_date: date | None = None) -> bytes:
    """A camt.053.001.02 or .08 statement: one booked entry per transaction, balances around them."""
    ns = f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"
    days = _days(transactions, statement_date)
    root = etree.Element(f"{{{ns}}}Document", nsmap={None: ns, "xsi": _XSI})
    body = _sub(root, "BkToCstmrStmt")
    header = _sub(body, "GrpHdr")
    _sub(header, "MsgId", statement_id)
    _sub(header, "CreDtTm", f"{days[-1].isoformat()}T20:00:00")
    statement = _sub(body, "Stmt")
    _sub(statement, "Id", statement_id)
    _sub(statement, "CreDtTm", f"{days[-1].isoformat()}T20:00:00")
    account_element = _sub(statement, "Acct")
    _sub(_sub(account_element, "Id"), "IBAN", account)
    _sub(account_element, "Ccy", currency)
    closing = opening + sum((tx.amount for tx in transactions), ZERO)
    for code, amount, day in (("OPBD", opening, days[0]), ("CLBD", closing, days[-1])):
        balance = _sub(statement, "Bal")
        _sub(_sub(_sub(balance, "Tp"), "CdOrPrtry"), "Cd", code)
        _sub(balance, "Amt", _money(abs(amount)), Ccy=currency)
        _sub(balance, "CdtDbtInd", "CRDT" if amount >= 0 else "DBIT")
        _sub(_sub(balance, "Dt"), "Dt", day.isoformat())
    for tx in transactions:
        _camt_entry(_sub(statement, "Ntry"), tx, v08=version >= "08")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _camt_entry(entry: etree._Element, tx: Transaction, v08: bool) -> None:
    sign = "CRDT" if tx.amount >= 0 else "DBIT"
    _sub(entry, "Amt", _money(abs(tx.amount)), Ccy=tx.currency)
    _sub(entry, "CdtDbtInd", sign)
    if tx.reversal:
        _sub(entry, "RvslInd", "true")
    status = _sub(entry, "Sts")
    if v08:
        _sub(status, "Cd", "BOOK")
    else:
        status.text = "BOOK"
    _sub(_sub(entry, "BookgDt"), "Dt", tx.booked_on.isoformat())
    _sub(_sub(entry, "ValDt"), "Dt", (tx.value_on or tx.booked_on).isoformat())
    _sub(entry, "AcctSvcrRef", tx.external_id)
    if tx.kind is TransactionKind.FEE:
        domain, family, sub_family = "ACMT", "MDOP", "CHRG"
    else:
        domain, family, sub_family = "PMNT", "RCDT" if tx.amount >= 0 else "ICDT", "ESCT"
    domain_element = _sub(_sub(entry, "BkTxCd"), "Domn")
    _sub(domain_element, "Cd", domain)
    family_element = _sub(domain_element, "Fmly")
    _sub(family_element, "Cd", family)
    _sub(family_element, "SubFmlyCd", sub_family)
    details = _sub(_sub(entry, "NtryDtls"), "TxDtls")
    others = [r for r in tx.references if not _is_creditor_reference(r)]
    _sub(_sub(details, "Refs"), "EndToEndId", others[0] if others else "NOTPROVIDED")
    if v08:
        _sub(details, "Amt", _money(abs(tx.amount)), Ccy=tx.currency)
        _sub(details, "CdtDbtInd", sign)
    if tx.payer_name:
        party = _sub(_sub(details, "RltdPties"), "Dbtr" if tx.amount >= 0 else "Cdtr")
        _sub(_sub(party, "Pty") if v08 else party, "Nm", tx.payer_name)
    remittance = _sub(details, "RmtInf")
    for start in range(0, len(tx.label), 140):
        _sub(remittance, "Ustrd", tx.label[start:start + 140])
    for reference in tx.references:
        if _is_creditor_reference(reference):
            _sub(_sub(_sub(remittance, "Strd"), "CdtrRefInf"), "Ref", reference)
    for reference in others[1:]:
        _sub(_sub(_sub(remittance, "Strd"), "RfrdDocInf"), "Nb", reference)


# --- OFX ---------------------------------------------------------------------------------------

def write_ofx(transactions: Sequence[Transaction], account: str, version: int = 1, currency: str = "EUR",
              statement_date: date | None = None) -> bytes:
    """An OFX 1.0.2 SGML file in CP1252 with unclosed leaves (as French banks give), or OFX 2.1.1 XML."""
    bank, branch, number = _rib(account)
    account_from: list[_Node] = [("BANKID", bank), ("BRANCHID", branch), ("ACCTID", number), ("ACCTTYPE", "CHECKING")]
    statement: list[_Node] = [("CURDEF", currency), ("BANKACCTFROM", account_from)]
    lines: list[_Node] = []
    for tx in transactions:
        kind = "FEE" if tx.kind is TransactionKind.FEE else "CREDIT" if tx.amount >= 0 else "DEBIT"
        fields: list[_Node] = [("TRNTYPE", kind), ("DTPOSTED", tx.booked_on.strftime("%Y%m%d"))]
        if tx.value_on:
            fields.append(("DTAVAIL", tx.value_on.strftime("%Y%m%d")))
        fields += [("TRNAMT", _money(tx.amount)), ("FITID", tx.external_id), ("NAME", tx.label[:32] or "-"),
                   ("MEMO", tx.label or "-")]
        lines.append(("STMTTRN", fields))
    days = _days(transactions, statement_date)
    statement.append(("BANKTRANLIST", [("DTSTART", days[0].strftime("%Y%m%d")),
                                       ("DTEND", days[-1].strftime("%Y%m%d")), *lines]))
    tree: _Node = ("OFX", [("SIGNONMSGSRSV1", [("SONRS", [("STATUS", [("CODE", "0"), ("SEVERITY", "INFO")]),
                                                   ("DTSERVER", days[-1].strftime("%Y%m%d120000")),
                                                   ("LANGUAGE", "FRA")])]),
                    ("BANKMSGSRSV1", [("STMTTRNRS", [("TRNUID", "0"),
                                                     ("STATUS", [("CODE", "0"), ("SEVERITY", "INFO")]),
                                                     ("STMTRS", statement)])])])
    if version == 2:
        root = _ofx_xml(tree)
        root.addprevious(etree.ProcessingInstruction(
            "OFX", 'OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"'))
        return bytes(etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True))
    header = ("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n"
              "CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n")
    return (header + "\r\n".join(_sgml(tree)) + "\r\n").encode("cp1252", errors="replace")


def _sgml(node: _Node) -> list[str]:
    name, value = node
    if isinstance(value, list):
        return [f"<{name}>", *(line for child in value for line in _sgml(child)), f"</{name}>"]
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return [f"<{name}>{text}"]


def _ofx_xml(node: _Node, parent: etree._Element | None = None) -> etree._Element:
    name, value = node
    element = etree.Element(name) if parent is None else etree.SubElement(parent, name)
    if isinstance(value, list):
        for child in value:
            _ofx_xml(child, element)
    else:
        element.text = str(value)
    return element


# --- CFONB 120 ---------------------------------------------------------------------------------

_CREDIT, _DEBIT = "{ABCDEFGHI", "}JKLMNOPQR"


def write_cfonb120(transactions: Sequence[Transaction], account: str, opening: Decimal = ZERO,
                   currency: str = "EUR", line_breaks: bool = True, statement_date: date | None = None) -> bytes:
    """A CFONB 120 statement in Latin-1: 01, then 04 (+ 05 LIB/NPY/REF) per transaction, then 07."""
    bank, branch, number = _rib(account)
    head = f"{bank:>5}{'':4}{branch:>5}{currency:3}2 {number:>11}"

    def amount(value: Decimal) -> str:
        digits = f"{int((abs(value) * 100).to_integral_value()):014d}"
        return digits[:13] + (_CREDIT if value >= 0 else _DEBIT)[int(digits[13])]

    days = _days(transactions, statement_date)
    records = [f"01{head}  {days[0]:%d%m%y}{'':50}{amount(opening)}{'':16}"]
    for tx in transactions:
        first, rest = _wrap(tx.label, 31)
        value_day = tx.value_on or tx.booked_on
        records.append(f"04{bank:>5}0530{branch:>5}{currency:3}2 {number:>11}05{tx.booked_on:%d%m%y}  "
                       f"{value_day:%d%m%y}{first:31.31}{'':2}{'0' * 7}{'':2}{amount(tx.amount)}{'':16}")
        complements = [("NPY", tx.payer_name)] if tx.payer_name else []
        complements += [("LIB", line) for line in _lines(rest, 70)]
        complements += [("REF", reference[:70]) for reference in tx.references]
        records += [f"05{head}{'':13}{qualifier}{text:70.70}{'':2}" for qualifier, text in complements]
    closing = opening + sum((tx.amount for tx in transactions), ZERO)
    records.append(f"07{head}  {days[-1]:%d%m%y}{'':50}{amount(closing)}{'':16}")
    separator = "\r\n" if line_breaks else ""
    return (separator.join(records) + separator).encode("latin-1", errors="replace")


def _wrap(text: str, width: int) -> tuple[str, str]:
    """The words of `text` that fit in `width` characters, and the rest."""
    words = text.split()
    first: list[str] = []
    while words and len(" ".join([*first, words[0]])) <= width:
        first.append(words.pop(0))
    return " ".join(first), " ".join(words)


def _lines(text: str, width: int) -> list[str]:
    lines = []
    while text:
        line, text = _wrap(text, width)
        if not line:                      # a single word longer than a line is cut
            line, text = text[:width], text[width:]
        lines.append(line)
    return lines


# --- Stripe and PayPal CSV ---------------------------------------------------------------------

def _csv(header: Sequence[str], rows: Sequence[Sequence[str]], bom: bool = False, quote_all: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def _gateway(tx: Transaction, prefix: str) -> str:
    return next((g for g in tx.gateway_ids if g.startswith(prefix)), "")


def write_stripe_payments(transactions: Sequence[Transaction], old_header: bool = False,
                          decimal_comma: bool = False) -> bytes:
    """A Dashboard payments export: one row per charge, refunds folded into 'Amount Refunded'."""
    refunded: dict[str, Decimal] = {}
    refunded_on: dict[str, date] = {}
    for tx in transactions:
        if tx.kind is TransactionKind.REFUND:
            refunded[tx.related_id] = refunded.get(tx.related_id, ZERO) - tx.amount
            refunded_on[tx.related_id] = max(tx.booked_on, refunded_on.get(tx.related_id, tx.booked_on))
    header = ["id", "Created (UTC)" if old_header else "Created date (UTC)", "Amount", "Amount Refunded", "Currency",
              "Captured", "Description", "Fee", "Status", "PaymentIntent ID", "Customer Email", "Card Name",
              "Refunded (UTC)" if old_header else "Refunded date (UTC)", "order_id (metadata)"]
    rows = []
    for tx in transactions:
        if tx.kind is not TransactionKind.PAYMENT:
            continue
        back = refunded.get(tx.external_id, ZERO)
        rows.append([tx.external_id, f"{tx.booked_on.isoformat()} 11:00:00", _money(tx.amount, decimal_comma),
                     _money(back, decimal_comma), tx.currency.lower(), "true", tx.label, _money(tx.fee, decimal_comma),
                     "Refunded" if back >= tx.amount > 0 else "Paid", _gateway(tx, "pi_"), tx.payer_email,
                     tx.payer_name, f"{refunded_on[tx.external_id].isoformat()} 11:00:00" if back else "",
                     tx.references[0] if tx.references else ""])
    return _csv(header, rows)


_STRIPE_CATEGORIES = {TransactionKind.PAYMENT: "charge", TransactionKind.REFUND: "refund", TransactionKind.FEE: "fee",
                      TransactionKind.PAYOUT: "payout", TransactionKind.REVERSAL: "adjustment",
                      TransactionKind.OTHER: "adjustment"}


def write_stripe_balance(transactions: Sequence[Transaction]) -> bytes:
    """An itemized balance report (balance_change_from_activity), with a BOM as the Reporting API gives."""
    header = ["balance_transaction_id", "created_utc", "available_on_utc", "currency", "gross", "fee", "net",
              "reporting_category", "source_id", "description", "automatic_payout_id", "customer_email",
              "customer_name", "charge_id", "payment_intent_id", "payment_metadata[order_id]"]
    rows = []
    for tx in transactions:
        txn = _gateway(tx, "txn_") or "txn_" + hashlib.sha256(tx.external_id.encode()).hexdigest()[:24]
        charge = tx.external_id if tx.external_id.startswith(("ch_", "py_")) else ""
        rows.append([txn, f"{tx.booked_on.isoformat()} 11:00:00",
                     f"{(tx.value_on or tx.booked_on).isoformat()} 00:00:00", tx.currency.lower(), _money(tx.amount),
                     _money(tx.fee), _money(tx.net), _STRIPE_CATEGORIES[tx.kind],
                     tx.payout_id if tx.kind is TransactionKind.PAYOUT else charge or tx.external_id, tx.label,
                     "" if tx.kind is TransactionKind.PAYOUT else tx.payout_id, tx.payer_email, tx.payer_name,
                     charge or tx.related_id, _gateway(tx, "pi_"), tx.references[0] if tx.references else ""])
    return _csv(header, rows, bom=True)


_PAYPAL_HEADERS = {
    "en": ["Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net",
           "From Email Address", "To Email Address", "Transaction ID", "Item Title", "Reference Txn ID",
           "Invoice Number", "Balance Impact"],
    "fr": ["Date", "Heure", "Fuseau horaire", "Nom", "Type", "État", "Devise", "Avant commission", "Commission", "Net",
           "De l'adresse email", "À l'adresse email", "Numéro de transaction", "Titre de l'objet",
           "Numéro de la transaction de référence", "Numéro de facture", "Balance Impact"],
}
_PAYPAL_TYPES = {
    "en": {TransactionKind.PAYMENT: "Express Checkout Payment", TransactionKind.REFUND: "Payment Refund",
           TransactionKind.PAYOUT: "General Withdrawal", TransactionKind.FEE: "Fee",
           TransactionKind.OTHER: "General Currency Conversion", TransactionKind.REVERSAL: "Payment Reversal"},
    "fr": {TransactionKind.PAYMENT: "Paiement Express Checkout", TransactionKind.REFUND: "Remboursement de paiement",
           TransactionKind.PAYOUT: "Virement standard vers compte bancaire", TransactionKind.FEE: "Frais",
           TransactionKind.OTHER: "Conversion de devise générale", TransactionKind.REVERSAL: "Annulation de paiement"},
}


def write_paypal(transactions: Sequence[Transaction], language: str = "fr", shop_email: str = "") -> bytes:
    """An Activity download: all cells quoted, BOM, French (DD/MM/YYYY, decimal comma) or US English
    (MM/DD/YYYY, decimal point) conventions."""
    french = language == "fr"
    rows = []
    for tx in transactions:
        incoming = tx.amount > 0
        rows.append([tx.booked_on.strftime("%d/%m/%Y" if french else "%m/%d/%Y"), "12:00:00",
                     "CET" if french else "PST", tx.payer_name, _PAYPAL_TYPES[language][tx.kind],
                     "Terminé" if french else "Completed", tx.currency, _money(tx.amount, french),
                     _money(-tx.fee, french), _money(tx.net, french), tx.payer_email if incoming else shop_email,
                     shop_email if incoming else tx.payer_email, tx.external_id, tx.label, tx.related_id,
                     tx.references[0] if tx.references else "", "Credit" if incoming else "Debit"])
    return _csv(_PAYPAL_HEADERS[language], rows, bom=True, quote_all=True)
