"""The legal archive and a customer's personal data from the window: each dialog, and where a user opens it."""

from __future__ import annotations

import zipfile
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from desktop_app.bootstrap import open_database
from desktop_app.domain.parties import Address, Customer
from desktop_app.domain.progress import run_job
from desktop_app.services.customers import customer_ids, get_customer, save_customer
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.issuing import issue_documents
from desktop_app.ui.dialogs.customer_privacy import CustomerPrivacyDialog
from desktop_app.ui.dialogs.legal_archive import LegalArchiveDialog
from desktop_app.ui.main_window import MainWindow
from tests.support.shop import make_shop, order, tea
from tests.ui.conftest import wait_loaded


def _shop(path):
    db = open_database(path)
    make_shop(db, [order("#1001", [tea()], "29.80", "1.55"),
                   order("#1002", [tea("1")], "14.90", "0.78", email="anne@example.fr")])
    run_job(draft_from_orders(db, ["#1001"]))
    run_job(issue_documents(db, on=date(2026, 3, 9)))
    return db


def test_export_then_check_the_archive_of_a_year(qtbot, tmp_path):
    db = _shop(tmp_path / "shop.db")
    dialog = LegalArchiveDialog(db)
    qtbot.addWidget(dialog)
    dialog.year.setValue(2026)
    dialog.export_to(tmp_path / "2026.zip")
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=20_000)
    assert "Archive of 2026 written" in dialog.result.text()
    dialog.check(tmp_path / "2026.zip")
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=20_000)
    assert "checks out" in dialog.result.text()
    (tmp_path / "junk.zip").write_bytes(b"junk")
    dialog.check(tmp_path / "junk.zip")
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=20_000)
    assert "not a ZIP archive" in dialog.result.text()
    db.dispose()


def test_a_customer_with_an_invoice_is_kept_and_one_without_is_erased(qtbot, tmp_path):
    db = _shop(tmp_path / "shop.db")
    zoe, anne = (next(i for i in customer_ids(db, e) if get_customer(db, i).email == e)
                 for e in ("zoe@example.fr", "anne@example.fr"))
    kept = CustomerPrivacyDialog(db, zoe)
    qtbot.addWidget(kept)
    assert not kept.erase_button.isEnabled() and "2036-12-31" in kept.status.text()
    kept.export_to(tmp_path / "zoe.zip")
    qtbot.waitUntil(lambda: kept.export_button.isEnabled(), timeout=20_000)
    assert "customer.json" in zipfile.ZipFile(tmp_path / "zoe.zip").namelist()
    erasable = CustomerPrivacyDialog(db, anne)
    qtbot.addWidget(erasable)
    assert erasable.erase_button.isEnabled()
    erasable.erase()
    assert erasable.result() == QDialog.DialogCode.Accepted
    assert get_customer(db, anne).email == ""
    db.dispose()


def _on_next_modal(handle) -> list[QDialog]:
    """Hand the next modal dialog, once it is up, to `handle` (which must close it); the dialogs seen."""
    seen: list[QDialog] = []

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or not modal.isVisible():
            QTimer.singleShot(20, look)
            return
        seen.append(modal)
        handle(modal)
    QTimer.singleShot(0, look)
    return seen


def _window(qtbot, db) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_file_menu_opens_the_legal_archive(qtbot, demo_db):
    window = _window(qtbot, demo_db)
    bar = window.menuBar()
    file_entry = bar.actions()[0]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(file_entry).center())
    menu = file_entry.menu()
    qtbot.waitUntil(menu.isVisible)
    archive = next(action for action in menu.actions() if action.text().replace("&", "") == "Legal archive…")
    assert archive.toolTip() and archive.isEnabled()
    titles: list[str] = []
    seen = _on_next_modal(lambda dialog: (titles.append(dialog.windowTitle()), dialog.reject()))
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(archive).center())
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert titles == ["Legal archive"]
    assert isinstance(seen[0], LegalArchiveDialog)


def test_customers_screen_opens_the_selected_customers_personal_data(qtbot, demo_db):
    anne = save_customer(demo_db, Customer(name="Anne Quillet", email="anne.quillet@example.fr",
                                           billing=Address(line1="4 rue Mercière", postcode="69002", city="Lyon",
                                                           country="FR")))
    window = _window(qtbot, demo_db)
    page = window.show_page("customers")
    wait_loaded(qtbot, page)
    page.table.setFocus()
    page.listing.select_row(page.model.row_of(anne.id))          # her row, clicked in the list
    qtbot.waitUntil(lambda: page.form.customer_id == anne.id)
    button = page.privacy_button
    assert button.isVisible() and button.isEnabled() and button.toolTip()
    assert button.accessibleName() == "Personal data"
    # Nothing to keep for the law (no invoice): the user erases her data, and the list shows it at once.
    seen = _on_next_modal(lambda dialog: dialog.erase())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert isinstance(seen[0], CustomerPrivacyDialog) and seen[0].customer_id == anne.id
    assert get_customer(demo_db, anne.id).email == ""
    erased = f"Erased customer {anne.id}"
    wait_loaded(qtbot, page)
    assert page.listing.current_id() == anne.id
    assert page.model.data(page.model.index(page.table.currentIndex().row(), 0)) == erased
    assert page.form.form.rows["name"].editor.text() == erased
    assert "erased" in window.statusBar().currentMessage()

    page.new_customer()
    assert not button.isEnabled()           # no customer chosen: nothing to open
