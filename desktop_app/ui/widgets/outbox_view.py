"""The outbox as a list: what waits, what went, what needs the user, and the moves a message allows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import formatting
from desktop_app.i18n import _, ngettext
from desktop_app.services import Database
from desktop_app.services.outbox import (
    OutboxItem,
    SendReport,
    cancel_message,
    export_eml,
    mark_message_sent,
    retry_message,
    send_outbox,
)
from desktop_app.services.secrets import account, store_smtp_password
from desktop_app.services.smtp import needs_password, setup_problem, smtp_config
from desktop_app.ui.jobs import JobCancelled, start_job
from desktop_app.ui.pages.base import EmptyState
from desktop_app.ui.widgets.record_table import RecordTable

STATE_COLOURS = {"failed": "#c0392b", "unsure": "#b9770e", "sent": "#2e7d32", "cancelled": "#7f8c8d"}


def state_label(item: OutboxItem) -> str:
    if item.state == "queued" and item.attempts and item.next_attempt_at is not None:
        moment = item.next_attempt_at.astimezone()
        return _("retry at {time}").format(time=moment.strftime("%H:%M"))
    return {"queued": _("waiting"), "sending": _("sending"), "sent": _("sent"), "failed": _("refused"),
            "unsure": _("to check"), "cancelled": _("withdrawn")}.get(item.state, item.state)


def ask_password(parent: QWidget, name: str) -> str | None:
    """The SMTP password typed by the user, or None if they cancelled."""
    text, ok = QInputDialog.getText(parent, _("SMTP password"), _("Password for {account}:").format(account=name),
                                    QLineEdit.EchoMode.Password)
    return text if ok and text else None


class OutboxView(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.items: list[OutboxItem] = []
        self.table = RecordTable([_("State"), _("To"), _("Subject"), _("Written"), _("Attempts"), _("Last error")],
                                 right=(4,), stretch=5)
        self.table.setAccessibleName(_("Outbox"))
        self.listing = EmptyState(self.table, _("The outbox is empty: e-mails appear here before they are sent."))
        self.send_button = QPushButton(_("Send now"))
        self.send_button.setToolTip(_("Send every waiting e-mail by SMTP, including those waiting for a retry"))
        self.retry_button = QPushButton(_("Retry"))
        self.sent_button = QPushButton(_("Mark as sent"))
        self.sent_button.setToolTip(_("You checked that it went out, or sent the .eml yourself"))
        self.cancel_button = QPushButton(_("Withdraw"))
        self.export_button = QPushButton(_("Save as .eml…"))
        self.note = QLabel()
        self.note.setObjectName("fieldError")
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.send_button, self.retry_button, self.sent_button, self.cancel_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.listing, 1)
        self.send_button.clicked.connect(self.send_now)
        self.retry_button.clicked.connect(lambda: self._each(retry_message))
        self.sent_button.clicked.connect(lambda: self._each(mark_message_sent))
        self.cancel_button.clicked.connect(self.withdraw)
        self.export_button.clicked.connect(self.export)
        self.table.itemSelectionChanged.connect(self._update_buttons)

    def show_items(self, items: list[OutboxItem]) -> None:
        self.items = items
        self.table.set_records([(item.id, (
            state_label(item), item.recipients, item.subject, formatting.day(item.created_at.date()),
            str(item.attempts), item.last_error.splitlines()[0] if item.last_error else "")) for item in items],
            [STATE_COLOURS.get(item.state) for item in items])
        self.listing.set_empty(not items)
        self.note.setText(setup_problem(self.db) if any(i.state == "queued" for i in items) else "")
        self.note.setVisible(bool(self.note.text()))
        self._update_buttons()

    def _selected(self) -> list[OutboxItem]:
        keys = set(self.table.selected_keys())
        return [item for item in self.items if item.id in keys]

    def _update_buttons(self) -> None:
        states = {item.state for item in self._selected()}
        self.send_button.setEnabled(any(item.state == "queued" for item in self.items))
        self.retry_button.setEnabled(bool(states & {"failed", "unsure"}))
        self.sent_button.setEnabled(bool(states & {"failed", "unsure", "queued"}))
        self.cancel_button.setEnabled(bool(states & {"queued", "failed", "unsure"}))
        self.export_button.setEnabled(len(states) > 0)

    def _each(self, action: object) -> None:
        for item in self._selected():
            action(self.db, item.id)  # type: ignore[operator]
        self.changed.emit()

    def withdraw(self) -> None:
        chosen = [item for item in self._selected() if item.state in ("queued", "failed", "unsure")]
        if not chosen or QMessageBox.question(self, _("Withdraw"), ngettext(
                "Withdraw this e-mail? A reminder it carried becomes due again.",
                "Withdraw these {n} e-mails? The reminders they carried become due again.", len(chosen)).format(
                n=len(chosen))) != QMessageBox.StandardButton.Yes:
            return
        for item in chosen:
            cancel_message(self.db, item.id)
        self.changed.emit()

    def export(self) -> None:
        chosen = self._selected()
        if not chosen:
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Save e-mail"), str(
            Path.home() / f"{chosen[0].id}.eml"), _("E-mail (*.eml)"))
        if path:
            export_eml(self.db, chosen[0].id, Path(path))

    def send_now(self) -> None:
        problem = setup_problem(self.db)
        if problem:
            QMessageBox.warning(self, _("E-mail is not set up"), problem)
            return
        if needs_password(self.db):
            config = smtp_config(self.db)
            password = ask_password(self, account(config.host, config.user))
            if password is None:
                return
            store_smtp_password(config.host, config.user, password)
        self.send_button.setEnabled(False)
        start_job(lambda: send_outbox(self.db, force=True), self, _("Sending e-mails"),
                  on_finished=self._sent, on_failed=self._failed)

    def _sent(self, report: SendReport) -> None:
        self.changed.emit()
        if report.errors:
            QMessageBox.warning(self, _("Some e-mails did not go out"), "\n".join(
                [ngettext("{n} e-mail sent.", "{n} e-mails sent.", report.sent).format(n=report.sent),
                 *report.errors[:10], _("They stay in the outbox and will be tried again.")]))

    def _failed(self, error: Exception) -> None:
        self.changed.emit()
        if not isinstance(error, JobCancelled):
            QMessageBox.warning(self, _("Not sent"), str(error))
