"""Every entry of Help › Keyboard shortcuts, pressed in the main window on the demo shop, does what the
list says it does: the keys go to whatever has the focus, as a user's would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox, QProgressDialog

from desktop_app.domain.progress import run_job
from desktop_app.i18n import _
from desktop_app.services.closing import today
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.order_import import ImportSummary, store_orders
from desktop_app.ui.dialogs.shortcut_list import ShortcutList, shortcut_rows
from desktop_app.ui.main_window import PAGES, MainWindow
from desktop_app.ui.shortcuts import SHORTCUTS, Shortcut, go_shortcuts
from tests.support.shop import order, tea

NAMES = [(spec.key, _(spec.title)) for spec in PAGES]
LISTED = [*SHORTCUTS, *go_shortcuts(NAMES)]


@dataclass
class Modals:
    """Every modal window opened while it runs, each closed with Esc's answer once seen."""

    seen: list[tuple[type, str]] = field(default_factory=list)     # (class, window title)
    timer: QTimer = field(default_factory=QTimer)

    def start(self) -> None:
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._close_modal)
        self.timer.start()

    def _close_modal(self) -> None:
        modal = QApplication.activeModalWidget()
        # A job's progress goes away by itself: closing it would cancel the job.
        if modal is not None and modal.isVisible() and not isinstance(modal, QProgressDialog):
            self.seen.append((type(modal), modal.windowTitle()))
            if isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()

    def opened(self, kind: type, title: str = "") -> bool:
        return any(issubclass(seen, kind) and title in seen_title for seen, seen_title in self.seen)


@dataclass
class Keyboard:
    qtbot: Any
    window: MainWindow
    modals: Modals

    def page(self, key: str) -> Any:
        page = self.window.show_page(key)
        listing = getattr(page, "listing", None)
        if listing is not None:
            self.qtbot.waitUntil(lambda: not listing.loading, timeout=15_000)
        return page

    def press(self, keys: str) -> None:
        """The keys, sent where the keyboard focus is (the window when nothing has it)."""
        combination = QKeySequence(keys)[0]
        target = QApplication.focusWidget() or self.window
        self.qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())

    def wait(self, condition: Callable[[], object], timeout: int = 15_000) -> None:
        self.qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)

    def says(self, words: str) -> Callable[[], bool]:
        return lambda: words in self.window.statusBar().currentMessage()

    def idle(self) -> None:
        """Nothing left reading in the background: what changes next, the keys changed."""
        pool = QThreadPool.globalInstance()
        self.wait(lambda: pool.activeThreadCount() == 0)
        self.qtbot.wait(300)
        self.wait(lambda: pool.activeThreadCount() == 0)


@pytest.fixture
def keyboard(qtbot, demo_db):
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    modals = Modals()
    modals.start()
    yield Keyboard(qtbot, window, modals)
    modals.timer.stop()


def _focus_list(page: Any) -> None:
    page.table.setFocus()


def _select(page: Any, wanted: Callable[[Any], bool]) -> Any:
    row = next(r for r in range(page.model.rowCount()) if wanted(page.model.item(r)))
    page.listing.select_row(row)
    _focus_list(page)
    return page.model.item(row)


def _unpaid_invoice(item: Any) -> bool:
    return item.state == "issued" and item.kind == "invoice" and bool(item.balance)


def _new_order(k: Keyboard) -> None:
    """An order of today, imported and not invoiced yet (the demo shop has invoiced all of its own)."""
    summary = ImportSummary()
    run_job(store_orders(k.window.db, [("orders.csv", order("#9001", [tea()], "29.80", "1.55", day=today()))],
                         summary))


def _with_a_draft(k: Keyboard) -> Any:
    """The Invoices screen on its Drafts tab, a draft made from a new order selected."""
    _new_order(k)
    run_job(draft_from_orders(k.window.db, ["#9001"]))
    page = k.page("invoices")
    page.select_tab("draft")
    k.wait(lambda: not page.listing.loading and page.model.rowCount() == 1)
    _select(page, lambda item: item.state == "draft")
    return page


