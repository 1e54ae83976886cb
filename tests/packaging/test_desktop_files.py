"""The files a Linux desktop installs: a valid menu entry, valid AppStream metadata, icons at every size."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
APP_ID = "fr.comptoir.Comptoir"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_icons_are_laid_out_as_the_hicolor_theme_wants():
    hicolor = PACKAGING / "icons" / "hicolor"
    for size in SIZES:
        assert _png_size(hicolor / f"{size}x{size}" / "apps" / "comptoir.png") == (size, size)
    assert (hicolor / "scalable" / "apps" / "comptoir.svg").read_text().lstrip().startswith("<")


def test_the_menu_entry_names_the_icon_and_the_program():
    entry = (PACKAGING / f"{APP_ID}.desktop").read_text()
    assert "Icon=comptoir\n" in entry and "Exec=comptoir gui\n" in entry
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(PACKAGING / f"{APP_ID}.desktop")],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstreamcli is not installed (Debian: appstream)")
def test_the_appstream_metadata_validates():
    done = subprocess.run(["appstreamcli", "validate", "--no-net", str(PACKAGING / f"{APP_ID}.metainfo.xml")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"<launchable type=\"desktop-id\">{APP_ID}.desktop</launchable>" in (
        PACKAGING / f"{APP_ID}.metainfo.xml").read_text()
