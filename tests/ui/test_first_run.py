"""The first-run wizard asks for the company identity and checks it as it is typed."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from desktop_app.services.company import is_configured, show_company
from desktop_app.ui.dialogs.first_run import FirstRunWizard
from tests.ui.conftest import type_into


def _type(qtbot, wizard, field, text):
    type_into(qtbot, wizard.company_form.form.rows[field].editor, text)


def test_next_waits_for_a_valid_siren_then_the_identity_is_saved(qtbot, db):
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    _type(qtbot, wizard, "name", "Maison Lumière")
    _type(qtbot, wizard, "siren", "123456789")
    qtbot.waitUntil(lambda: wizard.company_form.form.rows["siren"].error.isVisible(), timeout=2000)
    assert not next_button.isEnabled()
    _type(qtbot, wizard, "siren", "732829320")
    qtbot.waitUntil(next_button.isEnabled, timeout=2000)
    wizard.next()
    for field, text in (("address", "12 rue des Capucins"), ("postcode", "69001"), ("city", "Lyon"),
                        ("country", "FR")):
        _type(qtbot, wizard, field, text)
    qtbot.waitUntil(next_button.isEnabled, timeout=2000)
    wizard.next()
    _type(qtbot, wizard, "vat_number", "FR44732829320")
    _type(qtbot, wizard, "iban", "FR7630006000011234567890189")
    qtbot.wait(300)
    wizard.accept()
    assert is_configured(db)
    company = show_company(db)
    assert company.vat_number == "FR44732829320" and company.city == "Lyon"
