"""The Invoices screen's files: PDF and XML of one document, the PDFs of a selection, printing, and the
PDF preview. Rendering and writing run off the GUI thread; the PDF libraries are imported the first
time a file is asked for, not when the screen opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app.i18n import _, ngettext
from desktop_app.services import Database
from desktop_app.ui.jobs import JobCancelled, start_job
from desktop_app.ui.widgets.background import load_in_background
from desktop_app.ui.widgets.listing_table import ListingTable
from desktop_app.ui.widgets.pdf_preview import PdfPreview


class InvoiceFiles:
    """Mixed into the Invoices screen (a QWidget with `db`, `list`, `preview` and `say`)."""

    db: Database
    listing: ListingTable
    preview: PdfPreview
    _previewed: int | None
    say: Callable[..., None]          # Page.say

    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def save_pdf(self) -> None:
        """The selected document's PDF; for several, their PDFs in a folder."""
        ids = self.listing.selected_ids()
        if len(ids) > 1:
            self.save_pdfs(ids)
        elif ids:
            self.save_file("pdf")

    def save_file(self, what: str) -> None:
        from desktop_app.services.document_files import file_name, save_document

        item = self.listing.current_item()
        if item is None:
            return
        suggested = str(Path.home() / file_name(item.number, item.id, what))
        kinds = {"pdf": "PDF (*.pdf)", "cii": "XML (*.xml)", "ubl": "XML (*.xml)"}
        path, _filter = QFileDialog.getSaveFileName(self._widget(), _("Save PDF") if what == "pdf" else _("Save XML"),
                                                    suggested, kinds[what])
        if path:
            start_job(lambda: save_document(self.db, item.id, Path(path), what), self._widget(), _("Saving"),
                      on_finished=lambda written: self.say(_("Saved {path}").format(path=written)),
                      on_failed=self._file_failed)

    def save_pdfs(self, ids: list[int]) -> None:
        from desktop_app.services.document_files import save_pdfs

        folder = QFileDialog.getExistingDirectory(self._widget(), _("Folder for the PDFs"), str(Path.home()))
        if folder:
            start_job(lambda: save_pdfs(self.db, ids, Path(folder)), self._widget(), _("Saving PDFs"),
                      on_finished=lambda written: self.say(ngettext(
                          "{n} PDF saved in {folder}", "{n} PDFs saved in {folder}", len(written)).format(
                          n=len(written), folder=folder)),
                      on_failed=self._file_failed)

    def _file_failed(self, error: Exception) -> None:
        if isinstance(error, JobCancelled):
            self.say(_("Cancelled: the files written before stopping are kept, each of them whole."))
        else:
            QMessageBox.warning(self._widget(), _("Not saved"), str(error))

    def print_current(self) -> None:
        item = self.listing.current_item()
        if item is not None:
            load_in_background(self._widget(), lambda: _pdf(self.db, item.id),
                               lambda pdf: self._print(item.id, pdf), self._file_failed)

    def _print(self, invoice_id: int, pdf: bytes) -> None:
        self.preview.show_pdf(pdf)
        self._previewed = invoice_id
        self.preview.print_pdf(self._widget())

    def load_preview(self, shown: bool) -> None:
        """Render the PDF when its tab is shown (an issued one is made, and kept, on first view)."""
        item = self.listing.current_item()
        if not shown or item is None or self._previewed == item.id:
            return
        self._previewed = item.id
        load_in_background(self._widget(), lambda: _pdf(self.db, item.id),
                           lambda pdf: self._preview_ready(item.id, pdf))

    def _preview_ready(self, invoice_id: int, pdf: Any) -> None:
        if self._previewed == invoice_id:
            self.preview.show_pdf(pdf)


def _pdf(db: Database, invoice_id: int) -> bytes:
    """The document's PDF (on a worker thread: the rendering libraries load there the first time)."""
    from desktop_app.services.rendering import invoice_pdf

    return invoice_pdf(db, invoice_id)
