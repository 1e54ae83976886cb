"""Customer services."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.domain.errors import ValidationFailed
from desktop_app.domain.parties import Address, Customer
from desktop_app.services import customers


def test_create_find_and_change_a_customer(db):
    saved = customers.save_customer(db, Customer(
        name="Café Gourmand & Cie", kind="b2b", email="compta@cafe.example", siren="732829320",
        vat_number="fr44 732829320", billing=Address("3 quai de Saône", "", "69005", "Lyon", "fr")))
    assert saved.id is not None and saved.vat_number == "FR44732829320" and saved.billing.country == "FR"
    assert customers.customer_ids(db, "gourmand") == [saved.id]
    assert customers.customer_ids(db, "732829320") == [saved.id]
    assert customers.customer_ids(db, kind="b2c") == []
    customers.save_customer(db, replace(saved, payment_terms="45EOM"))
    assert customers.get_customer(db, saved.id).payment_terms == "45EOM"


def test_an_invalid_customer_is_refused_with_every_problem(db):
    with pytest.raises(ValidationFailed) as failure:
        customers.save_customer(db, Customer(name="", email="bad", billing=Address(country="FR")))
    assert {"name", "email", "billing_line1", "billing_city"} <= failure.value.problems.keys()
    assert customers.count_customers(db) == 0
