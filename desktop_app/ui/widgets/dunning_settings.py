"""The reminder settings: the levels of the plan, the late-payment rate, the ECB rate of the half-year, and
the way to the wording of e-mails and letters."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton, QWidget

from desktop_app import formatting
from desktop_app.domain.errors import ValidationFailed
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services.reminders import late_payment_settings, save_late_payment_settings
from desktop_app.ui.widgets.dunning_plan_editor import DunningPlanEditor
from desktop_app.ui.widgets.forms import Form


class DunningSettingsBox(QGroupBox):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Reminders"), parent)
        self.db = db
        self.form = Form(QFormLayout(self))
        self.form.layout.addRow(QLabel(_("Levels of reminders, from the due date:")))
        self.plan = DunningPlanEditor()
        self.form.layout.addRow(self.plan)
        self.form.line("dunning.interest_rate", _("Late-payment rate (%)"),
                       _("Empty: the legal rate, ECB rate plus 10 points"))
        self.form.line("dunning.ecb_rates", _("ECB rate this half-year (%)"))
        self.in_force = QLabel()
        self.form.layout.addRow(_("Rate in force"), self.in_force)
        self.wording_button = QPushButton(_("Wording of e-mails and letters…"))
        self.form.layout.addRow("", self.wording_button)
        self.wording_button.clicked.connect(self.edit_wording)

    def load(self) -> None:
        current = late_payment_settings(self.db)
        self.plan.set_plan(current.plan)
        self.form.set_text("dunning.interest_rate", current.interest_rate)
        self.form.set_text("dunning.ecb_rates", current.ecb_rate)
        self.form.rows["dunning.ecb_rates"].editor.setPlaceholderText(
            _("Not known for {half}: fill it in").format(half=current.half_year))
        self.form.layout.labelForField(self.form.rows["dunning.ecb_rates"]).setText(
            _("ECB rate {half} (%)").format(half=current.half_year))
        self.in_force.setText(_("{rate} a year, plus 40 € per late invoice (businesses)").format(
            rate=formatting.percent(current.rate_in_force)))
        self.form.show_errors({})

    def save(self) -> bool:
        try:
            save_late_payment_settings(self.db, self.form.text("dunning.interest_rate"),
                                       self.form.text("dunning.ecb_rates"), plan=self.plan.levels())
        except ValidationFailed as failure:
            self.form.show_errors(failure.problems)
            self.plan.show_problem(failure.problems.get("dunning.plan"))
            return False
        self.load()
        return True

    def edit_wording(self) -> None:
        from desktop_app.ui.dialogs.message_templates import MessageTemplatesDialog

        MessageTemplatesDialog(self.db, self).exec()