# -- what each shortcut must do ----------------------------------------------------------------------------

def search(k: Keyboard) -> None:
    from desktop_app.ui.dialogs.global_search import GlobalSearch

    k.page("invoices").search.setFocus()          # even from a search field
    k.press("Ctrl+K")
    k.wait(lambda: k.modals.opened(GlobalSearch))


def import_file(k: Keyboard) -> None:
    k.press("Ctrl+O")
    k.wait(lambda: k.modals.opened(QFileDialog, "Import a file"))


def back_up(k: Keyboard) -> None:
    k.press("Ctrl+Shift+B")
    k.wait(lambda: k.modals.opened(QFileDialog, "Back up the shop"))


def show_shortcuts(k: Keyboard) -> None:
    k.press("F1")
    k.wait(lambda: k.modals.opened(ShortcutList))


def quit_(k: Keyboard) -> None:
    k.press("Ctrl+Q")
    k.wait(lambda: not k.window.isVisible())


def dashboard_refresh(k: Keyboard) -> None:
    page = k.page("dashboard")
    k.wait(lambda: page.figures is not None)
    k.idle()
    before = page.figures
    k.press("F5")
    k.wait(lambda: page.figures is not before)


def invoices_new(k: Keyboard) -> None:
    from desktop_app.ui.dialogs.draft_editor import DraftEditor

    _focus_list(k.page("invoices"))
    k.press("Ctrl+N")
    k.wait(lambda: k.modals.opened(DraftEditor))


def invoices_from_orders(k: Keyboard) -> None:
    _new_order(k)
    page = k.page("invoices")
    _focus_list(page)
    k.press("Ctrl+Shift+N")
    k.wait(k.says("1 draft made"))
    k.wait(lambda: page.status() == "draft" and not page.listing.loading and page.model.rowCount() > 0)


def invoices_edit(k: Keyboard) -> None:
    from desktop_app.ui.dialogs.draft_editor import DraftEditor

    _with_a_draft(k)
    k.press("Ctrl+E")
    k.wait(lambda: k.modals.opened(DraftEditor))


def invoices_issue(k: Keyboard) -> None:
    _with_a_draft(k)
    k.press("Ctrl+Return")
    k.wait(lambda: k.modals.opened(QMessageBox, "Issue"))


def invoices_delete(k: Keyboard) -> None:
    _with_a_draft(k)
    k.press("Del")
    k.wait(lambda: k.modals.opened(QMessageBox, "Delete drafts"))


def invoices_credit(k: Keyboard) -> None:
    from desktop_app.ui.dialogs.credit_note import CreditNoteDialog

    page = k.page("invoices")
    page.select_tab("")
    k.wait(lambda: not page.listing.loading)
    _select(page, lambda item: item.state == "issued" and item.kind == "invoice")
    k.press("Ctrl+Shift+C")
    k.wait(lambda: k.modals.opened(CreditNoteDialog))


def invoices_payment(k: Keyboard) -> None:
    from desktop_app.ui.dialogs.record_payment import RecordPaymentDialog

    page = k.page("invoices")
    page.select_tab("unpaid")
    k.wait(lambda: not page.listing.loading)
    _select(page, _unpaid_invoice)
    k.press("Ctrl+Shift+P")
    k.wait(lambda: k.modals.opened(RecordPaymentDialog))


def invoices_email(k: Keyboard) -> None:
    from desktop_app.ui.dialogs.send_invoice import SendInvoiceDialog

    page = k.page("invoices")
    page.select_tab("")
    k.wait(lambda: not page.listing.loading)
    _select(page, lambda item: item.state == "issued")
    k.press("Ctrl+Shift+E")
    k.wait(lambda: k.modals.opened(SendInvoiceDialog))


def invoices_pdf(k: Keyboard) -> None:
    page = k.page("invoices")
    page.select_tab("")
    k.wait(lambda: not page.listing.loading)
    _select(page, lambda item: item.state == "issued")
    k.press("Ctrl+Shift+S")
    k.wait(lambda: k.modals.opened(QFileDialog, "Save PDF"))


