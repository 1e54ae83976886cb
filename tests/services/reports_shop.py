"""A first quarter of a small shop with amounts easy to check by hand, for the report tests.

    10/01  F1  Zoë Lefèvre (consumer)   S 20 %  base 50.00  VAT 10.00  = 60.00, paid at checkout
    15/01  F2  Café Gourmand (B2B FR)   S 20 %  base 100.00 VAT 20.00  = 120.00, due 14/02
    20/01  F3  Café Gourmand            S 5.5 % base 100.00 VAT 5.50 + S 20 % base 50.00 VAT 10.00 = 165.50, due 19/02
    25/01  AV1 credits F1 in full (60.00), refunded at checkout the same day
    01/02  AV2 credits F2 in full (120.00)
    05/02  F4  Teehaus Müller (DE, K)   base 400.00 = 400.00, due 07/03
    10/02  F5  Emily Carter (US, G)     52.00 USD at 1.04 = 50.00 EUR, paid at checkout
    20/02  AV3 credits 5 of the 10 teas of F3: base 50.00 VAT 2.75 = 52.75
    01/03  bank 112.75 pays F3 (10 days late)
    05/03  Stripe 200.00 (fee 2.00) pays half of F4;  10/03 bank 30.00 from Café Gourmand, kept as credit
    20/03  bank 200.00 pays the rest of F4 (13 days late)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from desktop_app.bootstrap import open_database
from desktop_app.domain.parties import Address, Customer
from desktop_app.domain.progress import run_job
from desktop_app.domain.tax import VatCategory, no_vat, standard
from desktop_app.domain.totals import Line, compute_totals
from desktop_app.services.company import set_company
from desktop_app.services.credit_notes import draft_credit_note
from desktop_app.services.customers import save_customer
from desktop_app.services.issuing import issue_documents
from desktop_app.services.rates import set_rate
from desktop_app.store.balances import NewPayment, record_payments
from desktop_app.store.invoices import DraftData, insert_drafts
from desktop_app.store.migrate import backup_sqlite
from desktop_app.store.records import DunningPauseRecord
from tests.support.shop import COMPANY

D = Decimal
Q1_START, Q1_END = date(2026, 1, 1), date(2026, 3, 31)


@dataclass
class QuarterShop:
    db: object
    numbers: dict[str, str]          # F1..F5, AV1..AV3 -> issued number
    ids: dict[str, int]
    customers: dict[str, int]


def _customers(db) -> dict[str, int]:
    people = {
        "zoe": Customer(name="Zoë Lefèvre", email="zoe@example.fr",
                        billing=Address("2 place des Célestins", "", "69002", "Lyon", "FR"), payment_terms="0"),
        "cafe": Customer(name="Café Gourmand", kind="b2b", siren="732829320", vat_number="FR44732829320",
                         billing=Address("3 quai de Saône", "", "69005", "Lyon", "FR")),
        "teehaus": Customer(name="Teehaus Müller GmbH", kind="b2b", vat_number="DE136695976",
                            billing=Address("Hauptstraße 12", "", "10115", "Berlin", "DE")),
        "emily": Customer(name="Emily Carter", currency="USD", payment_terms="0",
                          billing=Address("350 5th Avenue", "", "10118", "New York", "US")),
    }
    return {key: save_customer(db, person).id or 0 for key, person in people.items()}


def _draft(db, customer_id: int, name: str, lines: tuple[Line, ...], *, currency: str = "EUR",
           paid_by: str = "", terms: str = "30") -> int:
    with db.transaction() as session:
        draft = DraftData(kind="invoice", customer_id=customer_id, currency=currency, language="fr", buyer_name=name,
                          lines=lines, allowances_charges=(), totals=compute_totals(lines), payment_terms=terms,
                          paid_at_checkout_by=paid_by, delivery_date=date(2026, 1, 2))
        return insert_drafts(session, [draft])[0]


def _issue(db, draft_id: int, day: date) -> tuple[int, str]:
    result = run_job(issue_documents(db, [draft_id], on=day))
    assert not result.refused, result.refused
    return result.issued[0].id, result.issued[0].number


def _pay(db, day: date, amount: str, allocations: list[tuple[int | None, str]], *, source: str = "bank:FR76",
         fee: str = "0", customer_id: int | None = None, reference: str = "") -> None:
    with db.transaction() as session:
        record_payments(session, [(NewPayment(source=source, external_id=f"{source}:{day}:{amount}", received_on=day,
                                              amount=D(amount), currency="EUR", fee=D(fee), method="transfer",
                                              reference=reference, customer_id=customer_id),
                                   [(invoice, D(value)) for invoice, value in allocations])])


def make_quarter_shop(db) -> QuarterShop:
    """The quarter told in the module's docstring, built through the services."""
    set_company(db, COMPANY)
    set_rate(db, "USD", D("1.04"), date(2026, 1, 1))
    who = _customers(db)
    teapot, tea = standard("20"), standard("5.5")
    drafts = {
        "F1": (_draft(db, who["zoe"], "Zoë Lefèvre", (Line("Théière en fonte", D(1), D("50.00"), teapot),),
                      paid_by="Shopify Payments", terms="0"), date(2026, 1, 10)),
        "F2": (_draft(db, who["cafe"], "Café Gourmand", (Line("Théière en fonte", D(2), D("50.00"), teapot),)),
               date(2026, 1, 15)),
        "F3": (_draft(db, who["cafe"], "Café Gourmand", (Line("Sencha 100 g", D(10), D("10.00"), tea),
                                                          Line("Théière en fonte", D(1), D("50.00"), teapot))),
               date(2026, 1, 20)),
    }
    ids, numbers = {}, {}
    for key, (draft_id, day) in drafts.items():
        ids[key], numbers[key] = _issue(db, draft_id, day)
    _pay(db, date(2026, 1, 25), "-60.00", [(ids["F1"], "-60.00")], source="checkout", customer_id=who["zoe"])
    _credit(db, numbers, ids, "AV1", "F1", None, date(2026, 1, 25))
    _credit(db, numbers, ids, "AV2", "F2", None, date(2026, 2, 1))
    later = {
        "F4": (_draft(db, who["teehaus"], "Teehaus Müller GmbH",
                      (Line("Théière en fonte", D(10), D("40.00"), no_vat(VatCategory.INTRA_EU)),)),
               date(2026, 2, 5)),
        "F5": (_draft(db, who["emily"], "Emily Carter",
                      (Line("Théière en fonte", D(1), D("52.00"), no_vat(VatCategory.EXPORT)),), currency="USD",
                      paid_by="Shopify Payments", terms="0"), date(2026, 2, 10)),
    }
    for key, (draft_id, day) in later.items():
        ids[key], numbers[key] = _issue(db, draft_id, day)
    _credit(db, numbers, ids, "AV3", "F3", [(1, D(5))], date(2026, 2, 20))
    _pay(db, date(2026, 3, 1), "112.75", [(ids["F3"], "112.75")], customer_id=who["cafe"])
    _pay(db, date(2026, 3, 5), "200.00", [(ids["F4"], "200.00")], source="stripe", fee="2.00",
         customer_id=who["teehaus"])
    _pay(db, date(2026, 3, 10), "30.00", [(None, "30.00")], customer_id=who["cafe"])
    _pay(db, date(2026, 3, 20), "200.00", [(ids["F4"], "200.00")], customer_id=who["teehaus"])
    with db.transaction() as session:
        session.add(DunningPauseRecord(invoice_id=ids["F4"], reason="Livraison contestée", until=date(2026, 3, 31),
                                       created_at=datetime(2026, 3, 8, 9, 0, tzinfo=UTC)))
    return QuarterShop(db, numbers, ids, who)


def _credit(db, numbers: dict[str, str], ids: dict[str, int], key: str, invoice: str,
            lines: list[tuple[int, Decimal]] | None, day: date) -> None:
    draft_id = draft_credit_note(db, numbers[invoice], lines)
    ids[key], numbers[key] = _issue(db, draft_id, day)


_BUILT: dict[str, tuple[Path, QuarterShop]] = {}


def quarter_shop_copy(tmp_path_factory, folder: Path) -> QuarterShop:
    """A private copy of the quarter shop, built once per test process (building it issues documents one
    by one, which is the slow part)."""
    if "shop" not in _BUILT:
        path = tmp_path_factory.mktemp("quarter") / "quarter.db"
        db = open_database(path)
        shop = make_quarter_shop(db)
        db.dispose()
        _BUILT["shop"] = (path, shop)
    path, shop = _BUILT["shop"]
    copy = folder / "quarter.db"
    backup_sqlite(path, copy)
    return QuarterShop(open_database(copy), dict(shop.numbers), dict(shop.ids), dict(shop.customers))
