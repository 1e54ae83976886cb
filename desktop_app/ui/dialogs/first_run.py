"""The first-run wizard: the company identity every invoice needs, checked as it is typed."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from desktop_app.domain.errors import ValidationFailed
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services.company import check_company, set_company, show_company
from desktop_app.ui.widgets.company_form import CompanyForm

# Fields each page needs before Next is allowed (the rest may stay empty).
_REQUIRED = {
    0: ("name", "siren"),
    1: ("address", "postcode", "city", "country"),
    2: (),
}


class _Step(QWizardPage):
    def __init__(self, wizard: FirstRunWizard, index: int, title: str, text: str, group: QWidget) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.index = index
        self.setTitle(title)
        self.setSubTitle(text)
        layout = QVBoxLayout(self)
        layout.addWidget(group)
        wizard.company_form.changed.connect(self.completeChanged)

    def isComplete(self) -> bool:
        form = self.wizard_.company_form
        fields_here = {name for name, row in form.form.rows.items() if self.group_contains(row)}
        if any(not form.form.text(name).strip() for name in _REQUIRED[self.index]):
            return False
        return not (fields_here & form.problems.keys())

    def group_contains(self, row: QWidget) -> bool:
        return self.isAncestorOf(row)


class FirstRunWizard(QWizard):
    """Asks for the seller's identity once; saved only when everything is valid."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Welcome to Comptoir"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(640, 560)
        self.company_form = CompanyForm()
        self.company_form.check = check_company
        self.company_form.load(show_company(db))
        self.addPage(_Step(self, 0, _("Your company"), _(
            "These details appear on every invoice, as French law requires. The SIREN is checked as you type."),
            self.company_form.identity))
        self.addPage(_Step(self, 1, _("Address and contact"), _(
            "Your head-office address, and how customers reach you."), self.company_form.contact))
        self.addPage(_Step(self, 2, _("VAT and bank"), _(
            "Your VAT number and regime, and the account customers pay into."), self.company_form.bank))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("fieldError")
        self.page(2).layout().addWidget(self.error)
        self.company_form.validate()

    def accept(self) -> None:
        try:
            set_company(self.db, {key: str(value) for key, value in asdict(self.company_form.company()).items()})
        except ValidationFailed as failure:
            self.company_form.form.show_errors(failure.problems)
            self.error.setText(_("Please correct the fields marked in red."))
            return
        super().accept()

