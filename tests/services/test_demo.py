"""The demo shop: realistic, varied, and valid."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from desktop_app.domain.parties import customer_problems
from desktop_app.services.company import is_configured
from desktop_app.services.customers import customer_ids, customers_by_ids
from desktop_app.store.records import OrderRecord


def test_the_demo_shop_is_a_varied_french_shop(demo_db):
    assert is_configured(demo_db)
    people = customers_by_ids(demo_db, customer_ids(demo_db))
    assert 150 <= len(people) <= 250
    kinds = Counter((c.kind, c.billing.country == "FR") for c in people)
    assert kinds[("b2c", True)] > 50 and kinds[("b2b", True)] > 10 and kinds[("b2b", False)] > 5
    assert any(c.billing.country not in {"FR", "DE", "BE", "IT", "ES", "NL", "GR", "BG"} for c in people)
    assert any(any(ord(ch) > 0x370 for ch in c.name) for c in people)      # Greek, Cyrillic, Japanese
    assert all(c.siren for c in people if c.is_business and c.billing.country == "FR")
    assert all(customer_problems(c)[1] == {} for c in people), [
        (c.name, customer_problems(c)[1]) for c in people if customer_problems(c)[1]]


def test_the_demo_orders_span_a_year_in_several_currencies(demo_db):
    with demo_db.reading() as session:
        by_currency = select(OrderRecord.currency, func.count()).group_by(OrderRecord.currency)
        currencies = dict(session.execute(by_currency).all())
        statuses = {s for (s,) in session.execute(select(OrderRecord.status).distinct())}
        span = select(func.min(OrderRecord.order_date), func.max(OrderRecord.order_date))
        first, last = session.execute(span).one()
        discounted = session.scalar(select(func.count()).where(OrderRecord.discount > 0))
        refunded = session.scalar(select(func.count()).where(OrderRecord.refunded > 0))
    assert set(currencies) >= {"EUR", "USD", "GBP", "CHF"} and currencies["EUR"] > 500
    assert statuses >= {"paid", "awaiting", "cancelled"}
    assert (last - first).days > 300
    assert discounted > 20 and refunded > 5
