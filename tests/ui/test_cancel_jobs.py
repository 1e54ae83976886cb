"""Cancelling long jobs from the window, mid-way: an import keeps nothing, a batch issue keeps whole
batches only, with no gap in numbering."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from desktop_app.domain.progress import run_job
from desktop_app.formats.orders.writers import write_shopify_csv
from desktop_app.services import demo
from desktop_app.services.company import set_company
from desktop_app.services.orders import count_orders
from desktop_app.services.verify import verify
from desktop_app.ui.dialogs.import_orders import ImportOrdersWizard
from desktop_app.ui.jobs import JobCancelled
from desktop_app.ui.pages.invoices import InvoicesPage
from tests.support.drafts import make_drafts
from tests.support.shop import COMPANY
from tests.ui.conftest import wait_loaded


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    rng = random.Random(5)
    people = [buyer for buyer in demo.buyers(rng) if not buyer.business]
    orders = [replace(order, reference=f"#{30000 + n}") for n, order in
              enumerate(demo.orders(rng, people, date(2026, 11, 28), count=4500))]
    path = tmp_path_factory.mktemp("export") / "orders_export_cancel.csv"
    path.write_bytes(write_shopify_csv(orders))
    return path


def _cancel_after_first_write(handle) -> list[int]:
    """Cancel as soon as the job reports written rows (in its own thread, before it goes on)."""
    seen: list[int] = []

    def progressed(step) -> None:
        if step.done and not seen:
            seen.append(step.done)
            handle.cancel()
    handle.signals.progressed.connect(progressed, Qt.ConnectionType.DirectConnection)
    return seen


def test_cancelling_an_import_keeps_nothing(qtbot, db, export):
    wizard = ImportOrdersWizard(db, None, [export])
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.result is not None, timeout=60_000)
    wizard.next()
    page = wizard.import_page
    seen = _cancel_after_first_write(page.handle)
    qtbot.waitUntil(lambda: "cancelled" in page.status.text(), timeout=60_000)
    assert seen and 0 < seen[0] < 4500                            # it was stopped mid-way
    assert page.summary is None and wizard.button(QWizard.WizardButton.FinishButton).isEnabled() is False
    assert count_orders(db) == 0
    with sqlite3.connect(db.path) as connection:
        assert connection.execute("SELECT count(*) FROM customers").fetchone()[0] == 0


def _answer_yes() -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        box.button(QMessageBox.StandardButton.Yes).click()


def test_cancelling_a_batch_issue_keeps_whole_batches_without_a_gap(qtbot, db):
    set_company(db, COMPANY)
    make_drafts(db, 1200)                        # three batches of 500
    page = InvoicesPage(db)
    qtbot.addWidget(page)
    page.show()
    page.select_tab("draft")
    wait_loaded(qtbot, page)
    page.table.selectAll()
    failures: list[Exception] = []
    QTimer.singleShot(100, _answer_yes)
    page.issue_selected()
    page.issue_job.signals.failed.connect(failures.append)
    seen = _cancel_after_first_write(page.issue_job)
    qtbot.waitUntil(lambda: bool(failures), timeout=60_000)
    assert isinstance(failures[0], JobCancelled) and seen == [500]
    with sqlite3.connect(db.path) as connection:
        numbers = [row[0] for row in connection.execute(
            "SELECT sequence_number FROM invoices WHERE state = 'issued' ORDER BY sequence_number")]
        drafts = connection.execute("SELECT count(*) FROM invoices WHERE state = 'draft'").fetchone()[0]
    assert numbers == list(range(1, 501)) and drafts == 700
    report = run_job(verify(db))
    assert report.ok and report.checked["documents"] == 500
