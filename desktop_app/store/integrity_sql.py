"""The numbering check of `verify`, done by the database over a million documents at once (SQL that
SQLite and PostgreSQL read alike): the first document out of its series' sequence, and the highest
number of each series and period to compare with its counter."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def numbering_break(session: Session) -> tuple[str, int, int, bool] | None:
    """The first issued document out of its series' sequence: (number, its position, the position
    expected, True when the position is right but its date goes back)."""
    # Partitioned and ordered as the numbering index is (series, period, number): the database walks it
    # in order without sorting a million rows. The number of the one document found is read last.
    row = session.execute(text("""
        WITH numbered AS (
            SELECT id, sequence_number, issue_date, LAG(issue_date) OVER w AS previous_date,
                   LAG(sequence_number) OVER w AS previous
            FROM invoices WHERE state = 'issued'
            WINDOW w AS (PARTITION BY series, sequence_period ORDER BY sequence_number)),
        broken AS (
            SELECT id, sequence_number, COALESCE(previous, 0) + 1 AS expected,
                   sequence_number = COALESCE(previous, 0) + 1 AS dated
            FROM numbered
            WHERE sequence_number != COALESCE(previous, 0) + 1 OR issue_date < previous_date
            LIMIT 1)
        SELECT invoices.number, broken.sequence_number, broken.expected, broken.dated
        FROM broken JOIN invoices ON invoices.id = broken.id""")).first()
    return (row[0] or "", int(row[1] or 0), int(row[2]), bool(row[3])) if row else None


def last_numbers(session: Session) -> dict[tuple[str, str], tuple[int, int]]:
    """Per series and period: the highest number issued, and how many documents were issued."""
    rows = session.execute(text(
        "SELECT COALESCE(series, ''), COALESCE(sequence_period, ''), MAX(sequence_number), COUNT(*) "
        "FROM invoices WHERE state = 'issued' GROUP BY series, sequence_period"))
    found: dict[tuple[str, str], tuple[int, int]] = {}
    for series, period, last, count in rows:
        # A missing series or period and an empty one are the same key (grouped apart to follow the index).
        before = found.get((series, period), (0, 0))
        found[(series, period)] = (max(before[0], int(last or 0)), before[1] + int(count))
    return found
