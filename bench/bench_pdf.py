"""pdf_render: one-page, 10-line invoices as PDF/A-3 with their Factur-X XML, on one core;
pdf_vs_weasyprint: the same invoice rendered by WeasyPrint from equivalent HTML/CSS, in the same run."""

from __future__ import annotations

import html
from decimal import Decimal

from bench.figures import Figure, timed
from desktop_app import formatting
from desktop_app.documents.invoice_pdf import render_facturx_invoice
from desktop_app.domain.invoice import InvoiceDocument
from desktop_app.domain.tax import standard
from desktop_app.domain.totals import Line
from desktop_app.formats.cii import invoice_to_cii
from desktop_app.paths import resource
from tests.support.invoices import BAKERY, make_document

COUNT = 500
PEER_COUNT = 20


def ten_line_invoice() -> InvoiceDocument:
    lines = [Line(f"Thé vert Sencha {n} - sachet 100 g", Decimal(1 + n % 4), Decimal("14.90") + n,
                  standard("5.5" if n % 2 else "20"), sku=f"THE-{n:03d}") for n in range(10)]
    return make_document(BAKERY, lines)


def _money(amount: Decimal) -> str:
    return html.escape(formatting.money(amount, "EUR", "fr"))


def equivalent_html(doc: InvoiceDocument) -> str:
    """The same content and layout as our invoice, in HTML and CSS, with the same embedded font."""
    font = resource("fonts", "DejaVuSans.ttf").as_uri()
    rows = "".join(f"<tr><td>{html.escape(ln.description)}</td><td>{ln.quantity}</td><td>{_money(ln.unit_price)}</td>"
                   f"<td>{ln.vat.rate} %</td><td>{_money(ln.net_amount)}</td></tr>" for ln in doc.lines)
    vat = "".join(f"<tr><td>{row.vat.rate} %</td><td>{_money(row.base)}</td><td>{_money(row.amount)}</td></tr>"
                  for row in doc.totals.breakdown)
    notes = "".join(f"<p class=note>{html.escape(note.text)}</p>" for note in doc.notes)
    s, b = doc.seller, doc.buyer
    return f"""<html><head><style>
@font-face {{ font-family: DejaVu; src: url({font}); }}
@page {{ size: A4; margin: 18mm;
        @bottom-right {{ content: "Page " counter(page) "/" counter(pages); font-size: 8pt; }} }}
body {{ font-family: DejaVu; font-size: 9pt; color: #222; }}
h1 {{ color: #1f3a5f; text-align: right; margin: 0; }} .parties {{ display: flex; justify-content: space-between; }}
table {{ width: 100%; border-collapse: collapse; margin-top: 8mm; }} th {{ background: #1f3a5f; color: white; }}
td, th {{ padding: 2pt 4pt; }} tr:nth-child(even) td {{ background: #eef1f5; }} .note {{ font-size: 7pt; }}
</style></head><body>
<h1>FACTURE {html.escape(doc.number)}</h1>
<div class=parties><div><b>{html.escape(s.name)}</b><br>{html.escape(s.address.line1)}<br>{s.address.postcode}
 {html.escape(s.address.city)}<br>SIREN {s.siren} · TVA {s.vat_number}</div>
<div><b>{html.escape(b.name)}</b><br>{html.escape(b.address.line1)}<br>{b.address.postcode}
 {html.escape(b.address.city)}</div></div>
<table><tr><th>Description</th><th>Qté</th><th>Prix unitaire HT</th><th>TVA</th><th>Montant HT</th></tr>{rows}</table>
<table style="width: 50%"><tr><th>Taux</th><th>Base</th><th>TVA</th></tr>{vat}</table>
<p style="text-align: right"><b>Total TTC {_money(doc.totals.grand_total)}</b></p>{notes}
</body></html>"""


def run() -> list[Figure]:
    doc = ten_line_invoice()
    render_facturx_invoice(doc, invoice_to_cii(doc))          # fonts registered, caches warm

    def ours() -> None:
        for _ in range(COUNT):
            render_facturx_invoice(doc, invoice_to_cii(doc))

    seconds, _none = timed(ours)
    rate = COUNT / seconds
    figures = [Figure("pdf_render", rate, "invoices/s", None, None, ">= 50", rate >= 50)]
    try:
        import weasyprint
    except ImportError:                                       # the bench extra is not installed
        return figures
    page = equivalent_html(doc)
    weasyprint.HTML(string=page).write_pdf()

    def theirs() -> None:
        for _ in range(PEER_COUNT):
            weasyprint.HTML(string=page).write_pdf()

    peer_seconds, _none = timed(theirs)
    peer_rate = PEER_COUNT / peer_seconds
    ratio = rate / peer_rate
    figures.append(Figure("pdf_vs_weasyprint", ratio, "x", f"WeasyPrint {peer_rate:.1f} invoices/s, same invoice",
                          ratio, ">= 20", ratio >= 20))
    return figures
