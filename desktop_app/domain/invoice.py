"""An invoice or credit note as a document: everything the PDF, the Factur-X XML and the UBL
writers need, as plain values. Built by the services from the store; checked here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from desktop_app.domain.parties import Address
from desktop_app.domain.totals import AllowanceCharge, Line, Totals


class DocumentKind(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"

    @property
    def type_code(self) -> str:
        """UNTDID 1001 code (BT-3): 380 commercial invoice, 381 credit note."""
        return "381" if self is DocumentKind.CREDIT_NOTE else "380"


class InvoiceState(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"


# The only legal move: a draft becomes an issued document. An issued one is corrected by a credit note.
ALLOWED = frozenset({(InvoiceState.DRAFT, InvoiceState.ISSUED)})


class NoteSubject(StrEnum):
    """UNTDID 4451 subject codes of invoice notes (BT-21) that French rules look for."""

    GENERAL = "AAI"
    PENALTIES = "PMD"          # late-payment penalty rate (BR-FR-05)
    INDEMNITY = "PMT"          # 40 EUR fixed recovery indemnity (BR-FR-05)
    DISCOUNT = "AAB"           # early-payment discount terms (BR-FR-05)
    BUYER_TYPE = "BAR"         # B2B / B2C
    VAT_ON_DEBITS = "TXD"      # "Option pour le paiement de la taxe d'après les débits"
    LEGAL = "ABL"              # legal information (exemption wording, seller legal details)


class PaymentMeans(StrEnum):
    """UNTDID 4461 payment means codes (BT-81)."""

    SEPA_TRANSFER = "58"
    TRANSFER = "30"
    CARD = "48"
    ONLINE_SERVICE = "68"      # PayPal, Stripe and other payment services
    CHEQUE = "20"
    CASH = "10"
    UNKNOWN = "1"


@dataclass(frozen=True, slots=True)
class Party:
    """Seller (BG-4) or buyer (BG-7)."""

    name: str
    address: Address
    siren: str = ""            # BT-30 / BT-47, scheme 0002
    siret: str = ""
    vat_number: str = ""       # BT-31 / BT-48
    email: str = ""
    phone: str = ""
    contact: str = ""
    legal_form: str = ""
    capital: str = ""
    rcs: str = ""
    is_business: bool = True
    # BT-32 (scheme FC): a seller without a VAT number (franchise en base, art. 293 B CGI) still has to
    # identify itself for tax when it issues VAT-exempt lines (EN 16931 BR-E-02).
    tax_registration: str = ""

    @property
    def electronic_address(self) -> tuple[str, str] | None:
        """BT-34 / BT-49 as (scheme, value): SIREN-based (0225) for French businesses, else e-mail."""
        if self.siren:
            return ("0225", self.siren)
        if self.email:
            return ("EM", self.email)
        return None


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    subject: NoteSubject = NoteSubject.GENERAL


@dataclass(frozen=True, slots=True)
class PaymentInstructions:
    """How to pay (BG-16): means, the seller's account, and the payment reference (BT-83)."""

    means: PaymentMeans = PaymentMeans.SEPA_TRANSFER
    iban: str = ""
    bic: str = ""
    account_name: str = ""
    reference: str = ""
    terms: str = ""            # BT-20, in words
    paid_by: str = ""          # gateway that took the payment at checkout, if any


@dataclass(frozen=True, slots=True)
class PrecedingInvoice:
    """The invoice a credit note corrects (BT-25, BT-26)."""

    number: str
    issue_date: date


@dataclass(frozen=True, slots=True)
class InvoiceDocument:
    """A complete invoice or credit note. Amounts of a credit note are positive (type code 381)."""

    kind: DocumentKind
    number: str                                # "" on a draft preview
    issue_date: date
    currency: str
    language: str                              # the document's language, not the UI's
    seller: Party
    buyer: Party
    lines: tuple[Line, ...]
    totals: Totals
    allowances_charges: tuple[AllowanceCharge, ...] = ()
    due_date: date | None = None
    delivery_date: date | None = None          # BT-72
    ship_to: Address | None = None             # BG-15, when it differs from the buyer's address
    ship_to_name: str = ""
    sales_order_reference: str = ""            # BT-14: the shop's order number
    buyer_reference: str = ""                  # BT-10
    purchase_order_reference: str = ""         # BT-13
    preceding_invoice: PrecedingInvoice | None = None
    payment: PaymentInstructions = field(default_factory=PaymentInstructions)
    notes: tuple[Note, ...] = ()
    vat_accounting_currency: str = ""          # BT-6: "EUR" when the invoice currency is not
    vat_total_accounting: Decimal | None = None   # BT-111
    exchange_rate: Decimal | None = None       # units of `currency` for 1 EUR, stated with BT-111
    exchange_rate_date: date | None = None
    operation_category: str = "B1"             # BT-23: B goods, S services, M both (BR-FR-08)
    reason: str = ""                           # why a credit note was made

    @property
    def is_credit_note(self) -> bool:
        return self.kind is DocumentKind.CREDIT_NOTE
