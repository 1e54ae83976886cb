"""Through the window: a statement imported with the wizard, doubtful matches resolved in the review
queue, a payment recorded on an invoice — and the invoices paid."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QWizard

from desktop_app.domain.invoice_status import InvoiceStatus
from desktop_app.domain.progress import run_job
from desktop_app.services.invoices import InvoiceFilter, find, invoice_ids, invoice_view
from desktop_app.services.payment_import import import_payments
from desktop_app.ui.dialogs.assign_payment import AssignPaymentDialog
from desktop_app.ui.dialogs.import_payments import ImportPaymentsWizard
from desktop_app.ui.dialogs.record_payment import RecordPaymentDialog
from desktop_app.ui.models.statement_lines import StatementLineTableModel
from desktop_app.ui.pages.invoices import InvoicesPage
from desktop_app.ui.pages.payments import PaymentsPage
from tests.support.payment_shop import make_payment_shop
from tests.ui.conftest import wait_loaded

SHOP_FILES = Path(__file__).parents[1] / "fixtures" / "payments" / "shop"


def _view(db, number: str):
    return invoice_view(db, find(db, number))


def test_import_a_statement_then_accept_the_doubtful_match(qtbot, db):
    make_payment_shop(db)
    page = PaymentsPage(db)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(qtbot, page)
    assert page.listing.currentWidget() is page.listing.message         # nothing imported yet: the empty state

    wizard = ImportPaymentsWizard(db, page, [SHOP_FILES / "camt053_cheque.xml"])
    qtbot.addWidget(wizard)
    wizard.imported.connect(page.refresh)
    wizard.show()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.result is not None, timeout=10_000)
    assert "2 lines read" in wizard.check_page.verdict.text() and wizard.check_page.preview.rowCount() == 2
    assert _view(db, "F2026-00003").balance == Decimal("89.90")             # the check wrote nothing
    wizard.next()
    qtbot.waitUntil(lambda: wizard.import_page.summary is not None, timeout=10_000)
    assert wizard.currentPage() is wizard.import_page and wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.accept()

    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and page.tabs.tabText(0) == "To review (2)", timeout=5000)
    [cheque] = [r for r in range(page.model.rowCount()) if page.model.item(r).amount == Decimal("89.90")]
    page.table.selectRow(cheque)
    assert page.detail_shown is not None and page.detail_shown.line.state == "doubtful"
    assert "F2026-00003" in page.detail.outcome.text() and page.accept_button.isEnabled()
    page.accept_button.click()
    view = _view(db, "F2026-00003")
    assert view.status is InvoiceStatus.PAID and view.balance == Decimal("0.00")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.tabs.tabText(1) == "Matched lines (1)", timeout=5000)


def test_pick_another_invoice_for_a_doubtful_line(qtbot, qtmodeltester, db):
    make_payment_shop(db)
    run_job(import_payments(db, [SHOP_FILES / "camt053_march.xml"]))
    page = PaymentsPage(db)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(qtbot, page)
    qtmodeltester.check(page.model)
    assert isinstance(page.model, StatementLineTableModel)
    [row] = [r for r in range(page.model.rowCount()) if page.model.item(r).state == "doubtful"]
    page.table.selectRow(row)
    line = page.detail_shown.line
    assert line.amount == Decimal("45.50") and line.invoice_numbers == ["F2026-00004"]

    dialog = AssignPaymentDialog(db, line, page)
    qtbot.addWidget(dialog)
    dialog.search.setText("F2026-00003")
    dialog.find()
    assert [dialog.found.item(r, 0).text() for r in range(dialog.found.rowCount())] == ["F2026-00003"]
    dialog.found.selectRow(0)
    dialog.add_selected()
    assert dialog.chosen.item(0, 3).text() == "39.90"                      # what is left on it
    assert "5.60" in dialog.rest.text()
    dialog.assign()
    assert dialog.result() == AssignPaymentDialog.DialogCode.Accepted
    page.refresh()
    assert _view(db, "F2026-00003").status is InvoiceStatus.PAID
    qtbot.waitUntil(lambda: page.tabs.tabText(0) == "To review (1)", timeout=5000)


def test_record_a_payment_on_an_invoice(qtbot, db):
    make_payment_shop(db)
    page = InvoicesPage(db)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(1)                                            # awaiting payment
    wait_loaded(qtbot, page)
    row = page.model.row_of(find(db, "F2026-00002"))
    page.table.selectRow(row)
    assert page.payment_button.isEnabled()
    dialog = RecordPaymentDialog(db, find(db, "F2026-00002"), page)
    qtbot.addWidget(dialog)
    assert dialog.amount.text() == "250.00" and dialog.chosen_numbers() == ["F2026-00002"]
    dialog.amount.setText("100")
    assert dialog.spread.text().splitlines()[1] == "F2026-00002: €100.00"
    dialog.method.setCurrentIndex(dialog.method.findData("cheque"))
    dialog.reference.setText("CHQ 1234")
    dialog.record()
    assert dialog.result() == RecordPaymentDialog.DialogCode.Accepted
    view = _view(db, "F2026-00002")
    assert view.balance == Decimal("150.00") and view.payments[0].reference == "CHQ 1234"
    assert find(db, "F2026-00002") in invoice_ids(db, InvoiceFilter(status="unpaid"))
