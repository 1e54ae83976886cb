"""Run every benchmark, print each figure beside its floor or peer, write bench/results.json.

A benchmark module in this package defines `run() -> list[Figure]`. Figures compare to something
measured in the same run (a ratio), or to a target from SPEC §6.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

from bench.figures import Figure

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    figures: list[Figure] = []
    for module_info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda m: m.name):
        if not module_info.name.startswith("bench_") or (names and module_info.name[6:] not in names):
            continue
        module = importlib.import_module(f"bench.{module_info.name}")
        print(f"-- {module_info.name[6:]}", flush=True)
        figures += module.run()
    width = max((len(f.name) for f in figures), default=10)
    print()
    print(f"{'name'.ljust(width)}  {'value':>12}  unit        ratio   target   against")
    for figure in figures:
        print(figure.row(width))
    results = {f.name: f.as_json() for f in figures}
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    failed = [f.name for f in figures if f.met is False]
    if failed:
        print(f"\nBelow target: {', '.join(failed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
