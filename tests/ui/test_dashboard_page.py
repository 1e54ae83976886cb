"""The Dashboard: the demo's overdue figures, and each card opening its list; the start-up notice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app import formatting
from desktop_app.services.dashboard import dashboard_figures
from desktop_app.ui import main_window
from desktop_app.ui.pages.dashboard import DashboardPage
from desktop_app.ui.widgets.reminder_banner import ReminderBanner, announce_due_reminders


@pytest.fixture
def window_with_reminders(demo_db, qtbot):
    """The main window, the Dashboard first."""
    window = main_window.MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_dashboard_shows_the_demos_overdue_figures(qtbot, demo_db):
    expected = dashboard_figures(demo_db)
    page = DashboardPage(demo_db)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10000)
    assert expected.overdue_count > 30
    assert page.overdue_card.value.text() == formatting.money(expected.overdue_amounts["EUR"], "EUR")
    assert f"{expected.overdue_count} invoices past their due date" in page.overdue_card.caption.text()
    assert page.due_card.value.text() == str(expected.reminders_due)
    assert page.drafts_card.value.text() == "0" and page.outbox_card.value.text() == "0"
    assert page.due_table.rowCount() == len(expected.due_preview) > 0
    assert page.largest_table.item(0, 0).text() == expected.largest_overdue[0].number


def test_each_card_opens_its_list(qtbot, window_with_reminders):
    window = window_with_reminders
    dashboard = window.show_page("dashboard")
    qtbot.waitUntil(lambda: dashboard.figures is not None, timeout=10000)
    qtbot.mouseClick(dashboard.overdue_card, Qt.MouseButton.LeftButton)
    invoices = window.stack.currentWidget()
    assert invoices.key == "invoices" and invoices.status() == "overdue"
    window.show_page("dashboard")
    dashboard.drafts_card.setFocus()
    qtbot.keyClick(dashboard.drafts_card, Qt.Key.Key_Return)
    assert window.stack.currentWidget().key == "invoices" and invoices.status() == "draft"
    window.show_page("dashboard")
    qtbot.mouseClick(dashboard.outbox_card, Qt.MouseButton.LeftButton)
    reminders = window.stack.currentWidget()
    assert reminders.key == "reminders" and reminders.tabs.currentIndex() == 1


def test_at_start_up_a_banner_says_reminders_are_due_and_opens_them(qtbot, window_with_reminders, demo_db):
    window = window_with_reminders
    announce_due_reminders(window, demo_db, use_tray=False)
    qtbot.waitUntil(lambda: window.findChild(ReminderBanner) is not None, timeout=10000)
    banner = window.findChild(ReminderBanner)
    assert "reminders are due today" in banner.label.text()
    qtbot.waitUntil(window.stack.isVisible, timeout=5000)    # the screens are still there, under the banner
    qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget().key == "reminders" and not banner.isVisible()
