"""The hash chain that makes the journal tamper-evident.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical content, so
changing, removing or reordering any entry breaks every hash after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from desktop_app.i18n import _

GENESIS = "0" * 64


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not canonical: {type(value).__name__}")


def canonical(content: Mapping[str, Any]) -> str:
    """Canonical JSON: sorted keys, no spaces, Decimals and dates as strings, UTF-8 kept."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)


def chain_hash(previous_hash: str, seq: int, kind: str, payload: str) -> str:
    """The hash of one entry, bound to its predecessor, position and kind."""
    digest = hashlib.sha256()
    for part in (previous_hash, str(seq), kind, payload):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class ChainEntry:
    seq: int
    kind: str
    payload: str
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    reason: str


def first_break(entries: Iterable[ChainEntry], previous_hash: str = GENESIS, expected_seq: int = 1
                ) -> ChainBreak | None:
    """The first entry whose position, link or hash is wrong, or None when the chain holds."""
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainBreak(expected_seq, _("entry {seq} is missing (found {found})").format(
                seq=expected_seq, found=entry.seq))
        if entry.prev_hash != previous_hash:
            return ChainBreak(entry.seq, _("does not link to the previous entry"))
        if chain_hash(previous_hash, entry.seq, entry.kind, entry.payload) != entry.hash:
            return ChainBreak(entry.seq, _("its content does not match its hash"))
        previous_hash = entry.hash
        expected_seq += 1
    return None


def first_break_in_rows(rows: Iterable[tuple[int, str, str, str, str]], previous_hash: str = GENESIS,
                        expected_seq: int = 1, counter: list[int] | None = None) -> ChainBreak | None:
    """`first_break` over raw (seq, kind, payload, prev_hash, hash) rows, for millions of entries: the
    same checks, one digest per entry (the bytes `chain_hash` feeds, joined). `counter[0]` counts them."""
    sha256 = hashlib.sha256
    checked = 0
    try:
        for seq, kind, payload, prev_hash, digest in rows:
            checked += 1
            if seq != expected_seq:
                return ChainBreak(expected_seq, _("entry {seq} is missing (found {found})").format(
                    seq=expected_seq, found=seq))
            if prev_hash != previous_hash:
                return ChainBreak(seq, _("does not link to the previous entry"))
            if sha256(f"{previous_hash}\x1f{seq}\x1f{kind}\x1f{payload}\x1f".encode()).hexdigest() != digest:
                return ChainBreak(seq, _("its content does not match its hash"))
            previous_hash = digest
            expected_seq += 1
        return None
    finally:
        if counter is not None:
            counter[0] += checked
