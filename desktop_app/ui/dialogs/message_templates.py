"""Editing the wording of e-mails and reminder letters, per template and language, with their placeholders."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationFailed
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services.mail_messages import (
    PLACEHOLDERS,
    TEMPLATE_KEYS,
    TEMPLATE_NAMES,
    MessageTemplate,
    message_template,
    reset_message_template,
    save_message_template,
)

LANGUAGES = [("fr", "Français"), ("en", "English"), ("de", "Deutsch"), ("es", "Español")]


class MessageTemplatesDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Wording of e-mails and letters"))
        self.resize(900, 640)
        self.template = QComboBox()
        self.template.setAccessibleName(_("Template"))
        for key in TEMPLATE_KEYS:
            self.template.addItem(_(TEMPLATE_NAMES[key]), key)
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        pickers = QHBoxLayout()
        pickers.addWidget(QLabel(_("Template")))
        pickers.addWidget(self.template, 1)
        pickers.addWidget(QLabel(_("Language")))
        pickers.addWidget(self.language)

        self.subject = QLineEdit()
        self.subject.setAccessibleName(_("Subject"))
        self.body = QPlainTextEdit()
        self.body.setAccessibleName(_("E-mail"))
        self.letter = QPlainTextEdit()
        self.letter.setAccessibleName(_("Letter text"))
        self.letter_label = QLabel(_("Letter text"))
        self.errors = QLabel()
        self.errors.setObjectName("fieldError")
        self.errors.setWordWrap(True)
        editors = QVBoxLayout()
        for label, editor, stretch in ((QLabel(_("Subject")), self.subject, 0), (QLabel(_("E-mail")), self.body, 3),
                                       (self.letter_label, self.letter, 1)):
            editors.addWidget(label)
            editors.addWidget(editor, stretch)
        editors.addWidget(self.errors)
        names = "\n".join(f"{{{name}}}  {_(meaning)}" for name, meaning in PLACEHOLDERS.items())
        help_text = QLabel(_("Placeholders, replaced in each message:") + "\n\n" + names)
        help_text.setWordWrap(True)
        help_text.setMinimumWidth(260)
        columns = QHBoxLayout()
        columns.addLayout(editors, 3)
        columns.addWidget(help_text, 1, Qt.AlignmentFlag.AlignTop)

        self.reset_button = QPushButton(_("Back to Comptoir's wording"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.reset_button.clicked.connect(self.reset)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.template.currentIndexChanged.connect(self.load)
        self.language.currentIndexChanged.connect(self.load)
        self.load()

    def key(self) -> str:
        return str(self.template.currentData())

    def code(self) -> str:
        return str(self.language.currentData())

    def load(self) -> None:
        self.show_template(message_template(self.db, self.key(), self.code()))

    def show_template(self, template: MessageTemplate) -> None:
        self.subject.setText(template.subject)
        self.body.setPlainText(template.body)
        self.letter.setPlainText(template.letter)
        has_letter = self.key() not in ("invoice", "credit_note")
        self.letter.setVisible(has_letter)
        self.letter_label.setVisible(has_letter)
        self.errors.clear()
        self.status.clear()

    def save(self) -> bool:
        edited = MessageTemplate(self.subject.text(), self.body.toPlainText(), self.letter.toPlainText())
        try:
            save_message_template(self.db, self.key(), self.code(), edited)
        except ValidationFailed as failure:
            names = {"subject": _("Subject"), "body": _("E-mail"), "letter": _("Letter text")}
            self.errors.setText("\n".join(f"{names.get(field, field)}: {message}"
                                          for field, message in failure.problems.items()))
            return False
        self.errors.clear()
        self.status.setText(_("Saved: the next messages use this wording."))
        return True

    def reset(self) -> None:
        self.show_template(reset_message_template(self.db, self.key(), self.code()))
        self.status.setText(_("Comptoir's wording is back."))
