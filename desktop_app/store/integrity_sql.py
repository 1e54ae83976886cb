"""The numbering check of `verify`, done by the database over a million documents at once (SQL that
SQLite and PostgreSQL read alike): the first document out of its series' sequence, and the highest
number of each series and period to compare with its counter."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def numbering_break(session: Session) -> tuple[str, int, int, bool] | None:
    """The first issued document out of its series' sequence: (number, its position, the position
    expected, True when the position is right but its date goes back)."""
    row = session.execute(text("""
        WITH numbered AS (
            SELECT number, sequence_number, issue_date, LAG(issue_date) OVER w AS previous_date,
                   LAG(sequence_number) OVER w AS previous, series, sequence_period
            FROM invoices WHERE state = 'issued'
            WINDOW w AS (PARTITION BY COALESCE(series, ''), COALESCE(sequence_period, '')
                         ORDER BY sequence_number))
        SELECT number, sequence_number, COALESCE(previous, 0) + 1, sequence_number = COALESCE(previous, 0) + 1
        FROM numbered
        WHERE sequence_number != COALESCE(previous, 0) + 1 OR issue_date < previous_date
        ORDER BY COALESCE(series, ''), COALESCE(sequence_period, ''), sequence_number LIMIT 1""")).first()
    return (row[0] or "", int(row[1] or 0), int(row[2]), bool(row[3])) if row else None


def last_numbers(session: Session) -> dict[tuple[str, str], tuple[int, int]]:
    """Per series and period: the highest number issued, and how many documents were issued."""
    rows = session.execute(text(
        "SELECT COALESCE(series, ''), COALESCE(sequence_period, ''), MAX(sequence_number), COUNT(*) "
        "FROM invoices WHERE state = 'issued' GROUP BY COALESCE(series, ''), COALESCE(sequence_period, '')"))
    return {(series, period): (int(last or 0), int(count)) for series, period, last, count in rows}
