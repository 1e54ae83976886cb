"""ISO 20022 bank statements: camt.053 (end of day), camt.052 (intraday) and camt.054 (notifications),
versions .001.02 to .001.13, read whatever their namespace.

Only booked entries (Sts BOOK) count: pending and informative ones may still change. One entry may
hold a batch of transactions (NtryDtls/TxDtls): each becomes a transaction of its own when the
bank gives each one's amount; otherwise the entry stays whole, with every detail's references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from lxml import etree

from desktop_app.domain.money import ZERO
from desktop_app.domain.payments import Transaction, TransactionKind
from desktop_app.formats.payments import ReadOptions
from desktop_app.formats.payments.common import fingerprint, method_from_label, with_occurrences
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.i18n import N_, _

# A bank statement needs no DTD, entity or network access: refusing them closes the XML attacks
# (billion laughs, external entities) whatever the file holds.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False, remove_comments=True, remove_pis=True)
_BODIES = {"BkToCstmrStmt": "Stmt", "BkToCstmrAcctRpt": "Rpt", "BkToCstmrDbtCdtNtfctn": "Ntfctn"}
_FEE_CODES = {"CHRG", "FEES", "COMM", "COME", "COMI", "SUBS"}
_METHODS = {"RCDT": "transfer", "ICDT": "transfer", "RRCT": "transfer", "RDDT": "direct debit",
            "IDDT": "direct debit", "RCHQ": "cheque", "ICHQ": "cheque", "CCRD": "card", "CCHQ": "cheque",
            "CNTR": "cash", "CASH": "cash"}


def _local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def _kids(element: etree._Element | None, name: str) -> list[etree._Element]:
    if element is None:
        return []
    return [child for child in element if isinstance(child.tag, str) and _local(child) == name]


def _find(element: etree._Element | None, path: str) -> etree._Element | None:
    for step in path.split("/"):
        found = _kids(element, step)
        if not found:
            return None
        element = found[0]
    return element


def _findall(element: etree._Element | None, path: str) -> list[etree._Element]:
    *head, last = path.split("/")
    parents = [element] if element is not None else []
    for step in head:
        parents = [kid for parent in parents for kid in _kids(parent, step)]
    return [kid for parent in parents for kid in _kids(parent, last)]


def _text(element: etree._Element | None, path: str) -> str:
    return _own(_find(element, path))


def _own(element: etree._Element | None) -> str:
    """An element's text with its spaces tidied ('' for a missing element)."""
    return " ".join((element.text or "").split()) if element is not None else ""


def _first(element: etree._Element, *paths: str) -> etree._Element | None:
    # lxml elements without children are false: test for None, never for truth.
    for path in paths:
        found = _find(element, path)
        if found is not None:
            return found
    return None


@dataclass(frozen=True, slots=True)
class _Part:
    """One transaction of an entry before its id is settled."""

    amount: Decimal
    currency: str
    label: str
    payer: str
    references: tuple[str, ...]
    own_ref: str
    line: int


class CamtReader:
    name = "camt053"
    label = N_("ISO 20022 bank statement (camt.053, camt.052, camt.054)")

    def recognises(self, data: bytes, file_name: str) -> bool:
        head = data[:65536]
        return head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<") and bool(
            re.search(rb"camt\.05[234]\.|<(\w+:)?BkToCstmr(Stmt|AcctRpt|DbtCdtNtfctn)\b", head))

    def read(self, data: bytes, file_name: str, options: ReadOptions) -> list[Transaction]:
        """Every booked transaction of every statement in the file."""
        body = _body(data, file_name)
        problems: list[Problem] = []
        transactions: list[Transaction] = []
        for statement in _kids(body, _BODIES[_local(body)]):
            transactions += _statement(statement, file_name, options, problems)
        if problems:
            raise FileRefused(problems)
        return transactions


