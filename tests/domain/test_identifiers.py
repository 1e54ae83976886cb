"""Identifier checks through python-stdnum, schwifty and email-validator."""

from __future__ import annotations

import pytest

from desktop_app.domain import identifiers as ids
from desktop_app.domain.errors import InvalidValue


def test_siren_siret_and_french_vat():
    assert ids.check_siren("732 829 320") == "732829320"
    assert ids.check_siret("732 829 320 00074") == "73282932000074"
    assert ids.french_vat_for_siren("732829320") == "FR44732829320"
    with pytest.raises(InvalidValue, match="SIREN"):
        ids.check_siren("123")
    with pytest.raises(InvalidValue, match="SIREN"):
        ids.check_siren("732829321")


def test_vat_numbers_of_the_eu_and_beyond():
    assert ids.check_vat_number("fr 40 303 265 045") == "FR40303265045"
    assert ids.check_vat_number("DE136695976") == "DE136695976"
    assert ids.check_vat_number("CHE-116.281.710 MWST") == "CHE116281710MWST"
    with pytest.raises(InvalidValue, match="VAT"):
        ids.check_vat_number("DE136695977")
    with pytest.raises(InvalidValue):
        ids.check_vat_matches_siren("FR40303265045", "732829320")


def test_iban_bic_email_country_postcode():
    assert ids.check_iban("FR76 3000 6000 0112 3456 7890 189") == "FR7630006000011234567890189"
    with pytest.raises(InvalidValue, match="IBAN"):
        ids.check_iban("FR7630006000011234567890188")
    assert ids.check_bic("agrifrpp") == "AGRIFRPP"
    with pytest.raises(InvalidValue, match="BIC"):
        ids.check_bic("AGRI")
    assert ids.check_email("  anne@example.fr ") == "anne@example.fr"
    with pytest.raises(InvalidValue, match="e-mail"):
        ids.check_email("anne@")
    assert ids.check_country("fr") == "FR"
    with pytest.raises(InvalidValue):
        ids.check_country("XX")
    assert ids.check_postcode("1000", "FR") == "01000"       # Excel ate the leading zero
    assert ids.check_postcode("1012 lm", "NL") == "1012 LM"
    with pytest.raises(InvalidValue, match="postcode of DE"):
        ids.check_postcode("123", "DE")
