"""The payments import wizard: statement and export files → check and preview of the matches →
import with progress.

Reading, matching and importing run on a worker thread; the import can be cancelled and then
leaves the database exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
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
from desktop_app.services.payment_import import (
    FileRefused,
    PaymentImportSummary,
    import_payments,
    payment_formats,
    preview_payments,
)
from desktop_app.ui.dialogs.import_job_page import ImportJobPage
from desktop_app.ui.dialogs.import_orders import FileList
from desktop_app.ui.jobs import JobCancelled, JobHandle, start_job
from desktop_app.ui.models.statement_lines import state_label


def counts_text(s: PaymentImportSummary) -> str:
    """What an import does (or would do), in one sentence per kind of outcome."""
    parts = [ngettext("{n} line read", "{n} lines read", s.lines).format(n=s.lines)]
    if s.already_imported:
        parts.append(_("{n} already imported").format(n=s.already_imported))
    parts.append(ngettext("{n} payment recorded", "{n} payments recorded", s.payments).format(n=s.payments))
    parts.append(_("{matched} matched ({partial} in part, {settled} settling a checkout payment, {overpaid} "
                   "overpaid)").format(matched=s.matched + s.partially_matched, partial=s.partially_matched,
                                       settled=s.settled, overpaid=s.overpaid))
    parts.append(ngettext("{n} to review", "{n} to review", s.to_review).format(n=s.to_review))
    parts.append(ngettext("{n} not a customer's payment", "{n} not customers' payments", s.not_payments)
                 .format(n=s.not_payments))
    return "\n".join(parts)


class FilesPage(QWizardPage):
    def __init__(self, wizard: ImportPaymentsWizard) -> None:
        super().__init__()
        self.setTitle(_("Choose the statement files"))
        self.setSubTitle(_("Pick or drop the statements your bank lets you download (camt.053, OFX, CFONB 120) "
                           "and the exports of Stripe or PayPal. A line already imported is recognised and never "
                           "counted twice."))
        layout = QVBoxLayout(self)
        self.files = FileList()
        self.files.setAccessibleName(_("Files to import"))
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
        for name, label in payment_formats().items():
            self.format.addItem(label, name)
        form.addRow(_("Format"), self.format)
        layout.addLayout(form)
        add.clicked.connect(self._choose)
        remove.clicked.connect(self._remove)
        self.files.changed.connect(self.completeChanged)

    def _choose(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Statement files"), "", _("Statements and exports (*.xml *.ofx *.qfx *.txt *.csv *.cfo);;"
                                              "All files (*)"))
        self.files.add_paths([Path(name) for name in names])

    def _remove(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.files.count() > 0

    def chosen(self) -> tuple[list[Path], str]:
        return self.files.paths(), self.format.currentData()


class CheckPage(QWizardPage):
    """Reads, checks and matches every file (a dry run) and shows what would happen, or what is wrong."""

    def __init__(self, wizard: ImportPaymentsWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(_("Check"))
        self.setSubTitle(_("Every line of every file is read, checked and matched before anything is written."))
        layout = QVBoxLayout(self)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.preview = QTableWidget(0, 5)
        self.preview.setHorizontalHeaderLabels([_("Date"), _("Amount"), _("Payer and label"), _("Becomes"),
                                                _("Invoices")])
        self.preview.verticalHeader().hide()
        self.preview.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setAccessibleName(_("Preview of the lines"))
        self.problems = QListWidget()
        self.problems.setAccessibleName(_("Problems found"))
        self.problems.setWordWrap(True)
        self.preview.setWordWrap(False)
        for widget, stretch in ((self.progress, 0), (self.verdict, 0), (self.preview, 1), (self.problems, 1)):
            layout.addWidget(widget, stretch)
        self.result: PaymentImportSummary | None = None
        self.handle: JobHandle | None = None

    def initializePage(self) -> None:
        self.result = None
        self.progress.show()
        self.preview.hide()
        self.problems.hide()
        self.problems.clear()
        self.verdict.setText(_("Reading the files…"))
        paths, file_format = self.wizard_.files_page.chosen()
        self.handle = start_job(lambda: preview_payments(self.wizard_.db, paths, file_format), self, "",
                                on_finished=self._previewed, on_failed=self._refused, show_dialog=False)
        self.completeChanged.emit()

    def _previewed(self, summary: PaymentImportSummary) -> None:
        self.result = summary
        self.progress.hide()
        labels = payment_formats()
        formats = ", ".join(_("{file}: {format}").format(file=name, format=labels.get(fmt, fmt))
                            for name, fmt in summary.formats.items())
        self.verdict.setText(_("Recognised: {formats}.").format(formats=formats) + "\n" + counts_text(summary))
        self.preview.setRowCount(len(summary.outcomes))
        for row, outcome in enumerate(summary.outcomes):
            who = " — ".join(p for p in (outcome.payer, outcome.label) if p)
            cells = [formatting.day(outcome.booked_on), formatting.money(outcome.amount, outcome.currency), who,
                     state_label(outcome.state), ", ".join(outcome.invoices)]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(outcome.reason)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.preview.setItem(row, column, item)
        self.preview.resizeColumnsToContents()
        self.preview.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.preview.show()
        self.completeChanged.emit()

    def _refused(self, error: Exception) -> None:
        self.progress.hide()
        if isinstance(error, FileRefused):
            self.verdict.setText(ngettext(
                "Nothing can be imported: {n} problem was found. Download the file again from your bank or "
                "provider and retry.",
                "Nothing can be imported: {n} problems were found. Download the files again from your bank or "
                "provider and retry.", len(error.problems)).format(n=len(error.problems)))
            for problem in error.problems:
                self.problems.addItem(str(problem))
            self.problems.show()
        elif not isinstance(error, JobCancelled):
            self.verdict.setText(_("The files could not be read: {error}").format(error=error))

    def isComplete(self) -> bool:
        return self.result is not None


class ImportPage(ImportJobPage):
    def __init__(self, wizard: ImportPaymentsWizard) -> None:
        super().__init__(self._job, self._summary_lines, wizard.imported)
        self.wizard_ = wizard

    def _job(self) -> Job[PaymentImportSummary]:
        paths, file_format = self.wizard_.files_page.chosen()
        return import_payments(self.wizard_.db, paths, file_format)

    def _summary_lines(self, summary: PaymentImportSummary) -> list[str]:
        lines = [counts_text(summary)]
        for currency, amount in sorted(summary.received.items()):
            lines.append(_("Received in {currency}: {amount}").format(
                currency=currency, amount=formatting.money(amount, currency)))
        if summary.to_review:
            lines.append(_("The lines to review wait in the “To review” tab."))
        return lines


class ImportPaymentsWizard(QWizard):
    imported = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, files: list[Path] | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Import payments"))
        self.setMinimumSize(820, 560)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.files_page = FilesPage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        for page in (self.files_page, self.check_page, self.import_page):
            self.addPage(page)
        if files:
            self.files_page.files.add_paths(files)
        self.setWindowModality(Qt.WindowModality.WindowModal)
