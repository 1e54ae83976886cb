"""Where Comptoir's shipped files live, in a source checkout, an installed wheel or a bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _shipped(name: str) -> Path:
    candidates = [
        _PACKAGE / name,                   # installed wheel or PyInstaller bundle (setup.py, packaging/comptoir.spec)
        _PACKAGE.parent / name,            # source checkout / editable install
        Path(getattr(sys, "_MEIPASS", _PACKAGE)) / name,
        Path(sys.prefix) / "share" / "comptoir" / name,
    ]
    for path in candidates:
        if path.is_dir():
            return path
    return candidates[1]


def resources_dir() -> Path:
    """Icons, fonts, default templates and demo seeds."""
    return _shipped("resources")


def translations_dir() -> Path:
    """Message catalogs: translations/<lang>/LC_MESSAGES/comptoir.po|.mo."""
    return _shipped("translations")


def resource(*parts: str) -> Path:
    """Path of one shipped resource file."""
    return resources_dir().joinpath(*parts)
