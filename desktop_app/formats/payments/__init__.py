"""Bank-statement and payment-provider readers, one module per format.

A reader module defines a module-level `READER` object with:

- `name`: short format name used on the command line (`--format camt053`);
- `label`: the format in words, shown in the import wizard;
- `recognises(data: bytes, file_name: str) -> bool`: True when the file is in this format, for
  `--format auto`;
- `read(data: bytes, file_name: str, options: ReadOptions) -> list[Transaction]`: every
  transaction of the whole file, or `FileRefused` listing every problem found (file, line,
  column, reason). Pending or informative lines (camt PDNG/INFO, PayPal Memo) are left out.

Adding a format means adding one module here; `readers()` finds it. `writers` and `common` are
helpers, not readers.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol
from zoneinfo import ZoneInfo

from desktop_app.domain.payments import Transaction
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.i18n import _


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What a reader cannot learn from the file itself."""

    # Provider files give times in UTC; the merchant's day of a payment is taken in this zone.
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Paris"))
    default_currency: str = "EUR"
    # The provider account a Stripe or PayPal file belongs to, when the shop has several.
    account: str = ""
    # PayPal dates when no value in the file tells day from month: "dmy", "mdy" or "" (guess from locale).
    date_order: str = ""
    # Some banks regenerate OFX FITIDs at each download: identify lines by their content instead.
    ofx_fingerprints: bool = False


class PaymentReader(Protocol):
    name: str
    label: str

    def recognises(self, data: bytes, file_name: str) -> bool: ...

    def read(self, data: bytes, file_name: str, options: ReadOptions) -> list[Transaction]: ...


@cache
def readers() -> dict[str, PaymentReader]:
    """Every payment reader in this package, by name."""
    found: dict[str, PaymentReader] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        reader = getattr(module, "READER", None)
        if reader is not None:
            found[reader.name] = reader
    return found


def detect(data: bytes, file_name: str) -> PaymentReader:
    """The reader whose format this file is in (`--format auto`)."""
    for reader in readers().values():
        if reader.recognises(data, file_name):
            return reader
    from desktop_app.formats.payments.common import unsupported_format

    reason = unsupported_format(data)
    raise FileRefused([Problem(file_name, 0, "", reason or _(
        "this file is not a bank statement or payment export Comptoir knows (camt.053, OFX, CFONB 120, "
        "Stripe, PayPal)."))])


def reader_named(name: str) -> PaymentReader:
    try:
        return readers()[name]
    except KeyError:
        raise FileRefused([Problem("", 0, "", _("unknown payment format '{name}'; known formats: {known}.")
                                   .format(name=name, known=", ".join(sorted(readers()))))]) from None
