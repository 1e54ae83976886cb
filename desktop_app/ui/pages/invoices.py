"""The Invoices screen: status tabs over every document, a detail pane, and the actions of each state."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabBar,
    QTableView,
    QTabWidget,
    QWidget,
)

from desktop_app.i18n import N_, _, ngettext
from desktop_app.services import Database
from desktop_app.services import invoices as service
from desktop_app.services.invoices import InvoiceFilter
from desktop_app.services.invoicing import delete_draft, draft_from_orders
from desktop_app.services.issuing import issue_documents
from desktop_app.services.rendering import invoice_pdf, invoice_xml
from desktop_app.ui.jobs import JobCancelled, start_job
from desktop_app.ui.models.invoices import InvoiceTableModel
from desktop_app.ui.pages.base import EmptyState, Page
from desktop_app.ui.widgets.invoice_detail import InvoiceDetailView
from desktop_app.ui.widgets.pdf_preview import PdfPreview

TABS = [("draft", N_("Drafts")), ("unpaid", N_("Awaiting payment")), ("overdue", N_("Overdue")),
        ("paid", N_("Settled")), ("credit_notes", N_("Credit notes")), ("", N_("All"))]


class InvoicesPage(Page):
    key = "invoices"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Invoices"), parent)
        self.db = db
        self.new_button = QPushButton(_("New invoice"))
        self.new_button.setToolTip(_("A hand-made invoice draft (Ctrl+N)"))
        self.from_orders_button = QPushButton(_("Invoice new orders"))
        self.from_orders_button.setToolTip(_("Draft an invoice for every imported order not invoiced yet"))
        self.issue_button = QPushButton(_("Issue…"))
        self.issue_button.setToolTip(_("Give drafts their number, for good (Ctrl+Enter)"))
        self.edit_button = QPushButton(_("Edit draft"))
        self.delete_button = QPushButton(_("Delete draft"))
        self.credit_button = QPushButton(_("Credit note…"))
        self.payment_button = QPushButton(_("Record payment…"))
        self.payment_button.setToolTip(_("A cheque, a transfer or cash received for this invoice"))
        self.files_button = QPushButton(_("PDF / XML"))
        self.files_button.setToolTip(_("Save the PDF or the e-invoice XML, or print"))
        files_menu = QMenu(self.files_button)
        self.save_pdf_action = files_menu.addAction(_("Save PDF…"), self.save_pdf)
        self.save_pdf_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        files_menu.addAction(_("Save Factur-X XML (CII)…"), lambda: self.save_xml("cii"))
        files_menu.addAction(_("Save UBL XML…"), lambda: self.save_xml("ubl"))
        files_menu.addAction(_("Print…"), self.print_current)
        self.files_button.setMenu(files_menu)
        for button in (self.new_button, self.from_orders_button, self.edit_button, self.delete_button,
                       self.issue_button, self.credit_button, self.files_button):
            self.actions_bar.addWidget(button)

        self.tabs = QTabBar()
        self.tabs.setAccessibleName(_("Invoice status"))
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        for _key, label in TABS:
            self.tabs.addTab(_(label))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search number, customer, order…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search invoices"))
        self.body.addWidget(self.tabs)
        self.body.addWidget(self.search)

        self._previewed: int | None = None
        self.model = InvoiceTableModel(lambda ids: service.invoice_summaries(db, ids), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_("Invoice list"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 100), (1, 85), (2, 140), (3, 55), (4, 85), (5, 85), (6, 85)):
            self.table.setColumnWidth(column, width)
        self.listing = EmptyState(self.table, "")
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
        self.side.setMinimumWidth(310)
        # Beside the invoice's details: the action bar has no room left in French at 1280 px.
        self.side.setCornerWidget(self.payment_button, Qt.Corner.TopRightCorner)
        self.side.currentChanged.connect(lambda _index: self._load_preview())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.listing)
        splitter.addWidget(self.side)
        splitter.setSizes([920, 310])
        self.body.addWidget(splitter, 1)
        self.count = QLabel()
        self.body.addWidget(self.count)

        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._timer.start)
        self.tabs.currentChanged.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_button.clicked.connect(self.new_invoice)
        self.edit_button.clicked.connect(self.edit_draft)
        self.delete_button.clicked.connect(self.delete_selected)
        self.issue_button.clicked.connect(self.issue_selected)
        self.credit_button.clicked.connect(self.credit_selected)
        self.payment_button.clicked.connect(self.record_payment_selected)
        self.from_orders_button.clicked.connect(self.invoice_new_orders)
        self.table.doubleClicked.connect(lambda _index: self.edit_draft())
        QShortcut(QKeySequence.StandardKey.New, self, self.new_invoice)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.issue_selected)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        has_drafts = bool(service.invoice_ids(db, InvoiceFilter(status="draft")))
        self.tabs.setCurrentIndex(0 if has_drafts else len(TABS) - 1)
        self.refresh()

    # -- listing -------------------------------------------------------------------------------------------

    def status(self) -> str:
        return TABS[self.tabs.currentIndex()][0]

    def shown(self) -> None:
        self.refresh()

    def refresh(self, keep: int | None = None) -> None:
        flt = InvoiceFilter(status=self.status(), search=self.search.text())
        ids = service.invoice_ids(self.db, flt)
        self.model.set_ids(ids)
        empty = {"draft": _("No drafts. Click “Invoice new orders” to draft invoices for your imported orders, "
                            "or “New invoice” to write one."),
                 "overdue": _("Nothing is overdue."), "unpaid": _("Every issued invoice is paid.")}
        self.listing.set_empty(not ids, _("No document matches this search.") if self.search.text()
                               else empty.get(self.status(), _("No documents here yet.")))
        self.count.setText(ngettext("{n} document", "{n} documents", len(ids)).format(n=len(ids)))
        row = self.model.row_of(keep) if keep is not None else 0
        if ids:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(max(row, 0), 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        else:
            self.detail.show_invoice(None)
        self._update_actions()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(row) for row in rows) if i is not None]

    def current(self) -> service.InvoiceSummary | None:
        row = self.table.currentIndex().row()
        return self.model.item(row) if row >= 0 else None

    def _row_changed(self, current: object, _previous: object) -> None:
        invoice_id = self.model.id_at(current.row())  # type: ignore[attr-defined]
        self.detail.show_invoice(service.invoice_view(self.db, invoice_id) if invoice_id is not None else None)
        self._previewed = None
        self._load_preview()
        self._update_actions()

    def _load_preview(self) -> None:
        """Render the PDF only when its tab is shown (an issued one is made, and kept, on first view)."""
        item = self.current()
        if self.side.currentWidget() is not self.preview or item is None or self._previewed == item.id:
            return
        self.preview.show_pdf(invoice_pdf(self.db, item.id))
        self._previewed = item.id

    def _suggested_name(self, suffix: str) -> str:
        item = self.current()
        name = item.number if item is not None and item.number else _("draft")
        return str(Path.home() / f"{name}{suffix}")

    def save_pdf(self) -> None:
        item = self.current()
        if item is None:
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Save PDF"), self._suggested_name(".pdf"), "PDF (*.pdf)")
        if path:
            Path(path).write_bytes(invoice_pdf(self.db, item.id))
            self._say(_("Saved {path}").format(path=path))

    def save_xml(self, syntax: str) -> None:
        item = self.current()
        if item is None:
            return
        suffix = "-factur-x.xml" if syntax == "cii" else "-ubl.xml"
        path, _filter = QFileDialog.getSaveFileName(self, _("Save XML"), self._suggested_name(suffix), "XML (*.xml)")
        if path:
            Path(path).write_bytes(invoice_xml(self.db, item.id, syntax))
            self._say(_("Saved {path}").format(path=path))

    def print_current(self) -> None:
        item = self.current()
        if item is None:
            return
        self.preview.show_pdf(invoice_pdf(self.db, item.id))
        self._previewed = item.id
        self.preview.print_pdf(self)

    def _update_actions(self) -> None:
        item = self.current()
        is_draft = item is not None and item.state == "draft"
        self.edit_button.setEnabled(is_draft and item is not None and item.kind == "invoice")
        self.delete_button.setEnabled(is_draft)
        self.issue_button.setEnabled(is_draft or self.status() == "draft")
        self.credit_button.setEnabled(item is not None and item.state == "issued" and item.kind == "invoice")
        self.payment_button.setEnabled(item is not None and item.state == "issued" and item.kind == "invoice"
                                       and item.balance is not None and item.balance > 0)
        self.files_button.setEnabled(item is not None)

    # -- actions -------------------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 6000)

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
            self.refresh(item.id)

    def delete_selected(self) -> None:
        drafts = [i for i in self.selected_ids() if (s := self.model.item(self.model.row_of(i))) and s.state == "draft"]
        if not drafts:
            return
        answer = QMessageBox.question(self, _("Delete drafts"), ngettext(
            "Delete this draft? This cannot be undone.", "Delete these {n} drafts? This cannot be undone.",
            len(drafts)).format(n=len(drafts)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        for draft_id in drafts:
            delete_draft(self.db, draft_id)
        self.refresh()

    def issue_selected(self) -> None:
        chosen = [i for i in self.selected_ids() if (s := self.model.item(self.model.row_of(i))) and s.state == "draft"]
        ids = chosen or (service.invoice_ids(self.db, InvoiceFilter(status="draft")) if self.status() == "draft"
                         else [])
        if not ids:
            return
        answer = QMessageBox.question(self, _("Issue"), ngettext(
            "Issue this draft? It gets its number and can then only be corrected by a credit note.",
            "Issue these {n} drafts? They get their numbers and can then only be corrected by credit notes.",
            len(ids)).format(n=len(ids)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        start_job(lambda: issue_documents(self.db, ids), self, _("Issuing"),
                  on_finished=self._issued, on_failed=self._failed)

    def _issued(self, result: object) -> None:
        issued, refused = result.issued, result.refused  # type: ignore[attr-defined]
        self.refresh()
        self._say(ngettext("{n} document issued.", "{n} documents issued.", len(issued)).format(n=len(issued)))
        if refused:
            QMessageBox.warning(self, _("Some drafts were not issued"), "\n".join(
                _("Draft {id}: {reason}").format(id=i, reason=r) for i, r in refused[:20]))

    def _failed(self, error: Exception) -> None:
        self.refresh()
        if isinstance(error, JobCancelled):
            self._say(_("Cancelled: the documents of the unfinished batch stay drafts, with no gap in numbering."))
        else:
            QMessageBox.warning(self, _("Not done"), str(error))

    def invoice_new_orders(self) -> None:
        start_job(lambda: draft_from_orders(self.db), self, _("Drafting invoices"),
                  on_finished=self._drafted, on_failed=self._failed)

    def _drafted(self, result: object) -> None:
        made = len(result.invoices) + len(result.credit_notes)  # type: ignore[attr-defined]
        self.tabs.setCurrentIndex(0)
        self.refresh()
        self._say(ngettext("{n} draft made.", "{n} drafts made.", made).format(n=made))
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
            self._say(_("Credit note {number} issued.").format(number=dialog.issued_number))

    def record_payment_selected(self) -> None:
        from desktop_app.ui.dialogs.record_payment import RecordPaymentDialog

        item = self.current()
        if item is None or item.state != "issued" or item.kind != "invoice":
            return
        dialog = RecordPaymentDialog(self.db, item.id, self)
        if dialog.exec():
            self.refresh(item.id)
            self._say(_("Payment recorded."))
