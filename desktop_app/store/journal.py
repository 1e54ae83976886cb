"""Appending to the hash-chained journal and event log, and reading them back in order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop_app.domain.journal import GENESIS, ChainEntry, canonical, chain_hash
from desktop_app.store.database import serialise_writes
from desktop_app.store.records import EventRecord, JournalRecord
from desktop_app.store.types import utcnow


def _append(session: Session, model: type[JournalRecord] | type[EventRecord], kind: str,
            payload: Mapping[str, Any], **extra: str) -> ChainEntry:
    serialise_writes(session)      # the next entry follows the last one committed by any desk
    last = session.execute(select(model.seq, model.hash).order_by(model.seq.desc()).limit(1)).first()
    seq, previous = (last[0] + 1, last[1]) if last else (1, GENESIS)
    text = canonical(payload)
    digest = chain_hash(previous, seq, kind, text)
    session.add(model(seq=seq, recorded_at=utcnow(), kind=kind, payload=text, prev_hash=previous,
                      hash=digest, **extra))
    session.flush()
    return ChainEntry(seq, kind, text, previous, digest)


def append_journal(session: Session, kind: str, subject: str, payload: Mapping[str, Any]) -> ChainEntry:
    """Record a legal event (in the caller's transaction, so it commits with what it records)."""
    return _append(session, JournalRecord, kind, payload, subject=subject)


def append_event(session: Session, kind: str, payload: Mapping[str, Any]) -> ChainEntry:
    """Record a technical event (export, backup, restore, failed check)."""
    return _append(session, EventRecord, kind, payload)


def chain(session: Session, model: type[JournalRecord] | type[EventRecord]) -> Iterator[ChainEntry]:
    """Every entry in order, streamed (a million rows never sit in memory at once)."""
    query = select(model.seq, model.kind, model.payload, model.prev_hash, model.hash).order_by(model.seq)
    for row in session.execute(query.execution_options(yield_per=5000)):
        yield ChainEntry(row[0], row[1], row[2], row[3], row[4])


def journal_entries(session: Session) -> Iterator[ChainEntry]:
    return chain(session, JournalRecord)


def event_entries(session: Session) -> Iterator[ChainEntry]:
    return chain(session, EventRecord)


def append_journal_entries(session: Session, entries: list[tuple[str, str, Mapping[str, Any]]]) -> list[ChainEntry]:
    """Record many legal events at once (batch issuing): one statement, the chain computed in order."""
    if not entries:
        return []
    serialise_writes(session)
    last = session.execute(select(JournalRecord.seq, JournalRecord.hash).order_by(JournalRecord.seq.desc())
                           .limit(1)).first()
    seq, previous = (last[0], last[1]) if last else (0, GENESIS)
    now = utcnow()
    rows, chained = [], []
    for kind, subject, payload in entries:
        seq += 1
        text = canonical(payload)
        digest = chain_hash(previous, seq, kind, text)
        rows.append({"seq": seq, "recorded_at": now, "kind": kind, "subject": subject, "payload": text,
                     "prev_hash": previous, "hash": digest})
        chained.append(ChainEntry(seq, kind, text, previous, digest))
        previous = digest
    session.execute(insert(JournalRecord), rows)
    return chained
