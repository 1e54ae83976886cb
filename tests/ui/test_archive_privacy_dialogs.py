"""The legal archive and a customer's personal data from the window."""

from __future__ import annotations

import zipfile
from datetime import date

from PySide6.QtWidgets import QDialog

from desktop_app.bootstrap import open_database
from desktop_app.domain.progress import run_job
from desktop_app.services.customers import customer_ids, get_customer
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.issuing import issue_documents
from desktop_app.ui.dialogs.customer_privacy import CustomerPrivacyDialog
from desktop_app.ui.dialogs.legal_archive import LegalArchiveDialog
from tests.support.shop import make_shop, order, tea


def _shop(path):
    db = open_database(path)
    make_shop(db, [order("#1001", [tea()], "29.80", "1.55"),
                   order("#1002", [tea("1")], "14.90", "0.78", email="anne@example.fr")])
    run_job(draft_from_orders(db, ["#1001"]))
    run_job(issue_documents(db, on=date(2026, 3, 9)))
    return db


def test_export_then_check_the_archive_of_a_year(qtbot, tmp_path):
    db = _shop(tmp_path / "shop.db")
    dialog = LegalArchiveDialog(db)
    qtbot.addWidget(dialog)
    dialog.year.setValue(2026)
    dialog.export_to(tmp_path / "2026.zip")
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=20_000)
    assert "Archive of 2026 written" in dialog.result.text()
    dialog.check(tmp_path / "2026.zip")
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=20_000)
    assert "checks out" in dialog.result.text()
    (tmp_path / "junk.zip").write_bytes(b"junk")
    dialog.check(tmp_path / "junk.zip")
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=20_000)
    assert "not a ZIP archive" in dialog.result.text()
    db.dispose()


def test_a_customer_with_an_invoice_is_kept_and_one_without_is_erased(qtbot, tmp_path):
    db = _shop(tmp_path / "shop.db")
    zoe, anne = (next(i for i in customer_ids(db, e) if get_customer(db, i).email == e)
                 for e in ("zoe@example.fr", "anne@example.fr"))
    kept = CustomerPrivacyDialog(db, zoe)
    qtbot.addWidget(kept)
    assert not kept.erase_button.isEnabled() and "2036-12-31" in kept.status.text()
    kept.export_to(tmp_path / "zoe.zip")
    qtbot.waitUntil(lambda: kept.export_button.isEnabled(), timeout=20_000)
    assert "customer.json" in zipfile.ZipFile(tmp_path / "zoe.zip").namelist()
    erasable = CustomerPrivacyDialog(db, anne)
    qtbot.addWidget(erasable)
    assert erasable.erase_button.isEnabled()
    erasable.erase()
    assert erasable.result() == QDialog.DialogCode.Accepted
    assert get_customer(db, anne).email == ""
    db.dispose()
