"""The dashboard charts render the shop's figures (an offscreen picture, checked not to be blank)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QColor

from desktop_app.ui.widgets.charts import CollectionCharts
from tests.services.reports_shop import quarter_shop_copy


@pytest.fixture
def shop(tmp_path_factory, tmp_path):
    quarter = quarter_shop_copy(tmp_path_factory, tmp_path)
    yield quarter
    quarter.db.dispose()


def test_charts_render_figures(qtbot, shop, tmp_path):
    charts = CollectionCharts(shop.db)
    qtbot.addWidget(charts)
    charts.resize(1100, 340)
    charts.show()
    with qtbot.waitSignal(charts.loaded, timeout=10_000):
        charts.refresh(on=date(2026, 3, 31))
    sales = charts.sales_view.chart()
    [series] = sales.series()
    assert [bar_set.label() for bar_set in series.barSets()] == ["Invoiced", "Collected"]
    assert series.barSets()[1].at(11) == pytest.approx(542.75)
    picture = charts.grab()
    path = tmp_path / "charts.png"
    assert picture.save(str(path)) and path.stat().st_size > 5_000
    image = picture.toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert QColor("#2f6f6a").name() in colours and len(colours) > 10          # bars drawn, not a blank widget
