"""Form building blocks: a labelled field with its error shown right under it, in words."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

Editor = QLineEdit | QComboBox | QPlainTextEdit


class FieldRow(QWidget):
    """An editor with an error label under it; the label stays hidden while the value is fine."""

    def __init__(self, editor: QWidget, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("fieldError")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error)
        if hint:
            editor.setToolTip(hint)
            if isinstance(editor, QLineEdit):
                editor.setPlaceholderText(hint)

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        self.editor.setProperty("invalid", bool(message))
        self.editor.style().unpolish(self.editor)
        self.editor.style().polish(self.editor)


class Form:
    """Named fields laid out in a QFormLayout, with their errors shown next to them."""

    def __init__(self, layout: QFormLayout) -> None:
        self.layout = layout
        self.rows: dict[str, FieldRow] = {}

    def add(self, name: str, label: str, editor: QWidget, hint: str = "") -> QWidget:
        row = FieldRow(editor, hint)
        editor.setAccessibleName(label.replace("&", ""))
        editor.setObjectName(name)
        self.layout.addRow(label, row)
        self.rows[name] = row
        return editor

    def line(self, name: str, label: str, hint: str = "") -> QLineEdit:
        editor = QLineEdit()
        self.add(name, label, editor, hint)
        return editor

    def text(self, name: str) -> str:
        editor = self.rows[name].editor
        if isinstance(editor, QLineEdit):
            return editor.text()
        if isinstance(editor, QComboBox):
            data = editor.currentData()
            return str(data) if data is not None else editor.currentText()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        raise TypeError(type(editor).__name__)

    def set_text(self, name: str, value: str) -> None:
        editor = self.rows[name].editor
        if isinstance(editor, QLineEdit):
            editor.setText(value)
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            if index < 0:
                index = editor.findText(value)
            if index >= 0:
                editor.setCurrentIndex(index)
            elif editor.isEditable():
                editor.setEditText(value)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value)

    def show_errors(self, problems: Mapping[str, str], only: set[str] | None = None) -> None:
        """Show each field's problem next to it; fields without one are cleared."""
        for name, row in self.rows.items():
            if only is None or name in only:
                row.show_error(problems.get(name))


def combo(choices: list[tuple[str, str]], editable: bool = False) -> QComboBox:
    """A combo box of (value, label) pairs."""
    box = QComboBox()
    box.setEditable(editable)
    for value, label in choices:
        box.addItem(label, value)
    return box


# Dates are typed and shown day first in every screen and language (formatting.day prints them in words).
DATE_FORMAT = "dd/MM/yyyy"


def date_edit(accessible_name: str, day: QDate | None = None, calendar: bool = True) -> QDateEdit:
    """A date field as every screen has it: day/month/year, a calendar to pick from, a name for screen readers."""
    edit = QDateEdit(day or QDate.currentDate())
    edit.setCalendarPopup(calendar)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setAccessibleName(accessible_name)
    return edit
