"""Column labels of the "Advanced Order Export For WooCommerce" plugin CSV.

Each field lists the English label first and the French label (back office in French) second,
then other spellings seen across plugin versions. Users can rename and reorder columns, so the
reader finds them by name, never by position.
"""

from __future__ import annotations


def _side(field: str, english: str, french: str, *others: str) -> dict[str, tuple[str, ...]]:
    return {f"billing_{field}": (f"{english} (Billing)", f"{french} (facturation)",
                                 *(f"{o} (Billing)" for o in others)),
            f"shipping_{field}": (f"{english} (Shipping)", f"{french} (livraison)",
                                  *(f"{o} (Shipping)" for o in others))}


ALIASES: dict[str, tuple[str, ...]] = {
    "order_number": ("Order Number", "Numéro de commande", "N° de commande"),
    "order_id": ("Order ID", "ID de commande", "Order Id", "ID commande"),
    "status": ("Order Status", "État de la commande", "Statut de la commande", "Statut"),
    "date": ("Order Date", "Date de commande", "Date de la commande"),
    "note": ("Customer Note", "Note du client", "\u0421ustomer Note"),  # old versions: Cyrillic 'С'
    **_side("first_name", "First Name", "Prénom"),
    **_side("last_name", "Last Name", "Nom"),
    **_side("full_name", "Full Name", "Nom complet"),
    **_side("company", "Company", "Société", "Entreprise"),
    **_side("address", "Address 1&2", "Adresse 1&2"),
    **_side("address_1", "Address 1", "Adresse 1"),
    **_side("address_2", "Address 2", "Adresse 2"),
    **_side("city", "City", "Ville"),
    **_side("state", "State Code", "Code région", "State"),
    **_side("postcode", "Postcode", "Code postal", "Zip"),
    **_side("country", "Country Code", "Code pays", "Country Name"),
    **_side("phone", "Phone", "Téléphone"),
    "billing_email": ("Email (Billing)", "E-mail (facturation)", "Email (facturation)"),
    "vat_number": ("VAT Number", "Numéro de TVA", "VAT Number (Billing)", "Numéro de TVA (facturation)"),
    "payment_title": ("Payment Method Title", "Titre du moyen de paiement"),
    "payment_gateway": ("Payment Method", "Moyen de paiement"),
    "transaction_id": ("Transaction ID", "ID de transaction", "Transaction Id"),
    "currency": ("Currency", "Devise"),
    "sku": ("SKU", "UGS"),
    "item_number": ("Item #", "Article #"),
    "item_name": ("Item Name", "Nom de l'article", "Name", "Product Name", "Nom du produit"),
    "quantity_net": ("Quantity (- Refund)", "Quantité (- remboursement)"),
    "quantity": ("Quantity", "Quantité"),
    "item_cost": ("Item Cost", "Coût de l'article"),
    "line_net": ("Order Line (w/o tax)", "Ligne de commande (HT)"),
    "line_tax": ("Order Line Tax", "Taxe de la ligne de commande"),
    "item_tax_rate": ("Item Tax Rate", "Taux de taxe de l'article"),
    "coupon_code": ("Coupon Code", "Code promo"),
    "coupon_amount": ("Discount Amount", "Montant de la remise"),
    "coupon_tax": ("Discount Amount Tax", "Taxe sur la remise"),
    "cart_discount": ("Cart Discount Amount", "Montant de la remise du panier"),
    "subtotal": ("Order Subtotal Amount", "Sous-total de la commande"),
    "shipping_method": ("Shipping Method Title", "Titre du mode de livraison"),
    "shipping": ("Order Shipping Amount", "Montant de la livraison"),
    "shipping_tax": ("Order Shipping Tax Amount", "Taxe de livraison de la commande"),
    "fees": ("Order Total Fee", "Total des frais de la commande"),
    "refund": ("Order Refund Amount", "Montant du remboursement de la commande"),
    "refund_date": ("Date of first refund", "Date du premier remboursement"),
    "total": ("Order Total Amount", "Montant total de la commande"),
    "total_tax": ("Order Total Tax Amount", "Montant total des taxes de la commande"),
}

REQUIRED = ("order_number", "status", "date", "item_name", "total", "total_tax")

# Status labels the plugin prints, English then French (WooCommerce's own translations).
STATUS_LABELS = {
    "pending": ("Pending payment", "Attente paiement"), "processing": ("Processing", "En cours"),
    "on-hold": ("On hold", "En attente"), "completed": ("Completed", "Terminée"),
    "cancelled": ("Cancelled", "Annulée"), "refunded": ("Refunded", "Remboursée"),
    "failed": ("Failed", "Échouée"),
}
