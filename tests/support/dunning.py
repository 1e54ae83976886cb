"""A shop with two overdue invoices (a French consumer, a business writing in English), and its SMTP settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from desktop_app.domain.progress import run_job
from desktop_app.services.company import set_settings
from desktop_app.services.customers import customer_ids, customers_by_ids, save_customer
from desktop_app.services.invoicing import draft_from_orders
from desktop_app.services.issuing import issue_documents
from tests.support.shop import make_shop

ISSUED = date(2026, 3, 6)        # due 30 days later: 2026-04-05
FIRST_ROUND = date(2026, 4, 12)  # 7 days late: the friendly e-mail
CONSUMER, BUSINESS = "F2026-00002", "F2026-00004"
CONSUMER_EMAIL, BUSINESS_EMAIL = "anne@example.fr", "einkauf@teehaus.example"


def overdue_shop(db, port: int = 25, user: str = "") -> None:
    """The fixture shop invoiced on ISSUED: F2026-00002 (106.20, consumer, French) and F2026-00004
    (491.70, German business, English) stay unpaid."""
    make_shop(db)
    for customer in customers_by_ids(db, customer_ids(db)):
        language = "en" if customer.email == BUSINESS_EMAIL else "fr"
        save_customer(db, replace(customer, language=language))
    run_job(draft_from_orders(db))
    run_job(issue_documents(db, on=ISSUED))
    set_settings(db, {"smtp.host": "127.0.0.1", "smtp.port": str(port), "smtp.security": "none",
                      "smtp.user": user, "smtp.from": "bonjour@maison-lumiere.example"})
