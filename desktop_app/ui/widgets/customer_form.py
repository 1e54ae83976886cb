"""The customer form: identity, contact, invoicing terms and addresses, checked as you type."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.parties import Address, Customer
from desktop_app.i18n import _
from desktop_app.ui.widgets.forms import Form, combo

_ADDRESS_PARTS = ("line1", "line2", "postcode", "city", "region", "country")


def _address_labels() -> dict[str, str]:
    return {"line1": _("Address"), "line2": _("Address (line 2)"), "postcode": _("Postcode"), "city": _("City"),
            "region": _("Region / state"), "country": _("Country (FR, BE…)")}


class CustomerForm(QWidget):
    """Edits one customer. Emits `saved` with the customer the caller should store."""

    save_requested = Signal(object)   # Customer
    cancelled = Signal()
    loaded = Signal()                 # a customer (or a blank new one) is shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer_id: int | None = None
        self._touched: set[str] = set()
        self._checker: QTimer = QTimer(self, singleShot=True, interval=250)
        self._checker.timeout.connect(self._check)
        self.check = lambda customer: {}   # replaced by the page: services.customers.check_customer
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("formTitle")
        layout.addWidget(self.title)

        identity = QGroupBox(_("Customer"))
        self.form = Form(QFormLayout(identity))
        self.form.add("kind", _("Type"), combo([("b2c", _("Consumer (B2C)")), ("b2b", _("Business (B2B)"))]))
        self.form.line("name", _("Name"), _("Company name, or the person's name"))
        self.form.line("contact_name", _("Contact person"))
        self.form.line("email", _("E-mail"), "name@example.com")
        self.form.line("phone", _("Phone"))
        self.form.line("siren", _("SIREN"), _("9 digits, French businesses"))
        self.form.line("siret", _("SIRET"), _("14 digits (optional)"))
        self.form.line("vat_number", _("VAT number"), _("e.g. FR40303265045, DE136695976"))
        layout.addWidget(identity)

        terms = QGroupBox(_("Invoicing"))
        self.form.layout = QFormLayout(terms)
        self.form.add("language", _("Document language"), combo([("fr", "Français"), ("en", "English"),
                                                                 ("de", "Deutsch"), ("es", "Español")]))
        self.form.add("currency", _("Currency"), combo([(c, c) for c in ("EUR", "USD", "GBP", "CHF")],
                                                       editable=True))
        self.form.add("payment_terms", _("Payment terms"), combo(
            [("0", _("On receipt")), ("15", _("15 days")), ("30", _("30 days")), ("45EOM", _("45 days, end of month")),
             ("60", _("60 days"))], editable=True), _("Days, or e.g. 45EOM for end of month"))
        notes = QPlainTextEdit()
        notes.setFixedHeight(60)
        self.form.add("notes", _("Notes"), notes)
        layout.addWidget(terms)

        billing = QGroupBox(_("Billing address"))
        self.form.layout = QFormLayout(billing)
        for part, label in _address_labels().items():
            self.form.line(f"billing_{part}", label)
        layout.addWidget(billing)

        self.has_shipping = QCheckBox(_("Deliver to a different address"))
        layout.addWidget(self.has_shipping)
        self.shipping_box = QGroupBox(_("Delivery address"))
        self.form.layout = QFormLayout(self.shipping_box)
        for part, label in _address_labels().items():
            self.form.line(f"shipping_{part}", label)
        layout.addWidget(self.shipping_box)
        self.has_shipping.toggled.connect(self.shipping_box.setVisible)
        self.shipping_box.hide()

        buttons = QHBoxLayout()
        buttons.addStretch()
        self.cancel_button = QPushButton(_("Cancel"))
        self.save_button = QPushButton(_("Save customer"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        layout.addStretch()
        self.save_button.clicked.connect(self._save)
        self.cancel_button.clicked.connect(self.cancelled)
        for name, row in self.form.rows.items():
            editor = row.editor
            signal = getattr(editor, "textChanged", None) or getattr(editor, "currentTextChanged", None)
            if signal is not None:
                signal.connect(lambda *_args, name=name: self._edited(name))

    def load(self, customer: Customer | None, country: str = "FR", terms: str = "30") -> None:
        """Show a customer (None: a blank new one)."""
        blank = Customer(name="", payment_terms=terms, billing=Address(country=country))
        c = customer or blank
        self.customer_id = c.id
        self.title.setText(_("New customer") if c.id is None else c.name)
        for name in ("kind", "name", "contact_name", "email", "phone", "siren", "siret", "vat_number", "language",
                     "currency", "payment_terms", "notes"):
            self.form.set_text(name, str(getattr(c, name)))
        for part in _ADDRESS_PARTS:
            self.form.set_text(f"billing_{part}", getattr(c.billing, part))
            self.form.set_text(f"shipping_{part}", getattr(c.shipping or Address(country=""), part))
        self.has_shipping.setChecked(c.shipping is not None)
        self._touched.clear()
        self.form.show_errors({})
        self.loaded.emit()

    def customer(self) -> Customer:
        """The customer as currently typed."""
        text = self.form.text
        billing = Address(**{part: text(f"billing_{part}") for part in _ADDRESS_PARTS})
        shipping = None
        if self.has_shipping.isChecked():
            shipping = Address(**{part: text(f"shipping_{part}") for part in _ADDRESS_PARTS})
        return Customer(
            id=self.customer_id, name=text("name"), kind=text("kind"), contact_name=text("contact_name"),
            email=text("email"), phone=text("phone"), siren=text("siren"), siret=text("siret"),
            vat_number=text("vat_number"), language=text("language"), currency=text("currency").upper(),
            payment_terms=text("payment_terms"), notes=text("notes"), billing=billing, shipping=shipping)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Show every problem (after a save attempt)."""
        self._touched.update(self.form.rows)
        self.form.show_errors(problems)

    def _edited(self, name: str) -> None:
        self._touched.add(name)
        self._checker.start()

    def _check(self) -> None:
        problems = self.check(self.customer())
        self.form.show_errors({k: v for k, v in problems.items() if k in self._touched})

    def _save(self) -> None:
        self.save_requested.emit(self.customer())
