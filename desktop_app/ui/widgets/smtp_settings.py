"""The e-mail (SMTP) settings: server, security, login, sender; the password goes to the system keyring,
and a test e-mail checks it all."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop_app.domain.errors import DomainError, ValidationFailed
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services.company import all_settings
from desktop_app.services.mail_messages import send_test_email
from desktop_app.services.secrets import keyring_available, smtp_password
from desktop_app.services.smtp import save_smtp_settings
from desktop_app.ui.jobs import JobCancelled, start_job
from desktop_app.ui.widgets.forms import Form, combo

FIELDS = {"smtp.host": "host", "smtp.port": "port", "smtp.security": "security", "smtp.user": "user",
          "smtp.from": "sender"}


class SmtpSettingsBox(QGroupBox):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("E-mail (SMTP)"), parent)
        self.db = db
        self.form = Form(QFormLayout(self))
        self.form.line("smtp.host", _("Server"), _("e.g. smtp.example.com"))
        self.form.line("smtp.port", _("Port"), "587")
        self.form.add("smtp.security", _("Security"), combo([
            ("starttls", _("STARTTLS (port 587)")), ("ssl", _("SSL/TLS (port 465)")), ("none", _("None (not safe)"))]))
        self.form.line("smtp.user", _("User name"), _("Often your e-mail address"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.add("password", _("Password"), self.password)
        self.form.line("smtp.from", _("Sender address"), _("Empty: the company's e-mail address"))
        self.test_button = QPushButton(_("Send test e-mail"))
        self.test_button.setToolTip(_("Save these settings and send a short message to the sender address"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addWidget(self.status, 1)
        self.form.layout.addRow("", row)
        self.test_button.clicked.connect(self.send_test)

    def load(self) -> None:
        values = all_settings(self.db)
        for key in FIELDS:
            self.form.set_text(key, str(values[key]))
        self.password.clear()
        host, user = str(values["smtp.host"]), str(values["smtp.user"])
        known = bool(host and user and smtp_password(host, user))
        if known:
            self.password.setPlaceholderText(_("Kept in the system keyring"))
        elif keyring_available():
            self.password.setPlaceholderText(_("Kept in the system keyring, never in the database"))
        else:
            self.password.setPlaceholderText(_("No keyring: kept until Comptoir closes"))
        self.form.show_errors({})

    def save(self) -> bool:
        """Save the settings (and a typed password, to the keyring); False with the problems shown."""
        values = {name: self.form.text(key).strip() for key, name in FIELDS.items()}
        try:
            kept = save_smtp_settings(self.db, **values, password=self.password.text() or None)
        except ValidationFailed as failure:
            self.form.show_errors(failure.problems)
            return False
        self.form.show_errors({})
        if kept is False:
            self.status.setText(_("No system keyring is available: the password is kept until Comptoir closes."))
        self.load()
        return True

    def send_test(self) -> None:
        if not self.save():
            return
        self.test_button.setEnabled(False)
        self.status.setText(_("Sending…"))
        start_job(lambda: send_test_email(self.db), self, _("Test e-mail"), on_finished=self._sent,
                  on_failed=self._failed)

    def _sent(self, address: str) -> None:
        self.test_button.setEnabled(True)
        self.status.setStyleSheet("color: #2e7d32;")
        self.status.setText(_("Test e-mail sent to {address}.").format(address=address))

    def _failed(self, error: Exception) -> None:
        self.test_button.setEnabled(True)
        self.status.setStyleSheet("color: #c0392b;")
        if isinstance(error, JobCancelled):
            self.status.setText(_("Cancelled."))
        elif isinstance(error, DomainError):
            self.status.setText(str(error))
        else:
            self.status.setText(_("The test e-mail failed: {error}").format(error=error))
