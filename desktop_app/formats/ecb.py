"""ECB euro reference rates, read from the files the ECB publishes (downloaded by the user, read offline):
the daily or historical XML (eurofxref-daily.xml, eurofxref-hist.xml) and the CSV (eurofxref-hist.csv,
eurofxref.csv). Rates are units of a currency for 1 EUR."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.formats.text import decode, read_table
from desktop_app.i18n import _

Rate = tuple[str, date, Decimal]
_MAX_RATE = Decimal(10) ** 9
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read_ecb_rates(data: bytes, file_name: str) -> list[Rate]:
    """Every (currency, day, rate) of an ECB reference-rate file; FileRefused otherwise."""
    rates = _from_xml(data, file_name) if data.lstrip().startswith(b"<") else _from_csv(data, file_name)
    return _checked(rates, file_name)


def _checked(rates: list[Rate], file_name: str) -> list[Rate]:
    """One rate per currency and day (a day repeated with the same rate is read once), for currency codes
    that are codes: two different rates for one day cannot both be right."""
    seen: dict[tuple[str, date], Decimal] = {}
    for currency, day, rate in rates:
        if len(currency) != 3 or not currency.isascii() or not currency.isalpha():
            raise FileRefused([Problem(file_name, 0, currency[:20], _("'{value}' is not a currency code such as "
                                                                       "USD.").format(value=currency[:20]))])
        if seen.setdefault((currency, day), rate) != rate:
            raise FileRefused([Problem(file_name, 0, currency, _("{day} gives two different rates for {currency}.")
                                       .format(day=day.isoformat(), currency=currency))])
    return [(currency, day, rate) for (currency, day), rate in seen.items()]


def _rate(text: str, where: Problem) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise FileRefused([Problem(where.file, where.line, where.column,
                                   _("'{value}' is not a rate.").format(value=text))]) from None
    if not value.is_finite() or value <= 0:
        raise FileRefused([Problem(where.file, where.line, where.column, _("a rate must be above zero."))])
    if value >= _MAX_RATE:          # beyond any currency's rate, and beyond what the rate column holds
        raise FileRefused([Problem(where.file, where.line, where.column,
                                   _("'{value}' is not a plausible exchange rate.").format(value=text.strip()[:20]))])
    return value


def _from_xml(data: bytes, file_name: str) -> list[Rate]:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise FileRefused([Problem(file_name, error.lineno or 0, "", _("this XML file is damaged ({error}).")
                                   .format(error=error.msg))]) from None
    rates: list[Rate] = []
    for day_cube in root.iter("{*}Cube"):
        when = day_cube.get("time")
        if when is None:
            continue
        try:
            day = date.fromisoformat(when)
        except ValueError:
            raise FileRefused([Problem(file_name, day_cube.sourceline or 0, "time",
                                       _("'{value}' is not a date.").format(value=when))]) from None
        for cube in day_cube:
            currency, value = cube.get("currency"), cube.get("rate")
            if currency and value:
                where = Problem(file_name, cube.sourceline or 0, currency, "")
                rates.append((currency.upper(), day, _rate(value, where)))
    if not rates:
        raise FileRefused([Problem(file_name, 0, "", _("this is not an ECB reference-rate file (no rates in it)."))])
    return rates


def _from_csv(data: bytes, file_name: str) -> list[Rate]:
    decode(data, file_name)
    table = read_table(data, file_name, delimiter=",")
    if not table.header or table.header[0].strip().lower() != "date":
        raise FileRefused([Problem(file_name, 1, "", _("this is not an ECB reference-rate file: its first column "
                                                       "should be 'Date'."))])
    rates: list[Rate] = []
    for row in table.rows:
        text = row.get(table.header[0]).strip()
        try:
            day = date.fromisoformat(text) if "-" in text else _ecb_day(text)
        except ValueError:
            raise FileRefused([Problem(file_name, row.line, "Date", _("'{value}' is not a date.").format(
                value=text))]) from None
        for currency in table.header[1:]:
            value = row.get(currency).strip()
            if value and value != "N/A":
                rates.append((currency.strip().upper(), day, _rate(value, Problem(file_name, row.line, currency, ""))))
    if not rates:
        raise FileRefused([Problem(file_name, 0, "", _("the file holds no rates."))])
    return rates


def _ecb_day(text: str) -> date:
    return datetime.strptime(text, "%d %B %Y").date()  # noqa: DTZ007 - a calendar day, no time zone
