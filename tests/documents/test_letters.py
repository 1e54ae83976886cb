"""Reminder letters and customer statements: content, totals, running balance, PDF/A."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pikepdf

from desktop_app.documents.formatting import formatter
from desktop_app.documents.letters import EntryKind, StatementEntry, render_reminder, render_statement
from tests.documents.conftest import flat, make_reminder, make_statement, needs_poppler, page_count, pdf_text

pytestmark = needs_poppler


def money(amount: str, language: str = "fr") -> str:
    return flat(formatter(language).money(Decimal(amount), "EUR"))


def test_a_reminder_lists_the_overdue_invoices_fees_and_total(tmp_path: Path) -> None:
    letter = make_reminder()
    text = flat(pdf_text(render_reminder(letter), tmp_path))
    for mention in ("Atelier Lumière", "Boulangerie Martin", "3 place Bellecour", "R2026-0007", "15 mars 2026",
                    "F2026-00012", "F2026-00019", "09/02/2026", " 34 ", " 20 ",
                    "Intérêts de retard au taux de 12,15 % sur 34 jours",
                    "Indemnité forfaitaire de recouvrement : 2 × 40 €"):
        assert flat(mention) in text, mention
    assert letter.total_due == Decimal("1575.22")
    for amount in ("1250.00", "230.40", "14.82", "80.00", "1480.40", "94.82", "1575.22"):
        assert money(amount) in text, amount
    assert "FR76 3000 6000 0112 3456 7890 189" in text


def test_a_reminder_without_a_message_explains_itself_and_names_the_indemnity(tmp_path: Path) -> None:
    letter = replace(make_reminder(language="en"), fees=(replace(make_reminder().fees[1], label=""),))
    text = flat(pdf_text(render_reminder(letter), tmp_path))
    assert "the invoices below are still unpaid" in text
    assert "Fixed recovery indemnity (40 €)" in text
    assert "Scan to pay" in text


def test_a_formal_notice_says_so_in_its_title(tmp_path: Path) -> None:
    reminder = flat(pdf_text(render_reminder(make_reminder()), tmp_path))
    notice = flat(pdf_text(render_reminder(replace(make_reminder(), formal_notice=True)), tmp_path))
    assert "Mise en demeure" not in reminder and "RELANCE" in reminder.upper()
    assert "MISE EN DEMEURE" in notice.upper()


def test_a_reminder_is_pdfa(tmp_path: Path) -> None:
    pdf = render_reminder(make_reminder())
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        assert b"<pdfaid:part>3</pdfaid:part>" in opened.Root.Metadata.read_bytes()
        assert opened.Root.OutputIntents[0].S == "/GTS_PDFA1"
        assert str(opened.trailer.Info.CreationDate) == "D:20260315000000+00'00'"


def test_a_statement_shows_a_running_balance(tmp_path: Path) -> None:
    statement = make_statement()
    text = flat(pdf_text(render_statement(statement), tmp_path))
    assert statement.closing_balance == Decimal("1540.40")
    # Opening 120 + 1250 + 480.40 − 250 − 60, row by row.
    balances = ["120.00", "1370.00", "1850.40", "1600.40", "1540.40"]
    positions = [text.index(money(amount)) for amount in balances]
    assert positions == sorted(positions)
    for mention in ("F2026-00012", "F2026-00019", "VIR 0202", "Virement reçu", "AV2026-00002", "1 janvier 2026",
                    "31 mars 2026"):
        assert mention in text
    assert money("-310.00") in text


def test_a_long_statement_runs_over_several_pages(tmp_path: Path) -> None:
    start = date(2025, 1, 1)
    entries = tuple(StatementEntry(start + timedelta(days=i), EntryKind.INVOICE if i % 2 == 0 else EntryKind.PAYMENT,
                                   f"F2025-{i:05d}", Decimal("10.00")) for i in range(120))
    statement = replace(make_statement(language="en"), entries=entries, opening_balance=Decimal(0))
    pdf = render_statement(statement)
    pages = pdf_text(pdf, tmp_path).split("\f")[:-1]
    assert len(pages) == page_count(pdf) >= 2
    assert all("Balance" in page for page in pages)
    assert sum("Balance due" in page for page in pages) == 1 and "Balance due" in pages[-1]
    assert "Please contact us" not in flat(pages[-1]) and statement.closing_balance == 0
