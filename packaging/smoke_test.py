"""Smoke test of a built bundle: run the real program as a shopkeeper's machine would, with a fresh home.

    python packaging/smoke_test.py dist/comptoir [--shot OUT.png]

It checks that the bundle holds the checkout's fonts (the CJK fallback too), icons and compiled catalogs
(French and English); `--version`; a demo shop made, verified and printed as Factur-X PDFs (migrations,
fonts, catalogs, babel and factur-x data all read from inside the bundle), one of them for a Japanese
customer, drawn with the embedded fallback face; that PostgreSQL's driver is inside; that no argument
means the window; on Linux, that install.sh installs it under a prefix with a menu entry that names the
installed program; and `gui --demo --screenshot`: a real, non-blank PNG of the main window at 1280x800.
Exits non-zero on the first failure, saying what failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageStat

ROOT = Path(__file__).resolve().parents[1]
SHOT_SIZE = (1280, 800)


class SmokeFailure(Exception):
    pass


def program(bundle: Path) -> Path:
    for name in ("comptoir", "comptoir.exe", "Contents/MacOS/Comptoir"):
        if (bundle / name).is_file():
            return bundle / name
    raise SmokeFailure(f"no comptoir program in {bundle}")


def shipped_files() -> list[Path]:
    """What the checkout ships inside the package (as setup.py and the spec do): resources and compiled catalogs."""
    resources = [p for p in sorted((ROOT / "resources").rglob("*")) if p.is_file()]
    return resources + sorted((ROOT / "translations").glob("*/LC_MESSAGES/*.mo"))


def check_contents(bundle: Path) -> str:
    """Every shipped file is in the bundle's desktop_app folder, the same size as in the checkout."""
    package = next((p for p in sorted(bundle.rglob("desktop_app")) if (p / "resources").is_dir()), None)
    if package is None:
        raise SmokeFailure(f"no desktop_app/resources folder in {bundle}")
    wanted = shipped_files()
    names = {p.relative_to(ROOT).as_posix() for p in wanted}
    for must in ("resources/fonts/DejaVuSans.ttf", "resources/fonts/DejaVuSans-Bold.ttf",
                 "resources/fonts/DroidSansFallbackFull.ttf", "resources/icons/comptoir.png",
                 "translations/fr/LC_MESSAGES/comptoir.mo", "translations/en/LC_MESSAGES/comptoir.mo"):
        if must not in names:
            raise SmokeFailure(f"the checkout has no {must}")
    for source in wanted:
        inside = package / source.relative_to(ROOT)
        if not inside.is_file() or inside.stat().st_size != source.stat().st_size:
            raise SmokeFailure(f"{source.relative_to(ROOT)} is missing from the bundle, or differs ({inside})")
    return f"{len(wanted)} files in {package.relative_to(bundle)}"


def is_cjk(text: str) -> bool:
    return any(0x3040 <= ord(c) <= 0x30FF or 0x4E00 <= ord(c) <= 0x9FFF for c in text)


def run(exe: Path, *args: str, env: dict[str, str], expect: int = 0, timeout: int = 180) -> str:
    started = time.monotonic()
    done = subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=timeout, check=False)
    print(f"  comptoir {' '.join(args)}  ->  exit {done.returncode} in {time.monotonic() - started:.1f} s")
    if done.returncode != expect:
        raise SmokeFailure(f"`comptoir {' '.join(args)}` exited {done.returncode} (expected {expect}):\n"
                           f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout + done.stderr


def clean_environment(home: Path) -> dict[str, str]:
    """Nothing from this checkout or its virtualenv: only what a desktop session would have."""
    env = {key: value for key, value in os.environ.items()
           if key in ("PATH", "TMPDIR", "SYSTEMROOT", "WINDIR", "TEMP", "TMP")}
    env.update(HOME=str(home), USERPROFILE=str(home), LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen",
               XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"), APPDATA=str(home / "data"),
               LOCALAPPDATA=str(home / "local"))
    return env


def check_screenshot(path: Path) -> str:
    """A real picture of a window: the expected size, many colours, and no colour covering nearly all of it."""
    if not path.is_file() or path.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
        raise SmokeFailure(f"{path} is not a PNG file")
    with Image.open(path) as image:
        image.load()
        if image.size != SHOT_SIZE:
            raise SmokeFailure(f"screenshot is {image.size[0]}x{image.size[1]}, not {SHOT_SIZE[0]}x{SHOT_SIZE[1]}")
        rgb = image.convert("RGB")
    colours = rgb.getcolors(maxcolors=1 << 20) or []
    top = max(count for count, _colour in colours)
    spread = ImageStat.Stat(rgb.convert("L")).stddev[0]
    share = top / (SHOT_SIZE[0] * SHOT_SIZE[1])
    if len(colours) < 64 or share > 0.9 or spread < 10:
        raise SmokeFailure(f"screenshot looks blank: {len(colours)} colours, the commonest covers {share:.0%}, "
                           f"brightness spread {spread:.1f}")
    return f"{image.size[0]}x{image.size[1]}, {len(colours)} colours, commonest {share:.0%}, spread {spread:.0f}"


def check_install(bundle: Path, prefix: Path, env: dict[str, str]) -> None:
    """Linux: install.sh puts the program, its menu entry, metadata and icons under a prefix."""
    done = subprocess.run(["sh", str(bundle / "install.sh"), str(prefix)], capture_output=True, text=True,
                          env=env, check=False, timeout=120)
    if done.returncode != 0:
        raise SmokeFailure(f"install.sh failed: {done.stderr[-1000:]}")
    for part in ("share/applications/fr.comptoir.Comptoir.desktop", "share/metainfo/fr.comptoir.Comptoir.metainfo.xml",
                 "share/icons/hicolor/256x256/apps/comptoir.png", "share/icons/hicolor/scalable/apps/comptoir.svg"):
        if not (prefix / part).is_file():
            raise SmokeFailure(f"install.sh did not install {part}")
    # The menu starts the installed program by its full path: PREFIX/bin is often not on a session's PATH.
    entry = prefix / "share/applications/fr.comptoir.Comptoir.desktop"
    program = prefix / "lib" / "comptoir" / "comptoir"
    if f'Exec="{program}" gui' not in entry.read_text() or f"TryExec={program}" not in entry.read_text():
        raise SmokeFailure(f"the installed menu entry does not start {program}:\n{entry.read_text()}")
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False)
        if checked.returncode != 0:
            raise SmokeFailure(f"the installed menu entry is invalid: {checked.stdout}{checked.stderr}")
    run(prefix / "bin" / "comptoir", "--version", env=env)      # through the symbolic link


