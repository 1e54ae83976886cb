"""Charts for the dashboard: invoiced against collected over the last 12 months, and what customers
owe today by age. The figures are read on a worker thread; `refresh()` asks for them again.

    charts = CollectionCharts(db)      # in a page's layout
    charts.refresh()                   # in the page's shown()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QEvent, QLocale, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolTip, QWidget

from desktop_app import formatting
from desktop_app.domain.progress import Job, Progress
from desktop_app.domain.receivables import AgeBucket
from desktop_app.i18n import N_, _
from desktop_app.services import Database
from desktop_app.services.closing import today
from desktop_app.ui.jobs import JobHandle, start_job

if TYPE_CHECKING:
    from desktop_app.services.kpis import ChartFigures

INVOICED, COLLECTED = QColor("#2f6f6a"), QColor("#e0a458")
AGE_COLOURS = ("#4c9a6a", "#e6b34a", "#e08a3c", "#d0603a", "#b03a3a")   # not due ... over 90 days
# Days late under each column (the axis title says "days past the due date"): short enough for a
# narrow chart in any language.
AGE_AXIS = {AgeBucket.NOT_DUE: N_("Not due"), AgeBucket.DAYS_1_30: "1–30", AgeBucket.DAYS_31_60: "31–60",
            AgeBucket.DAYS_61_90: "61–90", AgeBucket.OVER_90: "> 90"}


def _scale(largest: Decimal) -> tuple[int, str]:
    """Divide amounts by this and title the axis with that unit, so labels stay short."""
    if largest >= 10_000_000:
        return 1_000_000, _("million €")
    if largest >= 10_000:
        return 1_000, _("thousand €")
    return 1, "€"


def _value_axis(values: Sequence[Decimal], font: QFont) -> tuple[QValueAxis, int]:
    largest = max(values, default=Decimal(0))
    divisor, unit = _scale(largest)
    axis = QValueAxis()
    axis.setRange(0, max(float(largest) / divisor, 1.0))
    axis.applyNiceNumbers()
    # The unit goes in the title: a label format is printf text and would mangle the euro sign.
    axis.setLabelFormat("%.0f")
    axis.setTitleText(unit)
    axis.setTitleFont(font)
    axis.setLabelsFont(font)
    axis.setMinorTickCount(0)
    return axis, divisor


class CollectionCharts(QWidget):
    """Invoiced vs collected per month, and receivables by age, side by side."""

    loaded = Signal(object)          # the ChartFigures drawn

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.figures: ChartFigures | None = None
        self._handle: JobHandle | None = None
        self.sales_view = self._view(_("Invoiced and collected per month"))
        self.ages_view = self._view(_("Receivables by age"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.sales_view, 3)
        layout.addWidget(self.ages_view, 2)
        self.setMinimumHeight(280)

    def _view(self, name: str) -> QChartView:
        view = QChartView()
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setAccessibleName(name)
        view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        view.setMinimumSize(320, 260)
        return view

    def refresh(self, on: date | None = None) -> JobHandle:
        """Read the figures again in the background; the charts change when they arrive."""
        day = on or today()

        def job() -> Job[ChartFigures]:
            # Imported here, on the worker thread: the dashboard's services bring the document libraries.
            from desktop_app.services.dashboard import chart_figures_kept

            yield Progress(0, 1)
            return chart_figures_kept(self.db, day)
        self._handle = start_job(job, self, _("Charts"), on_finished=self.show_figures, show_dialog=False)
        return self._handle

    def changeEvent(self, event: QEvent) -> None:
        # The system turned dark (or light): draw the charts again in the theme that goes with it.
        if event.type() == QEvent.Type.PaletteChange and self.figures is not None:
            self.show_figures(self.figures)
        super().changeEvent(event)

    def show_figures(self, figures: ChartFigures) -> None:
        self.figures = figures
        self.sales_view.setChart(self._sales_chart(figures))
        self.ages_view.setChart(self._ages_chart(figures))
        self.loaded.emit(figures)

    def _chart(self, title: str) -> QChart:
        chart = QChart()
        # The theme first: setting one puts back its own fonts.
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
        chart.setTitle(title)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        chart.setTitleFont(font)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(4)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        return chart

    def _sales_chart(self, figures: ChartFigures) -> QChart:
        first, last = figures.months[0][0], figures.months[-1][0]
        chart = self._chart(_("Invoiced and collected, {first} to {last}").format(
            first=self._month_name(first), last=self._month_name(last)))
        axis_y, divisor = _value_axis([v for _key, a, b in figures.months for v in (a, b)], self._small_font())
        invoiced, collected = QBarSet(_("Invoiced")), QBarSet(_("Collected"))
        invoiced.setColor(INVOICED)
        collected.setColor(COLLECTED)
        for _key, sales, receipts in figures.months:
            invoiced.append(max(float(sales), 0.0) / divisor)
            collected.append(max(float(receipts), 0.0) / divisor)
        series = QBarSeries()
        series.append(invoiced)
        series.append(collected)
        series.setBarWidth(0.8)
        for bar_set in (invoiced, collected):
            bar_set.hovered.connect(lambda state, index, bar_set=bar_set: self._tip(state, bar_set, index, divisor))
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([self._month_label(key) for key, _a, _b in figures.months])
        axis_x.setLabelsFont(self._small_font())
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        return chart

    def _ages_chart(self, figures: ChartFigures) -> QChart:
        chart = self._chart(_("Receivables by age on {day}").format(day=formatting.day(figures.on)))
        axis_y, divisor = _value_axis([amount for _bucket, amount in figures.ages], self._small_font())
        # One set per age, each with a value in its own column only: bars coloured by lateness.
        series = QStackedBarSeries()
        for index, (bucket, amount) in enumerate(figures.ages):
            bar_set = QBarSet(bucket.label)
            bar_set.setColor(QColor(AGE_COLOURS[index % len(AGE_COLOURS)]))
            for column in range(len(figures.ages)):
                bar_set.append(float(amount) / divisor if column == index else 0.0)
            bar_set.hovered.connect(lambda state, i, bar_set=bar_set: self._tip(state, bar_set, i, divisor))
            series.append(bar_set)
        series.setBarWidth(0.7)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([_(AGE_AXIS[bucket]) for bucket, _amount in figures.ages])
        axis_x.setTruncateLabels(False)        # "Not due" may be wider than its column: show it whole
        axis_x.setLabelsFont(self._small_font())
        axis_x.setTitleText(_("Days past the due date"))
        axis_x.setTitleFont(self._small_font())
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().hide()
        return chart

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
        return font

    @staticmethod
    def _month_label(key: str) -> str:
        """'Mar' (the title says which months): short enough for twelve columns."""
        year, month = (int(part) for part in key.split("-"))
        return QLocale().toString(QDate(year, month, 1), "MMM")

    @staticmethod
    def _month_name(key: str) -> str:
        year, month = (int(part) for part in key.split("-"))
        return QLocale().toString(QDate(year, month, 1), "MMMM yyyy")

    @staticmethod
    def _tip(state: bool, bar_set: QBarSet, index: int, divisor: int) -> None:
        if not state:
            QToolTip.hideText()
            return
        amount = Decimal(str(bar_set.at(index))) * divisor
        QToolTip.showText(QCursor.pos(), f"{bar_set.label()}: {formatting.money(amount.quantize(Decimal(1)), 'EUR')}")
