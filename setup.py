"""Build hook (the project is described in pyproject.toml): wheels carry resources/ and the compiled
message catalogs inside the package, as desktop_app/resources and desktop_app/translations, where
desktop_app.paths finds them once installed. A checkout (and an editable install) reads them from
beside the package instead."""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# (folder beside the package, files of it that an installed Comptoir reads)
SHIPPED = (("resources", "**/*"), ("translations", "*/LC_MESSAGES/*.mo"))


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for folder, pattern in SHIPPED:
            for source in sorted((ROOT / folder).glob(pattern)):
                if source.is_file():
                    target = Path(self.build_lib) / "desktop_app" / source.relative_to(ROOT)
                    self.mkpath(str(target.parent))
                    self.copy_file(str(source), str(target))


setup(cmdclass={"build_py": BuildWithResources})
