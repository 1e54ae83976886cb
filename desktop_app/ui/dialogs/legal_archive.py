"""The legal archive from the window: export a year's archive, and check an archive file (no database
needed), each on a worker thread with the result said in words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.progress import Job, Progress
from desktop_app.i18n import _
from desktop_app.services import Database
from desktop_app.services.archive import ArchiveExport, ArchiveReport, export_archive, verify_archive
from desktop_app.services.closing import today
from desktop_app.ui.jobs import JobCancelled, start_job


def _checking(path: Path) -> Job[ArchiveReport]:
    yield Progress(0, 0, _("Checking the archive"))
    return verify_archive(path)


class LegalArchiveDialog(QDialog):
    """File › Legal archive…: one year's archive written to a ZIP, or an archive checked."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Legal archive"))
        self.resize(560, 260)
        layout = QVBoxLayout(self)
        intro = QLabel(_("The legal archive of a year holds every invoice and credit note issued in it (PDF with "
                         "its Factur-X XML), the journal that proves them and the closings. Keep it ten years; it "
                         "can be checked and read without Comptoir's database."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 9999)
        self.year.setValue(today().year - 1)
        form.addRow(_("Year"), self.year)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(_("Export the archive…"))
        self.export_button.clicked.connect(self._choose_target)
        self.check_button = QPushButton(_("Check an archive…"))
        self.check_button.clicked.connect(self._choose_archive)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName(_("Result"))
        layout.addWidget(self.result, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.handle: Any = None

    def _choose_target(self) -> None:
        name = _("legal-archive-{year}.zip").format(year=self.year.value())
        path, _filter = QFileDialog.getSaveFileName(self, _("Export the legal archive"), name,
                                                    _("ZIP archives (*.zip)"))
        if path:
            self.export_to(Path(path))

    def _choose_archive(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Check an archive"), "", _("ZIP archives (*.zip)"))
        if path:
            self.check(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the chosen year's archive to `path` on a worker thread."""
        year = self.year.value()
        self._busy(True)
        self.handle = start_job(lambda: export_archive(self.db, year, path), self, _("Making the legal archive"),
                                on_finished=self._exported, on_failed=self._failed)

    def check(self, path: Path) -> None:
        """Check an archive file on a worker thread."""
        self._busy(True)
        self.handle = start_job(lambda: _checking(path), self, _("Checking the archive"),
                                on_finished=self._checked, on_failed=self._failed)

    def _busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.check_button.setEnabled(not busy)

    def _exported(self, result: ArchiveExport) -> None:
        self._busy(False)
        self.result.setText(_("Archive of {year} written to {path}: {documents} documents, {entries} journal "
                              "entries.\nSHA-256: {sha}").format(year=result.year, path=result.path,
                                                                 documents=result.documents,
                                                                 entries=result.journal_entries, sha=result.sha256))

    def _checked(self, report: ArchiveReport) -> None:
        self._busy(False)
        if report.ok:
            self.result.setText(_("The archive of {year} checks out: {files} files, {documents} documents, "
                                  "{entries} journal entries.").format(year=report.year, files=report.files,
                                                                       documents=report.documents,
                                                                       entries=report.journal_entries))
        else:
            self.result.setText(_("The archive check FAILED: {problem}").format(problem=report.problems[0]))

    def _failed(self, error: Exception) -> None:
        self._busy(False)
        self.result.setText(_("Cancelled; nothing was written.") if isinstance(error, JobCancelled) else str(error))
