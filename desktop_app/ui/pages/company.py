"""The Company screen: the seller's identity, numbering and preferences."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop_app.domain.errors import ValidationFailed
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services.company import all_settings, check_company, set_company, set_settings, show_company
from desktop_app.ui.pages.base import Page
from desktop_app.ui.shortcuts import bind_page
from desktop_app.ui.widgets.company_form import CompanyForm
from desktop_app.ui.widgets.dunning_settings import DunningSettingsBox
from desktop_app.ui.widgets.exchange_rates import ExchangeRates
from desktop_app.ui.widgets.forms import Form, combo
from desktop_app.ui.widgets.smtp_settings import SmtpSettingsBox

_SETTINGS = ("numbering.invoice", "numbering.credit_note", "payment_terms.default", "documents.language",
             "ui.language", "orders.default_vat_rate")


class CompanyPage(Page):
    key = "company"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Company"), parent)
        self.db = db
        self.save_button = QPushButton(_("Save"))
        self.save_button.setToolTip(_("Save the company profile and preferences (Ctrl+S)"))
        self.actions_bar.addWidget(self.save_button)

        self.company_form = CompanyForm()
        self.company_form.check = check_company
        preferences = QGroupBox(_("Numbering and preferences"))
        self.preferences = Form(QFormLayout(preferences))
        self.preferences.line("numbering.invoice", _("Invoice numbers"), "F{year}-{seq:05}")
        self.preferences.line("numbering.credit_note", _("Credit note numbers"), "AV{year}-{seq:05}")
        self.preferences.add("payment_terms.default", _("Default payment terms"), combo(
            [("0", _("On receipt")), ("30", _("30 days")), ("45EOM", _("45 days, end of month")), ("60", _("60 days"))],
            editable=True))
        languages = [("fr", "Français"), ("en", "English"), ("de", "Deutsch"), ("es", "Español")]
        self.preferences.add("documents.language", _("Default document language"), combo(languages))
        self.preferences.add("ui.language", _("Interface language"), combo(
            [("", _("As the system")), ("fr", "Français"), ("en", "English")]))
        self.preferences.line("orders.default_vat_rate", _("Default VAT rate (%)"),
                              _("Used for order lines whose export file gives no VAT rate"))

        content = QWidget()
        rows = QVBoxLayout(content)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.company_form.identity)
        left.addWidget(self.company_form.bank)
        self.smtp_box = SmtpSettingsBox(db)
        left.addWidget(self.smtp_box)
        left.addStretch()
        right = QVBoxLayout()
        right.addWidget(self.company_form.contact)
        right.addWidget(preferences)
        self.exchange_rates = ExchangeRates(db)
        right.addWidget(self.exchange_rates)
        right.addStretch()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        rows.addLayout(columns)
        self.dunning_box = DunningSettingsBox(db)       # the width of both columns: its levels are a table
        rows.addWidget(self.dunning_box)
        rows.addStretch()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(content)
        self.body.addWidget(self.scroll)
        self.save_button.clicked.connect(self.save)
        bind_page(self, self.key)
        self.shown()

    def shown(self) -> None:
        self.company_form.load(show_company(self.db))
        values = all_settings(self.db)
        for key in _SETTINGS:
            self.preferences.set_text(key, str(values[key]))
        self.preferences.show_errors({})
        self.smtp_box.load()
        self.dunning_box.load()

    def save(self) -> bool:
        if self.company_form.validate(show_all=True):
            return False
        changes = {key: self.preferences.text(key) for key in _SETTINGS}
        try:
            set_settings(self.db, changes)
        except ValidationFailed as failure:
            self.preferences.show_errors(failure.problems)
            return False
        self.preferences.show_errors({})
        if not self.smtp_box.save():
            return False
        if not self.dunning_box.save():
            self.scroll.ensureWidgetVisible(self.dunning_box)
            self.say(_("Not saved: the reminder settings have a problem, shown in red."))
            return False
        try:
            set_company(self.db, {key: str(value) for key, value in asdict(self.company_form.company()).items()})
        except ValidationFailed as failure:
            self.company_form.form.show_errors(failure.problems)
            return False
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(_("Company profile saved."), 4000)
        return True
