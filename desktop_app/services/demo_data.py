"""The demo shop's cast: a French tea house, its catalogue and its customers' names."""

from __future__ import annotations

from decimal import Decimal

COMPANY = {
    "name": "Maison Lumière", "legal_form": "SAS", "capital": "20 000 €", "rcs": "RCS Lyon",
    "address": "12 rue des Capucins", "postcode": "69001", "city": "Lyon", "country": "FR",
    "email": "bonjour@maison-lumiere.example", "phone": "+33 4 78 00 12 34",
    "website": "https://maison-lumiere.example", "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP",
    "vat_regime": "debits", "currency": "EUR",
}
COMPANY_SIREN_BASE = "83214567"   # + Luhn check digit

# (sku, name, price incl. VAT in EUR, VAT rate)
PRODUCTS = [
    ("THE-SEN-100", "Sencha Kagoshima 100 g", Decimal("14.90"), Decimal("5.5")),
    ("THE-GMA-100", "Genmaicha 100 g", Decimal("9.50"), Decimal("5.5")),
    ("THE-EAR-100", "Earl Grey à la bergamote 100 g", Decimal("8.90"), Decimal("5.5")),
    ("THE-DAR-100", "Darjeeling First Flush 100 g", Decimal("18.50"), Decimal("5.5")),
    ("THE-ROO-100", "Rooibos vanille 100 g", Decimal("7.90"), Decimal("5.5")),
    ("THE-MAT-030", "Matcha de cérémonie 30 g", Decimal("24.00"), Decimal("5.5")),
    ("THE-OOL-100", "Oolong Tie Guan Yin 100 g", Decimal("16.80"), Decimal("5.5")),
    ("THE-PUE-357", "Galette de Pu'er 357 g", Decimal("42.00"), Decimal("5.5")),
    ("LIV-CER-001", "Livre « La cérémonie du thé »", Decimal("22.00"), Decimal("5.5")),
    ("LIV-REC-002", "Livre « Recettes au matcha »", Decimal("19.90"), Decimal("5.5")),
    ("ACC-THE-FON", "Théière en fonte 0,8 L", Decimal("59.00"), Decimal("20")),
    ("ACC-THE-VER", "Théière en verre 1 L", Decimal("34.90"), Decimal("20")),
    ("ACC-TAS-SET", "Coffret 2 tasses en grès", Decimal("29.00"), Decimal("20")),
    ("ACC-FOU-BAM", "Fouet à matcha en bambou", Decimal("17.50"), Decimal("20")),
    ("ACC-BOI-INO", "Boîte à thé inox 200 g", Decimal("12.00"), Decimal("20")),
    ("ACC-FIL-COT", "Filtres à thé en coton (lot de 3)", Decimal("6.50"), Decimal("20")),
    ("ACC-BOU-ISO", "Bouteille isotherme infuseur", Decimal("27.90"), Decimal("20")),
    ("COF-DEC-001", "Coffret découverte 6 thés", Decimal("39.00"), Decimal("5.5")),
]

FIRST_NAMES = ["Élodie", "François", "Zoë", "Jérôme", "Anaïs", "Loïc", "Maëlle", "Noël", "Cécile", "Hélène",
               "Grégoire", "Inès", "Théo", "Léa", "Raphaël", "Chloé", "Benoît", "Agnès", "Aurélien", "Mélanie",
               "Joël", "Océane", "Gaëtan", "Sébastien", "Capucine", "Timothée", "Clémence", "Amélie"]
LAST_NAMES = ["Dupont", "Lefèvre", "Moreau", "Girard", "Bénard", "Fournier", "Lemaître", "Garçon", "Mercier",
              "Rousseau", "Blanchard", "Faure", "Chevalier", "Lefébure", "Perrin", "Noël", "Hébert", "Prévost",
              "Delacroix", "Bérenger", "Carré", "Maréchal", "Lacôte", "Dubœuf"]
FRENCH_CITIES = [("75011", "Paris"), ("69003", "Lyon"), ("13006", "Marseille"), ("33000", "Bordeaux"),
                 ("31000", "Toulouse"), ("44000", "Nantes"), ("67000", "Strasbourg"), ("59800", "Lille"),
                 ("06000", "Nice"), ("35000", "Rennes"), ("21000", "Dijon"), ("01000", "Bourg-en-Bresse"),
                 ("97400", "Saint-Denis"), ("74000", "Annecy"), ("29200", "Brest")]
STREETS = ["rue de la République", "avenue Jean-Jaurès", "boulevard Saint-Michel", "place des Célestins",
           "rue du Général-de-Gaulle", "chemin des Écoliers", "impasse des Lilas", "quai de Saône"]
FRENCH_COMPANIES = ["Épicerie Fine Delacroix", "Le Salon de Thé des Écrins", "Café Gourmand & Cie",
                    "Boutique L'Herboriste", "Hôtel du Parc", "Restaurant Le Mûrier", "Librairie Les Pages",
                    "Concept Store Zénitude", "Pâtisserie Bérénice", "Les Délices d'Aurélie",
                    "Traiteur Saint-Honoré", "Spa Les Thermes d'Évian", "Bistrot Chez Gégé",
                    "Maison Héritage", "Atelier Céramique Loïs"]
LEGAL_FORMS = ["SARL", "SAS", "SASU", "EURL", "SA"]

# (country, currency, company names, street, postcode, city)
EU_BUSINESSES = [
    ("DE", "EUR", ["Teehaus Müller GmbH", "Grüner Drache KG", "Café Schön GmbH"], "Hauptstraße 12", "10115",
     "Berlin"),
    ("BE", "EUR", ["Thé & Chocolat SRL", "De Theepot BV"], "Rue Neuve 45", "1000", "Bruxelles"),
    ("IT", "EUR", ["Tè Verde S.r.l.", "Casa del Tè S.p.A."], "Via Roma 8", "20121", "Milano"),
    ("ES", "EUR", ["Té y Más S.L."], "Calle Mayor 21", "28013", "Madrid"),
    ("NL", "EUR", ["Theehuis Van Dijk B.V."], "Damrak 70", "1012 LM", "Amsterdam"),
    ("GR", "EUR", ["Τσάι Αθηνών Α.Ε."], "Οδός Ερμού 15", "105 63", "Αθήνα"),
    ("BG", "EUR", ["Чаена къща ЕООД"], "ул. Витоша 22", "1000", "София"),
]

# (country, currency, names, street, postcode, city)
OVERSEAS = [
    ("US", "USD", ["Emily Carter", "Brooklyn Tea Room LLC", "Michael O'Connor"], "350 5th Avenue", "10118",
     "New York"),
    ("GB", "GBP", ["Oliver Whitfield", "The Cosy Teapot Ltd"], "221B Baker Street", "NW1 6XE", "London"),
    ("CH", "CHF", ["Lukas Brunner", "Teestube Zürich AG"], "Bahnhofstrasse 1", "8001", "Zürich"),
    ("JP", "USD", ["山田 花子", "株式会社 緑茶堂"], "1-1 Chiyoda", "100-0001", "Tokyo"),
    ("CA", "USD", ["Sophie Tremblay"], "1000 rue Sherbrooke", "H3A 3G4", "Montréal"),
]
