"""An invoice or credit note as a PDF: domain values in, bytes out.

`render_invoice` gives the printable PDF; `render_facturx_invoice` adds the CII XML and the
PDF/A-3 metadata, which is the document the customer receives.
"""

from __future__ import annotations

from desktop_app.documents.blocks import party_block
from desktop_app.documents.flow import Block
from desktop_app.documents.formatting import Formatter, formatter
from desktop_app.documents.invoice_lines import line_table
from desktop_app.documents.invoice_tail import tail_blocks
from desktop_app.documents.pages import Heading, draw_document, heading_block, open_document, right_column
from desktop_app.documents.pdfa import PdfMetadata, make_facturx
from desktop_app.documents.pen import Pen
from desktop_app.documents.template import DEFAULT_TEMPLATE, DocumentTemplate
from desktop_app.domain.invoice import InvoiceDocument
from desktop_app.i18n import _, document_language


def render_invoice(document: InvoiceDocument, template: DocumentTemplate = DEFAULT_TEMPLATE) -> bytes:
    """The invoice or credit note as a PDF, in the document's own language."""
    with document_language(document.language):
        return _render(document, template)


def render_facturx_invoice(document: InvoiceDocument, cii_xml: bytes,
                           template: DocumentTemplate = DEFAULT_TEMPLATE) -> bytes:
    """The PDF/A-3 Factur-X file: the rendered invoice with `cii_xml` embedded as factur-x.xml."""
    with document_language(document.language):
        pdf = _render(document, template)
        metadata = invoice_metadata(document)
    return make_facturx(pdf, cii_xml, metadata)


def document_title(document: InvoiceDocument) -> str:
    """'Invoice' or 'Credit note', in the active document language."""
    return _("Credit note") if document.is_credit_note else _("Invoice")


def invoice_metadata(document: InvoiceDocument) -> PdfMetadata:
    """Title, author and dates of the PDF, derived from the document so re-rendering is identical."""
    title = f"{document_title(document)} {document.number}".strip()
    subject = _("{title} from {seller} to {buyer}").format(title=title, seller=document.seller.name,
                                                            buyer=document.buyer.name)
    return PdfMetadata(title=title, author=document.seller.name, subject=subject,
                       created=document.issue_date, language=document.language)


def _render(document: InvoiceDocument, template: DocumentTemplate) -> bytes:
    title = f"{document_title(document)} {document.number}".strip()
    buffer, pen = open_document(template, title=title, author=document.seller.name, language=document.language)
    fmt = formatter(document.language)
    heading = Heading(document.seller, document_title(document),
                      document.number or _("Draft: not a valid invoice"), _reference_pairs(document, fmt),
                      document.buyer.address.country)
    draw_document(pen, template, heading_block(pen, template, heading, fmt, *_parties(pen, document, fmt)),
                  line_table(pen, document, template, fmt), tail_blocks(pen, document, template, fmt),
                  running_title=title, seller_name=document.seller.name)
    return buffer.getvalue()


def _parties(pen: Pen, document: InvoiceDocument, fmt: Formatter) -> tuple[Block, Block | None]:
    """The buyer (right, in the envelope window) and the delivery address when it differs (left)."""
    style = pen.style
    right_x, right_width = right_column(pen)
    home = document.seller.address.country
    buyer = party_block(pen, _("Bill to"), document.buyer, fmt, home, right_x, right_width)
    if document.ship_to is None or document.ship_to == document.buyer.address:
        return buyer, None
    ship = party_block(pen, _("Deliver to"), document.buyer, fmt, home, style.left, style.content_width * 0.5,
                       address=document.ship_to, name=document.ship_to_name or document.buyer.name,
                       identifiers=False)
    return buyer, ship


def _reference_pairs(document: InvoiceDocument, fmt: Formatter) -> list[tuple[str, str]]:
    """Dates and references of the document, as label/value pairs."""
    pairs = [(_("Issue date"), fmt.date(document.issue_date))]
    if document.delivery_date is not None:
        pairs.append((_("Delivery date"), fmt.date(document.delivery_date)))
    if document.due_date is not None and not document.is_credit_note:
        pairs.append((_("Due date"), fmt.date(document.due_date)))
    if document.preceding_invoice is not None:
        preceding = document.preceding_invoice
        pairs.append((_("Corrects invoice"), _("{number} of {date}").format(
            number=preceding.number, date=fmt.date(preceding.issue_date))))
    if document.sales_order_reference:
        pairs.append((_("Order"), document.sales_order_reference))
    if document.purchase_order_reference:
        pairs.append((_("Purchase order"), document.purchase_order_reference))
    if document.buyer_reference:
        pairs.append((_("Your reference"), document.buyer_reference))
    return pairs