def invoices_print(k: Keyboard) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    page = k.page("invoices")
    page.select_tab("")
    k.wait(lambda: not page.listing.loading)
    _select(page, lambda item: item.state == "issued")
    k.press("Ctrl+P")
    k.wait(lambda: k.modals.opened(QPrintDialog), timeout=30_000)


def _finds(key: str) -> Callable[[Keyboard], None]:
    def check(k: Keyboard) -> None:
        page = k.page(key)
        _focus_list(page)
        k.press("Ctrl+F")
        k.wait(lambda: page.search.hasFocus())
    return check


def _refreshes(key: str) -> Callable[[Keyboard], None]:
    """F5 reads the list again: a search typed without telling the list shows once F5 is pressed."""
    def check(k: Keyboard) -> None:
        page = k.page(key)
        k.idle()
        assert page.model.rowCount() > 1
        page.search.blockSignals(True)
        page.search.setText("zzzz nothing like this")
        page.search.blockSignals(False)
        _focus_list(page)
        k.press("F5")
        k.wait(lambda: not page.listing.loading and page.model.rowCount() == 0)
        assert page.listing.currentWidget() is page.listing.message
    return check


def reminders_prepare(k: Keyboard) -> None:
    page = k.page("reminders")
    k.wait(lambda: page.lists is not None and page.lists.due)
    page.due_table.setFocus()
    k.press("Ctrl+Return")
    k.wait(k.says("reminders prepared"), timeout=60_000)
    k.wait(lambda: not page.lists.due)


def reminders_refresh(k: Keyboard) -> None:
    page = k.page("reminders")
    k.wait(lambda: page.lists is not None)
    k.idle()
    before = page.lists
    page.due_table.setFocus()
    k.press("F5")
    k.wait(lambda: page.lists is not before)


def _opens_import(key: str, wizard: str) -> Callable[[Keyboard], None]:
    def check(k: Keyboard) -> None:
        _focus_list(k.page(key))
        k.press("Ctrl+I")
        k.wait(lambda: any(seen.__name__ == wizard for seen, _title in k.modals.seen))
    return check


def payments_record(k: Keyboard) -> None:
    _focus_list(k.page("payments"))
    k.press("Ctrl+Shift+P")
    k.wait(lambda: k.modals.opened(QInputDialog, "Record payment"))


def payments_accept(k: Keyboard) -> None:
    page = k.page("payments")
    page.select_tab("review")
    k.wait(lambda: not page.listing.loading and page.model.rowCount() > 0)
    for row in range(page.model.rowCount()):
        page.listing.select_row(row)
        if page.accept_button.isEnabled():
            break
    assert page.accept_button.isEnabled(), "the demo has a line whose proposal can be accepted"
    line_id = page.current_id()
    _focus_list(page)
    k.press("Ctrl+Return")
    k.wait(k.says("Proposal accepted"))
    from desktop_app.services.payment_review import line_detail

    assert line_detail(page.db, line_id).line.state in ("matched", "settled")


def customers_new(k: Keyboard) -> None:
    page = k.page("customers")
    k.wait(lambda: page.form.customer_id is not None)
    _focus_list(page)
    k.press("Ctrl+N")
    k.wait(lambda: page.form.customer_id is None and page.form.form.rows["name"].editor.text() == "")


def customers_save(k: Keyboard) -> None:
    from desktop_app.services.customers import get_customer

    page = k.page("customers")
    k.wait(lambda: page.form.customer_id is not None)
    customer_id = page.form.customer_id
    page.form.form.rows["name"].editor.setFocus()
    page.form.form.rows["name"].editor.setText("Renamed by keyboard")
    k.press("Ctrl+S")
    k.wait(lambda: get_customer(page.db, customer_id).name == "Renamed by keyboard")


def customers_statement(k: Keyboard) -> None:
    page = k.page("customers")
    k.wait(lambda: page.form.customer_id is not None)
    _focus_list(page)
    k.press("Ctrl+Shift+S")
    k.wait(lambda: k.modals.opened(QFileDialog, "Save statement"))


