"""Every keyboard shortcut of the main window, in one registry: the keys are bound from it and the
Help › Keyboard shortcuts list is made from it, so the two can never disagree.

A shortcut of a screen is active while that screen is shown; a window shortcut everywhere in the
main window. Each calls a method of its screen (or of the window), looked up when the keys are
pressed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from desktop_app.i18n import N_, _

WINDOW = "window"


@dataclass(frozen=True, slots=True)
class Shortcut:
    id: str
    keys: str            # in QKeySequence's portable text ("Ctrl+Shift+S"): shown in the user's words
    description: str     # marked for translation; shown through _()
    scope: str           # WINDOW, or the key of the screen it belongs to
    method: str          # called on the window or the screen

    @property
    def sequence(self) -> QKeySequence:
        return QKeySequence(self.keys)

    def label(self) -> str:
        return self.sequence.toString(QKeySequence.SequenceFormat.NativeText)


def _entries() -> Iterator[Shortcut]:
    for spec in (
        ("window.search", "Ctrl+K", N_("Search customers, invoices and orders"), WINDOW, "open_search"),
        ("window.import", "Ctrl+O", N_("Import a file (orders or payments, recognised by their content)"), WINDOW,
         "import_file"),
        ("window.backup", "Ctrl+Shift+B", N_("Back up the shop now"), WINDOW, "back_up_now"),
        ("window.shortcuts", "F1", N_("Show the keyboard shortcuts"), WINDOW, "show_shortcuts"),
        ("window.quit", "Ctrl+Q", N_("Quit Comptoir"), WINDOW, "close"),
        ("dashboard.refresh", "F5", N_("Read the figures again"), "dashboard", "shown"),
        ("invoices.new", "Ctrl+N", N_("New invoice draft"), "invoices", "new_invoice"),
        ("invoices.from_orders", "Ctrl+Shift+N", N_("Draft invoices for the new orders"), "invoices",
         "invoice_new_orders"),
        ("invoices.edit", "Ctrl+E", N_("Edit the selected draft"), "invoices", "edit_draft"),
        ("invoices.issue", "Ctrl+Return", N_("Issue the selected drafts"), "invoices", "issue_selected"),
        ("invoices.delete", "Del", N_("Delete the selected drafts"), "invoices", "delete_selected"),
        ("invoices.credit", "Ctrl+Shift+C", N_("Credit note for the selected invoice"), "invoices",
         "credit_selected"),
        ("invoices.payment", "Ctrl+Shift+P", N_("Record a payment for the selected invoice"), "invoices",
         "record_payment_selected"),
        ("invoices.email", "Ctrl+Shift+E", N_("Send the selected invoices by e-mail"), "invoices", "send_by_email"),
        ("invoices.pdf", "Ctrl+Shift+S", N_("Save the PDF of the selected invoices"), "invoices", "save_pdf"),
        ("invoices.print", "Ctrl+P", N_("Print the selected invoice"), "invoices", "print_current"),
        ("invoices.find", "Ctrl+F", N_("Search the invoices"), "invoices", "focus_search"),
        ("invoices.refresh", "F5", N_("Read the list again"), "invoices", "refresh"),
        ("reminders.prepare", "Ctrl+Return", N_("Prepare every reminder due today"), "reminders", "prepare_all"),
        ("reminders.refresh", "F5", N_("Read the lists again"), "reminders", "shown"),
        ("payments.import", "Ctrl+I", N_("Import bank statements or provider exports"), "payments", "open_import"),
        ("payments.record", "Ctrl+Shift+P", N_("Record a payment received by hand"), "payments", "record_payment"),
        ("payments.accept", "Ctrl+Return", N_("Accept the proposal for the selected line"), "payments",
         "accept_current"),
        ("payments.find", "Ctrl+F", N_("Search the lines"), "payments", "focus_search"),
        ("payments.refresh", "F5", N_("Read the list again"), "payments", "refresh"),
        ("orders.import", "Ctrl+I", N_("Import order exports"), "orders", "open_import"),
        ("orders.find", "Ctrl+F", N_("Search the orders"), "orders", "focus_search"),
        ("orders.refresh", "F5", N_("Read the list again"), "orders", "refresh"),
        ("customers.new", "Ctrl+N", N_("New customer"), "customers", "new_customer"),
        ("customers.save", "Ctrl+S", N_("Save the customer"), "customers", "save_form"),
        ("customers.statement", "Ctrl+Shift+S", N_("Save the customer's statement of account"), "customers",
         "save_statement"),
        ("customers.find", "Ctrl+F", N_("Search the customers"), "customers", "focus_search"),
        ("reports.refresh", "F5", N_("Compute the report again"), "reports", "refresh"),
        ("templates.new", "Ctrl+N", N_("New template"), "templates", "new_template"),
        ("templates.save", "Ctrl+S", N_("Save the template"), "templates", "save"),
        ("company.save", "Ctrl+S", N_("Save the company profile and settings"), "company", "save"),
    ):
        yield Shortcut(*spec)


def go_shortcuts(pages: list[tuple[str, str]]) -> list[Shortcut]:
    """Ctrl+1, Ctrl+2... for the screens, in navigation order ((key, title) pairs, titles translated)."""
    return [Shortcut(f"window.go.{key}", f"Ctrl+{number}", title, WINDOW, "go")
            for number, (key, title) in enumerate(pages[:9], start=1)]


SHORTCUTS: tuple[Shortcut, ...] = tuple(_entries())


def of_scope(scope: str) -> list[Shortcut]:
    return [shortcut for shortcut in SHORTCUTS if shortcut.scope == scope]


def find(shortcut_id: str) -> Shortcut:
    return next(shortcut for shortcut in SHORTCUTS if shortcut.id == shortcut_id)


def menu_text(text: str, shortcut_id: str) -> str:
    """A menu entry showing the keys of a screen's shortcut. The keys are bound once, by `bind_page`:
    given to the entry too, they would be ambiguous and Qt would do nothing when they are pressed."""
    return f"{text}\t{find(shortcut_id).label()}"


def bind_page(page: QWidget, scope: str) -> list[QShortcut]:
    """The shortcuts of a screen, active while it is shown; each calls the screen's method."""
    bound = []
    for shortcut in of_scope(scope):
        key = QShortcut(shortcut.sequence, page)
        key.setObjectName(shortcut.id)
        key.setContext(Qt.ShortcutContext.WindowShortcut)
        key.activated.connect(lambda method=shortcut.method: getattr(page, method)())
        bound.append(key)
    return bound


def action(owner: QWidget, shortcut: Shortcut, text: str | None = None, *arguments: object) -> QAction:
    """A menu action carrying a window shortcut; it calls the owner's method (with `arguments`)."""
    item = QAction(text or _(shortcut.description), owner)
    item.setObjectName(shortcut.id)
    item.setShortcut(shortcut.sequence)
    item.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    item.setToolTip(f"{item.text().replace('&', '')} ({shortcut.label()})")
    item.triggered.connect(lambda _checked=False, method=shortcut.method: getattr(owner, method)(*arguments))
    return item