def _body(data: bytes, file: str) -> etree._Element:
    if re.search(rb"<!(DOCTYPE|ENTITY)", data[:65536]):
        raise FileRefused([Problem(file, 0, "", _("the file declares a DOCTYPE or entities, which bank "
                                                  "statements never do; it is refused for safety."))])
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        line = error.lineno or 0
        raise FileRefused([Problem(file, line, "", _("the XML is not well-formed ({detail}); the file may be "
                                                     "cut short.").format(detail=error.msg))]) from None
    body = next((kid for kid in root if isinstance(kid.tag, str) and _local(kid) in _BODIES), None)
    if _local(root) != "Document" or body is None:
        raise FileRefused([Problem(file, 0, "", _("this XML file is not an ISO 20022 bank statement "
                                                  "(camt.053, camt.052 or camt.054)."))])
    return body


def _statement(statement: etree._Element, file: str, options: ReadOptions,
               problems: list[Problem]) -> list[Transaction]:
    account = _text(statement, "Acct/Id/IBAN") or _text(statement, "Acct/Id/Othr/Id")
    if not account:
        problems.append(Problem(file, statement.sourceline or 0, "Acct/Id", _(
            "the statement does not say which account it is for (no IBAN).")))
    account_currency = _text(statement, "Acct/Ccy") or options.default_currency
    drafts: list[tuple[str, Transaction]] = []
    for entry in _kids(statement, "Ntry"):
        status = _text(entry, "Sts/Cd") or _text(entry, "Sts") or "BOOK"
        if status.upper() != "BOOK":
            continue
        drafts += _entry(entry, account, account_currency, file, problems)
    ids = with_occurrences([key for key, _draft in drafts])
    return [replace(draft, external_id=external_id) for external_id, (_key, draft) in zip(ids, drafts)]


def _entry(entry: etree._Element, account: str, account_currency: str, file: str,
           problems: list[Problem]) -> list[tuple[str, Transaction]]:
    line = entry.sourceline or 0
    amount_element = _find(entry, "Amt")
    amount = _amount(amount_element, "Ntry/Amt", line, file, problems)
    sign = _sign(_text(entry, "CdtDbtInd"), "Ntry/CdtDbtInd", line, file, problems)
    booked = _date(_find(entry, "BookgDt"), "Ntry/BookgDt", line, file, problems, required=True)
    value = _date(_find(entry, "ValDt"), "Ntry/ValDt", line, file, problems, required=False)
    if amount is None or sign is None or booked is None:
        return []
    currency = (amount_element.get("Ccy") if amount_element is not None else None) or account_currency
    reversal = _text(entry, "RvslInd").lower() in ("true", "1")
    entry_id = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef")
    family = _text(entry, "BkTxCd/Domn/Fmly/Cd")
    sub_family = _text(entry, "BkTxCd/Domn/Fmly/SubFmlyCd")
    entry_label = _text(entry, "AddtlNtryInf")
    details = _findall(entry, "NtryDtls/TxDtls")
    parts = _split(details, sign * amount, currency, sign, file, problems)
    if parts is None:
        parts = [_detail(details, sign * amount, currency, sign, line)]  # the whole entry, at its own line
    drafts = []
    for index, part in enumerate(parts, start=1):
        label = " / ".join(dict.fromkeys(t for t in (entry_label, part.label) if t))
        kind = _kind(part.amount, reversal, sub_family)
        if entry_id:
            key = entry_id if len(parts) == 1 else f"{entry_id}/{part.own_ref or index}"
        else:
            key = fingerprint(account, booked.isoformat(), str(part.amount), label, *part.references)
        drafts.append((key, Transaction(
            source="camt053", account=account, external_id="", booked_on=booked, value_on=value,
            amount=part.amount, currency=part.currency, kind=kind, label=label, payer_name=part.payer,
            references=part.references, reversal=reversal,
            method=_METHODS.get(family) or method_from_label(label), source_line=part.line)))
    return drafts


