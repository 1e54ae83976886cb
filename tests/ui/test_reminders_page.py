"""The Reminders screen: "Prepare all" fills the outbox; pausing; sending; the e-mail and wording settings."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.domain.progress import run_job
from desktop_app.services.company import all_settings
from desktop_app.services.mail_messages import message_template
from desktop_app.services.outbox import outbox_counts, outbox_items
from desktop_app.services.reminders import due_reminders, paused, prepare_reminders
from desktop_app.ui.dialogs.message_templates import MessageTemplatesDialog
from desktop_app.ui.dialogs.pause_reminders import PauseDialog
from desktop_app.ui.pages.company import CompanyPage
from desktop_app.ui.pages.reminders import ReminderPage
from tests.support.dunning import overdue_shop
from tests.support.smtp_server import smtp_server


def _answer(button: QMessageBox.StandardButton) -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        box.button(button).click()


def _loaded(qtbot, page: ReminderPage) -> None:
    qtbot.waitUntil(lambda: page.lists is not None, timeout=10000)


def _reloaded(qtbot, page: ReminderPage, action) -> None:
    """Do `action`, then wait for the screen to show the lists read after it."""
    before = page.lists
    action()
    qtbot.waitUntil(lambda: page.lists is not before, timeout=10000)


def test_prepare_all_fills_the_outbox(qtbot, db):
    overdue_shop(db)
    page = ReminderPage(db)
    qtbot.addWidget(page)
    page.show()
    _loaded(qtbot, page)
    assert page.due_table.rowCount() == 2 and page.prepare_all_button.isEnabled()
    _reloaded(qtbot, page, page.prepare_all_button.click)
    assert outbox_counts(db)["queued"] == 2
    assert due_reminders(db) == [] and page.due_table.rowCount() == 0
    assert page.outbox.table.rowCount() == 2 and page.tabs.currentIndex() == 1
    assert page.history_table.rowCount() == 2


def test_send_now_goes_through_smtp_and_pause_stops_a_reminder(qtbot, db, monkeypatch):
    with smtp_server() as mailbox:
        overdue_shop(db, mailbox.port)
        page = ReminderPage(db)
        qtbot.addWidget(page)
        page.show()
        _loaded(qtbot, page)
        page.due_table.selectRow(0)
        monkeypatch.setattr(PauseDialog, "exec", lambda self: (self.reason.setEditText("Disputed"), 1)[1])
        chosen = page.due_table.current_key()
        _reloaded(qtbot, page, page.pause_selected)
        assert [row.invoice_id for row in paused(db)] == [chosen] and page.paused_table.rowCount() == 1
        run_job(prepare_reminders(db))
        _reloaded(qtbot, page, page.shown)
        page.outbox.send_button.click()
        qtbot.waitUntil(lambda: len(mailbox.received) == 1, timeout=10000)
        qtbot.waitUntil(lambda: [i.state for i in outbox_items(db)] == ["sent"], timeout=10000)


def test_smtp_settings_keep_the_password_in_the_keyring_and_send_a_test(qtbot, db, memory_keyring):
    overdue_shop(db)
    page = CompanyPage(db)
    qtbot.addWidget(page)
    box = page.smtp_box
    with smtp_server(password="pässwörd") as mailbox:
        box.form.set_text("smtp.port", str(mailbox.port))
        box.form.set_text("smtp.user", "boutique")
        box.password.setText("pässwörd")
        box.test_button.click()
        qtbot.waitUntil(lambda: "Test e-mail sent" in box.status.text(), timeout=10000)
        assert len(mailbox.received) == 1
    assert memory_keyring.secrets == {("comptoir-smtp", "boutique@127.0.0.1"): "pässwörd"}
    assert all_settings(db)["smtp.user"] == "boutique" and box.password.text() == ""
    assert "pässwörd" not in str(all_settings(db))


def test_the_wording_dialog_saves_and_refuses_unknown_placeholders(qtbot, db):
    dialog = MessageTemplatesDialog(db)
    qtbot.addWidget(dialog)
    dialog.template.setCurrentIndex(dialog.template.findData("friendly"))
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    dialog.subject.setText("Petit rappel {oops}")
    assert not dialog.save() and "{oops}" in dialog.errors.text()
    dialog.subject.setText("Petit rappel : {invoices}")
    assert dialog.save()
    assert message_template(db, "friendly", "fr").subject == "Petit rappel : {invoices}"
    QTimer.singleShot(0, lambda: None)
    dialog.reset()
    assert dialog.subject.text() != "Petit rappel : {invoices}"
