"""The dunning plan edited on the Company screen: levels added, removed and changed, saved through the
service and read back; a plan the domain refuses is explained and changes nothing."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from desktop_app.domain.dunning import DEFAULT_PLAN, Channel, DunningLevel
from desktop_app.services.company import all_settings, set_company
from desktop_app.services.reminders import dunning_plan
from desktop_app.ui.pages.company import CompanyPage
from desktop_app.ui.widgets.dunning_plan_editor import CHANNEL, DAYS, FEE, PENALTIES, WORDING, DunningPlanEditor
from tests.support.shop import COMPANY
from tests.ui.conftest import type_into


def _page(qtbot, db) -> CompanyPage:
    page = CompanyPage(db)
    qtbot.addWidget(page)
    page.show()
    return page


def _cell(editor: DunningPlanEditor, row: int, column: int) -> QWidget:
    return editor.table.cellWidget(row, column)


def _choose(box: QComboBox, value: str) -> None:
    box.setCurrentIndex(box.findData(value))


def test_a_level_is_added_a_fee_changed_saved_and_read_back(qtbot, db):
    set_company(db, COMPANY)
    page = _page(qtbot, db)
    editor = page.dunning_box.plan
    assert editor.table.rowCount() == 3
    assert all("comptoir settings" not in widget.toolTip() for widget in page.findChildren(QWidget))
    assert _cell(editor, 2, DAYS).accessibleName() == "Level 3: Days late"

    editor.add_button.click()                   # 15 days after the last level, worded like it
    assert editor.table.rowCount() == 4 and editor.table.currentRow() == 3
    days, fee = _cell(editor, 3, DAYS), _cell(editor, 3, FEE)
    assert isinstance(days, QSpinBox) and days.value() == 45 and isinstance(fee, QLineEdit)
    assert _cell(editor, 3, CHANNEL).currentData() == "letter"
    _choose(_cell(editor, 3, CHANNEL), "both")
    days.setValue(60)
    type_into(qtbot, fee, "12,50")              # a decimal comma, as a French shopkeeper types it
    type_into(qtbot, _cell(editor, 1, FEE), "5")
    penalties = _cell(editor, 0, PENALTIES)
    assert isinstance(penalties, QCheckBox) and not penalties.isChecked()

    page.save_button.click()
    assert not editor.problem.isVisible()
    plan = dunning_plan(db)
    assert plan.levels == (
        DunningLevel(7, Channel.EMAIL, "friendly"),
        DunningLevel(15, Channel.EMAIL, "second", Decimal("5.00"), penalties=True),
        DunningLevel(30, Channel.LETTER, "formal_notice", penalties=True),
        DunningLevel(60, Channel.BOTH, "formal_notice", Decimal("12.50"), penalties=True),
    )
    assert all_settings(db)["dunning.plan"][3] == {"days": 60, "channel": "both", "template": "formal_notice",
                                                   "fee": "12.50", "penalties": True}

    again = _page(qtbot, db).dunning_box.plan     # the screen opened afresh shows what was saved
    assert again.table.rowCount() == 4
    assert [_cell(again, row, DAYS).value() for row in range(4)] == [7, 15, 30, 60]
    assert _cell(again, 3, CHANNEL).currentText() == "E-mail and letter"
    assert _cell(again, 3, WORDING).currentText() == "Formal notice (mise en demeure)"
    assert [_cell(again, row, FEE).text() for row in range(4)] == ["", "5.00", "", "12.50"]

    qtbot.mouseClick(_cell(again, 1, FEE), Qt.MouseButton.LeftButton)   # the level being edited is removed
    qtbot.waitUntil(lambda: again.table.currentRow() == 1)
    again.remove_button.click()
    assert [level["days"] for level in again.levels()] == [7, 30, 60]


def test_an_invalid_plan_is_refused_in_words_and_nothing_is_saved(qtbot, db):
    set_company(db, COMPANY)
    page = _page(qtbot, db)
    box = page.dunning_box
    editor = box.plan
    box.form.set_text("dunning.interest_rate", "15")       # saved with the plan, or not at all

    _cell(editor, 1, DAYS).setValue(7)
    assert not page.save()
    assert editor.problem.isVisible()
    assert editor.problem.text() == ("Levels 1 and 2 are both 7 days after the due date: level 2 must come later "
                                     "than level 1.")
    _cell(editor, 1, DAYS).setValue(40)
    assert not page.save()
    assert editor.problem.text() == "Level 3 (30 days) must come later than level 2 (40 days)."
    _cell(editor, 1, DAYS).setValue(15)
    type_into(qtbot, _cell(editor, 2, FEE), "-40")
    assert not page.save()
    assert editor.problem.text() == "Level 3: the fee must be an amount of zero or more, in cents."
    type_into(qtbot, _cell(editor, 2, FEE), "4O")
    assert not page.save()
    assert editor.problem.text() == "Level 3: the fee '4O' is not an amount."

    assert all_settings(db)["dunning.plan"] == DEFAULT_PLAN.as_json()
    assert all_settings(db)["dunning.interest_rate"] == ""
    assert dunning_plan(db) == DEFAULT_PLAN

    type_into(qtbot, _cell(editor, 2, FEE), "40")
    assert page.save() and not editor.problem.isVisible()
    assert dunning_plan(db).levels[2].fee == Decimal("40.00")
    assert all_settings(db)["dunning.interest_rate"] == "15"


def test_the_french_defaults_come_back_and_the_plan_keeps_one_to_nine_levels(qtbot, db):
    set_company(db, COMPANY)
    page = _page(qtbot, db)
    editor = page.dunning_box.plan
    editor.table.selectRow(0)
    editor.remove_button.click()
    editor.table.selectRow(0)
    editor.remove_button.click()
    assert editor.table.rowCount() == 1 and not editor.remove_button.isEnabled()
    editor.remove_level()
    assert editor.table.rowCount() == 1
    for _level in range(8):
        editor.add_button.click()
    assert editor.table.rowCount() == 9 and not editor.add_button.isEnabled()
    assert [level["days"] for level in editor.levels()] == [30 + 15 * n for n in range(9)]
    assert page.save()
    assert len(dunning_plan(db).levels) == 9

    editor.defaults_button.click()
    assert editor.levels() == [dict(level, fee="0") for level in DEFAULT_PLAN.as_json()]
    assert editor.note.isVisible() and "Save" in editor.note.text()
    assert len(dunning_plan(db).levels) == 9            # nothing saved until Save
    assert page.save()
    assert dunning_plan(db) == DEFAULT_PLAN
