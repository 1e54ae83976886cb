"""Realistic invoices and credit notes of a small French shop and studio, for any test that needs one.

Every builder returns a complete InvoiceDocument whose totals come from the domain's own arithmetic
(`compute_totals`, or `from_tax_inclusive` for shop orders stated VAT included).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from desktop_app.domain.invoice import (
    DocumentKind,
    InvoiceDocument,
    Note,
    NoteSubject,
    Party,
    PaymentInstructions,
    PaymentMeans,
    PrecedingInvoice,
)
from desktop_app.domain.money import ZERO, round_amount
from desktop_app.domain.parties import Address
from desktop_app.domain.tax import VatCategory, no_vat, standard
from desktop_app.domain.tax_inclusive import GrossAdjustment, GrossLine, from_tax_inclusive
from desktop_app.domain.totals import AllowanceCharge, Line, compute_totals

D = Decimal
ISSUED = date(2026, 11, 24)
S20, S10, S55 = standard("20"), standard("10"), standard("5.5")

SELLER = Party(
    name="Atelier Papier Comptoir", address=Address("12 rue des Petites Écuries", "", "75010", "Paris"),
    siren="732829320", siret="73282932000074", vat_number="FR44732829320",
    email="factures@atelier-comptoir.fr", phone="+33 1 42 00 12 34", contact="Claire Dubois",
    legal_form="SAS", capital="10 000 €", rcs="RCS Paris",
)
SELLER_IBAN = PaymentInstructions(
    means=PaymentMeans.SEPA_TRANSFER, iban="FR7630006000011234567890189", bic="AGRIFRPP",
    account_name="Atelier Papier Comptoir", terms="Paiement à 30 jours fin de mois par virement",
)
BAKERY = Party(
    name="Boulangerie Martin SARL", address=Address("4 place des Terreaux", "", "69001", "Lyon"),
    siren="552100554", siret="55210055400005", vat_number="FR96552100554",
    email="compta@boulangerie-martin.fr", contact="Paul Martin",
)
CONSUMER = Party(
    name="Camille Durand", address=Address("8 allée des Tilleuls", "Bât. B", "33000", "Bordeaux"),
    email="camille.durand@example.fr", is_business=False,
)
GERMAN_BUSINESS = Party(
    name="Müller Werkzeuge GmbH", address=Address("Friedrichstraße 68", "", "10117", "Berlin", "DE"),
    vat_number="DE136695976", email="rechnungen@mueller-werkzeuge.de", contact="Jana Müller",
)
BELGIAN_BUSINESS = Party(
    name="Brasserie Lambiek BV", address=Address("Rue du Marché au Charbon 21", "", "1000", "Bruxelles", "BE"),
    vat_number="BE0403170701", email="facturen@lambiek.be",
)
US_BUSINESS = Party(
    name="Blue Harbor Trading LLC", address=Address("220 NW 8th Ave", "", "97209", "Portland", "US", "OR"),
    email="ap@blueharbor.example.com", contact="Dana Whitfield",
)


def legal_notes(bar: str = "B2B", *, consumer: bool = False) -> tuple[Note, ...]:
    """The payment mentions the French rules look for (BR-FR-05), and the kind of buyer (BR-FR-20)."""
    if consumer:
        notes = (
            Note("Pénalités de retard : taux d'intérêt légal en vigueur.", NoteSubject.PENALTIES),
            Note("Indemnité forfaitaire pour frais de recouvrement : non applicable (client consommateur).",
                 NoteSubject.INDEMNITY),
            Note("Pas d'escompte pour paiement anticipé.", NoteSubject.DISCOUNT),
        )
    else:
        notes = (
            Note("Pénalités de retard : taux de la BCE majoré de 10 points, exigibles dès le lendemain de "
                 "l'échéance.", NoteSubject.PENALTIES),
            Note("Indemnité forfaitaire pour frais de recouvrement : 40 €.", NoteSubject.INDEMNITY),
            Note("Pas d'escompte pour paiement anticipé.", NoteSubject.DISCOUNT),
        )
    return (*notes, Note(bar, NoteSubject.BUYER_TYPE))


def make_document(buyer: Party, lines: Sequence[Line], adjustments: Sequence[AllowanceCharge] = (), *,
                  number: str = "F2026-00042", prepaid: Decimal = ZERO, rounding: Decimal = ZERO,
                  **fields: object) -> InvoiceDocument:
    """An invoice from net lines, with its totals computed by the domain."""
    values: dict[str, object] = {
        "kind": DocumentKind.INVOICE, "number": number, "issue_date": ISSUED, "currency": "EUR",
        "language": "fr", "seller": SELLER, "buyer": buyer, "lines": tuple(lines),
        "allowances_charges": tuple(adjustments),
        "totals": compute_totals(lines, adjustments, prepaid=prepaid, rounding=rounding),
        "due_date": ISSUED + timedelta(days=30), "payment": SELLER_IBAN, "notes": legal_notes(),
    }
    values.update(fields)
    return InvoiceDocument(**values)  # type: ignore[arg-type]


def b2b_invoice() -> InvoiceDocument:
    """Design work and printed goods for a Lyon bakery, VAT on debits, paid by transfer in 30 days."""
    lines = [
        Line("Conception graphique - identité visuelle", D(12), D("95.00"), S20, unit_code="HUR"),
        Line("Impression cartes de visite (boîte de 500)", D(2), D("45.00"), S20, allowance=D("9.00"),
             sku="CDV-500"),
    ]
    notes = (*legal_notes("B2B"), Note("Option pour le paiement de la taxe d'après les débits.",
                                       NoteSubject.VAT_ON_DEBITS))
    return make_document(
        BAKERY, lines, operation_category="M1", notes=notes, delivery_date=date(2026, 11, 20),
        purchase_order_reference="BC-2026-118", buyer_reference="SERVICE-ACHATS",
        payment=replace(SELLER_IBAN, reference="F2026-00042"))


def b2c_shop_order() -> InvoiceDocument:
    """A web order stated VAT included, paid by bank transfer after checkout; its total needs a cent of
    rounding (BT-114) so that the invoice asks exactly what the customer was told."""
    order = from_tax_inclusive(
        [GrossLine("Tasse émaillée bleue", D(2), D("12.99"), S20, sku="TAS-BLEU"),
         GrossLine("Carnet de croquis A5", D(1), D("4.99"), S20, sku="CRN-A5")],
        [GrossAdjustment(True, D("5.90"), "Livraison Colissimo", S20)],
        paid_total=D("36.87"))
    return make_document(
        CONSUMER, order.lines, order.allowances_charges, number="F2026-00043", totals=order.totals,
        notes=legal_notes("B2C", consumer=True), sales_order_reference="WEB-1042",
        delivery_date=date(2026, 11, 22), due_date=ISSUED + timedelta(days=7),
        ship_to=Address("3 rue Sainte-Catherine", "", "33000", "Bordeaux"), ship_to_name="Louise Durand",
        payment=replace(SELLER_IBAN, terms="Payable à réception par virement", reference="WEB-1042"))


def mixed_rates_order() -> InvoiceDocument:
    """Books at 5.5 % and stationery at 20 %, shipping and a discount code spread over both rates,
    paid with PayPal at checkout (BT-23 B2: already paid)."""
    order = from_tax_inclusive(
        [GrossLine("Le Petit Prince (livre illustré)", D(2), D("9.90"), S55, sku="LIV-PP"),
         GrossLine("Affiche illustrée 30x40", D(1), D("24.90"), S20, sku="AFF-3040"),
         GrossLine("Marque-pages en laiton", D(3), D("2.50"), S20, sku="MP-LAITON")],
        [GrossAdjustment(True, D("5.90"), "Livraison Mondial Relay"),
         GrossAdjustment(False, D("5.00"), "Code promo BIENVENUE5")],
        paid_total=D("53.10"), prepaid=D("53.10"))
    return make_document(
        CONSUMER, order.lines, order.allowances_charges, number="F2026-00044", totals=order.totals,
        notes=legal_notes("B2C", consumer=True), sales_order_reference="WEB-1043", operation_category="B2",
        delivery_date=date(2026, 11, 21), due_date=ISSUED,
        payment=PaymentInstructions(PaymentMeans.ONLINE_SERVICE, paid_by="PayPal", reference="WEB-1043"))


def reverse_charge_invoice() -> InvoiceDocument:
    """Consulting for a German company: B2B services, VAT due by the customer (AE)."""
    reverse = no_vat(VatCategory.REVERSE_CHARGE)
    lines = [Line("UX audit of the online shop", D(3), D("650.00"), reverse, unit_code="DAY"),
             Line("Training workshop (video call)", D(1), D("400.00"), reverse)]
    return make_document(
        GERMAN_BUSINESS, lines, number="F2026-00045", language="en", operation_category="S1",
        notes=legal_notes("B2BINT"), delivery_date=date(2026, 11, 18),
        payment=replace(SELLER_IBAN, terms="Payment within 30 days by SEPA transfer"))


def intra_eu_invoice() -> InvoiceDocument:
    """Screen prints sold to a Belgian brewery and shipped to its warehouse (K)."""
    exempt = no_vat(VatCategory.INTRA_EU)
    lines = [Line("Affiches sérigraphiées 50x70", D(40), D("18.50"), exempt, sku="SER-5070")]
    return make_document(
        BELGIAN_BUSINESS, lines, [AllowanceCharge(True, D("35.00"), exempt, "Transport DPD")],
        number="F2026-00046", notes=legal_notes("B2BINT"), delivery_date=date(2026, 11, 19),
        ship_to=Address("Boulevard Industriel 96", "", "1070", "Anderlecht", "BE"),
        ship_to_name="Brasserie Lambiek - entrepôt")


def export_invoice() -> InvoiceDocument:
    """Hand-bound notebooks exported to a US retailer (G), paid by international transfer."""
    export = no_vat(VatCategory.EXPORT)
    lines = [Line("Hand-bound notebook, A5, 120 pages", D(120), D("14.00"), export, sku="CRN-RELIE")]
    return make_document(
        US_BUSINESS, lines, [AllowanceCharge(True, D("180.00"), export, "Air freight")],
        number="F2026-00047", language="en", notes=legal_notes("B2BINT"), delivery_date=date(2026, 11, 17),
        payment=replace(SELLER_IBAN, means=PaymentMeans.TRANSFER, terms="Payment within 30 days by wire transfer"))


FRANCHISE_SELLER = Party(
    name="Léa Morel EI", address=Address("27 rue Saint-Pierre", "", "44000", "Nantes"),
    siren="818131344", siret="81813134400009", tax_registration="81813134400009",
    email="contact@leamorel-photo.fr", phone="+33 6 12 34 56 78",
)


def franchise_invoice() -> InvoiceDocument:
    """A photographer under the franchise en base (art. 293 B CGI): no VAT, category E."""
    exempt = no_vat(VatCategory.EXEMPT)
    lines = [Line("Reportage photo - inauguration du magasin", D(1), D("650.00"), exempt),
             Line("Retouche et livraison de photos", D(40), D("6.50"), exempt)]
    return make_document(
        BAKERY, lines, number="LM-2026-017", seller=FRANCHISE_SELLER, operation_category="S1",
        delivery_date=date(2026, 11, 15),
        payment=replace(SELLER_IBAN, iban="FR7610107001011234567890129", bic="BREDFRPP",
                        account_name="Léa Morel", terms="Paiement à 30 jours par virement"))


NORTHWIND = Party(
    name="Northwind Studio SAS", address=Address("18 quai de la Rapée", "", "75012", "Paris"),
    siren="443061841", vat_number="FR64443061841", email="ap@northwind-studio.fr",
)
USD_PER_EUR = D("1.0850")


def usd_invoice() -> InvoiceDocument:
    """Design services billed in US dollars; the VAT total is also stated in euros (BR-FR-CO-12)."""
    lines = [Line("Packaging design - US product line", D(1), D("2400.00"), S20),
             Line("Print-ready files and colour proofs", D(6), D("85.00"), S20)]
    document = make_document(
        NORTHWIND, lines, number="F2026-00048", currency="USD", operation_category="S1",
        delivery_date=date(2026, 11, 16), exchange_rate=USD_PER_EUR, exchange_rate_date=date(2026, 11, 23),
        payment=replace(SELLER_IBAN, terms="Payment within 30 days by transfer (USD)"))
    return replace(document, vat_accounting_currency="EUR",
                   vat_total_accounting=round_amount(document.totals.vat_total / USD_PER_EUR))


LIBRARY = Party(
    name="Librairie des Quais SARL", address=Address("5 quai de la Fosse", "", "44000", "Nantes"),
    siren="542065479", siret="54206547900009", vat_number="FR82542065479", email="achats@librairie-quais.fr",
)


def paid_at_checkout_invoice() -> InvoiceDocument:
    """A bookshop's order on the web shop, paid by card through Stripe at checkout (B2: already paid)."""
    lines = [Line("Carte postale illustrée (lot de 50)", D(4), D("32.50"), S20, sku="CP-LOT50"),
             Line("Présentoir en bois", D(1), D("58.00"), S20, sku="PRES-BOIS")]
    shipping = [AllowanceCharge(True, D("9.90"), S20, "Livraison express")]
    grand_total = compute_totals(lines, shipping).grand_total
    return make_document(
        LIBRARY, lines, shipping, number="F2026-00049", prepaid=grand_total, operation_category="B2",
        sales_order_reference="WEB-1044", delivery_date=date(2026, 11, 23), due_date=ISSUED,
        payment=PaymentInstructions(PaymentMeans.CARD, paid_by="Stripe", reference="WEB-1044"))


