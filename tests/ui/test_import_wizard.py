"""The order import wizard, end to end on a fixture file, then the orders list and an order's detail."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from desktop_app.ui.dialogs.import_orders import ImportOrdersWizard
from desktop_app.ui.pages.orders import OrdersPage
from tests.conftest import FIXTURES
from tests.ui.conftest import wait_loaded

ORDERS = FIXTURES / "orders"


def test_import_through_the_wizard_then_see_the_orders(qtbot, db):
    page = OrdersPage(db)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(qtbot, page)
    assert page.model.rowCount() == 0
    wizard = ImportOrdersWizard(db, None, [ORDERS / "shopify" / "orders_export_1.csv",
                                           ORDERS / "woocommerce" / "orders-page-1.json"])
    qtbot.addWidget(wizard)
    wizard.imported.connect(page.shown)
    wizard.show()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    check = wizard.check_page
    qtbot.waitUntil(lambda: check.result is not None, timeout=10_000)
    assert check.preview.rowCount() == 7
    assert "7 orders read" in check.verdict.text() and "7 new" in check.verdict.text()
    wizard.next()
    importer = wizard.import_page
    qtbot.waitUntil(lambda: importer.summary is not None, timeout=10_000)
    assert importer.summary.orders_imported == 7
    assert "7 orders imported" in importer.status.text()
    qtbot.waitUntil(lambda: page.model.rowCount() == 7, timeout=5000)
    qtbot.waitUntil(lambda: page.detail.heading.text() != "", timeout=5000)
    assert page.detail.heading.text().startswith("Order ")
    page.search.setText("#1001")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)


def test_a_bad_file_shows_its_problems_and_imports_nothing(qtbot, db):
    wizard = ImportOrdersWizard(db, None, [ORDERS / "bad" / "shopify_not_a_number.csv"])
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    check = wizard.check_page
    qtbot.waitUntil(lambda: check.problems.count() > 0, timeout=10_000)
    assert "'12,5O' is not a number" in check.problems.item(0).text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