def reports_refresh(k: Keyboard) -> None:
    page = k.page("reports")
    k.wait(lambda: page.models)
    k.idle()
    before = list(page.models)
    page.kind.setFocus()
    k.press("F5")
    k.wait(lambda: page.models and page.models != before)


def templates_new(k: Keyboard) -> None:
    page = k.page("templates")
    page.name.setText("Shop's own")
    page.list.setFocus()
    k.press("Ctrl+N")
    k.wait(lambda: page.template_id is None and page.name.text() == "New template")


def templates_save(k: Keyboard) -> None:
    from desktop_app.services.rendering import templates

    page = k.page("templates")
    page.name.setFocus()
    page.name.setText("Saved by keyboard")
    k.press("Ctrl+S")
    k.wait(lambda: any(info.name == "Saved by keyboard" for info in templates(page.db)))


def company_save(k: Keyboard) -> None:
    from desktop_app.services.company import show_company

    page = k.page("company")
    editor = page.company_form.form.rows["phone"].editor
    editor.setFocus()
    editor.setText("04 72 00 00 99")
    k.press("Ctrl+S")
    k.wait(lambda: show_company(page.db).phone == "04 72 00 00 99")


def _goes_to(key: str) -> Callable[[Keyboard], None]:
    def check(k: Keyboard) -> None:
        start = "company" if key == "dashboard" else "dashboard"
        k.page(start)
        number = [spec.key for spec in PAGES].index(key) + 1
        k.press(f"Ctrl+{number}")
        k.wait(lambda: k.window.current_page() is not None and k.window.current_page().key == key)
    return check


CHECKS: dict[str, Callable[[Keyboard], None]] = {
    "window.search": search,
    "window.import": import_file,
    "window.backup": back_up,
    "window.shortcuts": show_shortcuts,
    "window.quit": quit_,
    "dashboard.refresh": dashboard_refresh,
    "invoices.new": invoices_new,
    "invoices.from_orders": invoices_from_orders,
    "invoices.edit": invoices_edit,
    "invoices.issue": invoices_issue,
    "invoices.delete": invoices_delete,
    "invoices.credit": invoices_credit,
    "invoices.payment": invoices_payment,
    "invoices.email": invoices_email,
    "invoices.pdf": invoices_pdf,
    "invoices.print": invoices_print,
    "invoices.find": _finds("invoices"),
    "invoices.refresh": _refreshes("invoices"),
    "reminders.prepare": reminders_prepare,
    "reminders.refresh": reminders_refresh,
    "payments.import": _opens_import("payments", "ImportPaymentsWizard"),
    "payments.record": payments_record,
    "payments.accept": payments_accept,
    "payments.find": _finds("payments"),
    "payments.refresh": _refreshes("payments"),
    "orders.import": _opens_import("orders", "ImportOrdersWizard"),
    "orders.find": _finds("orders"),
    "orders.refresh": _refreshes("orders"),
    "customers.new": customers_new,
    "customers.save": customers_save,
    "customers.statement": customers_statement,
    "customers.find": _finds("customers"),
    "reports.refresh": reports_refresh,
    "templates.new": templates_new,
    "templates.save": templates_save,
    "company.save": company_save,
    **{f"window.go.{key}": _goes_to(key) for key, _title in NAMES},
}


def test_the_list_shows_every_shortcut_and_each_has_a_check(qtbot):
    dialog = ShortcutList(NAMES)
    qtbot.addWidget(dialog)
    shown = [(dialog.table.item(row, 1).text(), dialog.table.item(row, 2).text())
             for row in range(dialog.table.rowCount())]
    assert shown == [(keys, what) for _where, keys, what in shortcut_rows(NAMES)]
    assert len(shown) == len(LISTED)
    assert {shortcut.id for shortcut in LISTED} == set(CHECKS)


@pytest.mark.parametrize("shortcut", LISTED, ids=lambda shortcut: shortcut.id)
def test_pressing_the_keys_does_what_the_list_says(keyboard: Keyboard, shortcut: Shortcut):
    CHECKS[shortcut.id](keyboard)
