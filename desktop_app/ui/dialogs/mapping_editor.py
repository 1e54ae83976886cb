"""The column-mapping editor: built once from a sample file, saved by name, used for every import of
that kind of CSV (`comptoir import orders FILE --mapping NAME`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services.order_import import FileRefused
from desktop_app.services.orders import check_mapping, csv_header, load_mapping, mapping_fields, save_mapping

NOT_MAPPED = ""


def _similar(a: str, b: str) -> bool:
    return a.casefold().replace("_", " ").strip() == b.casefold().replace("_", " ").strip()


class MappingEditor(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        self.db = db
        self.saved_name = ""
        self.header: list[str] = []
        self.setWindowTitle(_("Column mapping for a CSV file"))
        self.resize(680, 720)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Choose a sample export, then say which of its columns holds each piece of an order. "
                         "Fields in bold are needed."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        top = QFormLayout()
        sample_row = QHBoxLayout()
        self.sample = QLineEdit()
        self.sample.setReadOnly(True)
        self.sample.setAccessibleName(_("Sample file"))
        choose = QPushButton(_("Choose…"))
        sample_row.addWidget(self.sample, 1)
        sample_row.addWidget(choose)
        top.addRow(_("Sample file"), sample_row)
        self.name = QLineEdit(name)
        self.name.setAccessibleName(_("Mapping name"))
        self.name.setPlaceholderText(_("e.g. marketplace-export"))
        top.addRow(_("Save as"), self.name)
        layout.addLayout(top)

        targets, settings = mapping_fields()
        columns_box = QGroupBox(_("Columns"))
        columns_form = QFormLayout(columns_box)
        self.columns: dict[str, QComboBox] = {}
        for field in targets:
            combo = QComboBox()
            combo.setAccessibleName(field.label)
            label = QLabel(f"<b>{field.label}</b>" if field.required else field.label)
            columns_form.addRow(label, combo)
            self.columns[field.key] = combo
            combo.currentIndexChanged.connect(self._check)
        settings_box = QGroupBox(_("Settings"))
        settings_form = QFormLayout(settings_box)
        self.settings: dict[str, QComboBox | QLineEdit] = {}
        for field in settings:
            widget: QComboBox | QLineEdit
            if field.choices:
                widget = QComboBox()
                for choice in ("", *field.choices):
                    widget.addItem(choice or _("(as the file shows)"), choice)
                widget.currentIndexChanged.connect(self._check)
            else:
                widget = QLineEdit()
                widget.textChanged.connect(self._check)
            widget.setAccessibleName(field.label)
            settings_form.addRow(field.label, widget)
            self.settings[field.key] = widget
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(columns_box)
        inner.addWidget(settings_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout.addWidget(scroll, 1)
        self.problems = QLabel()
        self.problems.setObjectName("fieldError")
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)
        choose.clicked.connect(self._choose)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._check)
        if name:
            self._load(name)
        self._check()

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Sample export"), "", _("CSV files (*.csv *.txt);;All (*)"))
        if path:
            self.use_sample(Path(path))

    def use_sample(self, path: Path) -> None:
        """Read a sample file's columns and guess which holds what."""
        try:
            self.header = csv_header(path)
        except (FileRefused, OSError) as error:
            self.problems.setText(str(error))
            return
        self.sample.setText(str(path))
        targets, _settings = mapping_fields()
        labels = {field.key: field.label for field in targets}
        for key, combo in self.columns.items():
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("(not in the file)"), NOT_MAPPED)
            for column in self.header:
                combo.addItem(column, column)
            guess = current or next((c for c in self.header if _similar(c, key) or _similar(c, labels[key])), "")
            combo.setCurrentIndex(max(combo.findData(guess), 0))
            combo.blockSignals(False)
        self._check()

    def _load(self, name: str) -> None:
        mapping = load_mapping(self.db, name)
        for key, combo in self.columns.items():
            if mapping.get(key):
                if combo.findData(mapping[key]) < 0:
                    combo.addItem(mapping[key], mapping[key])
                combo.setCurrentIndex(combo.findData(mapping[key]))
        for key, widget in self.settings.items():
            value = mapping.get(key, "")
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value), 0))
            else:
                widget.setText(value)

    def mapping(self) -> dict[str, str]:
        result = {key: combo.currentData() for key, combo in self.columns.items() if combo.currentData()}
        for key, widget in self.settings.items():
            value = widget.currentData() if isinstance(widget, QComboBox) else widget.text().strip()
            if value:
                result[key] = value
        return result

    def _check(self) -> list[str]:
        problems = check_mapping(self.mapping(), self.header or None)
        if not self.name.text().strip():
            problems.insert(0, _("Give the mapping a name."))
        self.problems.setText("\n".join(problems))
        return problems

    def save(self) -> None:
        if self._check():
            return
        save_mapping(self.db, self.name.text().strip(), self.mapping())
        self.saved_name = self.name.text().strip()
        self.accept()
