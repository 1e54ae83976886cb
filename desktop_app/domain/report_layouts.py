"""Each report laid out as titled tables of typed cells, in the interface language."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.kpi import KpiReport
from desktop_app.domain.money import ZERO
from desktop_app.domain.receivables import BUCKETS, AgingReport, BalancesReport
from desktop_app.domain.report_table import Cell, Column, ColumnKind, Report, Table, table
from desktop_app.domain.sales_journal import SalesJournal
from desktop_app.domain.vat_report import VatBasis, VatReport, ca3_line, category_label
from desktop_app.i18n import _

MONEY, DATE, INTEGER, PERCENT, DAYS, RATE = (ColumnKind.MONEY, ColumnKind.DATE, ColumnKind.INTEGER,
                                             ColumnKind.PERCENT, ColumnKind.DAYS, ColumnKind.RATE)


def _period_text(start: date, end: date) -> str:
    return _("From {start} to {end}").format(start=start.isoformat(), end=end.isoformat())


def vat_layout(report: VatReport) -> Report:
    """VAT per category and rate with credit notes (or refunds) deducted, then the CA3 lines."""
    if report.basis is VatBasis.DEBITS:
        titles = (_("Base, invoices"), _("Base, credit notes"), _("VAT, invoices"), _("VAT, credit notes"))
    else:
        titles = (_("Base received"), _("Base refunded"), _("VAT received"), _("VAT refunded"))
    columns = [Column("category", _("Category")), Column("rate", _("Rate"), RATE),
               Column("sales_base", titles[0], MONEY), Column("deducted_base", titles[1], MONEY),
               Column("base", _("Taxable base"), MONEY), Column("sales_vat", titles[2], MONEY),
               Column("deducted_vat", titles[3], MONEY),
               Column("vat", _("VAT collected"), MONEY), Column("ca3", _("CA3 line"))]
    rows = [(category_label(line.category), line.rate, line.sales_base, line.deducted_base, line.base,
             line.sales_vat, line.deducted_vat, line.vat, ca3_line(line.category, line.rate))
            for line in report.lines]
    total = (_("Total"), None, sum((line.sales_base for line in report.lines), ZERO),
             sum((line.deducted_base for line in report.lines), ZERO), report.total_base,
             sum((line.sales_vat for line in report.lines), ZERO),
             sum((line.deducted_vat for line in report.lines), ZERO), report.total_vat, "")
    by_rate = table(_("VAT by rate"), columns, rows, total)
    ca3 = table(_("CA3 return"), [Column("line", _("Line")), Column("label", _("What")),
                                  Column("base", _("Base excl. VAT"), MONEY), Column("vat", _("VAT"), MONEY)],
                [(box, _ca3_label(box), base, vat if box[0].isdigit() else None)
                 for box, base, vat in report.ca3_boxes()])
    return Report("vat", _("VAT return (CA3)"), report.period.start, report.period.end,
                  _period_text(report.period.start, report.period.end), (by_rate, ca3), report.as_json(),
                  details=((_("VAT basis"), report.basis.label),))


def _ca3_label(box: str) -> str:
    labels = {"A1": _("Sales and services (taxable)"), "E1": _("Exports outside the EU"),
              "E2": _("Other non-taxable operations"), "F2": _("Intra-EU supplies"),
              "08": _("Standard rate 20 %"), "09": _("Reduced rate 5.5 %"), "9B": _("Reduced rate 10 %"),
              "3310-A": _("Other rates (annex 3310-A)")}
    return labels.get(box, box)


def sales_layout(journal: SalesJournal) -> Report:
    rates = journal.rates
    columns = [Column("number", _("Number")), Column("date", _("Date"), DATE), Column("customer", _("Customer")),
               Column("base", _("Base excl. VAT"), MONEY)]
    columns += [Column(f"vat_{rate}", _("VAT {rate} %").format(rate=rate), MONEY) for _category, rate in rates]
    columns += [Column("rounding", _("Rounding"), MONEY), Column("total", _("Total incl. VAT"), MONEY),
                Column("currency", _("Currency")), Column("total_currency", _("Total in currency"), MONEY)]
    rows = []
    for entry in journal.entries:
        doc = entry.document
        rows.append((doc.number, doc.issue_date, doc.customer, entry.base,
                     *(entry.vat_at(category, rate) for category, rate in rates), entry.rounding, entry.total,
                     doc.currency, doc.sign * doc.payable))
    total = (_("Total"), None, None, sum((e.base for e in journal.entries), ZERO),
             *(sum((e.vat_at(c, r) for e in journal.entries), ZERO) for c, r in rates),
             sum((e.rounding for e in journal.entries), ZERO), journal.total, None, None)
    main = table(_("Sales journal"), columns, rows, total,
                 _("Amounts in EUR; credit notes are negative."))
    return Report("sales", _("Sales journal"), journal.period.start, journal.period.end,
                  _period_text(journal.period.start, journal.period.end), (main,), journal.as_json())


def aging_layout(report: AgingReport, start: date) -> Report:
    columns = [Column("customer", _("Customer")), Column("invoices", _("Invoices"), INTEGER)]
    columns += [Column(bucket.value, bucket.label, MONEY) for bucket in BUCKETS]
    columns.append(Column("total", _("Total due"), MONEY))
    rows = [(row.customer, row.invoices, *row.amounts, row.total) for row in report.rows]
    total = (_("Total"), sum(row.invoices for row in report.rows), *report.totals, report.total)
    main = table(_("Aged receivables"), columns, rows, total,
                 _("Amounts left to pay in EUR, by days past the due date."))
    subtitle = _("On {day}").format(day=report.on.isoformat())
    return Report("aging", _("Aged receivables"), start, report.on, subtitle, (main,), report.as_json(),
                  on=report.on)


def balances_layout(report: BalancesReport) -> Report:
    names = [("opening", _("Opening balance")), ("invoiced", _("Invoiced")), ("credited", _("Credit notes")),
             ("received", _("Received")), ("closing", _("Closing balance")), ("overdue", _("of which overdue"))]
    columns = [Column("customer", _("Customer"))] + [Column(key, title, MONEY) for key, title in names]
    rows = [(row.customer, *(getattr(row, key) for key, _title in names)) for row in report.rows]
    total = (_("Total"), *(report.total(key) for key, _title in names))
    main = table(_("Customer balances"), columns, rows, total, _("Amounts in EUR, VAT included."))
    return Report("balances", _("Customer balances"), report.period.start, report.period.end,
                  _period_text(report.period.start, report.period.end), (main,), report.as_json())


def kpi_layout(report: KpiReport) -> Report:
    columns = [Column("month", _("Month"), ColumnKind.MONTH), Column("issued", _("Invoices issued"), INTEGER),
               Column("invoiced", _("Invoiced"), MONEY), Column("collected", _("Collected"), MONEY),
               Column("on_time", _("Paid on time"), PERCENT), Column("days", _("Average days to pay"), DAYS),
               Column("dso", _("DSO (days)"), DAYS), Column("disputed", _("Disputed"), INTEGER),
               Column("outstanding", _("Outstanding"), MONEY), Column("overdue", _("Overdue"), MONEY)]
    rows = [(m.month.start.replace(day=1), m.issued, m.invoiced, m.collected, m.on_time_share,
             m.average_days_to_pay, m.dso, m.disputed, m.outstanding, m.overdue) for m in report.months]
    total = (_("Total"), sum(m.issued for m in report.months), sum((m.invoiced for m in report.months), ZERO),
             sum((m.collected for m in report.months), ZERO), None, None, None, None, None, None)
    months = table(_("Month by month"), columns, rows, total,
                   _("Punctuality counts invoices sold on credit; amounts in EUR, VAT included."))
    return Report("kpi", _("Key figures"), report.period.start, report.period.end,
                  _period_text(report.period.start, report.period.end), (months, forecast_table(report)),
                  report.as_json(), details=((_("Forecast from"), report.forecast.on),))


def forecast_table(report: KpiReport) -> Table:
    """The weeks ahead, then what is expected later and what is too late to count on."""
    forecast = report.forecast
    columns = [Column("when", _("When")), Column("start", _("From"), DATE), Column("end", _("To"), DATE),
               Column("invoices", _("Invoices"), INTEGER), Column("amount", _("Expected"), MONEY)]
    rows: list[tuple[Cell, ...]] = [(_("Week {n}").format(n=number), w.start, w.end, w.invoices, w.amount)
                                    for number, w in enumerate(forecast.weeks, start=1)]
    rows.append((_("Later"), None, None, None, forecast.later))
    rows.append((_("Over 90 days late"), None, None, None, forecast.doubtful))
    total = (_("Next 8 weeks"), None, None, sum(w.invoices for w in forecast.weeks), forecast.expected)
    note = _("Each open invoice is expected on its due date moved by its customer's usual delay; invoices over "
             "90 days late are not counted on.")
    return table(_("Cash-collection forecast"), columns, rows, total, note)
