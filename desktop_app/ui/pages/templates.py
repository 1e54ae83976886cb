"""The Templates screen: the look of invoices and letters, with a live preview of a sample invoice."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QWidget,
)

from desktop_app.domain.errors import ValidationFailed
from desktop_app.i18n import N_, _
from desktop_app.services import Database
from desktop_app.services.rendering import (
    DEFAULT_TEMPLATE,
    Column,
    DocumentTemplate,
    PaperSize,
    font_choices,
    load_template,
    sample_pdf,
    save_template,
    templates,
)
from desktop_app.ui.pages.base import Page
from desktop_app.ui.shortcuts import bind_page

COLUMN_LABELS = {Column.SKU: N_("SKU"), Column.UNIT: N_("Unit"), Column.DISCOUNT: N_("Discount"),
                 Column.VAT_RATE: N_("VAT rate")}


class ColourButton(QPushButton):
    def __init__(self, label: str) -> None:
        super().__init__()
        self.setAccessibleName(label)
        self.colour = "#000000"
        self.clicked.connect(self._choose)

    def set_colour(self, colour: str) -> None:
        self.colour = colour
        self.setText(colour)
        self.setStyleSheet(f"background: {colour}; color: {'#fff' if QColor(colour).lightness() < 140 else '#000'};")

    def _choose(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour), self, self.accessibleName())
        if chosen.isValid():
            self.set_colour(chosen.name())
            self.clicked_colour()

    def clicked_colour(self) -> None:
        """Replaced by the page to re-render the preview."""


class TemplatesPage(Page):
    key = "templates"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Templates"), parent)
        self.db = db
        self.template_id: int | None = None
        self.logo = b""
        self.new_button = QPushButton(_("New template"))
        self.save_button = QPushButton(_("Save"))
        self.default_check = QCheckBox(_("Default for every customer"))
        for widget in (self.new_button, self.default_check, self.save_button):
            self.actions_bar.addWidget(widget)

        self.list = QListWidget()
        self.list.setAccessibleName(_("Templates"))
        self.list.setMaximumWidth(200)
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        self.name = QLineEdit()
        self.name.setAccessibleName(_("Template name"))
        logo_row = QHBoxLayout()
        self.logo_label = QLabel(_("No logo"))
        choose_logo = QPushButton(_("Logo…"))
        clear_logo = QPushButton(_("No logo"))
        logo_row.addWidget(self.logo_label, 1)
        logo_row.addWidget(choose_logo)
        logo_row.addWidget(clear_logo)
        self.primary = ColourButton(_("Main colour"))
        self.secondary = ColourButton(_("Second colour"))
        self.font = QComboBox()
        self.font.setAccessibleName(_("Font"))
        for family in font_choices():
            self.font.addItem(family, family)
        self.columns = {column: QCheckBox(_(label)) for column, label in COLUMN_LABELS.items()}
        columns_row = QHBoxLayout()
        for box in self.columns.values():
            columns_row.addWidget(box)
        self.header_text = QLineEdit()
        self.header_text.setAccessibleName(_("Header text"))
        self.footer_text = QLineEdit()
        self.footer_text.setAccessibleName(_("Footer text"))
        self.message = QPlainTextEdit()
        self.message.setFixedHeight(70)
        self.message.setAccessibleName(_("Message"))
        self.paper = QComboBox()
        self.paper.setAccessibleName(_("Paper"))
        for size in PaperSize:
            self.paper.addItem(size.value, size.value)
        self.qr = QCheckBox(_("SEPA QR code for payment by transfer"))
        reset = QPushButton(_("Reset to the default look"))
        form.addRow(_("Name"), self.name)
        form.addRow(_("Logo"), logo_row)
        form.addRow(_("Main colour"), self.primary)
        form.addRow(_("Second colour"), self.secondary)
        form.addRow(_("Font"), self.font)
        form.addRow(_("Columns"), columns_row)
        form.addRow(_("Header"), self.header_text)
        form.addRow(_("Footer"), self.footer_text)
        form.addRow(_("Message"), self.message)
        form.addRow(_("Paper"), self.paper)
        form.addRow("", self.qr)
        form.addRow("", reset)
        self.problems = QLabel()
        self.problems.setObjectName("fieldError")
        self.problems.setWordWrap(True)
        form.addRow("", self.problems)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        scroll.setMinimumWidth(380)

        self.pdf = QPdfDocument(self)
        self.preview = QPdfView()
        self.preview.setDocument(self.pdf)
        self.preview.setPageMode(QPdfView.PageMode.SinglePage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.preview.setAccessibleName(_("Preview"))
        self.renders = 0
        self._buffer: QBuffer | None = None
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(scroll)
        splitter.addWidget(self.preview)
        splitter.setSizes([170, 420, 500])
        self.body.addWidget(splitter, 1)

        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.render_preview)
        for widget in (self.name, self.header_text, self.footer_text):
            widget.textChanged.connect(self._timer.start)
        self.message.textChanged.connect(self._timer.start)
        for combo in (self.font, self.paper):
            combo.currentIndexChanged.connect(self._timer.start)
        for box in (*self.columns.values(), self.qr):
            box.toggled.connect(self._timer.start)
        self.primary.clicked_colour = self._timer.start  # type: ignore[method-assign]
        self.secondary.clicked_colour = self._timer.start  # type: ignore[method-assign]
        choose_logo.clicked.connect(self._choose_logo)
        clear_logo.clicked.connect(lambda: self._set_logo(b""))
        reset.clicked.connect(lambda: self.show_template(replace(DEFAULT_TEMPLATE, name=self.name.text() or
                                                                 DEFAULT_TEMPLATE.name)))
        self.new_button.clicked.connect(self.new_template)
        self.save_button.clicked.connect(self.save)
        self.list.currentItemChanged.connect(self._picked)
        bind_page(self, self.key)
        self.shown()

    def shown(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for info in templates(self.db):
            item = QListWidgetItem(info.name + (" ★" if info.is_default else ""))
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.list.addItem(item)
        if not self.list.count():
            # Nothing saved yet: the documents use the built-in look, listed so the pane is never blank.
            builtin = QListWidgetItem(DEFAULT_TEMPLATE.name + " ★")
            builtin.setToolTip(_("The built-in look, used until you save a template"))
            self.list.addItem(builtin)
        self.list.blockSignals(False)
        self.list.setCurrentRow(0)

    def _picked(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is None:
            return
        stored = item.data(Qt.ItemDataRole.UserRole)
        self.template_id = None if stored is None else int(stored)
        self.default_check.setChecked(item.text().endswith("★"))
        self.show_template(DEFAULT_TEMPLATE if self.template_id is None else load_template(self.db, self.template_id))

    def new_template(self) -> None:
        self.list.clearSelection()
        self.template_id = None
        self.default_check.setChecked(False)
        self.show_template(replace(DEFAULT_TEMPLATE, name=_("New template")))

    def show_template(self, template: DocumentTemplate) -> None:
        self.name.setText(template.name)
        self._set_logo(template.logo, render=False)
        self.primary.set_colour(template.primary_colour)
        self.secondary.set_colour(template.secondary_colour)
        self.font.setCurrentIndex(max(self.font.findData(template.font), 0))
        for column, box in self.columns.items():
            box.setChecked(template.shows(column))
        self.header_text.setText(template.header_text)
        self.footer_text.setText(template.footer_text)
        self.message.setPlainText(template.message)
        self.paper.setCurrentIndex(max(self.paper.findData(template.paper.value), 0))
        self.qr.setChecked(template.show_qr)
        self.render_preview()

    def template(self) -> DocumentTemplate:
        return DocumentTemplate(
            name=self.name.text().strip(), logo=self.logo, primary_colour=self.primary.colour,
            secondary_colour=self.secondary.colour, font=self.font.currentData(),
            columns=tuple(column for column, box in self.columns.items() if box.isChecked()),
            header_text=self.header_text.text(), footer_text=self.footer_text.text(),
            message=self.message.toPlainText(), paper=PaperSize(self.paper.currentData()), show_qr=self.qr.isChecked())

    def _choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Logo"), "", _("Images (*.png *.jpg *.jpeg)"))
        if path:
            self._set_logo(Path(path).read_bytes())

    def _set_logo(self, data: bytes, render: bool = True) -> None:
        self.logo = data
        self.logo_label.setText(_("{size} KB image").format(size=len(data) // 1024 or 1) if data else _("No logo"))
        if render:
            self._timer.start()

    def render_preview(self) -> None:
        """Re-render the sample invoice with the template as it stands (about 20 ms)."""
        try:
            data = sample_pdf(self.db, self.template())
        except Exception as error:  # a template being typed may be wrong: say so, keep the last preview
            self.problems.setText(str(error))
            return
        self.problems.clear()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)
        self.renders += 1

    def save(self) -> None:
        try:
            self.template_id = save_template(self.db, self.template(), self.template_id, self.default_check.isChecked())
        except ValidationFailed as failure:
            self.problems.setText("\n".join(failure.problems.values()))
            return
        saved = self.template_id
        self.shown()
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == saved:
                self.list.setCurrentRow(row)
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(_("Template saved."), 4000)
