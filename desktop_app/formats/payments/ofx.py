"""OFX bank and credit-card statements: 1.x SGML (leaf end tags optional, CHARSET:1252) and 2.x XML.

A small tolerant reader rather than ofxtools or ofxparse: French banks' "Money" downloads break
the specification in ways those libraries refuse or lose (non-standard SIGNONMSGSRSV2/BANKMSGSRSV2
wrappers, NAME longer than 32 characters, decimal commas in TRNAMT, FITIDs repeated within a file),
while the part we need, statements and their transactions, is a few tags. One tokenizer reads
both syntaxes; aggregates must be closed, leaves may be.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from desktop_app.domain.payments import Transaction, TransactionKind
from desktop_app.formats.payments import ReadOptions
from desktop_app.formats.payments.common import fingerprint, french_iban, method_from_label, with_occurrences
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.formats.text import decode
from desktop_app.i18n import N_, _

_TOKEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9_.]*)\s*>([^<]*)")
# Elements that contain others. Any other element whose end tag the file writes and that never
# holds text is taken as an aggregate too, so unknown extensions do not break the tree.
_AGGREGATES = frozenset("""OFX SIGNONMSGSRSV1 SIGNONMSGSRSV2 SONRS STATUS FI BANKMSGSRSV1 BANKMSGSRSV2 STMTTRNRS
    STMTRS BANKACCTFROM BANKACCTTO BANKTRANLIST STMTTRN LEDGERBAL AVAILBAL BALLIST BAL CREDITCARDMSGSRSV1
    CREDITCARDMSGSRSV2 CCSTMTTRNRS CCSTMTRS CCACCTFROM CCACCTTO PAYEE CURRENCY ORIGCURRENCY MKTGINFO
    SIGNUPMSGSRSV1 INVSTMTMSGSRSV1""".split())
_FEE_TYPES = {"FEE", "SRVCHG"}
_METHODS = {"CHECK": "cheque", "DIRECTDEBIT": "direct debit", "XFER": "transfer", "DIRECTDEP": "transfer",
            "POS": "card", "ATM": "card", "CASH": "cash"}


@dataclass(slots=True)
class _Node:
    name: str
    line: int
    value: str | None = None             # None for an aggregate
    children: list[_Node] = field(default_factory=list)

    def get(self, name: str) -> str:
        found = self.child(name)
        return (found.value or "") if found is not None else ""

    def child(self, name: str) -> _Node | None:
        return next((kid for kid in self.children if kid.name == name), None)

    def walk(self, names: frozenset[str]) -> list[_Node]:
        found = [self] if self.name in names else []
        return found + [node for kid in self.children for node in kid.walk(names)]


class OfxReader:
    name = "ofx"
    label = N_("OFX bank statement (Money / Quicken download)")

    def recognises(self, data: bytes, file_name: str) -> bool:
        head = data[:4096].upper()
        return b"OFXHEADER" in head or b"<OFX>" in head

    def read(self, data: bytes, file_name: str, options: ReadOptions) -> list[Transaction]:
        """Every transaction of every bank or card statement in the file."""
        text = decode(data, file_name)
        problems: list[Problem] = []
        root = _parse(text, file_name, problems)
        transactions: list[Transaction] = []
        if root is not None:
            for statement in root.walk(frozenset({"STMTRS", "CCSTMTRS"})):
                transactions += _statement(statement, file_name, options, problems)
        if problems:
            raise FileRefused(problems)
        return transactions


def _parse(text: str, file: str, problems: list[Problem]) -> _Node | None:
    start = text.upper().find("<OFX>")
    if start < 0:
        problems.append(Problem(file, 0, "", _("the file has an OFX header but no <OFX> body.")))
        return None
    newlines = [m.start() for m in re.finditer("\n", text)]
    tokens = list(_TOKEN.finditer(text, start))
    closed = {m.group(2).upper() for m in tokens if m.group(1)}
    with_text = {m.group(2).upper() for m in tokens if not m.group(1) and m.group(3).strip()}
    aggregates = _AGGREGATES | (closed - with_text)
    root = _Node("", 0)
    stack = [root]
    skip_close = ""
    for index, token in enumerate(tokens):
        closing, name, value = token.group(1), token.group(2).upper(), token.group(3)
        line = bisect_right(newlines, token.start()) + 1
        if closing:
            if name == skip_close:
                skip_close = ""
            elif name == stack[-1].name:
                stack.pop()
            elif any(node.name == name for node in stack[1:]):
                problems.append(Problem(file, line, name, _("</{name}> closes while <{open}> is still open.")
                                        .format(name=name, open=stack[-1].name)))
                while stack[-1].name != name:
                    stack.pop()
                stack.pop()
            else:
                problems.append(Problem(file, line, name, _("</{name}> closes an element that was never opened.")
                                        .format(name=name)))
            continue
        skip_close = ""
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        closes_itself = following is not None and following.group(1) and following.group(2).upper() == name
        if value.strip() or closes_itself or name not in aggregates:
            stack[-1].children.append(_Node(name, line, html.unescape(value).strip()))
            skip_close = name
        else:
            node = _Node(name, line)
            stack[-1].children.append(node)
            stack.append(node)
    if len(stack) > 1:
        problems.append(Problem(file, bisect_right(newlines, len(text)) + 1, "", _(
            "the file ends before {tags} are closed; it may be cut short.").format(
            tags=", ".join(f"</{node.name}>" for node in reversed(stack[1:])))))
    return root.child("OFX") or root


def _statement(statement: _Node, file: str, options: ReadOptions, problems: list[Problem]) -> list[Transaction]:
    currency = statement.get("CURDEF").upper() or options.default_currency
    account = _account(statement)
    if not account:
        problems.append(Problem(file, statement.line, "ACCTID", _("the statement does not say which account "
                                                                   "it is for (no ACCTID).")))
    lines = statement.child("BANKTRANLIST")
    drafts: list[tuple[str, Transaction]] = []
    for node in lines.children if lines is not None else []:
        if node.name == "STMTTRN":
            draft = _transaction(node, account, currency, file, problems)
            if draft is not None:
                drafts.append(draft)
    fitids = [draft.external_id for _key, draft in drafts]
    # A missing or repeated FITID shows the bank does not give real ids: use fingerprints for all.
    trusted = not options.ofx_fingerprints and all(fitids) and len(set(fitids)) == len(fitids)
    if trusted:
        return [draft for _key, draft in drafts]
    ids = with_occurrences([key for key, _draft in drafts])
    return [replace(draft, external_id=external_id) for external_id, (_key, draft) in zip(ids, drafts)]


def _account(statement: _Node) -> str:
    source = statement.child("BANKACCTFROM") or statement.child("CCACCTFROM")
    if source is None:
        return ""
    bank, branch, number = source.get("BANKID"), source.get("BRANCHID"), source.get("ACCTID")
    if not number:
        return ""
    # French banks give the RIB parts (account of 11 characters, sometimes with its 2-digit key).
    iban = french_iban(bank, branch, number[:11]) if len(number) in (11, 13) else ""
    if iban and (len(number) == 11 or iban.endswith(number[11:])):
        return iban
    return "/".join(part for part in (bank, branch, number) if part)


def _transaction(node: _Node, account: str, currency: str, file: str,
                 problems: list[Problem]) -> tuple[str, Transaction] | None:
    kind_code = node.get("TRNTYPE").upper()
    booked = _date(node, "DTPOSTED", file, problems, required=True)
    value = _date(node, "DTAVAIL", file, problems, required=False)
    amount = _amount(node, file, problems)
    if node.get("CORRECTACTION"):
        problems.append(Problem(file, node.line, "CORRECTACTION", _(
            "this line corrects an earlier download (CORRECTACTION), which Comptoir cannot apply; download "
            "the whole period again instead.")))
        return None
    if booked is None or amount is None:
        return None
    payee = node.child("PAYEE")
    name = node.get("NAME") or (payee.get("NAME") if payee is not None else "")
    memo = node.get("MEMO")
    # Banks cut the label into NAME (32 characters) and MEMO, or repeat NAME at the start of MEMO.
    if name and memo.startswith(name):
        label = memo
    else:
        label = " ".join(t for t in (name, memo) if t)
    own_currency = node.child("CURRENCY") or node.child("ORIGCURRENCY")
    if kind_code in _FEE_TYPES and amount < 0:
        kind = TransactionKind.FEE
    else:
        kind = TransactionKind.PAYMENT if amount > 0 else TransactionKind.OTHER
    key = fingerprint(account, booked.isoformat(), str(amount), name, memo)
    return key, Transaction(
        source="ofx", account=account, external_id=node.get("FITID"), booked_on=booked, value_on=value,
        amount=amount, currency=(own_currency.get("CURSYM") if own_currency is not None else "") or currency,
        kind=kind, label=label, payer_name=payee.get("NAME") if payee is not None else "",
        method=_METHODS.get(kind_code) or method_from_label(label), source_line=node.line)


def _amount(node: _Node, file: str, problems: list[Problem]) -> Decimal | None:
    raw = node.get("TRNAMT").replace(" ", "")
    line = (node.child("TRNAMT") or node).line
    if not raw:
        problems.append(Problem(file, line, "TRNAMT", _("the amount is missing.")))
        return None
    # Some French exports write a decimal comma; OFX has no thousands separator, so it is unambiguous.
    text = raw.replace(",", ".") if "," in raw and "." not in raw else raw
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", text):
        try:
            return Decimal(text)
        except InvalidOperation:
            pass
    problems.append(Problem(file, line, "TRNAMT", _("'{value}' is not a number.").format(value=raw)))
    return None


def _date(node: _Node, tag: str, file: str, problems: list[Problem], required: bool) -> date | None:
    """An OFX date 'YYYYMMDD[HHMMSS[.fff]][[+1:CET]]' as the bank's own day (never shifted)."""
    raw = node.get(tag)
    line = (node.child(tag) or node).line
    if not raw:
        if required:
            problems.append(Problem(file, line, tag, _("the date is missing.")))
        return None
    match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(\d{6}(\.\d{1,3})?)?(\[[^\]]*\])?", raw)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    problems.append(Problem(file, line, tag, _("'{value}' is not an OFX date (YYYYMMDD).").format(value=raw)))
    return None


READER = OfxReader()
