"""The order import wizard: files → detected format and preview → problems, if any → import.

Reading, checking and importing run on a worker thread; the import can be cancelled and then
leaves the database exactly as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app import formatting
from desktop_app.domain.progress import Job
from desktop_app.i18n import _, ngettext
from desktop_app.services import Database
from desktop_app.services.order_import import (
    FileRefused,
    ImportPreview,
    ImportSummary,
    ReadOptions,
    import_orders,
    order_formats,
    preview_import,
)
from desktop_app.services.orders import load_mapping, mapping_names
from desktop_app.ui.dialogs.import_job_page import ImportJobPage
from desktop_app.ui.jobs import JobCancelled, JobHandle, start_job


class FileList(QListWidget):
    """The chosen files; files dropped from the file manager are added."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.setAccessibleName(_("Files to import"))

    def paths(self) -> list[Path]:
        return [Path(self.item(i).text()) for i in range(self.count())]

    def add_paths(self, paths: list[Path]) -> None:
        known = set(self.paths())
        for path in paths:
            if path not in known and path.is_file():
                self.addItem(str(path))
        self.changed.emit()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.add_paths([Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()])
        event.acceptProposedAction()


class FilesPage(QWizardPage):
    def __init__(self, wizard: ImportOrdersWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(_("Choose the export files"))
        self.setSubTitle(_("Pick or drop the order exports of your shop. Several files may be imported at once; "
                           "orders already imported are recognised and never counted twice."))
        layout = QVBoxLayout(self)
        self.files = FileList()
        buttons = QHBoxLayout()
        add = QPushButton(_("Add files…"))
        remove = QPushButton(_("Remove"))
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch()
        layout.addWidget(self.files)
        layout.addLayout(buttons)
        form = QFormLayout()
        self.format = QComboBox()
        self.format.setAccessibleName(_("File format"))
        self.format.addItem(_("Recognise from the file"), "auto")
        for name, label in order_formats().items():
            self.format.addItem(label, name)
        self.mapping = QComboBox()
        self.mapping.setAccessibleName(_("Column mapping"))
        self.taxes = QComboBox()
        self.taxes.setAccessibleName(_("Prices include VAT"))
        for value, label in ((None, _("As the file shows")), (True, _("Yes, prices include VAT")),
                             (False, _("No, prices exclude VAT"))):
            self.taxes.addItem(label, value)
        form.addRow(_("Format"), self.format)
        mapping_row = QHBoxLayout()
        mapping_row.addWidget(self.mapping, 1)
        self.edit_mapping = QPushButton(_("New or edit mapping…"))
        mapping_row.addWidget(self.edit_mapping)
        form.addRow(_("Column mapping (CSV)"), mapping_row)
        form.addRow(_("Prices include VAT"), self.taxes)
        layout.addLayout(form)
        add.clicked.connect(self._choose)
        remove.clicked.connect(self._remove)
        self.files.changed.connect(self.completeChanged)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.mapping.currentIndexChanged.connect(self.completeChanged)
        self.edit_mapping.clicked.connect(self._edit_mapping)
        self._format_changed()

    def _edit_mapping(self) -> None:
        from desktop_app.ui.dialogs.mapping_editor import MappingEditor

        editor = MappingEditor(self.wizard_.db, self, self.mapping.currentData() or "")
        paths = self.files.paths()
        if paths:
            editor.use_sample(paths[0])
        if editor.exec():
            self.format.setCurrentIndex(self.format.findData("csv"))
            self._format_changed()
            self.mapping.setCurrentIndex(self.mapping.findData(editor.saved_name))

    def _choose(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Order export files"), "",
                                                     _("Order exports (*.csv *.txt *.json);;All files (*)"))
        self.files.add_paths([Path(name) for name in names])

    def _remove(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self.completeChanged.emit()

    def _format_changed(self) -> None:
        is_csv = self.format.currentData() == "csv"
        self.mapping.clear()
        if is_csv:
            for name in mapping_names(self.wizard_.db):
                self.mapping.addItem(name, name)
        self.mapping.setEnabled(is_csv)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.files.count() == 0:
            return False
        return self.format.currentData() != "csv" or self.mapping.count() > 0

    def options(self) -> tuple[str, ReadOptions]:
        mapping = None
        if self.format.currentData() == "csv" and self.mapping.currentData():
            mapping = load_mapping(self.wizard_.db, self.mapping.currentData())
        return self.format.currentData(), ReadOptions(taxes_included=self.taxes.currentData(), mapping=mapping)


class CheckPage(QWizardPage):
    """Reads and checks every file (a dry run) and shows what would happen, or what is wrong."""

    def __init__(self, wizard: ImportOrdersWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(_("Check"))
        self.setSubTitle(_("Every line of every file is read and checked before anything is written."))
        layout = QVBoxLayout(self)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.preview = QTableWidget(0, 6)
        self.preview.setHorizontalHeaderLabels([_("Order"), _("Date"), _("Customer"), _("Lines"), _("Total"),
                                                _("Status")])
        self.preview.verticalHeader().hide()
        self.preview.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setAccessibleName(_("Preview of the first orders"))
        self.problems = QListWidget()
        self.problems.setAccessibleName(_("Problems found"))
        self.problems.setWordWrap(True)
        for widget in (self.progress, self.verdict):
            layout.addWidget(widget)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.problems, 1)
        self.result: ImportPreview | None = None
        self.handle: JobHandle | None = None

    def initializePage(self) -> None:
        self.result = None
        self.progress.show()
        self.preview.hide()
        self.problems.hide()
        self.problems.clear()
        self.verdict.setText(_("Reading the files…"))
        paths = self.wizard_.files_page.files.paths()
        file_format, options = self.wizard_.files_page.options()
        self.handle = start_job(lambda: preview_import(self.wizard_.db, paths, file_format, options), self, "",
                                on_finished=self._previewed, on_failed=self._refused, show_dialog=False)
        self.completeChanged.emit()

    def _previewed(self, preview: ImportPreview) -> None:
        self.result = preview
        self.progress.hide()
        s = preview.summary
        labels = order_formats()
        formats = ", ".join(f"{name}: {labels.get(fmt, fmt)}" for name, fmt in s.formats.items())
        self.verdict.setText(
            _("Recognised: {formats}.").format(formats=formats) + "\n" +
            ngettext("{n} order read.", "{n} orders read.", preview.order_count).format(n=preview.order_count) +
            " " + _("{new} new, {updated} updated, {same} already imported, {customers} new customers.").format(
                new=s.orders_imported, updated=s.orders_updated, same=s.orders_skipped,
                customers=s.customers_created))
        self.preview.setRowCount(len(preview.sample))
        for row, order in enumerate(preview.sample):
            cells = [order.reference, formatting.day(order.order_date), order.customer_name,
                     str(len(order.lines)), formatting.money(order.total, order.currency), order.shop_status]
            for column, value in enumerate(cells):
                self.preview.setItem(row, column, QTableWidgetItem(value))
        self.preview.show()
        self.completeChanged.emit()

    def _refused(self, error: Exception) -> None:
        self.progress.hide()
        if isinstance(error, FileRefused):
            self.verdict.setText(ngettext(
                "Nothing can be imported: {n} problem was found. Correct the file (or export it again) and retry.",
                "Nothing can be imported: {n} problems were found. Correct the file (or export it again) and retry.",
                len(error.problems)).format(n=len(error.problems)))
            for problem in error.problems:
                self.problems.addItem(str(problem))
            self.problems.show()
        elif not isinstance(error, JobCancelled):
            self.verdict.setText(_("The files could not be read: {error}").format(error=error))

    def isComplete(self) -> bool:
        return self.result is not None


class ImportPage(ImportJobPage):
    def __init__(self, wizard: ImportOrdersWizard) -> None:
        super().__init__(self._job, self._summary_lines, wizard.imported)
        self.wizard_ = wizard

    def _job(self) -> Job[ImportSummary]:
        paths = self.wizard_.files_page.files.paths()
        file_format, options = self.wizard_.files_page.options()
        return import_orders(self.wizard_.db, paths, file_format, options)

    def _summary_lines(self, summary: ImportSummary) -> list[str]:
        lines = [_("{new} orders imported, {updated} updated, {same} already there; {customers} new customers.")
                 .format(new=summary.orders_imported, updated=summary.orders_updated,
                         same=summary.orders_skipped, customers=summary.customers_created)]
        for currency, total in sorted(summary.totals_by_currency.items()):
            lines.append(_("Total of the files in {currency}: {total}").format(
                currency=currency, total=formatting.money(total, currency)))
        if summary.invoiced_changed:
            lines.append(_("Changed in the shop after being invoiced, left as invoiced: {refs}").format(
                refs=", ".join(summary.invoiced_changed)))
        return lines


class ImportOrdersWizard(QWizard):
    imported = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, files: list[Path] | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Import orders"))
        self.setMinimumSize(760, 560)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.files_page = FilesPage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        for page in (self.files_page, self.check_page, self.import_page):
            self.addPage(page)
        if files:
            self.files_page.files.add_paths(files)
        self.setWindowModality(Qt.WindowModality.WindowModal)
