"""The Invoices screen's e-mails: the selected issued documents sent to their customers with their PDF.

The e-mails are written from the templates on a worker thread, shown for the user to read (and touch
up), then put in the outbox, which sends them when the user sends it (Reminders › Outbox)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.i18n import _, ngettext
from desktop_app.services import Database
from desktop_app.ui.jobs import JobCancelled, JobHandle, start_job
from desktop_app.ui.widgets.listing_table import ListingTable

if TYPE_CHECKING:
    # Imported when an e-mail is written: they bring the PDF and Factur-X libraries, which the Invoices
    # screen does not need to show its list.
    from desktop_app.services.mail_messages import InvoiceMail


class InvoiceMails:
    """Mixed into the Invoices screen (a QWidget with `db`, `listing` and `say`)."""

    db: Database
    listing: ListingTable
    say: Callable[..., None]          # Page.say
    mail_job: JobHandle | None = None

    def _mail_widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def issued_selection(self) -> list[int]:
        """The selected documents that can be sent: the issued ones."""
        items = (self.listing.model.item(self.listing.model.row_of(i)) for i in self.listing.selected_ids())
        return [item.id for item in items if item is not None and item.state == "issued"]

    def send_by_email(self) -> None:
        """Write the e-mails of the selected issued documents, then show them before they are queued."""
        ids = self.issued_selection()
        if not ids:
            self.say(_("Select an issued invoice to send it; a draft must be issued first."))
            return
        from desktop_app.services.mail_messages import prepare_invoice_mails

        self.mail_job = start_job(lambda: prepare_invoice_mails(self.db, ids), self._mail_widget(),
                                  _("Preparing the e-mails"), on_finished=self._review_mails,
                                  on_failed=self._mail_failed)

    def _review_mails(self, mails: list[InvoiceMail]) -> None:
        from desktop_app.services.mail_messages import queue_invoice_mails
        from desktop_app.ui.dialogs.send_invoice import SendInvoiceDialog

        dialog = SendInvoiceDialog(mails, self._mail_widget())
        if not dialog.exec():
            return
        chosen = dialog.chosen()
        self.mail_job = start_job(lambda: queue_invoice_mails(self.db, chosen), self._mail_widget(),
                                  _("Putting the e-mails in the outbox"), on_finished=self._mails_queued,
                                  on_failed=self._mail_failed)

    def _mails_queued(self, queued: list[int]) -> None:
        self.say(ngettext("The e-mail is in the outbox: it goes out when you send the outbox (Reminders › Outbox).",
                          "{n} e-mails are in the outbox: they go out when you send the outbox (Reminders › "
                          "Outbox).", len(queued)).format(n=len(queued)), 10000)

    def _mail_failed(self, error: Exception) -> None:
        if isinstance(error, JobCancelled):
            self.say(_("Cancelled: the e-mails put in the outbox before stopping stay there, the others were not "
                       "written."))
        else:
            QMessageBox.warning(self._mail_widget(), _("Not sent"), str(error))
