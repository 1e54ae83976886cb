"""Every string shown to people is in the French and English catalogs, and the compiled catalogs are
up to date; amounts and dates follow the language."""

from __future__ import annotations

import importlib.util
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app import formatting
from desktop_app.i18n import document_language, set_language, translator

TOOL = Path(__file__).resolve().parents[1] / "tools" / "translations.py"


def _tool():
    spec = importlib.util.spec_from_file_location("translations_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_string_is_missing_from_the_catalog(language):
    tool = _tool()
    assert tool.missing(language) == []
    assert not tool.stale(language), "run tools/translations.py update"


def test_french_interface_and_formats():
    set_language("fr")
    from desktop_app.i18n import _

    assert _("Invoices") == "Factures"
    assert formatting.money(Decimal("1234.5"), "EUR") == "1\u202f234,50\xa0€"
    assert formatting.day(date(2026, 3, 1), style="long") == "1 mars 2026"
    assert formatting.percent(Decimal("5.5")) == "5,5\xa0%"
    set_language("en")


def test_documents_speak_their_own_language_whatever_the_interface():
    set_language("en")
    from desktop_app.i18n import _

    with document_language("fr"):
        assert _("No discount for early payment.") == "Pas d'escompte pour paiement anticipé."
    assert _("No discount for early payment.") == "No discount for early payment."
    assert translator("fr").ngettext("{n} order", "{n} orders", 2) == "{n} commandes"