def smoke(bundle: Path, shot: Path | None) -> None:
    exe = program(bundle)
    print(f"  contents: {check_contents(bundle)}")
    version = re.search(r'__version__ = "([^"]+)"', (ROOT / "desktop_app" / "__init__.py").read_text()).group(1)
    with tempfile.TemporaryDirectory(prefix="comptoir-smoke-") as folder:
        home = Path(folder)
        env = clean_environment(home)
        shop = str(home / "shop.db")
        out = run(exe, "--version", env=env)
        if f"comptoir {version}" not in out:
            raise SmokeFailure(f"--version said {out.strip()!r}, not comptoir {version}")
        run(exe, "--db", shop, "init", "--demo", env=env)
        report = json.loads(run(exe, "--db", shop, "verify", "--json", env=env))
        if not report["ok"] or report["checked"].get("documents", 0) < 100:
            raise SmokeFailure(f"verify of the demo shop: {report}")
        listing = json.loads(run(exe, "--db", shop, "invoice", "list", "--status", "issued", "--json", env=env))
        number = listing["invoices"][0]["number"]
        pdf = home / "invoice.pdf"
        run(exe, "--db", shop, "invoice", "pdf", number, "-o", str(pdf), env=env)
        content = pdf.read_bytes()
        if not content.startswith(b"%PDF") or b"factur-x.xml" not in content or b"fx:DocumentType" not in content:
            raise SmokeFailure(f"{number}: the PDF lacks its Factur-X attachment or XMP")
        if b"+DejaVuSans" not in content:
            raise SmokeFailure(f"{number}: the PDF does not embed the shipped DejaVu Sans")
        everything = json.loads(run(exe, "--db", shop, "invoice", "list", "--json", env=env))["invoices"]
        japanese = next((i["number"] for i in everything if i["number"] and is_cjk(i["customer"] or "")), None)
        if japanese is None:
            raise SmokeFailure("the demo shop has no issued document for a Chinese or Japanese name")
        run(exe, "--db", shop, "invoice", "pdf", japanese, "-o", str(home / "japanese.pdf"), env=env)
        if b"+DroidSansFallback" not in (home / "japanese.pdf").read_bytes():
            raise SmokeFailure(f"{japanese}: the Japanese name is not drawn with the embedded CJK fallback face")
        french = run(exe, "--help", env={**env, "LANG": "fr_FR.UTF-8"})
        if "factures" not in french:
            raise SmokeFailure("the French catalog is not in the bundle (`--help` is not in French)")
        refused = run(exe, "--db", "postgresql://comptoir@127.0.0.1:9/none", "verify", env=env, expect=1)
        if "Cannot open the database" not in refused or "driver" in refused:
            raise SmokeFailure(f"PostgreSQL through the bundle: {refused.strip()[-500:]}")
        no_display = {k: v for k, v in env.items() if k != "QT_QPA_PLATFORM"}
        if sys.platform.startswith("linux"):     # no argument: the window, which says there is no display here
            said = run(exe, env=no_display, expect=1)
            if "No display" not in said:
                raise SmokeFailure(f"without arguments the program did not try to open its window: {said[-500:]}")
        if (bundle / "install.sh").is_file():
            check_install(bundle, home / "prefix", env)
        target = shot or home / "main.png"
        run(exe, "--db", str(home / "demo.db"), "gui", "--demo", "--screenshot", str(target), env=env)
        print(f"  screenshot {target}: {check_screenshot(target)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the one-folder bundle (dist/comptoir)")
    parser.add_argument("--shot", type=Path, help="keep the main window's screenshot here")
    args = parser.parse_args()
    started = time.monotonic()
    try:
        smoke(args.bundle, args.shot)
    except (SmokeFailure, subprocess.TimeoutExpired) as failure:
        print(f"SMOKE TEST FAILED: {failure}", file=sys.stderr)
        return 1
    print(f"Smoke test passed in {time.monotonic() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
