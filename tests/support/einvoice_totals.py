"""Read the document totals back out of CII or UBL XML, to compare them with the invoice's own."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from desktop_app.domain.invoice import InvoiceDocument
from desktop_app.domain.tax import VatCategory

RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ZERO = Decimal("0.00")

BreakdownRow = tuple[str, Decimal | None, Decimal, Decimal]   # category, rate, base BT-116, VAT BT-117


@dataclass(frozen=True, slots=True)
class StatedTotals:
    """BT-106..BT-115 and the VAT breakdown, as an e-invoice states them."""

    line_total: Decimal
    allowance_total: Decimal
    charge_total: Decimal
    tax_basis: Decimal
    vat_total: Decimal
    grand_total: Decimal
    prepaid: Decimal
    rounding: Decimal
    amount_due: Decimal
    breakdown: tuple[BreakdownRow, ...]
    vat_total_accounting: Decimal | None = None


def expected_totals(doc: InvoiceDocument) -> StatedTotals:
    """What the XML of `doc` must state."""
    t = doc.totals
    rows = tuple((row.vat.category.value,
                  None if row.vat.category is VatCategory.OUT_OF_SCOPE else Decimal(row.vat.rate),
                  row.base, row.amount) for row in t.breakdown)
    accounting = doc.vat_total_accounting if doc.vat_accounting_currency else None
    return StatedTotals(t.line_total, t.allowance_total, t.charge_total, t.tax_basis, t.vat_total,
                        t.grand_total, t.prepaid, t.rounding, t.amount_due, rows, accounting)


def _decimal(element: etree._Element | None) -> Decimal:
    return ZERO if element is None or element.text is None else Decimal(element.text)


def cii_totals(xml: bytes, currency: str) -> StatedTotals:
    root = etree.fromstring(xml)
    settlement = root.find(f".//{{{RAM}}}ApplicableHeaderTradeSettlement")
    assert settlement is not None
    summation = settlement.find(f"{{{RAM}}}SpecifiedTradeSettlementHeaderMonetarySummation")
    assert summation is not None

    def amount(tag: str) -> Decimal:
        return _decimal(summation.find(f"{{{RAM}}}{tag}"))

    vat_totals = {e.get("currencyID"): Decimal(e.text or "0") for e in summation.findall(f"{{{RAM}}}TaxTotalAmount")}
    rows = []
    for tax in settlement.findall(f"{{{RAM}}}ApplicableTradeTax"):
        rate = tax.find(f"{{{RAM}}}RateApplicablePercent")
        rows.append((tax.findtext(f"{{{RAM}}}CategoryCode") or "", None if rate is None else _decimal(rate),
                     _decimal(tax.find(f"{{{RAM}}}BasisAmount")), _decimal(tax.find(f"{{{RAM}}}CalculatedAmount"))))
    accounting = [value for code, value in vat_totals.items() if code != currency]
    return StatedTotals(
        amount("LineTotalAmount"), amount("AllowanceTotalAmount"), amount("ChargeTotalAmount"),
        amount("TaxBasisTotalAmount"), vat_totals.get(currency, ZERO), amount("GrandTotalAmount"),
        amount("TotalPrepaidAmount"), amount("RoundingAmount"), amount("DuePayableAmount"), tuple(rows),
        accounting[0] if accounting else None)


def ubl_totals(xml: bytes, currency: str) -> StatedTotals:
    root = etree.fromstring(xml)
    monetary = root.find(f"{{{CAC}}}LegalMonetaryTotal")
    assert monetary is not None

    def amount(tag: str) -> Decimal:
        return _decimal(monetary.find(f"{{{CBC}}}{tag}"))

    vat_total, accounting, rows = ZERO, None, []
    for total in root.findall(f"{{{CAC}}}TaxTotal"):
        tax_amount = total.find(f"{{{CBC}}}TaxAmount")
        assert tax_amount is not None
        if tax_amount.get("currencyID") != currency:
            accounting = _decimal(tax_amount)
            continue
        vat_total = _decimal(tax_amount)
        for subtotal in total.findall(f"{{{CAC}}}TaxSubtotal"):
            category = subtotal.find(f"{{{CAC}}}TaxCategory")
            assert category is not None
            rate = category.find(f"{{{CBC}}}Percent")
            rows.append((category.findtext(f"{{{CBC}}}ID") or "", None if rate is None else _decimal(rate),
                         _decimal(subtotal.find(f"{{{CBC}}}TaxableAmount")),
                         _decimal(subtotal.find(f"{{{CBC}}}TaxAmount"))))
    return StatedTotals(
        amount("LineExtensionAmount"), amount("AllowanceTotalAmount"), amount("ChargeTotalAmount"),
        amount("TaxExclusiveAmount"), vat_total, amount("TaxInclusiveAmount"), amount("PrepaidAmount"),
        amount("PayableRoundingAmount"), amount("PayableAmount"), tuple(rows), accounting)
