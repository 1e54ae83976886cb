"""The invoice's line table: which columns show, and each line's cells in the document's language."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.documents.formatting import Formatter
from desktop_app.documents.pen import Pen
from desktop_app.documents.table import Table, TableColumn, TableRow
from desktop_app.documents.template import Column, DocumentTemplate
from desktop_app.domain.invoice import InvoiceDocument
from desktop_app.domain.tax import VatCategory, VatRate
from desktop_app.domain.totals import Line
from desktop_app.i18n import N_, _

# UN/ECE Recommendation 20 unit codes as printed; C62 ("one") prints nothing.
UNIT_NAMES = {
    "C62": "", "H87": N_("pc"), "EA": N_("pc"), "XPP": N_("pc"), "SET": N_("set"), "PR": N_("pair"),
    "HUR": N_("h"), "MIN": N_("min"), "DAY": N_("day"), "WEE": N_("week"), "MON": N_("month"),
    "ANN": N_("year"), "KGM": "kg", "GRM": "g", "TNE": "t", "MTR": "m", "CMT": "cm", "KMT": "km",
    "MTK": "m²", "MTQ": "m³", "LTR": "l", "MLT": "ml", "KWH": "kWh",
}

# What a zero-VAT category is called in the VAT column and the VAT breakdown.
CATEGORY_NAMES = {
    VatCategory.ZERO_RATED: N_("0 % (zero-rated)"),
    VatCategory.EXEMPT: N_("Exempt"),
    VatCategory.REVERSE_CHARGE: N_("Reverse charge"),
    VatCategory.INTRA_EU: N_("Intra-EU"),
    VatCategory.EXPORT: N_("Export"),
    VatCategory.OUT_OF_SCOPE: N_("Out of scope"),
}


def vat_label(vat: VatRate, fmt: Formatter) -> str:
    """'20 %' for a standard rate, the category's name otherwise."""
    if vat.category is VatCategory.STANDARD:
        return fmt.percent(vat.rate)
    return _(CATEGORY_NAMES[vat.category])


def unit_label(code: str) -> str:
    name = UNIT_NAMES.get(code.upper())
    if name is None:
        return code
    return _(name) if name else ""


def visible_columns(document: InvoiceDocument, template: DocumentTemplate) -> list[Column]:
    """The template's optional columns, adjusted so no mandatory mention can be hidden: the VAT rate
    shows whenever lines carry different rates, a discount whenever a line has one; a column with
    nothing to show is dropped."""
    shown = set(template.columns)
    has_discount = any(line.allowance or line.charge for line in document.lines)
    if len({line.vat for line in document.lines}) > 1:
        shown.add(Column.VAT_RATE)
    if has_discount:
        shown.add(Column.DISCOUNT)
    else:
        shown.discard(Column.DISCOUNT)
    if not any(line.sku for line in document.lines):
        shown.discard(Column.SKU)
    if not any(unit_label(line.unit_code) for line in document.lines):
        shown.discard(Column.UNIT)
    return [column for column in Column if column in shown]


def _discount(line: Line, currency: str, fmt: Formatter) -> str:
    net = line.charge - line.allowance
    if not net:
        return ""
    text = fmt.money(net, currency)
    return text if net < 0 else "+" + text


def line_table(pen: Pen, document: InvoiceDocument, template: DocumentTemplate, fmt: Formatter) -> Table:
    """The lines of `document` as a measured table spanning the content width."""
    columns = visible_columns(document, template)
    currency = document.currency
    headers: list[TableColumn] = []
    if Column.SKU in columns:
        headers.append(TableColumn(_("Ref."), align="left"))
    headers += [TableColumn(_("Description"), align="left", wraps=True), TableColumn(_("Qty"))]
    if Column.UNIT in columns:
        headers.append(TableColumn(_("Unit"), align="left"))
    headers.append(TableColumn(_("Unit price excl. VAT")))
    if Column.DISCOUNT in columns:
        headers.append(TableColumn(_("Discount")))
    if Column.VAT_RATE in columns:
        headers.append(TableColumn(_("VAT"), align="centre"))
    headers.append(TableColumn(_("Amount excl. VAT")))
    rows = []
    for line in document.lines:
        cells: list[str] = []
        if Column.SKU in columns:
            cells.append(line.sku)
        cells += [line.description, fmt.quantity(line.quantity)]
        if Column.UNIT in columns:
            cells.append(unit_label(line.unit_code))
        cells.append(fmt.unit_price(line.unit_price, currency))
        if Column.DISCOUNT in columns:
            cells.append(_discount(line, currency, fmt))
        if Column.VAT_RATE in columns:
            cells.append(vat_label(line.vat, fmt))
        cells.append(fmt.money(line.net_amount, currency))
        rows.append(TableRow(tuple(cells)))
    style = pen.style
    return Table(pen, headers, rows, style.left, style.content_width)


def signed_amount(amount: Decimal, is_charge: bool) -> Decimal:
    """Allowances print as negative amounts, charges as positive ones."""
    return amount if is_charge else -amount
