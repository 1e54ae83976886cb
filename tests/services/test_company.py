"""Company profile and settings services."""

from __future__ import annotations

import pytest

from desktop_app.domain.errors import InvalidValue, ValidationFailed
from desktop_app.services.company import (
    all_settings,
    is_configured,
    missing_mentions,
    set_company,
    set_settings,
    show_company,
)


def test_a_new_shop_is_not_configured_until_its_identity_is_complete(db):
    assert not is_configured(db)
    assert "the SIREN" in missing_mentions(db)
    set_company(db, {"name": "Maison Lumière", "siren": "732 829 320", "vat_number": "FR44732829320",
                     "address": "12 rue des Capucins", "postcode": "69001", "city": "Lyon"})
    assert is_configured(db)
    assert show_company(db).siren == "732829320"


def test_a_bad_value_changes_nothing(db):
    set_company(db, {"name": "Maison Lumière"})
    with pytest.raises(ValidationFailed) as failure:
        set_company(db, {"name": "Autre", "siren": "123"})
    assert set(failure.value.problems) == {"siren"}
    assert show_company(db).name == "Maison Lumière"
    with pytest.raises(InvalidValue, match="Unknown company field"):
        set_company(db, {"nme": "x"})


def test_settings_have_defaults_and_are_checked_all_or_nothing(db):
    assert all_settings(db)["numbering.invoice"] == "F{year}-{seq:05}"
    with pytest.raises(ValidationFailed) as failure:
        set_settings(db, {"numbering.invoice": "FAC-{year}-{seq:04}", "smtp.port": "70000"})
    assert set(failure.value.problems) == {"smtp.port"}
    assert all_settings(db)["numbering.invoice"] == "F{year}-{seq:05}"
    assert set_settings(db, {"numbering.invoice": "FAC-{year}-{seq:04}"})["numbering.invoice"] == "FAC-{year}-{seq:04}"
    with pytest.raises(ValidationFailed):
        set_settings(db, {"smtp.password": "secret"})
