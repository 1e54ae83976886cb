"""A customer's data rights from the window: a copy of everything held about them, and the erasure of
their personal data, offered only where the law allows it (and why not, in words, otherwise)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DomainError
from desktop_app.domain.progress import Job, Progress
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services.customers import get_customer
from desktop_app.services.privacy import CustomerExport, erase_customer, erasure_check, export_customer
from desktop_app.ui.jobs import start_job


def _exporting(db: Database, customer_id: int, path: Path) -> Job[CustomerExport]:
    yield Progress(0, 0, _("Gathering the customer's data"))
    return export_customer(db, customer_id, path)


class CustomerPrivacyDialog(QDialog):
    """Customers › Personal data…: export everything about one customer, or erase it when allowed."""


    def __init__(self, db: Database, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.customer_id = customer_id
        customer = get_customer(db, customer_id)
        self.setWindowTitle(_("Personal data of {name}").format(name=customer.name))
        self.resize(560, 320)
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status, 1)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(_("Export their data…"))
        self.export_button.clicked.connect(self._choose_target)
        self.erase_button = QPushButton(_("Erase their personal data…"))
        self.erase_button.clicked.connect(self._confirm_erase)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.erase_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.handle: Any = None
        self.refresh()

    def refresh(self) -> None:
        reasons = erasure_check(self.db, self.customer_id)
        self.erase_button.setEnabled(not reasons)
        if reasons:
            self.status.setText(_("Their personal data cannot be erased yet:") + "\n" +
                                "\n".join(f"• {reason}" for reason in reasons))
        else:
            self.status.setText(_("No invoice within the legal retention period and nothing left to pay: their "
                                  "personal data may be erased. Issued invoices keep the buyer as issued."))

    def _choose_target(self) -> None:
        name = _("customer-{id}-data.zip").format(id=self.customer_id)
        path, _filter = QFileDialog.getSaveFileName(self, _("Export the customer's data"), name,
                                                    _("ZIP archives (*.zip)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        self.export_button.setEnabled(False)
        self.handle = start_job(lambda: _exporting(self.db, self.customer_id, path), self,
                                _("Exporting the customer's data"), on_finished=self._exported,
                                on_failed=self._failed)

    def _exported(self, result: CustomerExport) -> None:
        self.export_button.setEnabled(True)
        self.status.setText(_("Everything held about this customer is in {path} ({documents} documents, {emails} "
                              "e-mails).").format(path=result.path, documents=result.documents,
                                                  emails=result.emails))

    def _failed(self, error: Exception) -> None:
        self.export_button.setEnabled(True)
        self.status.setText(str(error))

    def _confirm_erase(self) -> None:
        answer = QMessageBox.question(self, _("Erase personal data"), _(
            "Erase this customer's name, addresses, e-mail and phone, and those of their orders? This cannot be "
            "undone; their issued invoices are kept as issued."))
        if answer == QMessageBox.StandardButton.Yes:
            self.erase()

    def erase(self) -> None:
        try:
            erase_customer(self.db, self.customer_id)
        except DomainError as refused:
            self.status.setText(str(refused))
            self.erase_button.setEnabled(False)
            return
        self.accept()
