"""The Invoices screen's "Send by e-mail…": the e-mail shown before it is queued, then sent by the outbox
through a real SMTP server on 127.0.0.1; a customer without an address is told and left out."""

from __future__ import annotations

import io
from dataclasses import replace

import pikepdf
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QShortcut

from desktop_app.services.customers import customer_ids, customers_by_ids, save_customer
from desktop_app.services.invoices import find
from desktop_app.services.outbox import outbox_items
from desktop_app.services.rendering import invoice_pdf, invoice_xml
from desktop_app.ui.dialogs.send_invoice import SendInvoiceDialog
from desktop_app.ui.pages.invoices import InvoicesPage
from desktop_app.ui.pages.reminders import ReminderPage
from tests.support.dunning import BUSINESS, BUSINESS_EMAIL, CONSUMER, CONSUMER_EMAIL, overdue_shop
from tests.support.smtp_server import smtp_server
from tests.ui.conftest import type_into, wait_loaded


def _page(qtbot, db, *numbers: str) -> InvoicesPage:
    """The Invoices screen with the documents `numbers` selected."""
    page = InvoicesPage(db)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(qtbot, page)
    page.open_item(find(db, numbers[0]))
    wait_loaded(qtbot, page)
    selection = page.table.selectionModel()
    for number in numbers[1:]:
        index = page.model.index(page.model.row_of(find(db, number)), 0)
        selection.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    return page


def _review(monkeypatch, act) -> list[SendInvoiceDialog]:
    """Answer the e-mail dialog with `act(dialog)` instead of waiting for a person."""
    shown: list[SendInvoiceDialog] = []

    def exec_(dialog: SendInvoiceDialog) -> int:
        shown.append(dialog)
        act(dialog)
        return dialog.result()

    monkeypatch.setattr(SendInvoiceDialog, "exec", exec_)
    return shown


def test_an_issued_invoice_goes_to_its_customer_with_its_factur_x_pdf(qtbot, db, monkeypatch):
    with smtp_server() as mailbox:
        overdue_shop(db, mailbox.port)
        invoice_id = find(db, BUSINESS)
        page = _page(qtbot, db, BUSINESS)
        button = page.email_button
        assert button.isEnabled() and button.accessibleName() == "Send by e-mail"
        assert button.toolTip().endswith("(Ctrl+Shift+E)")
        shown = _review(monkeypatch, lambda dialog: dialog.queue_button.click())

        shortcut = next(key for key in page.findChildren(QShortcut) if key.objectName() == "invoices.email")
        shortcut.activated.emit()
        qtbot.waitUntil(lambda: len(outbox_items(db)) == 1, timeout=15000)
        [dialog] = shown
        assert dialog.to.text() == BUSINESS_EMAIL and not dialog.problem.isVisible()
        assert dialog.subject.text() == f"Invoice {BUSINESS} from Maison Lumière"
        assert "Teehaus Müller GmbH" in dialog.body.toPlainText()       # the template, in the customer's language
        assert dialog.attachment.text().startswith(f"{BUSINESS}.pdf")
        [queued] = outbox_items(db)
        assert (queued.state, queued.recipients, queued.subject) == ("queued", BUSINESS_EMAIL, dialog.subject.text())
        assert mailbox.received == []                                    # nothing leaves before the outbox is sent

        reminders = ReminderPage(db)                                      # the outbox sends it
        qtbot.addWidget(reminders)
        reminders.show()
        qtbot.waitUntil(lambda: reminders.lists is not None and reminders.outbox.send_button.isEnabled(),
                        timeout=10000)
        reminders.outbox.send_button.click()
        qtbot.waitUntil(lambda: len(mailbox.received) == 1, timeout=15000)
        qtbot.waitUntil(lambda: [item.state for item in outbox_items(db)] == ["sent"], timeout=10000)

    [received] = mailbox.received
    assert received.recipients == [BUSINESS_EMAIL]
    message = received.message
    assert message["To"].addresses[0].addr_spec == BUSINESS_EMAIL
    assert message["Subject"] == f"Invoice {BUSINESS} from Maison Lumière"
    [pdf] = list(message.iter_attachments())
    assert pdf.get_filename() == f"{BUSINESS}.pdf" and pdf.get_content_type() == "application/pdf"
    assert pdf.get_content() == invoice_pdf(db, invoice_id)
    with pikepdf.open(io.BytesIO(pdf.get_content())) as document:
        embedded = document.attachments["factur-x.xml"].get_file().read_bytes()
    assert embedded == invoice_xml(db, invoice_id, "cii")


def test_a_customer_without_an_e_mail_address_is_told_and_left_out(qtbot, db, monkeypatch):
    overdue_shop(db)
    [consumer] = [c for c in customers_by_ids(db, customer_ids(db)) if c.email == CONSUMER_EMAIL]
    save_customer(db, replace(consumer, email=""))

    def left_out(dialog: SendInvoiceDialog) -> None:
        assert dialog.list.isVisibleTo(dialog) and dialog.list.rowCount() == 2
        assert [dialog.list.item(row, 2).text() for row in range(2)] == [BUSINESS_EMAIL, "no e-mail address"]
        dialog.list.selectRow(1)
        assert dialog.to.text() == "" and dialog.problem.isVisibleTo(dialog)
        assert dialog.problem.text().startswith("Zoë Lefèvre has no e-mail address.")
        assert "1 document without an address is left out" in dialog.summary.text()
        assert dialog.queue_button.isEnabled()
        dialog.queue_button.click()

    shown = _review(monkeypatch, left_out)
    page = _page(qtbot, db, BUSINESS, CONSUMER)
    page.send_by_email()
    qtbot.waitUntil(lambda: len(outbox_items(db)) == 1, timeout=15000)
    assert len(shown) == 1
    assert [item.recipients for item in outbox_items(db)] == [BUSINESS_EMAIL]

    def typed(dialog: SendInvoiceDialog) -> None:     # alone, the invoice waits for an address to be typed
        assert not dialog.list.isVisibleTo(dialog) and not dialog.queue_button.isEnabled()
        assert "has no e-mail address" in dialog.problem.text()
        type_into(qtbot, dialog.to, "compta@lefevre.example")
        assert dialog.queue_button.isEnabled() and not dialog.problem.isVisibleTo(dialog)
        dialog.queue_button.click()

    shown = _review(monkeypatch, typed)
    page = _page(qtbot, db, CONSUMER)
    page.email_button.click()
    qtbot.waitUntil(lambda: len(outbox_items(db)) == 2, timeout=15000)
    assert sorted(item.recipients for item in outbox_items(db)) == ["compta@lefevre.example", BUSINESS_EMAIL]
    assert customers_by_ids(db, [consumer.id])[0].email == ""          # typed for this e-mail only
