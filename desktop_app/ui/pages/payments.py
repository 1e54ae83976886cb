"""The Payments screen: the lines imported from bank statements and provider exports with their
match, confidence and reason; the review queue of doubtful and unmatched ones, and what to do with
each (accept, pick other invoices or split, keep as credit, ignore); the import wizard; and a
payment recorded by hand on an invoice."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabBar,
    QWidget,
)

from desktop_app import formatting
from desktop_app.domain.errors import DomainError
from desktop_app.i18n import N_, _, ngettext
from desktop_app.services import Database
from desktop_app.services import payment_review as review
from desktop_app.services.invoices import find
from desktop_app.services.listing import line_listing
from desktop_app.services.payment_review import LineDetail, LineFilter
from desktop_app.services.payments import reverse_payment
from desktop_app.ui.models.statement_lines import StatementLineTableModel
from desktop_app.ui.pages.base import Page
from desktop_app.ui.shortcuts import bind_page
from desktop_app.ui.shortcuts import find as shortcut
from desktop_app.ui.widgets.background import load_in_background
from desktop_app.ui.widgets.listing_table import ListingTable
from desktop_app.ui.widgets.statement_line_detail import StatementLineDetailView
from desktop_app.ui.widgets.table_state import remember_tab

TABS = [("review", N_("To review")), ("matched", N_("Matched lines")), ("not_payment", N_("Not payments")),
        ("ignored", N_("Ignored lines")), ("", N_("All lines"))]
_TAB_STATES = {"review": ("doubtful", "unmatched"), "matched": ("matched", "settled"),
               "not_payment": ("not_payment",), "ignored": ("ignored",)}


class PaymentsPage(Page):
    key = "payments"
    imported = Signal(list)          # the files of an import that went through

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Payments"), parent)
        self.db = db
        self.detail_shown: LineDetail | None = None
        self.counts: dict[str, int] | None = None
        self.import_button = QPushButton(_("Import statements…"))
        self.import_button.setToolTip(_("Import bank statements and Stripe or PayPal exports ({keys}); you can also "
                                        "drop them on the window").format(keys=shortcut("payments.import").label()))
        self.record_button = QPushButton(_("Record payment…"))
        self.record_button.setToolTip(_("A cheque, a transfer or cash received for an invoice ({keys})").format(
            keys=shortcut("payments.record").label()))
        self.actions_bar.addWidget(self.import_button)
        self.actions_bar.addWidget(self.record_button)

        self._make_filters()

        self.model = StatementLineTableModel(self)
        self.listing = ListingTable(self.model, self.key, _("Imported lines"),
                                    {0: 88, 1: 130, 2: 225, 3: 85, 4: 110, 5: 80, 6: 100})
        self.table = self.listing.table
        # The review pane sits under the list, so the list keeps its width for the reasons.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.listing)
        splitter.addWidget(self._make_pane())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([460, 200])
        self.body.addWidget(splitter, 1)
        self.count = QLabel()
        self.body.addWidget(self.count)

        self._timer = QTimer(self, singleShot=True, interval=30)
        self._timer.timeout.connect(lambda: self.refresh(recount=False))
        self.search.textChanged.connect(self._timer.start)
        remember_tab(self.tabs, self.key)
        self.tabs.currentChanged.connect(lambda _index: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_current())
        self.model.sort_requested.connect(lambda _sort: self.refresh())
        self.listing.loaded.connect(self._loaded)
        self.import_button.clicked.connect(lambda: self.open_import())
        self.record_button.clicked.connect(self.record_payment)
        bind_page(self, self.key)
        self.refresh()

    def _make_filters(self) -> None:
        self.tabs = QTabBar()
        self.tabs.setAccessibleName(_("Line state"))
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        for _key, label in TABS:
            self.tabs.addTab(_(label))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search payer, label, reference, invoice…"))
        self.search.setToolTip(_("Every word you type must start a word of the payer, the label, a reference or "
                                 "an invoice number ({keys})").format(keys=shortcut("payments.find").label()))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search payments"))
        self.body.addWidget(self.tabs)
        self.body.addWidget(self.search)

    def _make_pane(self) -> QWidget:
        self.detail = StatementLineDetailView()
        scroll = QScrollArea()
        scroll.setWidget(self.detail)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box = QGroupBox(_("Decide"))
        grid = QGridLayout(box)
        self.accept_button = QPushButton(_("Accept the proposal"))
        self.accept_button.setToolTip(_("Record the payment as matching proposes it ({keys})").format(
            keys=shortcut("payments.accept").label()))
        self.assign_button = QPushButton(_("Pick invoices…"))
        self.assign_button.setToolTip(_("Pay other invoices, or split the money between several"))
        self.credit_button = QPushButton(_("Keep as credit…"))
        self.ignore_button = QPushButton(_("Ignore"))
        self.ignore_button.setToolTip(_("Not a customer's payment: leave it out"))
        self.reopen_button = QPushButton(_("Back to review"))
        self.reverse_button = QPushButton(_("Reverse payment…"))
        self.reverse_button.setToolTip(_("Undo the payment with a reversal entry; the line goes back to review"))
        buttons = (self.accept_button, self.assign_button, self.credit_button, self.ignore_button,
                   self.reopen_button, self.reverse_button)
        for index, button in enumerate(buttons):
            grid.addWidget(button, index // 2, index % 2)
        grid.setRowStretch(3, 1)
        self.accept_button.clicked.connect(self.accept_current)
        self.assign_button.clicked.connect(self.assign_current)
        self.credit_button.clicked.connect(self.credit_current)
        self.ignore_button.clicked.connect(self.ignore_current)
        self.reopen_button.clicked.connect(self.reopen_current)
        self.reverse_button.clicked.connect(self.reverse_current)
        pane = QWidget()
        layout = QHBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(box)
        box.setMinimumWidth(320)
        return pane

    # -- listing -------------------------------------------------------------------------------------------

    def state(self) -> str:
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

    def refresh(self, keep: int | None = None, recount: bool = True) -> None:
        """Read the list again; and the lines in each state, unless only the search changed (`recount` False)."""
        self._timer.stop()
        flt = LineFilter(state=self.state(), search=self.search.text())
        keep = keep if keep is not None else self.current_id()
        sort = self.model.sort_key
        self.listing.load(lambda: line_listing(self.db, flt, sort), keep, self._empty_message(self.counts))
        if recount or self.counts is None:
            load_in_background(self, lambda: review.state_counts(self.db), self._show_counts)

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.counts = counts
        for index, (key, label) in enumerate(TABS):
            number = sum(counts.get(state, 0) for state in (_TAB_STATES.get(key) or tuple(counts)))
            self.tabs.setTabText(index, f"{_(label)} ({number})")
        if not self.model.rowCount():
            self.listing.set_empty(True, self._empty_message(counts))

    def _loaded(self, count: int) -> None:
        self.count.setText(ngettext("{n} line", "{n} lines", count).format(n=formatting.count(count)))
        self._show_current()

    def _empty_message(self, counts: dict[str, int] | None) -> str:
        if counts is not None and not counts:
            return _("No statements imported yet. Click “Import statements…” and choose the files your bank, "
                     "Stripe or PayPal let you download.")
        if self.search.text():
            return _("No line matches this search.")
        if self.state() == "review":
            return _("Nothing to review: every imported line is matched or set aside.")
        return _("No lines here.")

    def current_id(self) -> int | None:
        return self.model.id_at(self.table.currentIndex().row())

    def _show_current(self) -> None:
        line_id = self.current_id()
        self.detail_shown = review.line_detail(self.db, line_id) if line_id is not None else None
        self.detail.show_line(self.detail_shown)
        self._update_actions()

    def _update_actions(self) -> None:
        detail = self.detail_shown
        line = detail.line if detail else None
        waiting = line is not None and line.state in ("doubtful", "unmatched")
        pays = waiting and line is not None and line.is_payment
        proposal = line.proposal if line is not None else {}
        proposes = bool(proposal.get("allocations") or proposal.get("settlements") or
                        Decimal(proposal.get("credit", "0")) > 0)
        self.accept_button.setEnabled(pays and proposes)
        self.assign_button.setEnabled(pays)
        self.credit_button.setEnabled(pays)
        self.ignore_button.setEnabled(waiting)
        self.reopen_button.setEnabled(line is not None and line.state == "ignored")
        self.reverse_button.setEnabled(detail is not None and detail.payment is not None
                                       and detail.reversed_by is None)

    # -- actions -------------------------------------------------------------------------------------------

    def _act(self, action: object, done: str) -> None:
        """Run one review decision; say it, or say why it was refused."""
        line_id = self.current_id()
        if line_id is None:
            return
        try:
            action(line_id)  # type: ignore[operator]
        except DomainError as error:
            QMessageBox.warning(self, _("Not done"), str(error))
            return
        self.refresh(keep=line_id)
        self.say(done)

    def accept_current(self) -> None:
        self._act(lambda line_id: review.accept(self.db, line_id), _("Proposal accepted: the payment is recorded."))

    def ignore_current(self) -> None:
        self._act(lambda line_id: review.ignore(self.db, line_id), _("Line ignored."))

    def reopen_current(self) -> None:
        self._act(lambda line_id: review.reopen(self.db, line_id), _("Line back in the review queue."))

    def assign_current(self) -> None:
        from desktop_app.ui.dialogs.assign_payment import AssignPaymentDialog

        if self.detail_shown is None:
            return
        dialog = AssignPaymentDialog(self.db, self.detail_shown.line, self)
        if dialog.exec():
            self.refresh(keep=self.detail_shown.line.id)
            self.say(_("Payment assigned."))

    def credit_current(self) -> None:
        from desktop_app.ui.dialogs.assign_payment import CustomerPickerDialog

        if self.detail_shown is None:
            return
        line = self.detail_shown.line
        customer_id = line.customer_id
        if customer_id is None:
            picker = CustomerPickerDialog(self.db, "", self)
            if not picker.exec() or picker.customer_id is None:
                return
            customer_id = picker.customer_id
        self._act(lambda line_id: review.keep_as_credit(self.db, line_id, customer_id),
                  _("Kept as the customer's credit."))

    def reverse_current(self) -> None:
        detail = self.detail_shown
        if detail is None or detail.payment is None:
            return
        reason, ok = QInputDialog.getText(self, _("Reverse payment"), _(
            "The payment stays in the books and a reversal entry undoes it; the line goes back to review.\n"
            "Reason:"))
        if not ok:
            return
        payment_id = detail.payment.id
        self._act(lambda _line_id: reverse_payment(self.db, payment_id, reason=reason.strip()),
                  _("Payment reversed."))

    def record_payment(self) -> None:
        from desktop_app.ui.dialogs.record_payment import RecordPaymentDialog

        number, ok = QInputDialog.getText(self, _("Record payment"), _("Invoice number:"))
        if not ok or not number.strip():
            return
        try:
            dialog = RecordPaymentDialog(self.db, find(self.db, number.strip()), self)
        except DomainError as error:
            QMessageBox.warning(self, _("Not done"), str(error))
            return
        if dialog.exec():
            self.say(_("Payment recorded."))

    def open_import(self, files: list[Path] | None = None) -> None:
        from desktop_app.ui.dialogs.import_payments import ImportPaymentsWizard

        wizard = ImportPaymentsWizard(self.db, self, files or [])
        wizard.imported.connect(lambda *_args: self.refresh())
        wizard.imported.connect(lambda *_args: self.imported.emit(wizard.files_page.files.paths()))
        wizard.open()
        self._wizard = wizard
