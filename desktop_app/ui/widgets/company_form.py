"""The company identity form: what every invoice must say about the seller, checked as you type."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QWidget

from desktop_app.domain.parties import Company
from desktop_app.i18n import _
from desktop_app.ui.widgets.forms import Form, combo

LEGAL_FORMS = ["SAS", "SASU", "SARL", "EURL", "SA", "SNC", "EI", "EI (micro-entrepreneur)", "Association"]


class CompanyForm(QWidget):
    """Three groups (identity, address and contact, bank and VAT); the wizard shows one per page."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = lambda company: {}   # set by the owner: services.company.check_company
        self.problems: dict[str, str] = {}
        self._touched: set[str] = set()
        self.identity = QGroupBox(_("Identity"))
        # Owned by a group, which goes with the screen it is laid out on; this holder may outlive them.
        self._timer = QTimer(self.identity, singleShot=True, interval=200)
        self._timer.timeout.connect(self.validate)
        self.form = Form(QFormLayout(self.identity))
        self.form.line("name", _("Company name"), _("As registered, e.g. Maison Lumière"))
        self.form.add("legal_form", _("Legal form"), combo([(f, f) for f in LEGAL_FORMS], editable=True))
        self.form.line("capital", _("Share capital"), _("e.g. 10 000 € (companies only)"))
        self.form.line("siren", _("SIREN"), _("9 digits, on your Kbis or INSEE notice"))
        self.form.line("siret", _("SIRET"), _("14 digits: SIREN + establishment (optional)"))
        self.form.line("rcs", _("Trade register"), _("e.g. RCS Lyon"))

        self.contact = QGroupBox(_("Address and contact"))
        self.form.layout = QFormLayout(self.contact)
        self.form.line("address", _("Address"))
        self.form.line("address2", _("Address (line 2)"))
        self.form.line("postcode", _("Postcode"))
        self.form.line("city", _("City"))
        self.form.line("country", _("Country"), "FR")
        self.form.line("email", _("E-mail"), "contact@example.com")
        self.form.line("phone", _("Phone"))
        self.form.line("website", _("Website"))

        self.bank = QGroupBox(_("VAT and bank"))
        self.form.layout = QFormLayout(self.bank)
        self.form.add("vat_regime", _("VAT regime"), combo([
            ("debits", _("VAT on invoices (débits)")), ("encaissements", _("VAT on payments (encaissements)")),
            ("franchise", _("Exempt: franchise en base (art. 293 B CGI)"))]))
        self.form.line("vat_number", _("VAT number"), _("FR + 2-digit key + SIREN"))
        self.form.line("iban", _("IBAN"), _("Printed on invoices so customers can pay by transfer"))
        self.form.line("bic", _("BIC"))
        self.form.add("currency", _("Accounting currency"), combo([("EUR", "EUR")]))

        for name, row in self.form.rows.items():
            editor = row.editor
            signal = getattr(editor, "textChanged", None) or getattr(editor, "currentTextChanged", None)
            if signal is not None:
                signal.connect(lambda *_a, name=name: self._edited(name))

    def load(self, company: Company) -> None:
        for item in fields(Company):
            self.form.set_text(item.name, str(getattr(company, item.name)))
        self._touched.clear()
        self.form.show_errors({})

    def company(self) -> Company:
        return Company(**{item.name: self.form.text(item.name) for item in fields(Company)})

    def validate(self, show_all: bool = False) -> dict[str, str]:
        """Check what is typed; show problems of the fields already touched (or all)."""
        self.problems = self.check(self.company())
        shown = self.problems if show_all else {k: v for k, v in self.problems.items() if k in self._touched}
        self.form.show_errors(shown)
        self.changed.emit()
        return self.problems

    def _edited(self, name: str) -> None:
        self._touched.add(name)
        self._timer.start()
