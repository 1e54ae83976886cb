"""Pausing reminders: why (a dispute, a promise to pay), until when, for one invoice or the whole customer."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app.i18n import _
from desktop_app.ui.widgets.forms import date_edit


class PauseDialog(QDialog):
    def __init__(self, subject: str, customer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Pause reminders"))
        self.setMinimumWidth(460)
        intro = QLabel(_("No reminder will be prepared for {subject} while the pause lasts.").format(subject=subject))
        intro.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([_("Disputed invoice"), _("Promise to pay"), _("Payment plan agreed"),
                              _("Customer in difficulty")])
        self.reason.setAccessibleName(_("Reason"))
        self.limited = QCheckBox(_("Until a date (included)"))
        self.until = date_edit(_("Last day of the pause"), QDate.currentDate().addDays(14))
        self.until.setEnabled(False)
        self.limited.toggled.connect(self.until.setEnabled)
        self.whole_customer = QCheckBox(_("Every invoice of {customer}").format(customer=customer))
        form = QFormLayout()
        form.addRow(_("Reason"), self.reason)
        form.addRow(self.limited, self.until)
        form.addRow("", self.whole_customer)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Pause"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def reason_text(self) -> str:
        return self.reason.currentText().strip()

    def until_date(self) -> date | None:
        return self.until.date().toPython() if self.limited.isChecked() else None  # type: ignore[no-any-return]

    def _accept(self) -> None:
        if not self.reason_text():
            self.error.setText(_("Say why reminders are paused."))
            return
        self.accept()
