"""Searching names and references as you type: FTS5 on SQLite, LIKE elsewhere.

Every word typed must start a word of one of the searched columns ("lef mart" finds "Martin
Lefèvre"), accents and case ignored. On SQLite the FTS5 tables of migration 0004 answer in well under
a millisecond on a million rows; other databases fall back to LIKE '%word%' on each column, which
finds the same rows and a few more.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, column, or_, text
from sqlalchemy.orm import Session

# The FTS tables (and the shadow tables FTS5 makes for each) exist on SQLite only and are not records.
FTS_TABLES = ("invoices_fts", "customers_fts", "orders_fts", "statement_lines_fts")
_SHADOWS = ("", "_data", "_idx", "_docsize", "_config", "_content")
_WORD = re.compile(r"\w+", re.UNICODE)


def is_search_index(table_name: str) -> bool:
    """Whether a table belongs to the SQLite full-text indexes (kept out of schema comparisons)."""
    return any(table_name == fts + suffix for fts in FTS_TABLES for suffix in _SHADOWS)


def include_name(name: str | None, type_: str, _parent_names: Any = None) -> bool:
    """Alembic's `include_name` hook: compare everything but the full-text indexes."""
    return not (type_ == "table" and name is not None and is_search_index(name))


def words(search: str) -> list[str]:
    """The words of a search, as the index splits them."""
    return _WORD.findall(search)


def match_expression(search: str) -> str:
    """An FTS5 query: every word, as a prefix ("lef mart" -> '"lef"* "mart"*')."""
    return " ".join(f'"{word}"*' for word in words(search))


def uses_fts(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


# Up to this many matches, a list is found from them (then sorted); past it, the list's own index is
# walked in order and each row looked up among the matches (a short prefix like "ch" matches 8 % of a
# shop: sorting 80,000 rows costs what walking 2,600 index entries does not).
FEW = 5_000


def _matches(fts: str, search: str) -> Any:
    return text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :match").bindparams(
        match=match_expression(search)).columns(column("rowid"))


def matching(session: Session, key: Any, fts: str, columns: Sequence[Any], search: str) -> Any:
    """A condition on `key` (the content table's id) keeping the rows that match `search`, or None."""
    found = words(search)
    if not found:
        return None
    if uses_fts(session):
        if (match_count(session, fts, search) or 0) > FEW:
            return (key + 0).in_(_matches(fts, search))      # `+ 0`: look up, do not walk the matches
        return key.in_(_matches(fts, search))
    return and_(*(or_(*(col.ilike(f"%{word}%") for col in columns)) for word in found))


def match_count(session: Session, fts: str, search: str) -> int | None:
    """How many rows match `search` (from the full-text index alone), or None without one."""
    if not words(search) or not uses_fts(session):
        return None
    known: dict[tuple[str, str], int] = session.info.setdefault("match_counts", {})
    if (fts, search) not in known:
        known[(fts, search)] = int(session.scalar(text(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH :match")
                                                  .bindparams(match=match_expression(search))) or 0)
    return known[(fts, search)]
