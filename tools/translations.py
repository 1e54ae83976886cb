"""Keep the message catalogs in step with the code: extract, merge, compile.

    python tools/translations.py update    # re-extract strings, merge into fr/en catalogs, compile .mo
    python tools/translations.py check     # exit 1 if a string lacks a translation or a .mo is stale
    python tools/translations.py fill fr new.json   # add translations (msgid -> text) of new strings

English is the source language: its catalog repeats each string, so a missing one shows up.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "translations"
DOMAIN = "comptoir"
LANGUAGES = ("fr", "en")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    """Every translatable string of the package, with where it is used."""
    template = Catalog(project="Comptoir", domain=DOMAIN, charset="utf-8")
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / "desktop_app", method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
        template.add(message, None, [(f"desktop_app/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def po_path(language: str) -> Path:
    return CATALOGS / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, project="Comptoir", charset="utf-8")
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def save(catalog: Catalog, language: str) -> None:
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    path.with_suffix(".mo").write_bytes(compiled(language))


def compiled(language: str) -> bytes:
    """The .mo bytes of a language's .po file as saved."""
    buffer = io.BytesIO()
    write_mo(buffer, load(language), use_fuzzy=False)
    return buffer.getvalue()


def update() -> None:
    template = extract()
    with (CATALOGS / f"{DOMAIN}.pot").open("wb") as handle:
        write_po(handle, template, width=100, sort_output=True, include_lineno=False)
    for language in LANGUAGES:
        catalog = load(language)
        catalog.update(template, no_fuzzy_matching=True)
        if language == "en":
            for message in catalog:
                if message.id and not _translated(message):
                    message.string = message.id
        catalog.obsolete.clear()
        catalog.fuzzy = False
        save(catalog, language)


def fill(language: str, translations: dict[str, str | list[str]]) -> int:
    """Set translations of untranslated strings (msgid -> text, or the plural forms); returns how many.

    French typography is applied: a no-break space before : ; ? !
    """
    catalog = load(language)
    done = 0
    for message in catalog:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in translations and not _translated(message):
            value = translations[key]
            forms = [value] if isinstance(value, str) else list(value)
            if language == "fr":
                forms = [_french_spaces(form) for form in forms]
            message.string = tuple(forms) if isinstance(message.id, tuple) else forms[0]
            done += 1
    save(catalog, language)
    return done


def _french_spaces(text: str) -> str:
    for mark in (" :", " ;", " ?", " !"):
        text = text.replace(mark, "\u00a0" + mark[1:])
    return text


def _translated(message: object) -> bool:
    string = message.string  # type: ignore[attr-defined]
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def missing(language: str) -> list[str]:
    """Strings used in the code that the catalog does not translate."""
    catalog = load(language)
    gaps = []
    for message in extract():
        if not message.id:
            continue
        found = catalog.get(message.id)
        if found is None or not _translated(found) or found.fuzzy:
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return gaps


def stale(language: str) -> bool:
    """True when the compiled .mo does not match the .po."""
    mo = po_path(language).with_suffix(".mo")
    return not mo.exists() or mo.read_bytes() != compiled(language)


def check() -> int:
    status = 0
    for language in LANGUAGES:
        gaps = missing(language)
        if gaps:
            status = 1
            print(f"{language}: {len(gaps)} untranslated strings, e.g. {gaps[:5]}")
        if stale(language):
            status = 1
            print(f"{language}: the .mo file is out of date; run tools/translations.py update")
    return status


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "fill":          # tools/translations.py fill fr strings.json
        import json

        update()
        print(fill(sys.argv[2], json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))), "filled")
        update()
        sys.exit(check())
    if command == "update":
        update()
        sys.exit(check())
    sys.exit(check())
