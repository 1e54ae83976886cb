"""Order-export readers, one module per shop format.

A reader module defines a module-level `READER` object with:

- `name`: short format name used on the command line (`--format shopify`);
- `label`: the format in words for the import wizard (an English source string marked with `N_`:
  show it through `_()`);
- `recognises(data: bytes, file_name: str) -> bool`: True when the file's header (or JSON shape)
  is this format's, for `--format auto`;
- `read(data: bytes, file_name: str, options: ReadOptions) -> list[ShopOrder]`: the orders of the
  whole file, or `FileRefused` listing every problem found (file, line, column, reason);
- optionally `family`: the shop name several readers share (`--format woocommerce` picks, per
  file, the one of its CSV and JSON readers that recognises it).

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


_BLANK = b" \t\r\n\xef\xbb\xbf"


def detect(data: bytes, file_name: str) -> OrderReader:
    """The reader whose format this file is in (`--format auto`)."""
    if not data[:4096].strip(_BLANK) and not data.strip(_BLANK):   # stripping 80 MB would copy them
        raise FileRefused([Problem(file_name, 0, "", _("the file is empty."))])
    for reader in readers().values():
        if reader.recognises(data, file_name):
            return reader
    raise FileRefused([Problem(file_name, 0, "", _(
        "this file is not an order export Comptoir knows (Shopify, WooCommerce, PrestaShop). "
        "For another shop, import it as CSV with a column mapping."))])


def reader_named(name: str) -> OrderReader:
    """The reader of one format, or of a family of formats ('woocommerce': its CSV and its JSON)."""
    found = readers()
    if name in found:
        return found[name]
    members = tuple(reader for reader in found.values() if getattr(reader, "family", "") == name)
    if members:
        return ReaderFamily(name, members)
    known = sorted(set(found) | {getattr(reader, "family", "") for reader in found.values()} - {""})
    raise FileRefused([Problem("", 0, "", _("unknown order format '{name}'; known formats: {known}.")
                               .format(name=name, known=", ".join(known)))])


class ReaderFamily:
    """Several readers of one shop (a reader may say `family = "woocommerce"`), chosen per file."""

    def __init__(self, name: str, members: tuple[OrderReader, ...]) -> None:
        self.name = name
        self.members = members
        self.label = " / ".join(_(member.label) for member in members)

    def recognises(self, data: bytes, file_name: str) -> bool:
        return any(member.recognises(data, file_name) for member in self.members)

    def read(self, data: bytes, file_name: str, options: ReadOptions) -> list[ShopOrder]:
        for member in self.members:
            if member.recognises(data, file_name):
                return member.read(data, file_name, options)
        raise FileRefused([Problem(file_name, 0, "", _(
            "this file is not a {shop} order export Comptoir knows ({formats}).").format(
            shop=self.name, formats=self.label))])
