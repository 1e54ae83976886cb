"""The wheel carries the package with its resources, compiled catalogs and migrations, and an unpacked
wheel finds them (not the checkout's): it opens a database and speaks French."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("desktop_app", "resources", "translations", "packaging", "pyproject.toml", "setup.py", "MANIFEST.in",
           "README.md")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the sources (the build writes beside them), offline."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(work / "out"), str(source)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return next((work / "out").glob("comptoir-*.whl"))


@pytest.mark.slow
def test_the_wheel_holds_resources_catalogs_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"desktop_app/resources/{p.relative_to(ROOT / 'resources')}"
                for p in (ROOT / "resources").rglob("*") if p.is_file()}
    expected |= {f"desktop_app/translations/{p.relative_to(ROOT / 'translations')}"
                 for p in (ROOT / "translations").glob("*/LC_MESSAGES/*.mo")}
    expected |= {f"desktop_app/store/migrations/{p.relative_to(ROOT / 'desktop_app/store/migrations')}"
                 for p in (ROOT / "desktop_app" / "store" / "migrations").rglob("*")
                 if p.is_file() and p.suffix in (".py", ".mako") and "__pycache__" not in p.parts}
    assert {"desktop_app/translations/fr/LC_MESSAGES/comptoir.mo", "desktop_app/store/migrations/env.py",
            "desktop_app/resources/fonts/DejaVuSans.ttf"} <= expected
    assert expected <= names, sorted(expected - names)
    assert not any("__pycache__" in n or n.endswith(".po") or n.startswith(("tests/", "bench/")) for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "comptoir = desktop_app.cli:main" in text and "comptoir-gui = desktop_app.__main__:main" in text


@pytest.mark.slow
def test_an_unpacked_wheel_finds_its_own_files(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site), "LANG": "fr_FR.UTF-8", "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    script = ("from desktop_app import paths; from desktop_app.store import migrate; "
              "print(paths.resources_dir(), paths.translations_dir(), migrate.MIGRATIONS)")
    where = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path,
                           check=True).stdout.split()
    assert all(Path(p).is_relative_to(site) for p in where), where
    done = subprocess.run([sys.executable, "-m", "desktop_app.cli", "--db", str(tmp_path / "x.db"), "init"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert "Base de données prête" in done.stdout, done.stdout
