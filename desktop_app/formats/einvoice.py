"""What the CII and UBL writers share: how numbers, dates and codes are written, and the wording an
e-invoice needs that the domain does not store as text (exemption reasons, seller legal details).

Call the wording helpers inside `document_language(doc.language)` so they speak the document's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.domain.invoice import InvoiceDocument, NoteSubject, Party
from desktop_app.domain.money import round_half_up
from desktop_app.domain.parties import Address
from desktop_app.domain.tax import VatCategory, VatRate
from desktop_app.domain.totals import AllowanceCharge
from desktop_app.i18n import _

EN16931_PROFILE = "urn:cen.eu:en16931:2017"   # BT-24 of the Factur-X EN 16931 profile
VAT = "VAT"                                    # UNTDID 5153 duty/tax/fee type
SIREN_SCHEME = "0002"                          # ISO 6523 ICD of the SIREN (BT-30, BT-47)
SIRET_SCHEME = "0009"                          # ISO 6523 ICD of the SIRET (BT-29, BT-46)
DISCOUNT_REASON_CODE = "95"                    # UNTDID 5189 "Discount", for line allowances (BT-140)
# BT-8 "Date de TVA exigible": 5 = invoice date, the code of the "option pour les débits" (XP Z12-012).
VAT_ON_DEBITS_CODE = "5"


def amount(value: Decimal) -> str:
    """A monetary amount: always 2 decimals (BR-DEC-*, BR-FR-DEC-01)."""
    return f"{round_half_up(value, 2):f}"


def quantity(value: Decimal) -> str:
    """A quantity with at most 4 decimals and no trailing zeros (BR-FR-DEC-02)."""
    return _trimmed(round_half_up(value, 4), minimum_places=0)


def unit_price(value: Decimal) -> str:
    """A unit price with 2 to 6 decimals (BR-FR-DEC-03)."""
    return _trimmed(round_half_up(value, 6), minimum_places=2)


def percent(value: Decimal) -> str:
    """A VAT rate as the French list writes it, 2 decimals ("20.00", "5.50": BR-FR-16, BR-FR-DEC-04)."""
    return f"{round_half_up(value, 2):f}"


def _trimmed(value: Decimal, minimum_places: int) -> str:
    text = f"{value:f}"
    if "." in text:
        whole, decimals = text.split(".")
        decimals = decimals.rstrip("0").ljust(minimum_places, "0")
        return f"{whole}.{decimals}" if decimals else whole
    return f"{text}.{'0' * minimum_places}" if minimum_places else text


def compact_date(day: date) -> str:
    """A date in UN/CEFACT format 102 (YYYYMMDD), as CII wants it."""
    return day.strftime("%Y%m%d")


def states_rate(vat: VatRate) -> bool:
    """"Not subject to VAT" carries no rate at all (BR-O-05..07); every other category states one."""
    return vat.category is not VatCategory.OUT_OF_SCOPE


@dataclass(frozen=True, slots=True)
class ExemptionReason:
    """BT-120 (text, in the document's language) and BT-121 (VATEX code) of a VAT breakdown row."""

    text: str
    code: str


def exemption_reason(vat: VatRate) -> ExemptionReason | None:
    """Why no VAT is charged in this category, or None for S and Z, which must not say (BR-S-10, BR-Z-10)."""
    exemption = vat.exemption
    if exemption is None:
        return None
    return ExemptionReason(_(exemption.wording), exemption.code)


def seller_legal_information(seller: Party) -> str:
    """BT-33: legal form, share capital and registry, as C. com. R123-237 wants them printed."""
    parts = [seller.legal_form.strip()]
    if seller.capital.strip():
        parts.append(_("share capital {capital}").format(capital=seller.capital.strip()))
    registry = seller.rcs.strip()
    if registry and seller.siren and not any(ch.isdigit() for ch in registry):
        registry = f"{registry} {seller.siren}"
    parts.append(registry)
    return ", ".join(part for part in parts if part)


def allowance_charge_reason(item: AllowanceCharge) -> str:
    """BT-97 / BT-104: the merchant's own words, or a generic one, since a reason is mandatory (BR-CO-21/22)."""
    if item.reason.strip():
        return item.reason.strip()
    return _("Surcharge") if item.is_charge else _("Discount")


def line_allowance_reason() -> str:
    """BT-139: lines carry an amount off without a stated reason; BR-CO-23 still wants one."""
    return _("Discount")


def line_charge_reason() -> str:
    """BT-144, for the same reason as `line_allowance_reason` (BR-CO-24)."""
    return _("Surcharge")


def vat_on_debits(doc: InvoiceDocument) -> bool:
    """True when the seller opted to pay VAT on debits: the document then carries the TXD mention."""
    return any(note.subject is NoteSubject.VAT_ON_DEBITS for note in doc.notes)


def accounting_vat(doc: InvoiceDocument) -> tuple[str, Decimal] | None:
    """BT-6 and BT-111, stated only when the VAT accounting currency differs from the invoice's (BR-53)."""
    currency = doc.vat_accounting_currency.strip().upper()
    if not currency or currency == doc.currency.upper() or doc.vat_total_accounting is None:
        return None
    return currency, doc.vat_total_accounting


def credit_note_reason(doc: InvoiceDocument) -> str:
    """Why a credit note was made, stated as a general note (EN 16931 has no field of its own for it)."""
    return doc.reason.strip() if doc.is_credit_note else ""


def delivery_address(doc: InvoiceDocument) -> tuple[str, Address] | None:
    """BG-13/BG-15 as (name, address): the ship-to when it differs from the buyer's address.

    An intra-EU supply of goods must state the country goods were delivered to (BR-IC-12), so such an
    invoice without a separate ship-to states the buyer's own address.
    """
    if doc.ship_to is not None:
        return doc.ship_to_name, doc.ship_to
    if any(row.vat.category is VatCategory.INTRA_EU for row in doc.totals.breakdown):
        return doc.buyer.name, doc.buyer.address
    return None
