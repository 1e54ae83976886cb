"""Company profile and customer checks."""

from __future__ import annotations

from desktop_app.domain.parties import Address, Company, Customer, company_problems, customer_problems


def _company(**changes: str) -> Company:
    values = dict(name="Maison Lumière", legal_form="SAS", capital="20 000 €", siren="732829320",
                  vat_number="FR44732829320", address="12 rue des Capucins", postcode="69001", city="Lyon",
                  country="FR", iban="FR7630006000011234567890189", bic="AGRIFRPP")
    values.update(changes)
    return Company(**values)


def test_a_complete_company_has_no_problem():
    cleaned, problems = company_problems(_company(siren="732 829 320"))
    assert problems == {}
    assert cleaned.siren == "732829320"


def test_company_problems_name_each_field():
    _, problems = company_problems(_company(siren="123", iban="FR00", email="nope", vat_number="FR40303265045"))
    assert set(problems) == {"siren", "iban", "email"}
    _, problems = company_problems(_company(vat_number="FR40303265045"))
    assert "does not belong to SIREN" in problems["vat_number"]
    _, problems = company_problems(_company(siret="30326504500011"))
    assert "must begin with the SIREN" in problems["siret"]


def test_business_customers_need_their_identifiers():
    french = Customer(name="Café Gourmand", kind="b2b", billing=Address("1 rue X", "", "69001", "Lyon", "FR"))
    assert "siren" in customer_problems(french)[1]
    german = Customer(name="Teehaus GmbH", kind="b2b", billing=Address("Hauptstr. 1", "", "10115", "Berlin", "DE"))
    assert "vat_number" in customer_problems(german)[1]
    consumer = Customer(name="Zoë Lefèvre", billing=Address("2 place des Célestins", "", "69002", "Lyon", "FR"))
    assert customer_problems(consumer)[1] == {}


def test_customer_problems_cover_addresses_terms_and_language():
    customer = Customer(name=" ", email="x@", payment_terms="90", language="it",
                        billing=Address("", "", "ABC", "", "FR"))
    problems = customer_problems(customer)[1]
    assert {"name", "email", "payment_terms", "language", "billing_postcode", "billing_line1",
            "billing_city"} <= problems.keys()
