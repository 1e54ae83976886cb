"""The Customers screen, driven like a shopkeeper would."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.services.customers import customer_ids, get_customer
from desktop_app.ui.pages.customers import CustomersPage
from tests.ui.conftest import type_into, wait_loaded


def _type(qtbot, page, field, text):
    type_into(qtbot, page.form.form.rows[field].editor, text)


def test_create_a_customer_with_errors_shown_next_to_fields(qtbot, db):
    page = CustomersPage(db)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(qtbot, page)
    assert page.listing.currentWidget() is page.listing.message      # empty state says what to do
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    _type(qtbot, page, "name", "Café Gourmand & Cie")
    page.form.form.set_text("kind", "b2b")
    _type(qtbot, page, "email", "compta@")
    _type(qtbot, page, "billing_line1", "3 quai de Saône")
    _type(qtbot, page, "billing_postcode", "6900")
    _type(qtbot, page, "billing_city", "Lyon")
    qtbot.mouseClick(page.form.save_button, Qt.MouseButton.LeftButton)
    email_error = page.form.form.rows["email"].error
    assert email_error.isVisible() and "e-mail" in email_error.text()
    assert "SIREN" in page.form.form.rows["siren"].error.text()
    assert customer_ids(db) == []

    _type(qtbot, page, "email", "compta@cafe.example")
    _type(qtbot, page, "siren", "732 829 320")
    qtbot.mouseClick(page.form.save_button, Qt.MouseButton.LeftButton)
    [saved_id] = customer_ids(db)
    saved = get_customer(db, saved_id)
    assert saved.siren == "732829320" and saved.billing.postcode == "06900" and saved.kind == "b2b"
    wait_loaded(qtbot, page)
    assert page.model.rowCount() == 1 and page.table.currentIndex().row() == 0
    assert not page.form.form.rows["email"].error.isVisible()


def test_live_validation_shows_a_problem_while_typing(qtbot, db):
    page = CustomersPage(db)
    qtbot.addWidget(page)
    page.show()
    _type(qtbot, page, "vat_number", "DE123")
    qtbot.waitUntil(lambda: page.form.form.rows["vat_number"].error.isVisible(), timeout=2000)
    assert "VAT number" in page.form.form.rows["vat_number"].error.text()
    assert not page.form.form.rows["name"].error.isVisible()        # untouched fields stay quiet


def test_search_filters_the_list_and_the_model_is_sound(qtbot, qtmodeltester, demo_db):
    page = CustomersPage(demo_db)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(qtbot, page)
    everyone = page.model.rowCount()
    assert everyone > 150
    qtmodeltester.check(page.model)
    qtbot.keyClicks(page.search, "GmbH")
    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < 10, timeout=2000)
    names = [page.model.data(page.model.index(row, 0)) for row in range(page.model.rowCount())]
    assert all("GmbH" in name for name in names)
    page.search.clear()
    page.kind.setCurrentIndex(page.kind.findData("b2b"))
    qtbot.waitUntil(lambda: page.model.rowCount() < everyone, timeout=2000)
    assert all(page.model.data(page.model.index(r, 1)) == "Business" for r in range(page.model.rowCount()))
