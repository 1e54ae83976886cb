"""Lists of any length read a window at a time: a count, then the ids of rows `offset` to `offset + n`
in the list's order, straight from an index.

A list is one or more segments shown one after the other (drafts, then issued documents newest first);
each segment is a filtered query and its order, every order column running the same way so that one
index serves it forwards and backwards. A window past the middle is read from the end (reversed), so
reaching the last rows of a million costs what reaching the first ones does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, literal, select, tuple_
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Segment:
    """A filtered `select(<id>)` and its order (the id last, to make it total)."""

    query: Select[Any]
    order: tuple[Any, ...]
    descending: bool = False
    counter: Select[Any] | None = None    # a cheaper query giving the same count, when there is one

    def count(self, session: Session) -> int:
        return int(session.scalar(self.counter if self.counter is not None else self._counting()) or 0)

    def _counting(self) -> Select[Any]:
        return self.query.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)

    def _ordered(self, backwards: bool, indexed: bool = True) -> Select[Any]:
        down = self.descending != backwards
        # coalesce(c, c) is c, but no index serves it: the planner then finds the rows by the filter
        # and sorts them, which is what a short list wants.
        columns = self.order if indexed else tuple(func.coalesce(column, column) for column in self.order)
        return self.query.order_by(*(column.desc() if down else column.asc() for column in columns))

    def ids(self, session: Session, offset: int, limit: int, total: int, indexed: bool = True) -> list[int]:
        """Ids of rows `offset` .. `offset + limit - 1` of a segment of `total` rows (`indexed` False to
        read a short list by its filter rather than by the order's index)."""
        limit = min(limit, total - offset)
        if limit <= 0:
            return []
        if not indexed:
            return list(session.scalars(self._ordered(False, False).offset(offset).limit(limit)))
        if offset <= total - offset - limit:
            return list(session.scalars(self._ordered(False).offset(offset).limit(limit)))
        found = list(session.scalars(self._ordered(True).offset(total - offset - limit).limit(limit)))
        found.reverse()
        return found

    def position(self, session: Session, key_column: Any, item_id: int) -> int | None:
        """The row of `item_id` in the segment, or None when it is not in it."""
        key = session.execute(self.query.with_only_columns(*self.order, maintain_column_froms=True)
                              .where(key_column == item_id)).first()
        if key is None:
            return None
        if any(value is None for value in key):
            return None       # row values do not compare with NULL: the caller starts from the top
        # The key goes back through each column's type (amounts are stored as integers of cents).
        values = tuple_(*(literal(value, type_=column.type) for column, value in zip(self.order, key)))
        before = tuple_(*self.order) > values if self.descending else tuple_(*self.order) < values
        return int(session.scalar(self._counting().where(before)) or 0)


@dataclass(frozen=True)
class ListQuery:
    """The segments of a list, and its id column (for finding a row again)."""

    segments: tuple[Segment, ...]
    key_column: Any

    def counts(self, session: Session) -> list[int]:
        return [segment.count(session) for segment in self.segments]

    def ids(self, session: Session, offset: int, limit: int, counts: Sequence[int], indexed: bool = True
            ) -> list[int]:
        """Ids of rows `offset` .. `offset + limit - 1` across the segments (`counts` from `counts()`)."""
        found: list[int] = []
        start = 0
        for segment, total in zip(self.segments, counts):
            if offset < start + total and len(found) < limit:
                inner = max(offset - start, 0) if not found else 0
                found += segment.ids(session, inner, limit - len(found), total, indexed)
            start += total
        return found

    def position(self, session: Session, item_id: int, counts: Sequence[int]) -> int | None:
        start = 0
        for segment, total in zip(self.segments, counts):
            row = segment.position(session, self.key_column, item_id)
            if row is not None:
                return start + row
            start += total
        return None


def single(query: Select[Any], order: Sequence[Any], key_column: Any, descending: bool = False) -> ListQuery:
    """A list of one segment."""
    return ListQuery((Segment(query, tuple(order), descending),), key_column)


def select_ids(key_column: Any) -> Select[Any]:
    return select(key_column)
