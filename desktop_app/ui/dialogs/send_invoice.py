"""Before invoice e-mails go into the outbox: to whom, and what they say, as the template wrote them; the
recipient, subject and message can be touched up. With several invoices, a list picks the one shown."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.i18n import _, ngettext
from desktop_app.services.mail_messages import InvoiceMail
from desktop_app.ui.widgets.record_table import RecordTable

MISSING = "#c0392b"            # the colour of a document that has no address to go to


class SendInvoiceDialog(QDialog):
    def __init__(self, mails: list[InvoiceMail], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mails = list(mails)
        self._shown = 0
        self.setWindowTitle(ngettext("Send the invoice by e-mail", "Send {n} invoices by e-mail",
                                     len(mails)).format(n=len(mails)))
        self.setMinimumWidth(560)
        self.list = RecordTable([_("Document"), _("Customer"), _("To")], stretch=2)
        self.list.setAccessibleName(_("E-mails to send"))
        self.list.setVisible(len(mails) > 1)
        self.to = QLineEdit()
        self.to.setAccessibleName(_("Recipient"))
        self.to.setPlaceholderText(_("The customer's e-mail address"))
        self.subject = QLineEdit()
        self.subject.setAccessibleName(_("Subject"))
        self.body = QPlainTextEdit()
        self.body.setAccessibleName(_("Message"))
        self.body.setTabChangesFocus(True)
        self.attachment = QLabel()
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("To"), self.to)
        form.addRow(_("Subject"), self.subject)
        form.addRow(_("Message"), self.body)
        form.addRow(_("Attached"), self.attachment)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.queue_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.queue_button.setText(_("Put in the outbox"))
        self.queue_button.setToolTip(_("The e-mails wait in the outbox until you send it (Reminders › Outbox)"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(form, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._fill_list()
        self.list.itemSelectionChanged.connect(self._pick)
        self.to.textEdited.connect(self._recipient_edited)
        self._show(0)
        if len(mails) > 1:
            self.list.selectRow(0)

    def chosen(self) -> list[InvoiceMail]:
        """The e-mails to queue, as edited: those with a recipient."""
        self._keep()
        return [replace(mail, to=mail.to.strip()) for mail in self.mails if mail.to.strip()]

    def _fill_list(self) -> None:
        self.list.set_records([(index, (mail.number, mail.customer, mail.to or _("no e-mail address")))
                               for index, mail in enumerate(self.mails)],
                              [None if mail.to.strip() else MISSING for mail in self.mails])

    def _pick(self) -> None:
        index = self.list.current_key()
        if index is not None and index != self._shown:
            self._keep()
            self._show(index)

    def _keep(self) -> None:
        """The fields, as edited, back into the e-mail they show."""
        self.mails[self._shown] = replace(self.mails[self._shown], to=self.to.text(), subject=self.subject.text(),
                                          body=self.body.toPlainText())

    def _show(self, index: int) -> None:
        self._shown = index
        mail = self.mails[index]
        self.to.setText(mail.to)
        self.subject.setText(mail.subject)
        self.body.setPlainText(mail.body)
        self.attachment.setText(_("{name} (the invoice's PDF with its Factur-X data)").format(name=mail.attachment))
        self._update()

    def _recipient_edited(self, text: str) -> None:
        self.mails[self._shown] = replace(self.mails[self._shown], to=text)
        cell = self.list.item(self._shown, 2)
        if cell is not None:
            cell.setText(text.strip() or _("no e-mail address"))
            cell.setForeground(self.list.palette().text() if text.strip() else QColor(MISSING))
        self._update()

    def _update(self) -> None:
        mail = self.mails[self._shown]
        self.problem.setText("" if mail.to.strip() else _(
            "{customer} has no e-mail address. Type one above to send this e-mail, and add it to the customer "
            "on the Customers screen for next time.").format(customer=mail.customer))
        self.problem.setVisible(not mail.to.strip())
        ready = sum(1 for item in self.mails if item.to.strip())
        missing = len(self.mails) - ready
        text = ngettext("{n} e-mail goes into the outbox, with its PDF; it is sent when you send the outbox.",
                        "{n} e-mails go into the outbox, each with its PDF; they are sent when you send the outbox.",
                        ready).format(n=ready)
        if missing:
            text += " " + ngettext("{n} document without an address is left out.",
                                   "{n} documents without an address are left out.", missing).format(n=missing)
        self.summary.setText(text)
        self.queue_button.setEnabled(ready > 0)

    def _accept(self) -> None:
        if self.chosen():
            self.accept()
