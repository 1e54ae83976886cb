"""The files imported lately (File › Recent imports), kept in the user's Qt settings, and the local
files a drag carries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QSettings

KEY = "recent/imports"
KEEP = 10


class RecentImports:
    """(kind, path) of the last files imported, newest first; kind is "orders" or "payments"."""

    def entries(self) -> list[tuple[str, str]]:
        text = QSettings().value(KEY, "[]")
        try:
            found = json.loads(str(text))
        except ValueError:
            return []
        return [(str(kind), str(path)) for kind, path in found if kind in ("orders", "payments")]

    def add(self, kind: str, paths: Sequence[Path | str]) -> None:
        added = [(kind, str(Path(path).resolve())) for path in paths]
        kept = added + [entry for entry in self.entries() if entry not in added]
        QSettings().setValue(KEY, json.dumps(kept[:KEEP]))

    def forget(self, paths: Sequence[str]) -> None:
        QSettings().setValue(KEY, json.dumps([entry for entry in self.entries() if entry[1] not in paths]))

    def clear(self) -> None:
        QSettings().setValue(KEY, "[]")


def dropped_paths(mime: QMimeData) -> list[Path]:
    """The local files a drag carries (nothing when it carries anything else)."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [path for path in paths if path.is_file()]
