"""The global search of the main window (Ctrl+K) on the demo shop: typed into like a user would, Enter
opens what it found on its own screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.services.customers import customer_ids, get_customer
from desktop_app.services.invoices import InvoiceFilter, invoice_ids, invoice_summaries
from desktop_app.ui.dialogs.global_search import HIT, GlobalSearch
from desktop_app.ui.main_window import MainWindow
from tests.ui.conftest import type_into, wait_loaded


@pytest.fixture
def window(qtbot, demo_db):
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def _search(qtbot, window: MainWindow, text: str, wanted: tuple[str, int]) -> GlobalSearch:
    """Ctrl+K, the text typed, and the answer waited for until `wanted` (kind, id) is the chosen row."""
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "_search", None), GlobalSearch) and window._search.isVisible())
    dialog: GlobalSearch = window._search
    qtbot.waitUntil(dialog.field.hasFocus)           # the cursor is in the field, ready to type
    type_into(qtbot, dialog.field, text)

    def chosen() -> tuple[str, int] | None:
        item = dialog.results.currentItem()
        return item.data(HIT) if item is not None else None

    qtbot.waitUntil(lambda: chosen() == wanted, timeout=10_000)
    return dialog


def test_an_invoice_is_found_by_its_number_and_shown_on_the_invoices_screen(qtbot, window, demo_db):
    issued = invoice_ids(demo_db, InvoiceFilter(status="paid"))
    target = invoice_summaries(demo_db, [issued[len(issued) // 2]])[0]     # not the list's first row
    assert target.number and target.kind == "invoice"
    window.show_page("customers")
    dialog = _search(qtbot, window, target.number, ("invoice", target.id))
    assert target.number in dialog.results.currentItem().text()
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    page = window.current_page()
    assert page is not None and page.key == "invoices"
    wait_loaded(qtbot, page)
    assert page.listing.current_id() == target.id
    assert page.table.currentIndex().row() >= 0
    assert target.number in page.detail.heading.text()


def test_a_customer_is_found_by_their_email_and_shown_on_the_customers_screen(qtbot, window, demo_db):
    with_email = [get_customer(demo_db, i) for i in customer_ids(demo_db)]
    target = next(customer for customer in reversed(with_email) if customer.email)
    assert [c.email for c in with_email].count(target.email) == 1
    window.show_page("invoices")
    dialog = _search(qtbot, window, target.email, ("customer", target.id))
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    page = window.current_page()
    assert page is not None and page.key == "customers"
    wait_loaded(qtbot, page)
    assert page.listing.current_id() == target.id
    assert page.form.customer_id == target.id
    assert page.form.form.rows["email"].editor.text() == target.email
    assert page.search.text() == ""
