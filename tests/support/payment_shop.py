"""A shop whose invoices the payment fixture files pay (tests/fixtures/payments/shop/): by reference,
by amount and name, in part, twice, too much; two orders paid at checkout through Stripe and PayPal.

Invoices are issued on 9 March 2026 in the order below, so their numbers are known:

    F2026-00001  #2001  Jean Dupont      120.00  awaiting a transfer
    F2026-00002  #2002  Lucie Martin     250.00  awaiting a transfer
    F2026-00003  #2003  Claire Petit      89.90  awaiting a transfer
    F2026-00004  #2004  Sophie Bernard    45.50  awaiting a transfer
    F2026-00005  #2005  Paul Garnier      60.00  awaiting a transfer
    F2026-00006  3001   Hugo Blanc        49.00  paid at checkout by card through Stripe
    F2026-00007  #2006  Marc Lefèvre      58.00  paid at checkout through PayPal
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from desktop_app.domain.money import round_amount
from desktop_app.domain.orders import OrderAddress, OrderLine, OrderStatus, ShopOrder
from desktop_app.domain.progress import run_job
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.issuing import issue_documents
from tests.support.shop import make_shop, order

D = Decimal
ISSUED = date(2026, 3, 9)
STRIPE_INTENT = "pi_3QkDn2LzYpVb1a2c0q8ZkLmN"
PAYPAL_ID = "8AB12345CD678901E"
NUMBERS = {"#2001": "F2026-00001", "#2002": "F2026-00002", "#2003": "F2026-00003", "#2004": "F2026-00004",
           "#2005": "F2026-00005", "3001": "F2026-00006", "#2006": "F2026-00007"}


def _order(reference: str, name: str, email: str, total: str, **extra: object) -> ShopOrder:
    gross = D(total)
    tax = round_amount(gross - gross / D("1.2"))
    line = OrderLine("Théière en fonte 0,8 L", D(1), gross, "ACC-FON", vat_rate=D(20))
    address = OrderAddress(name=name, line1="8 rue Mercière", postcode="69002", city="Lyon", country="FR")
    reference_of_payment = str(extra.pop("payment_reference", ""))
    made = order(reference, [line], total, str(tax), email=email, address=address, **extra)  # type: ignore[arg-type]
    return replace(made, payment_reference=reference_of_payment)


def payment_orders() -> list[ShopOrder]:
    awaiting = {"status": OrderStatus.AWAITING_PAYMENT, "method": "manual"}
    return [
        _order("#2001", "Jean Dupont", "jean.dupont@example.fr", "120.00", **awaiting),
        _order("#2002", "Lucie Martin", "lucie.martin@example.fr", "250.00", **awaiting),
        _order("#2003", "Claire Petit", "claire.petit@example.fr", "89.90", **awaiting),
        _order("#2004", "Sophie Bernard", "sophie.bernard@example.fr", "45.50", **awaiting),
        _order("#2005", "Paul Garnier", "paul.garnier@example.fr", "60.00", **awaiting),
        _order("3001", "Hugo Blanc", "hugo.blanc@example.com", "49.00", shop="woocommerce", method="stripe",
               payment_reference=STRIPE_INTENT),
        _order("#2006", "Marc Lefèvre", "marc.lefevre@example.fr", "58.00", method="PayPal Express Checkout",
               payment_reference=PAYPAL_ID),
    ]


def make_payment_shop(db) -> None:
    """The company, the orders above, and their invoices issued on 9 March 2026."""
    make_shop(db, payment_orders())
    run_job(draft_from_orders(db))
    result = run_job(issue_documents(db, on=ISSUED))
    assert [d.number for d in result.issued] == list(NUMBERS.values()), result
