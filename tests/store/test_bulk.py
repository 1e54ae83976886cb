"""Bulk inserts store every value exactly as SQLAlchemy itself stores it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Boolean, Column, Date, Integer, MetaData, Table, create_engine, insert
from sqlalchemy.orm import Session

from desktop_app.store.bulk import bulk_insert
from desktop_app.store.types import Cents, UtcDateTime

TABLE = Table("things", MetaData(), Column("id", Integer, primary_key=True), Column("day", Date),
              Column("moment", UtcDateTime()), Column("amount", Cents()), Column("flag", Boolean))
COLUMNS = ("id", "day", "moment", "amount", "flag")

zones = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
moments = st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30), timezones=zones)
days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
amounts = st.decimals(min_value=-10 ** 9, max_value=10 ** 9, places=2, allow_nan=False)


def stored(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT day, moment, amount, flag FROM things ORDER BY id").fetchall()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(days, moments, amounts, st.booleans()), min_size=1, max_size=20))
def test_bulk_rows_are_stored_as_sqlalchemy_stores_them(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("bulk")
    stored_by = {}
    for way in ("core", "bulk"):
        path = folder / f"{way}.db"
        engine = create_engine(f"sqlite:///{path}")
        TABLE.metadata.create_all(engine)
        with Session(engine) as session, session.begin():
            values = [(n, *row) for n, row in enumerate(rows, start=1)]
            if way == "core":
                session.execute(insert(TABLE), [dict(zip(COLUMNS, row)) for row in values])
            else:
                bulk_insert(session, TABLE, COLUMNS, values)
        engine.dispose()
        stored_by[way] = stored(path)
    assert stored_by["bulk"] == stored_by["core"]


def test_a_moment_is_stored_in_utc_with_its_microseconds(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'one.db'}")
    TABLE.metadata.create_all(engine)
    paris = timezone(timedelta(hours=1))
    with Session(engine) as session, session.begin():
        bulk_insert(session, TABLE, COLUMNS, [(1, date(2026, 11, 28), datetime(2026, 11, 28, 8, 4, 22, 5, paris),
                                              Decimal("12.50"), True)])
    engine.dispose()
    assert stored(tmp_path / "one.db") == [("2026-11-28", "2026-11-28 07:04:22.000005", 1250, 1)]
    assert datetime(2026, 1, 1, tzinfo=UTC).isoformat(" ", "microseconds").endswith("+00:00")