def _split(details: list[etree._Element], total: Decimal, currency: str, sign: int, file: str,
           problems: list[Problem]) -> list[_Part] | None:
    """One part per transaction of a batch, when every one has its amount and they add up to the entry."""
    if len(details) < 2:
        return None
    parts = []
    for detail in details:
        element = _first(detail, "Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/InstdAmt/Amt")
        if element is None or (element.get("Ccy") or currency) != currency:
            return None
        line = detail.sourceline or 0
        amount = _amount(element, "TxDtls/Amt", line, file, problems)
        own_sign = _sign(_text(detail, "CdtDbtInd"), "TxDtls/CdtDbtInd", line, file, problems) \
            if _find(detail, "CdtDbtInd") is not None else sign
        if amount is None or own_sign is None:
            return []
        parts.append(_detail([detail], own_sign * amount, currency, own_sign, line))
    added = sum((part.amount for part in parts), ZERO)
    if added != total:
        problems.append(Problem(file, details[0].getparent().sourceline or 0, "NtryDtls", _(
            "the transactions of this batch add up to {added}, not to the entry's {total}.").format(
            added=added, total=total)))
        return []
    return parts


def _detail(details: list[etree._Element], amount: Decimal, currency: str, sign: int, line: int) -> _Part:
    """Texts, references and counterparty of one transaction (or of a whole entry's details)."""
    texts: list[str] = []
    references: list[str] = []
    payers: list[str] = []
    own_ref = ""
    party = "Dbtr" if sign > 0 else "Cdtr"
    for detail in details:
        texts += [_own(u) for u in _findall(detail, "RmtInf/Ustrd")]
        texts.append(_text(detail, "AddtlTxInf"))
        for strd in _findall(detail, "RmtInf/Strd"):
            references += [_own(r) for r in _findall(strd, "CdtrRefInf/Ref")]
            references += [_own(n) for n in _findall(strd, "RfrdDocInf/Nb")]
        end_to_end = _text(detail, "Refs/EndToEndId")
        if end_to_end and end_to_end.upper() != "NOTPROVIDED":
            references.append(end_to_end)
        own_ref = own_ref or _text(detail, "Refs/AcctSvcrRef") or _text(detail, "Refs/TxId")
        for path in (f"RltdPties/{party}/Nm", f"RltdPties/{party}/Pty/Nm", f"RltdPties/Ultmt{party}/Nm",
                     f"RltdPties/Ultmt{party}/Pty/Nm"):
            payers.append(_text(detail, path))
    label = " ".join(t for t in texts if t)
    payer = " / ".join(dict.fromkeys(p for p in payers if p))
    return _Part(amount, currency, label, payer, tuple(dict.fromkeys(r for r in references if r)), own_ref, line)


def _kind(amount: Decimal, reversal: bool, sub_family: str) -> TransactionKind:
    if reversal:
        return TransactionKind.REVERSAL
    if amount < 0 and sub_family.upper() in _FEE_CODES:
        return TransactionKind.FEE
    return TransactionKind.PAYMENT if amount > 0 else TransactionKind.OTHER


def _amount(element: etree._Element | None, column: str, line: int, file: str,
            problems: list[Problem]) -> Decimal | None:
    raw = _own(element)
    if not raw:
        problems.append(Problem(file, line, column, _("the amount is missing.")))
        return None
    if element is not None and re.fullmatch(r"\d+(\.\d+)?", raw):
        return Decimal(raw)
    problems.append(Problem(file, (element.sourceline if element is not None else None) or line, column, _(
        "'{value}' is not an amount (digits with a decimal point, never negative).").format(value=raw)))
    return None


def _sign(raw: str, column: str, line: int, file: str, problems: list[Problem]) -> int | None:
    if raw in ("CRDT", "DBIT"):
        return 1 if raw == "CRDT" else -1
    problems.append(Problem(file, line, column, _("'{value}' should say CRDT (money in) or DBIT (money out).")
                            .format(value=raw) if raw else _("it is missing: the entry does not say whether "
                                                             "money came in or went out.")))
    return None


def _date(element: etree._Element | None, column: str, line: int, file: str, problems: list[Problem],
          required: bool) -> date | None:
    """A bank date as written: `Dt`, or the date part of `DtTm` (never shifted to another zone)."""
    raw = _text(element, "Dt") or _text(element, "DtTm")[:10]
    if not raw:
        if required:
            problems.append(Problem(file, line, column, _("the booking date is missing.")))
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw[:10]):
            return date.fromisoformat(raw[:10])
    except ValueError:
        pass
    problems.append(Problem(file, line, column, _("'{value}' is not a date (YYYY-MM-DD).").format(value=raw)))
    return None


READER = CamtReader()
