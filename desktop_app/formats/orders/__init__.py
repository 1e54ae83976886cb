"""Order-export readers, one module per shop format.

A reader module defines a module-level `READER` object with:

- `name`: short format name used on the command line (`--format shopify`);
- `label`: the format in words, shown in the import wizard;
- `recognises(data: bytes, file_name: str) -> bool`: True when the file's header (or JSON shape)
  is this format's, for `--format auto`;
- `read(data: bytes, file_name: str, options: ReadOptions) -> list[ShopOrder]`: the orders of the
  whole file, or `FileRefused` listing every problem found (file, line, column, reason).

Adding a format means adding one module here; `readers()` finds it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol
from zoneinfo import ZoneInfo

from desktop_app.domain.orders import ShopOrder
from desktop_app.formats.problems import FileRefused, Problem
from desktop_app.i18n import _


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What a reader cannot learn from the file itself."""

    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Paris"))
    # None: infer from the amounts (Shopify states no flag); True/False: the user said so.
    taxes_included: bool | None = None
    # For the generic CSV reader: the saved column mapping (target field -> source column/settings).
    mapping: Mapping[str, str] | None = None
    default_currency: str = "EUR"
    default_country: str = "FR"


class OrderReader(Protocol):
    name: str
    label: str

    def recognises(self, data: bytes, file_name: str) -> bool: ...

    def read(self, data: bytes, file_name: str, options: ReadOptions) -> list[ShopOrder]: ...


@cache
def readers() -> dict[str, OrderReader]:
    """Every order reader in this package, by name."""
    found: dict[str, OrderReader] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        reader = getattr(module, "READER", None)
        if reader is not None:
            found[reader.name] = reader
    return found


def detect(data: bytes, file_name: str) -> OrderReader:
    """The reader whose format this file is in (`--format auto`)."""
    for reader in readers().values():
        if reader.recognises(data, file_name):
            return reader
    raise FileRefused([Problem(file_name, 0, "", _(
        "this file is not an order export Comptoir knows (Shopify, WooCommerce, PrestaShop). "
        "For another shop, import it as CSV with a column mapping."))])


def reader_named(name: str) -> OrderReader:
    try:
        return readers()[name]
    except KeyError:
        raise FileRefused([Problem("", 0, "", _("unknown order format '{name}'; known formats: {known}.")
                                   .format(name=name, known=", ".join(sorted(readers()))))]) from None
