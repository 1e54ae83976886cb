"""The Reminders screen: what is due today (prepare all, or some), the outbox, the history, the pauses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import formatting
from desktop_app.domain.dunning import Channel
from desktop_app.domain.errors import DomainError
from desktop_app.i18n import _, ngettext
from desktop_app.services import Database
from desktop_app.services.outbox import OutboxItem, outbox_items
from desktop_app.services.reminders import (
    DueRow,
    PrepareResult,
    due_reminders,
    pause_customer,
    pause_invoice,
    paused,
    prepare_reminders,
    reminder_history,
    reminder_letter,
    resume_customer,
    resume_invoice,
)
from desktop_app.ui.dialogs.pause_reminders import PauseDialog
from desktop_app.ui.jobs import JobCancelled, start_job
from desktop_app.ui.pages.base import EmptyState, Page
from desktop_app.ui.shortcuts import bind_page, find
from desktop_app.ui.widgets.background import load_in_background
from desktop_app.ui.widgets.outbox_view import OutboxView
from desktop_app.ui.widgets.record_table import RecordTable

TAB_KEYS = ("due", "outbox", "history", "paused")


@dataclass(frozen=True, slots=True)
class ReminderLists:
    due: list[DueRow]
    outbox: list[OutboxItem]
    history: list[Any]
    paused: list[Any]


def _read(db: Database) -> ReminderLists:
    return ReminderLists(due_reminders(db), outbox_items(db, limit=500), reminder_history(db, 500), paused(db))


def _tab(table: QWidget, buttons: list[QPushButton], note: QLabel | None = None) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 8, 0, 0)
    row = QHBoxLayout()
    row.setContentsMargins(4, 0, 8, 0)
    for button in buttons:
        row.addWidget(button)
    row.addStretch()
    if note is not None:
        row.addWidget(note)
    layout.addLayout(row)
    layout.addWidget(table, 1)
    return page


class ReminderPage(Page):
    key = "reminders"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Reminders"), parent)
        self.db = db
        self.lists: ReminderLists | None = None
        self.prepare_all_button = QPushButton(_("Prepare all"))
        self.prepare_all_button.setToolTip(_("Make every reminder due today: e-mails into the outbox, letters "
                                             "as PDF to print ({keys})").format(keys=find("reminders.prepare").label()))
        self.actions_bar.addWidget(self.prepare_all_button)

        self.due_table = RecordTable([_("Invoice"), _("Customer"), _("Level"), _("Channel"), _("Days late"),
                                      _("Amount due"), _("E-mail")], right=(2, 4, 5), stretch=1)
        self.due_table.setAccessibleName(_("Reminders due today"))
        self.due_list = EmptyState(self.due_table, _("No reminder is due today."))
        self.prepare_button = QPushButton(_("Prepare selected"))
        self.pause_button = QPushButton(_("Pause…"))
        self.due_note = QLabel()
        self.outbox = OutboxView(db)
        self.history_table = RecordTable([_("Date"), _("Invoice"), _("Customer"), _("Level"), _("Channel"),
                                          _("Amount due"), _("Interest"), _("Indemnity"), _("State")],
                                         right=(3, 5, 6, 7), stretch=2)
        self.history_list = EmptyState(self.history_table, _("No reminder has been made yet."))
        self.letter_button = QPushButton(_("Save letter…"))
        self.paused_table = RecordTable([_("Customer"), _("Invoice"), _("Left to pay"), _("Reason"), _("Until")],
                                        right=(2,), stretch=3)
        self.paused_list = EmptyState(self.paused_table, _("No invoice or customer is paused."))
        self.resume_button = QPushButton(_("Resume reminders"))

        self.tabs = QTabWidget()
        self.tabs.addTab(_tab(self.due_list, [self.prepare_button, self.pause_button], self.due_note), _("Due today"))
        self.tabs.addTab(self.outbox, _("Outbox"))
        self.tabs.addTab(_tab(self.history_list, [self.letter_button]), _("History"))
        pause_hint = QLabel(_("To pause an invoice or a customer, select it under “Due today” and click “Pause…”."))
        self.tabs.addTab(_tab(self.paused_list, [self.resume_button], pause_hint), _("Paused"))
        self.body.addWidget(self.tabs, 1)

        self.prepare_all_button.clicked.connect(self.prepare_all)
        self.prepare_button.clicked.connect(self.prepare_selected)
        self.pause_button.clicked.connect(self.pause_selected)
        self.letter_button.clicked.connect(self.save_letter)
        self.resume_button.clicked.connect(self.resume_selected)
        self.outbox.changed.connect(self.shown)
        self._loading = False
        bind_page(self, self.key)

    def showEvent(self, event: QShowEvent) -> None:
        # Read lazily: a big shop's lists are read when the screen is first seen, not at start-up.
        if self.lists is None and not self._loading:
            self.shown()
        super().showEvent(event)

    def select_tab(self, key: str) -> None:
        if key in TAB_KEYS:
            self.tabs.setCurrentIndex(TAB_KEYS.index(key))

    def shown(self) -> None:
        self._loading = True
        load_in_background(self, lambda: _read(self.db), self.show_lists)

    def show_lists(self, lists: ReminderLists) -> None:
        self._loading = False
        self.lists = lists
        self.due_table.set_records([(row.invoice_id, (
            row.number, row.customer, str(row.level), Channel(row.channel).label if row.email else Channel.LETTER.label,
            str(row.days_late), formatting.money(row.amount_due, row.currency), row.email or _("none: a letter")))
            for row in sorted(lists.due, key=lambda due: (-due.level, -due.days_late))])
        self.due_list.set_empty(not lists.due)
        total = len(lists.due)
        self.due_note.setText(ngettext("{n} reminder due", "{n} reminders due", total).format(n=total))
        self.prepare_all_button.setEnabled(bool(lists.due))
        self.outbox.show_items(lists.outbox)
        self._show_history(lists.history)
        self.paused_table.set_records([((row.customer_id, row.invoice_id), (
            row.customer, row.number or _("all invoices"),
            formatting.money(row.amount_due, row.currency) if row.amount_due is not None else "", row.reason,
            formatting.day(row.until) if row.until else _("until resumed"))) for row in lists.paused])
        self.paused_list.set_empty(not lists.paused)
        for index, count in enumerate((total, lists.outbox and sum(i.state in ("queued", "failed", "unsure")
                                                                   for i in lists.outbox),
                                       None, len(lists.paused))):
            label = [_("Due today"), _("Outbox"), _("History"), _("Paused")][index]
            self.tabs.setTabText(index, f"{label} ({count})" if count else label)

    def _show_history(self, history: list[Any]) -> None:
        states = {"sent": _("sent"), "queued": _("in the outbox"), "sending": _("sending"), "failed": _("failed"),
                  "unsure": _("to check"), None: _("letter made")}
        self.history_table.set_records([(row.reminder_id, (
            formatting.day(row.prepared_on), row.number, row.customer, str(row.level), Channel(row.channel).label,
            formatting.money(row.amount_due, row.currency), formatting.money(row.interest, row.currency)
            if row.interest else "", formatting.money(row.indemnity, "EUR") if row.indemnity else "",
            states.get(row.outbox_state, row.outbox_state or ""))) for row in history])
        self.history_list.set_empty(not history)

    # -- actions -------------------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 8000)

    def prepare_all(self) -> None:
        self._prepare(None)

    def prepare_selected(self) -> None:
        ids = self.due_table.selected_keys()
        if ids:
            self._prepare(ids)

    def _prepare(self, invoice_ids: list[int] | None) -> None:
        self.prepare_all_button.setEnabled(False)
        start_job(lambda: prepare_reminders(self.db, invoice_ids=invoice_ids), self, _("Preparing reminders"),
                  on_finished=self._prepared, on_failed=self._failed)

    def _prepared(self, result: PrepareResult) -> None:
        self.shown()
        self._say(ngettext("{n} reminder prepared", "{n} reminders prepared", result.reminders).format(
            n=result.reminders) + " · " + ngettext("{n} e-mail in the outbox", "{n} e-mails in the outbox",
                                                   result.emails).format(n=result.emails))
        if result.letters:
            answer = QMessageBox.question(self, _("Letters to post"), ngettext(
                "{n} letter was made. Save it now to print it?", "{n} letters were made. Save them now to print "
                "them?", result.letters).format(n=result.letters))
            if answer == QMessageBox.StandardButton.Yes:
                self._save_letters(result.letter_reminders)
        if result.emails:
            self.select_tab("outbox")

    def _failed(self, error: Exception) -> None:
        self.shown()
        if isinstance(error, JobCancelled):
            self._say(_("Cancelled: the reminders made before stopping are kept, the others are still due."))
        else:
            QMessageBox.warning(self, _("Not done"), str(error))

    def _save_letters(self, reminder_ids: list[int]) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder for the letters"), str(Path.home()))
        if not folder:
            return
        for reminder_id in reminder_ids:
            (Path(folder) / _("reminder-{id}.pdf").format(id=reminder_id)).write_bytes(
                reminder_letter(self.db, reminder_id))
        self._say(_("Letters saved in {folder}").format(folder=folder))

    def save_letter(self) -> None:
        reminder_id = self.history_table.current_key()
        if reminder_id is None:
            return
        try:
            pdf = reminder_letter(self.db, reminder_id)
        except DomainError as error:
            QMessageBox.information(self, _("No letter"), str(error))
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Save letter"), str(
            Path.home() / _("reminder-{id}.pdf").format(id=reminder_id)), "PDF (*.pdf)")
        if path:
            Path(path).write_bytes(pdf)
            self._say(_("Saved {path}").format(path=path))

    def pause_selected(self) -> None:
        invoice_id = self.due_table.current_key()
        row = next((r for r in (self.lists.due if self.lists else []) if r.invoice_id == invoice_id), None)
        if row is None:
            return
        dialog = PauseDialog(row.number, row.customer, self)
        if not dialog.exec():
            return
        if dialog.whole_customer.isChecked():
            pause_customer(self.db, row.customer_id, dialog.reason_text(), dialog.until_date())
        else:
            pause_invoice(self.db, row.invoice_id, dialog.reason_text(), dialog.until_date())
        self.shown()

    def resume_selected(self) -> None:
        for customer_id, invoice_id in self.paused_table.selected_keys():
            if invoice_id is None:
                resume_customer(self.db, customer_id)
            else:
                resume_invoice(self.db, invoice_id)
        self.shown()

