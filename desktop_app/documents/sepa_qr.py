"""The EPC069-12 "GiroCode" payload: a SEPA credit transfer a banking app fills in from a QR code."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.domain.invoice import InvoiceDocument, PaymentMeans
from desktop_app.domain.money import round_amount

MAX_AMOUNT = Decimal("999999999.99")
MAX_PAYLOAD_BYTES = 331
_LIMITS = {"name": 70, "structured": 35, "text": 140}


def is_creditor_reference(reference: str) -> bool:
    """True for an ISO 11649 structured creditor reference ("RF18 5390 0754 7034"), checked mod 97."""
    compact = "".join(reference.split()).upper()
    if not (5 <= len(compact) <= 25 and compact.startswith("RF") and compact[2:4].isdigit()
            and compact.isalnum() and compact.isascii()):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def epc_payload(*, name: str, iban: str, amount: Decimal, reference: str, bic: str = "") -> str:
    """The EPC QR payload (version 002, UTF-8, SCT) for `amount` EUR to `iban`.

    The reference goes in the structured field when it is an ISO 11649 creditor reference, else
    in the unstructured remittance text; unused trailing fields are left out, as the standard allows.
    """
    if not Decimal("0.01") <= amount <= MAX_AMOUNT:
        raise ValueError(f"EPC QR amounts are between 0.01 and {MAX_AMOUNT} EUR, not {amount}")
    compact_reference = "".join(reference.split()).upper()
    structured = compact_reference if is_creditor_reference(reference) else ""
    text = "" if structured else " ".join(reference.split())[:_LIMITS["text"]]
    fields = ["BCD", "002", "1", "SCT", "".join(bic.split()).upper(), " ".join(name.split())[:_LIMITS["name"]],
              "".join(iban.split()).upper(), f"EUR{round_amount(amount)}", "", structured, text]
    while fields[-1] == "":
        fields.pop()
    payload = "\n".join(fields)
    if len(payload.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise ValueError("EPC QR payload longer than 331 bytes")
    return payload


def invoice_payload(document: InvoiceDocument) -> str | None:
    """The payload for an invoice payable now by transfer to the seller's IBAN, else None."""
    payment = document.payment
    due = document.totals.amount_due
    if (document.is_credit_note or document.currency != "EUR" or not payment.iban
            or payment.means not in (PaymentMeans.SEPA_TRANSFER, PaymentMeans.TRANSFER)
            or not Decimal("0.01") <= due <= MAX_AMOUNT):
        return None
    return epc_payload(name=payment.account_name or document.seller.name, iban=payment.iban, bic=payment.bic,
                       amount=due, reference=payment.reference or document.number)
