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


@pytest.mark.skipif(not shutil.which("sh"), reason="install.sh needs a POSIX shell")
def test_install_sh_lays_out_a_bundle_and_its_menu_entry_names_the_installed_program(tmp_path):
    bundle = tmp_path / "bundle"           # what the spec puts beside the program, around a stand-in program
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "comptoir").write_text("#!/bin/sh\necho comptoir 0\n")
    (bundle / "comptoir").chmod(0o755)
    shutil.copytree(PACKAGING / "icons" / "hicolor", bundle / "share" / "icons" / "hicolor")
    for name, where in ((f"{APP_ID}.desktop", "applications"), (f"{APP_ID}.metainfo.xml", "metainfo")):
        (bundle / "share" / where).mkdir(parents=True)
        shutil.copy2(PACKAGING / name, bundle / "share" / where / name)
    shutil.copy2(PACKAGING / "linux" / "install.sh", bundle / "install.sh")
    prefix = tmp_path / "my prefix"
    done = subprocess.run(["sh", str(bundle / "install.sh"), str(prefix)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    program = prefix / "lib" / "comptoir" / "comptoir"
    assert subprocess.run([str(prefix / "bin" / "comptoir")], capture_output=True, text=True,
                          check=True).stdout == "comptoir 0\n"
    entry = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    assert f'Exec="{program}" gui\n' in entry.read_text() and f"TryExec={program}\n" in entry.read_text()
    for size in SIZES:
        assert (prefix / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "comptoir.png").is_file()
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_install_sh_outside_a_bundle_refuses_and_touches_nothing(tmp_path):
    done = subprocess.run(["sh", str(PACKAGING / "linux" / "install.sh"), str(tmp_path / "prefix")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "built bundle" in done.stderr
    assert not (tmp_path / "prefix").exists()
