"""Many drafts at once, written the way the drafting service writes them, for batch and kill tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.domain.parties import Address, Customer
from desktop_app.domain.tax import standard
from desktop_app.domain.totals import Line, compute_totals
from desktop_app.services.customers import save_customer
from desktop_app.store.invoices import DraftData, insert_drafts


def make_drafts(db, count: int) -> list[int]:
    """`count` one-customer, three-line invoice drafts; returns their ids."""
    customer = save_customer(db, Customer(name="Café Gourmand", kind="b2b", siren="732829320",
                                          vat_number="FR44732829320",
                                          billing=Address("3 quai de Saône", "", "69005", "Lyon", "FR")))
    ids: list[int] = []
    with db.transaction() as session:
        drafts = []
        for n in range(count):
            lines = (Line("Sencha 100 g", Decimal(2 + n % 5), Decimal("14.13"), standard("5.5")),
                     Line("Théière en fonte", Decimal(1), Decimal("49.17"), standard("20")),
                     Line("Livraison", Decimal(1), Decimal("4.08") + Decimal(n % 7), standard("20")))
            drafts.append(DraftData(kind="invoice", customer_id=customer.id or 0, currency="EUR", language="fr",
                                    buyer_name=customer.name, lines=lines, allowances_charges=(),
                                    totals=compute_totals(lines), payment_terms="30", delivery_date=date(2026, 3, 2)))
            if len(drafts) == 2000:
                ids += insert_drafts(session, drafts)
                drafts = []
        ids += insert_drafts(session, drafts)
    return ids
