"""A report as a PDF in the invoices' look: the template's colours and embedded font, the seller's
block, a table that runs over as many pages as it needs, then the smaller tables and notes.

Wide reports (more than seven columns) are laid out on landscape paper.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

from desktop_app.documents.blocks import Line, stacked, text_block
from desktop_app.documents.closing import table_block
from desktop_app.documents.flow import Block
from desktop_app.documents.formatting import Formatter, formatter
from desktop_app.documents.pages import Heading, draw_document, heading_block
from desktop_app.documents.pen import BODY, MUTED, Pen, Style, new_canvas, template_style
from desktop_app.documents.table import Table, TableColumn, TableRow
from desktop_app.documents.template import DEFAULT_TEMPLATE, DocumentTemplate
from desktop_app.domain.invoice import Party
from desktop_app.domain.report_table import Cell, Column, ColumnKind, Report
from desktop_app.domain.report_table import Table as ReportTable
from desktop_app.i18n import _, active_language

WIDE = 7                    # more columns than this: landscape
PATTERNS = {ColumnKind.MONEY: "#,##0.00", ColumnKind.DAYS: "#,##0.0", ColumnKind.INTEGER: "#,##0"}


def cell_text(value: Cell, column: Column, fmt: Formatter) -> str:
    """A cell as printed in the report's language: `1 234,50`, `20 %`, `01/03/2026`."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        if column.kind is ColumnKind.MONTH:
            return str(format_date(value, "MMM y", locale=fmt.locale))
        return fmt.short_date(value)
    if column.kind in (ColumnKind.PERCENT, ColumnKind.RATE) and isinstance(value, Decimal):
        return fmt.percent(value)
    pattern = PATTERNS.get(column.kind)
    if pattern is None:
        return str(value)
    return str(format_decimal(value, format=pattern, locale=fmt.locale))


def _style(template: DocumentTemplate, columns: int) -> Style:
    style = template_style(template)
    if columns > WIDE and style.width < style.height:
        return replace(style, width=style.height, height=style.width)
    return style


def _table(pen: Pen, source: ReportTable, fmt: Formatter) -> Table:
    size = BODY if len(source.columns) <= WIDE else BODY - 1
    # One text column takes the width left and wraps: the customer's name, else the first one.
    keys = [c.key for c in source.columns]
    wrapping = "customer" if "customer" in keys else keys[0]
    columns = [TableColumn(c.title, "right" if c.numeric else "left", wraps=c.key == wrapping)
               for c in source.columns]
    rows = [TableRow(tuple(cell_text(v, c, fmt) for v, c in zip(row, source.columns))) for row in source.rows]
    if source.total is not None:
        rows.append(TableRow(tuple(cell_text(v, c, fmt) for v, c in zip(source.total, source.columns)), bold=True))
    return Table(pen, columns, rows, pen.style.left, pen.style.content_width, size)


def _titled(pen: Pen, title: str, body: Block | None, note: str) -> Block:
    style = pen.style
    parts = [text_block(pen, style.left, style.content_width, [Line(title, 10.5, bold=True, colour=style.primary)])]
    if body is not None:
        parts.append(body)
    if note:
        parts.append(text_block(pen, style.left, style.content_width, [Line(note, BODY - 0.5, colour=MUTED)]))
    return stacked(parts, 6)


def render_report(report: Report, seller: Party, template: DocumentTemplate = DEFAULT_TEMPLATE,
                  language: str | None = None) -> bytes:
    """The report as a PDF whose every font is embedded."""
    fmt = formatter(language or active_language())
    style = _style(template, max(len(t.columns) for t in report.tables))
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, style, title=report.title, author=seller.name, subject=report.subtitle,
                        language=fmt.language)
    pen = Pen(canvas, style)
    empty = Block(0.0, lambda top: None)
    if report.on is not None:
        when = _("On {day}").format(day=fmt.date(report.on))
    else:
        when = f"{fmt.short_date(report.start)} – {fmt.short_date(report.end)}"
    pairs = [(label, cell_text(value, Column("detail", label), fmt)) for label, value in report.details]
    pairs.append((_("Amounts"), _("in euros")))
    heading = heading_block(pen, template, Heading(seller, report.title, when, pairs, seller.address.country),
                            fmt, empty)
    main, *others = report.tables
    tail = []
    if main.note:
        tail.append(text_block(pen, style.left, style.content_width, [Line(main.note, BODY - 0.5, colour=MUTED)]))
    for extra in others:
        tail.append(_titled(pen, extra.title, table_block(_table(pen, extra, fmt)) if extra.rows else None,
                            extra.note))
    table = _table(pen, main, fmt) if main.rows or main.total is not None else None
    draw_document(pen, template, heading, table, tail, running_title=report.title, seller_name=seller.name)
    return buffer.getvalue()