def credit_note() -> InvoiceDocument:
    """A partial refund of the bakery's invoice: some business cards were misprinted."""
    lines = [Line("Remboursement partiel - cartes de visite mal imprimées", D(1), D("36.00"), S20)]
    return make_document(
        BAKERY, lines, kind=DocumentKind.CREDIT_NOTE, number="AV2026-00003", operation_category="B1",
        preceding_invoice=PrecedingInvoice("F2026-00042", ISSUED - timedelta(days=10)),
        reason="Cartes de visite mal imprimées (lot de 500).", due_date=ISSUED + timedelta(days=15),
        payment=replace(SELLER_IBAN, terms="Remboursement par virement sous 15 jours"))


ASSOCIATION = Party(
    name="Les Amis du Livre", address=Address("2 rue de la Bibliothèque", "", "35000", "Rennes"),
    siren="404833048", email="tresorerie@amisdulivre.fr", legal_form="Association loi 1901",
)


def out_of_scope_invoice() -> InvoiceDocument:
    """A membership fee called by an association that is not subject to VAT (O)."""
    lines = [Line("Cotisation annuelle 2027", D(1), D("35.00"), no_vat(VatCategory.OUT_OF_SCOPE))]
    return make_document(
        CONSUMER, lines, number="ADH-2026-112", seller=ASSOCIATION, operation_category="S1",
        notes=legal_notes("B2C", consumer=True), due_date=ISSUED + timedelta(days=15),
        payment=replace(SELLER_IBAN, iban="FR7612548029981234567890161", bic="AXABFRPP",
                        account_name="Les Amis du Livre", terms="Payable par virement sous 15 jours"))


CASES: dict[str, Callable[[], InvoiceDocument]] = {
    "b2b": b2b_invoice,
    "b2c_rounding": b2c_shop_order,
    "mixed_rates": mixed_rates_order,
    "reverse_charge_de": reverse_charge_invoice,
    "intra_eu_be": intra_eu_invoice,
    "export_us": export_invoice,
    "franchise": franchise_invoice,
    "usd": usd_invoice,
    "paid_at_checkout": paid_at_checkout_invoice,
    "credit_note": credit_note,
    "out_of_scope": out_of_scope_invoice,
}
