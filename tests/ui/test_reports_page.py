"""Through the window: the Reports screen shows a quarter's VAT and exports it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from desktop_app.domain.periods import Preset
from desktop_app.ui.pages.reports import ReportsPage
from tests.services.reports_shop import quarter_shop_copy


@pytest.fixture
def shop(tmp_path_factory, tmp_path):
    quarter = quarter_shop_copy(tmp_path_factory, tmp_path)
    yield quarter
    quarter.db.dispose()


def _wait_for_report(qtbot, page: ReportsPage, kind: str) -> None:
    qtbot.waitUntil(lambda: page.report is not None and page.report.kind == kind
                    and page.report.start == page.current_period().start, timeout=10_000)


def test_vat_for_a_quarter_then_export_to_xlsx(qtbot, shop, tmp_path, monkeypatch):
    page = ReportsPage(shop.db)
    qtbot.addWidget(page)
    page.show()
    page.kind.setCurrentIndex(page.kind.findData("vat"))
    assert page.basis.isVisible()
    page.choose("vat", date(2026, 1, 1), date(2026, 3, 31))
    _wait_for_report(qtbot, page, "vat")
    assert page.tabs.count() == 2 and page.tabs.tabText(1) == "CA3 return"
    model = page.models[0]
    assert model.rowCount() == 5                                          # 4 rates and the total
    assert [model.index(0, c).data() for c in (0, 1, 4, 7, 8)] == ["Taxable sales", "20%", "50.00", "10.00", "08"]
    assert model.index(4, 7).data() == "12.75"

    target = tmp_path / "tva-t1.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "Excel (*.xlsx)"))
    page.export("xlsx")
    qtbot.waitUntil(target.exists, timeout=10_000)
    qtbot.waitUntil(lambda: "Saved" in page.status.text(), timeout=10_000)
    sheet = openpyxl.load_workbook(target)["VAT by rate"]
    assert sheet["A4"].value == "Category" and sheet["E5"].data_type == "n"
    assert Decimal(str(sheet["H9"].value)) == Decimal("12.75")


def test_presets_fill_the_dates_and_aging_uses_one_day(qtbot, shop):
    page = ReportsPage(shop.db)
    qtbot.addWidget(page)
    page.preset.setCurrentIndex(page.preset.findData(Preset.LAST_YEAR.value))
    assert page.current_period().start.month == 1 and page.current_period().end.month == 12
    page.choose("aging", date(2026, 1, 1), date(2026, 2, 28))
    _wait_for_report(qtbot, page, "aging")
    assert not page.date_from.isEnabled() and page.report.on == date(2026, 2, 28)
    assert page.models[0].rowCount() == 3                                  # two customers and the total
    page.choose("kpi", date(2026, 1, 1), date(2026, 3, 31))
    _wait_for_report(qtbot, page, "kpi")
    assert page.tabs.count() == 2 and page.models[0].index(0, 0).data() == "Jan 2026"
