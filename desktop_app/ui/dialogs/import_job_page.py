"""The last page of the import wizards (orders, payments): the import running on a worker thread with
its progress and a cancel button, then what it did. Each wizard says which job to run and how to tell
its summary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWizardPage

from desktop_app.domain.progress import Job
from desktop_app.i18n import _
from desktop_app.ui.jobs import JobCancelled, JobHandle, start_job


class ImportJobPage(QWizardPage):
    """`make_job()` gives the import to run with what the earlier pages chose, `summary_lines(summary)`
    says what it did in the shopkeeper's words, and `imported` is emitted once it is written (the
    wizard tells its screen)."""

    def __init__(self, make_job: Callable[[], Job[Any]], summary_lines: Callable[[Any], list[str]],
                 imported: SignalInstance) -> None:
        super().__init__()
        self._make_job = make_job
        self._summary_lines = summary_lines
        self._imported = imported
        self.setTitle(_("Import"))
        layout = QVBoxLayout(self)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.cancel = QPushButton(_("Cancel the import"))
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.cancel)
        layout.addLayout(row)
        layout.addStretch()
        self.summary: Any = None
        self.handle: JobHandle | None = None
        self.cancel.clicked.connect(self._cancel)

    def initializePage(self) -> None:
        self.summary = None
        self.cancel.setEnabled(True)
        self.status.setText(_("Importing…"))
        job = self._make_job()
        self.handle = start_job(lambda: job, self, "", on_finished=self._done, on_failed=self._failed,
                                show_dialog=False)
        self.handle.signals.progressed.connect(self._progressed)

    def _progressed(self, step: Any) -> None:
        self.progress.setMaximum(step.total or 0)
        self.progress.setValue(step.done)
        if step.message:
            self.status.setText(step.message)

    def _cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.cancel.setEnabled(False)

    def _done(self, summary: Any) -> None:
        self.summary = summary
        self.cancel.setEnabled(False)
        self.progress.setMaximum(1)
        self.progress.setValue(1)
        self.status.setText("\n".join(self._summary_lines(summary)))
        self._imported.emit()
        self.completeChanged.emit()

    def _failed(self, error: Exception) -> None:
        self.cancel.setEnabled(False)
        self.progress.setMaximum(1)
        self.progress.setValue(0)
        if isinstance(error, JobCancelled):
            self.status.setText(_("Import cancelled: nothing was imported."))
        else:
            self.status.setText(_("The import failed and nothing was imported: {error}").format(error=error))

    def isComplete(self) -> bool:
        return self.summary is not None
