"""The Reports screen: choose a report and a period, read it in tables, export it for the bookkeeper.

Reports are computed on a worker thread (a yearly report of a big shop takes a second or two); a
newer request makes the answer of an older one obsolete, so quick changes of period never show a
stale report.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import formatting
from desktop_app.domain.periods import Period, Preset, preset_period
from desktop_app.domain.report_table import Column, ColumnKind, Report
from desktop_app.domain.vat_report import VatBasis
from desktop_app.i18n import _, ngettext
from desktop_app.services import Database
from desktop_app.services.closing import today
from desktop_app.services.fec_export import export_fec
from desktop_app.services.reports import REPORT_KINDS, build_report, company_basis, export_report
from desktop_app.ui.jobs import JobCancelled, JobHandle, start_job
from desktop_app.ui.models.report_table import ReportTableModel, display
from desktop_app.ui.pages.base import Page
from desktop_app.ui.shortcuts import bind_page
from desktop_app.ui.widgets.forms import date_edit

CUSTOM = "custom"
FILTERS = {"csv": "CSV (*.csv)", "xlsx": "Excel (*.xlsx)", "pdf": "PDF (*.pdf)", "json": "JSON (*.json)"}




class ReportsPage(Page):
    key = "reports"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Reports"), parent)
        self.db = db
        self.report: Report | None = None
        self.models: list[ReportTableModel] = []
        self._request = 0
        self.jobs: list[JobHandle] = []
        self._build_actions()
        self._build_choices()
        self.heading = QLabel()
        self.heading.setObjectName("formTitle")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(_("Report tables"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        for widget in (self.heading, self.details):
            self.body.addWidget(widget)
        self.body.addWidget(self.tabs, 1)
        self.body.addWidget(self.status)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._dates_edited)
        self.basis.currentIndexChanged.connect(self._timer.start)
        bind_page(self, self.key)
        self._kind_changed()
        self._preset_changed()

    # -- building ------------------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.export_button = QPushButton(_("Export"))
        self.export_button.setToolTip(_("Save the report as CSV, Excel, PDF or JSON, or the FEC of a year"))
        menu = QMenu(self.export_button)
        self.export_actions = {fmt: menu.addAction(label, lambda checked=False, fmt=fmt: self.export(fmt))
                               for fmt, label in (("csv", _("CSV…")), ("xlsx", _("Excel (XLSX)…")),
                                                  ("pdf", _("PDF…")), ("json", _("JSON…")))}
        menu.addSeparator()
        menu.addAction(_("FEC of a fiscal year…"), self.export_fec)
        self.export_button.setMenu(menu)
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.setToolTip(_("Compute the report again (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.actions_bar.addWidget(self.refresh_button)
        self.actions_bar.addWidget(self.export_button)

    def _build_choices(self) -> None:
        row = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Report"))
        for key, label in REPORT_KINDS.items():
            self.kind.addItem(_(label), key)
        self.preset = QComboBox()
        self.preset.setAccessibleName(_("Period"))
        for preset in Preset:
            self.preset.addItem(preset.label, preset.value)
        self.preset.addItem(_("Custom dates"), CUSTOM)
        self.preset.setCurrentIndex(self.preset.findData(Preset.LAST_MONTH.value))
        self.date_from, self.date_to = self._date_edit(_("From")), self._date_edit(_("To"))
        self.basis = QComboBox()
        self.basis.setAccessibleName(_("VAT basis"))
        for basis in VatBasis:
            self.basis.addItem(basis.label, basis.value)
        self.basis.setCurrentIndex(self.basis.findData(company_basis(self.db).value))
        self.basis_label = QLabel(_("Basis"))
        for label, widget in ((_("Report"), self.kind), (_("Period"), self.preset)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.date_from)
        self.to_label = QLabel(_("to"))
        row.addWidget(self.to_label)
        row.addWidget(self.date_to)
        row.addWidget(self.basis_label)
        row.addWidget(self.basis)
        row.addStretch()
        self.body.addLayout(row)

    def _date_edit(self, name: str) -> QDateEdit:
        return date_edit(name)

    def _table_view(self, model: ReportTableModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setAlternatingRowColors(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        return view

    # -- choices -------------------------------------------------------------------------------------------

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def current_period(self) -> Period:
        return Period(self.date_from.date().toPython(), self.date_to.date().toPython())  # type: ignore[arg-type]

    def choose(self, kind: str, start: date, end: date) -> None:
        """Pick a report and custom dates (as a user would), then compute it."""
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
        self._set_dates(start, end)
        self.refresh()

    def _set_dates(self, start: date, end: date) -> None:
        for edit, day in ((self.date_from, start), (self.date_to, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _kind_changed(self) -> None:
        is_vat = self.current_kind() == "vat"
        self.basis.setVisible(is_vat)
        self.basis_label.setVisible(is_vat)
        # Aged receivables are a picture of one day: the period's last day.
        self.date_from.setEnabled(self.current_kind() != "aging")
        self._timer.start()

    def _preset_changed(self) -> None:
        value = self.preset.currentData()
        if value != CUSTOM:
            period = preset_period(Preset(value), today())
            self._set_dates(period.start, period.end)
        self._timer.start()

    def _dates_edited(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
        self.preset.blockSignals(False)
        self._timer.start()

    # -- computing -----------------------------------------------------------------------------------------

    def shown(self) -> None:
        self.refresh()

    def refresh(self) -> JobHandle | None:
        self._timer.stop()
        try:
            period = self.current_period()
        except ValueError as error:
            self.status.setText(str(error))
            return None
        self._request += 1
        number, kind = self._request, self.current_kind()
        basis = VatBasis(self.basis.currentData()) if kind == "vat" else None
        self.status.setText(_("Computing…"))
        handle = start_job(lambda: build_report(self.db, kind, period, basis), self, _("Computing the report"),
                           on_finished=lambda report: self._computed(report, number),
                           on_failed=lambda error: self._not_computed(error, number))
        self.jobs = [*self.jobs[-3:], handle]
        return handle

    def _computed(self, report: Report, number: int) -> None:
        if number != self._request:
            return                        # a newer request is on its way
        self.report = report
        self.heading.setText(report.title)
        if report.on is not None:
            when = _("On {day}").format(day=formatting.day(report.on, style="long"))
        else:
            when = f"{formatting.day(report.start, style='long')} – {formatting.day(report.end, style='long')}"
        details = [when, *(_("{label}: {value}").format(label=label, value=display(value, _column_for(value)))
                           for label, value in report.details)]
        self.details.setText(" · ".join(part for part in details if part))
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self.models = []
        for table in report.tables:
            model = ReportTableModel(self)
            model.set_table(table)
            self.models.append(model)
            page = QWidget()
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 6, 0, 0)
            view = self._table_view(model)
            view.resizeColumnsToContents()
            keys = [column.key for column in table.columns]
            if "customer" in keys:      # the names take the width left
                view.horizontalHeader().setSectionResizeMode(keys.index("customer"), QHeaderView.ResizeMode.Stretch)
            layout.addWidget(view, 1)
            if table.note:
                note = QLabel(table.note)
                note.setWordWrap(True)
                layout.addWidget(note)
            self.tabs.addTab(page, table.title)
        self.tabs.tabBar().setVisible(len(report.tables) > 1)
        self.tabs.setCurrentIndex(max(0, min(current, len(report.tables) - 1)))
        rows = len(report.main.rows)
        self.status.setText(ngettext("{n} row.", "{n} rows.", rows).format(n=rows) if rows
                            else _("Nothing in this period."))

    def _not_computed(self, error: Exception, number: int) -> None:
        if number == self._request and not isinstance(error, JobCancelled):
            self.status.setText(_("The report could not be computed: {why}").format(why=error))

    # -- exporting -----------------------------------------------------------------------------------------

    def export(self, fmt: str) -> None:
        if self.report is None:
            return
        report = self.report
        name = f"{report.kind}_{report.start.isoformat()}_{report.end.isoformat()}.{fmt}"
        path, _filter = QFileDialog.getSaveFileName(self, _("Export the report"), str(Path.home() / name),
                                                    FILTERS[fmt])
        if path:
            self.export_to(fmt, Path(path))

    def export_to(self, fmt: str, path: Path) -> JobHandle | None:
        """Write the report shown to `path` in `fmt`, off the GUI thread."""
        if self.report is None:
            return None
        report = self.report
        handle = start_job(lambda: export_report(self.db, report, fmt, path), self, _("Exporting"),
                           on_finished=lambda written: self._say(_("Saved {path}").format(path=written)),
                           on_failed=self._failed)
        self.jobs = [*self.jobs[-3:], handle]
        return handle

    def export_fec(self) -> None:
        year, accepted = QInputDialog.getInt(self, _("FEC"), _("Fiscal year (calendar year):"), today().year - 1,
                                             2000, today().year)
        if not accepted:
            return
        folder = QFileDialog.getExistingDirectory(self, _("Folder for the FEC file"), str(Path.home()))
        if folder:
            self.fec_to(year, Path(folder))

    def fec_to(self, year: int, target: Path) -> JobHandle:
        handle = start_job(lambda: export_fec(self.db, year, target), self, _("Writing the FEC"),
                           on_finished=lambda result: self._say(_("FEC written: {path}").format(path=result.path)),
                           on_failed=self._failed)
        self.jobs = [*self.jobs[-3:], handle]
        return handle

    def _say(self, text: str) -> None:
        self.status.setText(text)
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 6000)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, JobCancelled):
            self._say(_("Cancelled."))
        else:
            QMessageBox.warning(self, _("Not done"), str(error))


def _column_for(value: Any) -> Column:
    """A column description that displays a detail value by its type."""
    return Column("detail", "", ColumnKind.DATE if isinstance(value, date) else ColumnKind.TEXT)
