"""Through the window: a hand-made draft, issued, then partly credited."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.domain.parties import Address, Customer
from desktop_app.services.company import set_company
from desktop_app.services.customers import save_customer
from desktop_app.services.invoices import InvoiceFilter, invoice_ids, invoice_view
from desktop_app.ui.dialogs.credit_note import CreditNoteDialog
from desktop_app.ui.dialogs.draft_editor import DraftEditor
from desktop_app.ui.pages.invoices import InvoicesPage
from tests.support.shop import COMPANY
from tests.ui.conftest import wait_loaded


def _answer_yes() -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        box.button(QMessageBox.StandardButton.Yes).click()


def test_hand_made_draft_issued_then_partly_credited(qtbot, db):
    set_company(db, COMPANY)
    customer = save_customer(db, Customer(name="Café Gourmand", kind="b2b", siren="732829320",
                                          billing=Address("3 quai de Saône", "", "69005", "Lyon", "FR")))
    page = InvoicesPage(db)
    qtbot.addWidget(page)
    page.show()

    editor = DraftEditor(db, None, page)
    qtbot.addWidget(editor)
    editor.customer.setEditText("Café")
    editor._find_customers()
    editor.customer.setCurrentIndex(editor.customer.findData(customer.id))
    editor.table.item(0, 0).setText("Atelier dégustation")
    editor.table.item(0, 2).setText("2")
    editor.table.item(0, 3).setText("150,00")
    editor.add_line("Coffret découverte", "COF-1", "3", "32.50", "", "5.5")
    assert "Total 462,86" in editor.totals.text() or "Total 462.86" in editor.totals.text()
    editor.save()
    assert editor.result() == DraftEditor.DialogCode.Accepted
    page.refresh(editor.saved_id)
    wait_loaded(qtbot, page)
    assert page.current().state == "draft"

    QTimer.singleShot(200, _answer_yes)
    page.issue_selected()
    qtbot.waitUntil(lambda: bool(invoice_ids(db, InvoiceFilter(status="issued"))), timeout=5000)
    [invoice_id] = invoice_ids(db, InvoiceFilter(status="issued"))
    issued = invoice_view(db, invoice_id)
    assert issued.document.number == "F" + str(issued.stored.issue_date.year) + "-00001"
    assert issued.document.totals.payable_total.to_eng_string() == "462.86"

    dialog = CreditNoteDialog(db, invoice_id, page)
    qtbot.addWidget(dialog)
    dialog.part.setChecked(True)
    check, spin = dialog.spins[1]
    check.setChecked(True)
    spin.setValue(1)
    dialog.reason.setText("Un coffret rendu")
    dialog.issue()
    assert dialog.issued_number.startswith("AV")
    after = invoice_view(db, invoice_id)
    assert str(after.credited) == "34.29"                         # 32.50 + 5.5 % VAT
