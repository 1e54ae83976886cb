"""Message catalogs (gettext). Standard library only, so every layer can translate.

The UI language and each document's language are independent: `_()` uses the active UI language,
`translator(lang)` gives the catalog of one document's language.
"""

from __future__ import annotations

import gettext
import locale
import os
import threading
from functools import cache

from desktop_app.paths import translations_dir

DOMAIN = "comptoir"
LANGUAGES = ("fr", "en")   # complete catalogs
FALLBACK_LANGUAGE = "en"   # source strings are English

_state = threading.local()
_active: gettext.NullTranslations = gettext.NullTranslations()
_active_language = FALLBACK_LANGUAGE


@cache
def translator(language: str) -> gettext.NullTranslations:
    """The catalog for `language` ("fr", "fr_FR", "en"); English source strings when none exists."""
    code = normalize_language(language)
    try:
        return gettext.translation(DOMAIN, localedir=str(translations_dir()), languages=[code])
    except OSError:
        return gettext.NullTranslations()


def normalize_language(language: str | None) -> str:
    """'fr_FR.UTF-8' -> 'fr'; unknown or empty -> the fallback language."""
    if not language:
        return FALLBACK_LANGUAGE
    code = language.replace("-", "_").split(".")[0].split("_")[0].lower()
    return code or FALLBACK_LANGUAGE


def system_language() -> str:
    """The language of the user's session, from the usual environment variables."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return normalize_language(value.split(":")[0])
    try:
        code = locale.getlocale()[0]
    except ValueError:
        code = None
    return normalize_language(code)


def set_language(language: str | None) -> str:
    """Make `language` (or the system's) the UI language; returns the code in use."""
    global _active, _active_language
    code = normalize_language(language or system_language())
    _active = translator(code)
    _active_language = code
    return code


def active_language() -> str:
    """The code of the UI language in use."""
    return _active_language


def _(message: str) -> str:
    """Translate `message` into the UI language."""
    override = getattr(_state, "catalog", None)
    return (override or _active).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a number, choosing the plural form."""
    override = getattr(_state, "catalog", None)
    return (override or _active).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for translation without translating it now (translated where it is shown)."""
    return message


class document_language:
    """Within this block, `_()` on this thread speaks `language` (a document's, not the UI's)."""

    def __init__(self, language: str) -> None:
        self._catalog = translator(language)
        self._previous: gettext.NullTranslations | None = None

    def __enter__(self) -> gettext.NullTranslations:
        self._previous = getattr(_state, "catalog", None)
        _state.catalog = self._catalog
        return self._catalog

    def __exit__(self, *exc: object) -> None:
        _state.catalog = self._previous
