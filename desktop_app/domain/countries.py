"""Country data the rules need: ISO 3166 codes, EU membership, VAT prefixes, postcode shapes."""

from __future__ import annotations

import re

ISO_COUNTRIES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY
BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK
FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR
IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK
ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW
""".split())

EU_MEMBERS = frozenset("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())

# VAT number prefixes that differ from the ISO code.
VAT_PREFIX = {"GR": "EL"}

# French overseas departments are outside the EU VAT territory for most goods: treat as exports.
FRENCH_OVERSEAS = frozenset(["GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC", "TF"])

_POSTCODES = {
    "FR": r"\d{5}", "MC": r"980\d{2}", "DE": r"\d{5}", "ES": r"\d{5}", "IT": r"\d{5}", "FI": r"\d{5}",
    "EE": r"\d{5}", "HR": r"\d{5}", "BE": r"\d{4}", "AT": r"\d{4}", "CH": r"\d{4}", "LI": r"\d{4}",
    "DK": r"\d{4}", "NO": r"\d{4}", "HU": r"\d{4}", "SI": r"\d{4}", "BG": r"\d{4}", "CY": r"\d{4}",
    "AU": r"\d{4}", "LU": r"(L-)?\d{4}", "NL": r"\d{4} ?[A-Za-z]{2}", "PT": r"\d{4}-\d{3}",
    "PL": r"\d{2}-\d{3}", "SE": r"\d{3} ?\d{2}", "CZ": r"\d{3} ?\d{2}", "SK": r"\d{3} ?\d{2}",
    "GR": r"\d{3} ?\d{2}", "RO": r"\d{6}", "LT": r"(LT-)?\d{5}", "LV": r"(LV-)?\d{4}",
    "MT": r"[A-Za-z]{3} ?\d{4}", "IE": r"[A-Za-z]\d[\dWw] ?[A-Za-z0-9]{4}", "US": r"\d{5}(-\d{4})?",
    "CA": r"[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d", "JP": r"\d{3}-?\d{4}", "BR": r"\d{5}-?\d{3}",
    "GB": r"[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}", "IN": r"\d{6}", "CN": r"\d{6}",
}
POSTCODE_PATTERNS = {code: re.compile(rf"^(?:{pattern})$") for code, pattern in _POSTCODES.items()}


def is_eu(country: str) -> bool:
    """True for an EU member state (the VAT territory that knows intra-EU supplies)."""
    return country.upper() in EU_MEMBERS
