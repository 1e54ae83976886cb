"""The Invoices screen: status tabs over every document, a detail pane, and the actions of each state.

The list is read a window at a time off the GUI thread (a million documents open at once); files are
written, and drafts issued or deleted, as jobs with a progress dialog and a working cancel.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import formatting
from desktop_app.domain.progress import Job, Progress
from desktop_app.i18n import N_, _, ngettext
from desktop_app.services import Database
from desktop_app.services import invoices as service
from desktop_app.services.invoices import InvoiceFilter
from desktop_app.services.listing import has_drafts, invoice_listing
from desktop_app.ui.jobs import JobCancelled, start_job
from desktop_app.ui.models.invoices import InvoiceTableModel
from desktop_app.ui.pages.base import Page
from desktop_app.ui.pages.invoice_files import InvoiceFiles
from desktop_app.ui.pages.invoice_mails import InvoiceMails
from desktop_app.ui.shortcuts import bind_page, find, menu_text
from desktop_app.ui.widgets.invoice_detail import InvoiceDetailView
from desktop_app.ui.widgets.listing_table import ListingTable
from desktop_app.ui.widgets.pdf_preview import PdfPreview
from desktop_app.ui.widgets.table_state import remember_tab

TABS = [("draft", N_("Drafts")), ("unpaid", N_("Awaiting payment")), ("overdue", N_("Overdue")),
        ("paid", N_("Settled")), ("credit_notes", N_("Credit notes")), ("", N_("All"))]
EMPTY = {"draft": N_("No drafts. Click “Invoice new orders” to draft invoices for your imported orders, "
                     "or “New invoice” to write one."),
         "unpaid": N_("Every issued invoice is paid."), "overdue": N_("Nothing is overdue."),
         "paid": N_("No invoice is settled yet."), "credit_notes": N_("No credit note. To correct an issued "
                                                                      "invoice, select it and click “Credit note…”."),
         "": N_("No invoices yet. Import your shop's orders on the Orders screen, then click “Invoice new orders”.")}


def _tip(text: str, shortcut_id: str) -> str:
    return f"{text} ({find(shortcut_id).label()})"


class InvoicesPage(Page, InvoiceFiles, InvoiceMails):
    key = "invoices"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Invoices"), parent)
        self.db = db
        self._previewed: int | None = None
        self._make_actions()
        self._make_filters()
        self.model = InvoiceTableModel(self)
        # The longest date of the year in the shop's language ("27 déc. 2026" is wider than "27 Dec 2026").
        day = self.fontMetrics().horizontalAdvance(formatting.day(date(2026, 12, 27))) + 10
        self.listing = ListingTable(self.model, "invoices", _("Invoice list"),
                                 {0: 100, 1: day, 2: 104, 3: 56, 4: 78, 5: day, 6: 80}, multiple=True)
        self.table = self.listing.table
        self.detail = InvoiceDetailView()
        scroll = QScrollArea()
        scroll.setWidget(self.detail)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview = PdfPreview()
        self.preview.setAccessibleName(_("PDF preview"))
        self.side = QTabWidget()
        self.side.addTab(scroll, _("Details"))
        self.side.addTab(self.preview, _("PDF"))
        self.side.setMinimumWidth(320)
        self.side.currentChanged.connect(lambda _index: self.load_preview(self.side.currentWidget() is self.preview))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.listing)
        splitter.addWidget(self._side_panel())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 340])
        self.body.addWidget(splitter, 1)
        self.count = QLabel()
        self.body.addWidget(self.count)

        self._timer = QTimer(self, singleShot=True, interval=30)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._timer.start)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_draft())
        self.model.sort_requested.connect(lambda _sort: self.refresh())
        self.listing.loaded.connect(self._loaded)
        bind_page(self, self.key)
        if not remember_tab(self.tabs, self.key):
            self.tabs.setCurrentIndex(0 if has_drafts(db) else len(TABS) - 1)
        self.tabs.currentChanged.connect(lambda _index: self.refresh())
        self.refresh()

    def _make_actions(self) -> None:
        self.new_button = QPushButton(_("New invoice"))
        self.new_button.setToolTip(_tip(_("A hand-made invoice draft"), "invoices.new"))
        self.from_orders_button = QPushButton(_("Invoice new orders"))
        self.from_orders_button.setToolTip(_tip(_("Draft an invoice for every imported order not invoiced yet"),
                                                "invoices.from_orders"))
        self.issue_button = QPushButton(_("Issue…"))
        self.issue_button.setToolTip(_tip(_("Give drafts their number, for good"), "invoices.issue"))
        self.edit_button = QPushButton(_("Edit draft"))
        self.edit_button.setToolTip(_tip(_("Change the selected draft"), "invoices.edit"))
        self.delete_button = QPushButton(_("Delete draft"))
        self.delete_button.setToolTip(_tip(_("Delete the selected drafts"), "invoices.delete"))
        self.credit_button = QPushButton(_("Credit note…"))
        self.credit_button.setToolTip(_tip(_("Correct or cancel an issued invoice"), "invoices.credit"))
        self.payment_button = QPushButton(_("Record payment…"))
        self.payment_button.setToolTip(_tip(_("A cheque, a transfer or cash received for this invoice"),
                                            "invoices.payment"))
        self.email_button = QPushButton(_("Send by e-mail…"))
        self.email_button.setToolTip(_tip(_("E-mail the selected invoices to their customers with their Factur-X "
                                            "PDF, through the outbox"), "invoices.email"))
        self.email_button.setAccessibleName(_("Send by e-mail"))
        self.files_button = QPushButton(_("PDF / XML"))
        self.files_button.setToolTip(_("Save the PDF (of every selected invoice) or the e-invoice XML, or print"))
        files_menu = QMenu(self.files_button)
        self.save_pdf_action = files_menu.addAction(menu_text(_("Save PDF…"), "invoices.pdf"), self.save_pdf)
        files_menu.addAction(_("Save Factur-X XML (CII)…"), lambda: self.save_file("cii"))
        files_menu.addAction(_("Save UBL XML…"), lambda: self.save_file("ubl"))
        files_menu.addAction(menu_text(_("Print…"), "invoices.print"), self.print_current)
        self.files_button.setMenu(files_menu)
        for button in (self.new_button, self.from_orders_button, self.edit_button, self.delete_button,
                       self.issue_button, self.credit_button, self.files_button):
            self.actions_bar.addWidget(button)
        self.new_button.clicked.connect(self.new_invoice)
        self.edit_button.clicked.connect(self.edit_draft)
        self.delete_button.clicked.connect(self.delete_selected)
        self.issue_button.clicked.connect(self.issue_selected)
        self.credit_button.clicked.connect(self.credit_selected)
        self.payment_button.clicked.connect(self.record_payment_selected)
        self.from_orders_button.clicked.connect(self.invoice_new_orders)
        self.email_button.clicked.connect(self.send_by_email)

    def _side_panel(self) -> QWidget:
        """The details and PDF tabs under the actions on one issued invoice (the action bar has no room
        left in French at 1280 px)."""
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.email_button)
        buttons.addWidget(self.payment_button)
        layout.addLayout(buttons)
        layout.addWidget(self.side, 1)
        return panel

    def _make_filters(self) -> None:
        self.tabs = QTabBar()
        self.tabs.setAccessibleName(_("Invoice status"))
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        for _key, label in TABS:
            self.tabs.addTab(_(label))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search number, customer, order…"))
        self.search.setToolTip(_tip(_("Every word you type must start a word of the number, the customer or the "
                                      "order"), "invoices.find"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search invoices"))
        self.body.addWidget(self.tabs)
        self.body.addWidget(self.search)

    # -- listing -------------------------------------------------------------------------------------------

    def status(self) -> str:
        return TABS[self.tabs.currentIndex()][0]

    def select_tab(self, key: str) -> None:
        keys = [tab for tab, _label in TABS]
        if key in keys:
            self.tabs.setCurrentIndex(keys.index(key))

    def shown(self) -> None:
        self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self, keep: int | None = None) -> None:
        """Read the list again, keeping `keep` (else the current document) selected if it is still in it."""
        self._timer.stop()
        flt = InvoiceFilter(status=self.status(), search=self.search.text())
        keep = keep if keep is not None else self.listing.current_id()
        sort = self.model.sort_key
        empty = _("No document matches this search.") if flt.search.strip() else _(EMPTY[flt.status])
        self.listing.load(lambda: invoice_listing(self.db, flt, sort), keep, empty)

    def open_item(self, item_id: int) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(len(TABS) - 1)
        self.tabs.blockSignals(False)
        self.refresh(item_id)

    def _loaded(self, count: int) -> None:
        self.count.setText(ngettext("{n} document", "{n} documents", count).format(n=formatting.count(count)))
        if not count:
            self.detail.show_invoice(None)
            self._previewed = None
        self._update_actions()

    def selected_ids(self) -> list[int]:
        return self.listing.selected_ids()

    def current(self) -> service.InvoiceSummary | None:
        return self.listing.current_item()

    def _row_changed(self, current: object, _previous: object) -> None:
        invoice_id = self.model.id_at(current.row())  # type: ignore[attr-defined]
        self.detail.show_invoice(service.invoice_view(self.db, invoice_id) if invoice_id is not None else None)
        self._previewed = None
        self.load_preview(self.side.currentWidget() is self.preview)
        self._update_actions()

    def _update_actions(self) -> None:
        item = self.current()
        is_draft = item is not None and item.state == "draft"
        self.edit_button.setEnabled(is_draft and item is not None and item.kind == "invoice")
        self.delete_button.setEnabled(is_draft)
        self.issue_button.setEnabled(is_draft or (self.status() == "draft" and self.model.rowCount() > 0))
        self.credit_button.setEnabled(item is not None and item.state == "issued" and item.kind == "invoice")
        self.payment_button.setEnabled(item is not None and item.state == "issued" and item.kind == "invoice"
                                       and item.balance is not None and item.balance > 0)
        self.email_button.setEnabled(item is not None and item.state == "issued")
        self.files_button.setEnabled(item is not None)

    # -- actions -------------------------------------------------------------------------------------------

    def new_invoice(self) -> None:
        from desktop_app.ui.dialogs.draft_editor import DraftEditor

        editor = DraftEditor(self.db, None, self)
        if editor.exec():
            self.tabs.setCurrentIndex(0)
            self.refresh(editor.saved_id)

    def edit_draft(self) -> None:
        from desktop_app.ui.dialogs.draft_editor import DraftEditor

        item = self.current()
        if item is None or item.state != "draft" or item.kind != "invoice":
            return
        editor = DraftEditor(self.db, item.id, self)
        if editor.exec():
            self.model.refresh_item(item.id)
            self.refresh(item.id)

    def _selected_drafts(self) -> list[int]:
        return [i for i in self.selected_ids() if (s := self.model.item(self.model.row_of(i))) and s.state == "draft"]

    def delete_selected(self) -> None:
        drafts = self._selected_drafts()
        if not drafts:
            return
        answer = QMessageBox.question(self, _("Delete drafts"), ngettext(
            "Delete this draft? This cannot be undone.", "Delete these {n} drafts? This cannot be undone.",
            len(drafts)).format(n=len(drafts)))
        if answer == QMessageBox.StandardButton.Yes:
            start_job(lambda: _delete_drafts(self.db, drafts), self, _("Deleting drafts"),
                      on_finished=lambda _done: self.refresh(), on_failed=self._failed)

    def issue_selected(self) -> None:
        chosen = self._selected_drafts()
        if not chosen and self.status() != "draft":
            return
        count = len(chosen) or self.model.rowCount()
        if not count:
            return
        answer = QMessageBox.question(self, _("Issue"), ngettext(
            "Issue this draft? It gets its number and can then only be corrected by a credit note.",
            "Issue these {n} drafts? They get their numbers and can then only be corrected by credit notes.",
            count).format(n=count))
        if answer != QMessageBox.StandardButton.Yes:
            return
        from desktop_app.services.issuing import issue_documents

        ids = chosen or None           # none chosen on the Drafts tab: every draft
        self.issue_job = start_job(lambda: issue_documents(self.db, ids), self, _("Issuing"),
                                   on_finished=self._issued, on_failed=self._failed)

    def _issued(self, result: object) -> None:
        issued, refused = result.issued, result.refused  # type: ignore[attr-defined]
        self.refresh()
        self.say(ngettext("{n} document issued.", "{n} documents issued.", len(issued)).format(n=len(issued)))
        if refused:
            QMessageBox.warning(self, _("Some drafts were not issued"), "\n".join(
                _("Draft {id}: {reason}").format(id=i, reason=r) for i, r in refused[:20]))

    def _failed(self, error: Exception) -> None:
        self.refresh()
        if isinstance(error, JobCancelled):
            self.say(_("Cancelled: the documents of the unfinished batch stay drafts, with no gap in numbering."))
        else:
            QMessageBox.warning(self, _("Not done"), str(error))

    def invoice_new_orders(self) -> None:
        from desktop_app.services.invoicing import draft_from_orders

        start_job(lambda: draft_from_orders(self.db), self, _("Drafting invoices"),
                  on_finished=self._drafted, on_failed=self._failed)

    def _drafted(self, result: object) -> None:
        made = len(result.invoices) + len(result.credit_notes)  # type: ignore[attr-defined]
        self.tabs.setCurrentIndex(0)
        self.refresh()
        self.say(ngettext("{n} draft made.", "{n} drafts made.", made).format(n=made))
        skipped = result.skipped  # type: ignore[attr-defined]
        interesting = [(ref, why) for ref, why in skipped if why not in (_("already invoiced"),)]
        if interesting:
            QMessageBox.information(self, _("Orders not invoiced"), "\n".join(
                f"{ref}: {why}" for ref, why in interesting[:25]))

    def credit_selected(self) -> None:
        from desktop_app.ui.dialogs.credit_note import CreditNoteDialog

        item = self.current()
        if item is None or item.state != "issued" or item.kind != "invoice":
            return
        dialog = CreditNoteDialog(self.db, item.id, self)
        if dialog.exec():
            self.refresh(item.id)
            self.say(_("Credit note {number} issued.").format(number=dialog.issued_number))

    def record_payment_selected(self) -> None:
        from desktop_app.ui.dialogs.record_payment import RecordPaymentDialog

        item = self.current()
        if item is None or item.state != "issued" or item.kind != "invoice":
            return
        dialog = RecordPaymentDialog(self.db, item.id, self)
        if dialog.exec():
            self.model.refresh_item(item.id)
            self.refresh(item.id)
            self.say(_("Payment recorded."))


def _delete_drafts(db: Database, ids: list[int]) -> Job[int]:
    """Delete drafts one by one (each its own transaction), so a cancel keeps what was already done."""
    from desktop_app.services.invoicing import delete_draft

    for done, draft_id in enumerate(ids, start=1):
        delete_draft(db, draft_id)
        yield Progress(done, len(ids), _("Deleting drafts"))
    return len(ids)
