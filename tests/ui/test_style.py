"""Dark mode: the palette turns dark, disabled controls still look disabled, and the dashboard charts
follow while the window is open."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCharts import QChart
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QPushButton

from desktop_app.ui.style import apply_style
from desktop_app.ui.widgets.charts import CollectionCharts
from tests.services.reports_shop import quarter_shop_copy


@pytest.fixture
def dark(qapp):
    apply_style(qapp, dark=True)
    yield qapp
    apply_style(qapp)                 # back to the system's look for the other tests


def test_the_dark_palette_greys_out_what_is_disabled(dark):
    palette = QApplication.palette()
    assert palette.color(QPalette.ColorRole.Window).lightness() < 128
    assert palette.color(QPalette.ColorRole.WindowText).lightness() > 200
    enabled = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    assert enabled.lightness() - disabled.lightness() > 60
    button = QPushButton("Issue…")
    button.setEnabled(False)
    assert button.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText) == disabled


def test_charts_turn_dark_with_the_system(qtbot, qapp, tmp_path_factory, tmp_path):
    shop = quarter_shop_copy(tmp_path_factory, tmp_path)
    try:
        charts = CollectionCharts(shop.db)
        qtbot.addWidget(charts)
        charts.show()
        with qtbot.waitSignal(charts.loaded, timeout=10_000):
            charts.refresh(on=date(2026, 3, 31))
        assert charts.sales_view.chart().theme() == QChart.ChartTheme.ChartThemeLight
        try:
            with qtbot.waitSignal(charts.loaded, timeout=5_000):
                apply_style(qapp, dark=True)
            assert charts.sales_view.chart().theme() == QChart.ChartTheme.ChartThemeDark
            assert charts.ages_view.chart().theme() == QChart.ChartTheme.ChartThemeDark
            assert charts.sales_view.chart().titleFont().bold()
        finally:
            apply_style(qapp)
        assert charts.sales_view.chart().theme() == QChart.ChartTheme.ChartThemeLight
    finally:
        shop.db.dispose()
