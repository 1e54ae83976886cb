"""Exchange rates for invoices in other currencies: typed in, or read from an ECB reference-rate file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from desktop_app.domain.errors import InvalidValue
from desktop_app.domain.money import is_currency_code, money
from desktop_app.formats.ecb import read_ecb_rates
from desktop_app.i18n import _
from desktop_app.store import rates as repo
from desktop_app.store.database import Database
from desktop_app.store.journal import append_event


def set_rate(db: Database, currency: str, rate: Decimal | str, day: date) -> None:
    """Record how many units of `currency` one euro buys on `day`."""
    code = currency.upper()
    if not is_currency_code(code) or code == "EUR":
        raise InvalidValue("currency", _("'{value}' is not a foreign currency code such as USD.").format(
            value=currency))
    value = money(rate)
    if value <= 0:
        raise InvalidValue("rate", _("An exchange rate must be above zero."))
    with db.transaction() as session:
        repo.save_rates(session, [(code, day, value)], "manual")


def import_ecb_file(db: Database, path: Path) -> int:
    """Read an ECB reference-rate file (XML or CSV) whole, then store its rates; returns how many."""
    rates = read_ecb_rates(Path(path).read_bytes(), Path(path).name)
    with db.transaction() as session:
        count = repo.save_rates(session, rates, "ECB")
        append_event(session, "exchange_rates_imported", {"file": Path(path).name, "rates": count})
    return count


def rate_on(db: Database, currency: str, day: date) -> tuple[Decimal, date] | None:
    with db.reading() as session:
        return repo.rate_on(session, currency, day)


def latest_rates(db: Database) -> list[tuple[str, date, Decimal, str]]:
    with db.reading() as session:
        return repo.latest_rates(session)
