"""The dunning plan as a table to edit: one row per level (days after the due date, channel, wording, fee,
late-payment penalties). The domain checks the whole plan when it is saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import formatting
from desktop_app.domain.dunning import (
    DEFAULT_PLAN,
    MAX_DELAY,
    MAX_LEVELS,
    REMINDER_TEMPLATES,
    Channel,
    DunningLevel,
    DunningPlan,
)
from desktop_app.i18n import _

DAYS, CHANNEL, WORDING, FEE, PENALTIES = range(5)
NEXT_LEVEL_GAP = 15            # days between the last level and one added after it
FEE_WIDTH = 96


def _headers() -> list[tuple[str, str]]:
    return [
        (_("Days late"), _("Days after the due date; each level comes later than the one before")),
        (_("Sent by"), _("E-mail, a letter to print and post (PDF), or both")),
        (_("Wording"), _("The text of the e-mail and letter; change it with “Wording of e-mails and letters…”")),
        (_("Fee"), _("An agreed reminder fee, charged to business customers only; empty for none. The 40 € "
                     "recovery indemnity is not a fee: tick the last column instead.")),
        (_("Interest + 40 €"), _("State the late-payment interest and the 40 € fixed recovery indemnity "
                                 "(business customers only)")),
    ]


class DunningPlanEditor(QWidget):
    """The levels of the plan in a table, with buttons to add, remove and restore the French defaults."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(_headers()))
        self.table.setAccessibleName(_("Reminder levels"))
        for column, (title, tip) in enumerate(_headers()):
            item = QTableWidgetItem(title)
            item.setToolTip(tip)
            self.table.setHorizontalHeaderItem(column, item)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WORDING, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FEE, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(FEE, FEE_WIDTH)
        self.add_button = QPushButton(_("Add a level"))
        self.add_button.setToolTip(_("A new level after the last one"))
        self.remove_button = QPushButton(_("Remove the level"))
        self.remove_button.setToolTip(_("Remove the selected level"))
        self.defaults_button = QPushButton(_("Restore the French defaults"))
        self.defaults_button.setToolTip(_("A friendly e-mail at 7 days, a second one at 15 days with interest and "
                                          "the 40 € indemnity, a formal notice letter at 30 days"))
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.defaults_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        self.add_button.clicked.connect(self.add_level)
        self.remove_button.clicked.connect(self.remove_level)
        self.defaults_button.clicked.connect(self.restore_defaults)
        self.table.itemSelectionChanged.connect(self._update_buttons)

    # -- the plan in and out ---------------------------------------------------------------------------------

    def set_plan(self, plan: DunningPlan) -> None:
        self.table.setRowCount(0)
        for level in plan.levels:
            self._append(level)
        self.show_problem(None)
        self.note.hide()

    def levels(self) -> list[dict[str, Any]]:
        """The levels as typed, in the plan's JSON form, for the service (and the domain) to check."""
        return [{"days": self._cell(row, DAYS, QSpinBox).value(),
                 "channel": self._cell(row, CHANNEL, QComboBox).currentData(),
                 "template": self._cell(row, WORDING, QComboBox).currentData(),
                 "fee": _fee(self._cell(row, FEE, QLineEdit).text()),
                 "penalties": self._cell(row, PENALTIES, QCheckBox).isChecked()}
                for row in range(self.table.rowCount())]

    def show_problem(self, message: str | None) -> None:
        """Why the plan was refused (in red under the table), or nothing."""
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))
        if message:
            self.note.hide()

    # -- editing ---------------------------------------------------------------------------------------------

    def add_level(self) -> None:
        rows = self.table.rowCount()
        if rows >= MAX_LEVELS:
            return
        last = self.levels()[-1] if rows else None
        days = min(int(last["days"]) + NEXT_LEVEL_GAP, MAX_DELAY) if last else DEFAULT_PLAN.levels[0].days
        template = last["template"] if last else DEFAULT_PLAN.levels[0].template
        self._append(DunningLevel(days, Channel(last["channel"]) if last else Channel.EMAIL, template,
                                  penalties=bool(last and last["penalties"])))
        self.table.selectRow(rows)
        self._cell(rows, DAYS, QSpinBox).setFocus()

    def remove_level(self) -> None:
        row = self.table.currentRow()
        if row < 0 or self.table.rowCount() <= 1:
            return
        self.table.removeRow(row)
        self._renumber()

    def restore_defaults(self) -> None:
        self.set_plan(DEFAULT_PLAN)
        self.note.setText(_("The French defaults are in the table: click Save to keep them."))
        self.note.show()

    def _append(self, level: DunningLevel) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        days = QSpinBox()
        days.setRange(1, MAX_DELAY)
        days.setValue(level.days)
        channel = QComboBox()
        for choice in Channel:
            channel.addItem(choice.label, choice.value)
        channel.setCurrentIndex(channel.findData(level.channel.value))
        wording = QComboBox()
        for key, label in REMINDER_TEMPLATES.items():
            wording.addItem(_(label), key)
        wording.setCurrentIndex(wording.findData(level.template))
        fee = QLineEdit(formatting.number(level.fee, places=2) if level.fee else "")
        fee.setPlaceholderText(_("none"))
        penalties = QCheckBox()
        penalties.setChecked(level.penalties)
        for column, editor in enumerate((days, channel, wording, fee, penalties)):
            editor.setToolTip(_headers()[column][1])
            editor.installEventFilter(self)
            self.table.setCellWidget(row, column, editor)
        self._renumber()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A cell's editor takes the clicks: select its row, so "Remove the level" knows which one.
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            row = self.table.indexAt(watched.pos()).row()
            if row >= 0 and row != self.table.currentRow():
                self.table.selectRow(row)
        return super().eventFilter(watched, event)

    def _renumber(self) -> None:
        """Row headers and the names screen readers say follow the level numbers."""
        for row in range(self.table.rowCount()):
            self.table.setVerticalHeaderItem(row, QTableWidgetItem(str(row + 1)))
            for column, (title, _tip) in enumerate(_headers()):
                editor = self.table.cellWidget(row, column)
                editor.setAccessibleName(_("Level {n}: {column}").format(n=row + 1, column=title))
        self._update_buttons()

    def _update_buttons(self) -> None:
        rows = self.table.rowCount()
        self.add_button.setEnabled(rows < MAX_LEVELS)
        self.remove_button.setEnabled(rows > 1 and self.table.currentRow() >= 0)

    def _cell(self, row: int, column: int, kind: type[Any]) -> Any:
        editor = self.table.cellWidget(row, column)
        assert isinstance(editor, kind)
        return editor


def _fee(text: str) -> str:
    """A fee typed in the user's way ('12,50', '€8') as the plan writes it; a slip is left for the domain
    to refuse in words."""
    if not text.strip():
        return "0"
    try:
        return str(formatting.parse_number(text))
    except ValueError:
        return text.strip()
