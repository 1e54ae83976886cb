"""The template editor: change a colour and the preview renders again; save it as the default."""

from __future__ import annotations

from desktop_app.services.company import set_company
from desktop_app.services.rendering import load_template, templates
from desktop_app.ui.pages.templates import TemplatesPage
from tests.support.shop import COMPANY


def test_changing_the_colour_re_renders_the_preview_and_saving_keeps_it(qtbot, db):
    set_company(db, COMPANY)
    page = TemplatesPage(db)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.pdf.pageCount() == 1, timeout=5000)
    before = page.renders
    page.primary.set_colour("#8e2c48")
    page.primary.clicked_colour()
    qtbot.waitUntil(lambda: page.renders > before, timeout=5000)
    assert page.pdf.pageCount() == 1 and not page.problems.text()
    page.name.setText("Bordeaux")
    page.save()
    [saved] = templates(db)
    assert saved.name == "Bordeaux" and saved.is_default
    assert load_template(db).primary_colour == "#8e2c48"


def test_a_bad_colour_is_refused_in_words(qtbot, db):
    set_company(db, COMPANY)
    page = TemplatesPage(db)
    qtbot.addWidget(page)
    page.primary.set_colour("not-a-colour")
    page.save()
    assert templates(db) == []
    assert page.problems.text()
