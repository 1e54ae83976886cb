"""The Dashboard, the app's home: what is overdue, the reminders due today, drafts to issue, the outbox.

Each card opens the list it counts. The figures are read on a worker thread once the window is on
screen, and the charts (and their library) come then too, so a big shop's start-up never waits for them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import formatting
from desktop_app.i18n import _, ngettext
from desktop_app.services import Database
from desktop_app.ui.pages.base import Page
from desktop_app.ui.shortcuts import find
from desktop_app.ui.widgets.background import load_in_background
from desktop_app.ui.widgets.figure_card import FigureCard

if TYPE_CHECKING:
    from desktop_app.services.dashboard import DashboardFigures
    from desktop_app.ui.widgets.charts import CollectionCharts


def _read_figures(db: Database) -> DashboardFigures:
    from desktop_app.services.dashboard import dashboard_figures

    return dashboard_figures(db)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)   # as the lists' rows
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]], right: set[int]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            if column in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)


class DashboardPage(Page):
    key = "dashboard"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Dashboard"), parent)
        self.db = db
        self.figures: DashboardFigures | None = None
        self._load_waiting = False
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.setToolTip(_("Read the figures again ({keys})").format(
            keys=find("dashboard.refresh").label()))
        self.actions_bar.addWidget(self.refresh_button)
        self.date_label = QLabel()
        self.actions_bar.insertWidget(0, self.date_label)

        self.overdue_card = FigureCard(_("Overdue"))
        self.due_card = FigureCard(_("Reminders due today"))
        self.drafts_card = FigureCard(_("Drafts to issue"))
        self.outbox_card = FigureCard(_("Outbox"))
        cards = QGridLayout()
        cards.setSpacing(12)
        for column, card in enumerate((self.overdue_card, self.due_card, self.drafts_card, self.outbox_card)):
            cards.addWidget(card, 0, column)
        self.body.addLayout(cards)

        self.due_table = _table([_("Invoice"), _("Customer"), _("Level"), _("Days late"), _("Amount due")])
        self.largest_table = _table([_("Invoice"), _("Customer"), _("Due date"), _("Days late"), _("Left to pay")])
        lists = QHBoxLayout()
        lists.setSpacing(12)
        lists.addWidget(self._group(_("Next reminders to send"), self.due_table, _("Open reminders"),
                                    lambda: self._open("reminders", "due")), 1)
        lists.addWidget(self._group(_("Largest sums overdue"), self.largest_table, _("All overdue invoices"),
                                    lambda: self._open("invoices", "overdue")), 1)
        self.body.addLayout(lists, 1)
        self.charts: CollectionCharts | None = None
        self._charts_place = QVBoxLayout()
        self.body.addLayout(self._charts_place, 1)

        self.overdue_card.clicked.connect(lambda: self._open("invoices", "overdue"))
        self.due_card.clicked.connect(lambda: self._open("reminders", "due"))
        self.drafts_card.clicked.connect(lambda: self._open("invoices", "draft"))
        self.outbox_card.clicked.connect(lambda: self._open("reminders", "outbox"))
        self.refresh_button.clicked.connect(self.shown)
        from desktop_app.ui.shortcuts import bind_page

        bind_page(self, self.key)
        self.shown()

    def _group(self, title: str, table: QTableWidget, link: str, action: Any) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(table, 1)
        button = QPushButton(link)
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(action)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(button)
        layout.addLayout(row)
        return box

    def shown(self) -> None:
        # Built, then shown at once: one reading of the figures, not two side by side.
        if not self._load_waiting:
            self._load_waiting = True
            self.after_first_paint(self._load)

    def _load(self) -> None:
        self._load_waiting = False
        load_in_background(self, lambda: _read_figures(self.db), self.show_figures)
        if self.charts is None:
            from desktop_app.ui.widgets.charts import CollectionCharts

            self.charts = CollectionCharts(self.db)
            self._charts_place.addWidget(self.charts)
        self.charts.refresh()

    def show_figures(self, figures: DashboardFigures) -> None:
        self.figures = figures
        self.date_label.setText(formatting.day(figures.day, style="full"))
        amounts = list(figures.overdue_amounts.items())
        main = formatting.money(amounts[0][1], amounts[0][0]) if amounts else formatting.money(0, "EUR")  # type: ignore[arg-type]
        others = " + ".join(formatting.money(amount, currency) for currency, amount in amounts[1:])
        caption = ngettext("{n} invoice past its due date", "{n} invoices past their due date",
                           figures.overdue_count).format(n=formatting.number(Decimal(figures.overdue_count)))
        self.overdue_card.show_figure(main, f"{caption}\n{others}" if others else caption, figures.overdue_count > 0)
        self.due_card.show_figure(formatting.number(Decimal(figures.reminders_due)),
                                  _("Prepare them on the Reminders screen") if figures.reminders_due
                                  else _("Nothing to send today"))
        self.drafts_card.show_figure(str(figures.drafts), _("Issue them to give them their numbers")
                                     if figures.drafts else _("No draft waiting"))
        waiting = ngettext("{n} e-mail waiting", "{n} e-mails waiting", figures.outbox_waiting).format(
            n=figures.outbox_waiting)
        attention = ngettext("{n} needs your attention", "{n} need your attention", figures.outbox_needs_user
                             ).format(n=figures.outbox_needs_user)
        self.outbox_card.show_figure(str(figures.outbox_waiting), f"{waiting}\n{attention}" if
                                     figures.outbox_needs_user else waiting, figures.outbox_needs_user > 0)
        _fill(self.due_table, [(row.number, row.customer, str(row.level), str(row.days_late),
                                formatting.money(row.amount_due, row.currency)) for row in figures.due_preview],
              {2, 3, 4})
        _fill(self.largest_table, [(row.number, row.customer, formatting.day(row.due_date),
                                    str((figures.day - row.due_date).days),
                                    formatting.money(row.amount_due, row.currency)) for row in figures.largest_overdue],
              {3, 4})

    def _open(self, page_key: str, tab: str) -> None:
        """Show the list behind a card: another screen of the main window, on the right tab."""
        window = self.window()
        show_page = getattr(window, "show_page", None)
        if show_page is None:
            return
        page = show_page(page_key)
        select = getattr(page, "select_tab", None)
        if select is not None:
            select(tab)
            return
        tabs = getattr(page, "tabs", None)
        if tabs is not None:
            from desktop_app.ui.pages.invoices import TABS

            keys = [key for key, _label in TABS]
            if tab in keys:
                tabs.setCurrentIndex(keys.index(tab))
