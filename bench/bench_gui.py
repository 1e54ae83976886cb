"""gui_cold_start_1m, gui_first_rows_1m, gui_filter_1m, gui_memory_1m: the real windows, offscreen, on
the million-invoice shop (bench/big_shop.py).

- cold start: `comptoir --db SHOP gui` in a fresh process, from the moment it is started to the main
  window's first paint (the window writes the time of that paint to $COMPTOIR_READY_FILE); after one
  run that compiles the bytecode, as an installed application has it; median of five.
- first rows: in a fresh process with the window open, from the click on a list in the navigation to
  its first rows painted (invoices is the figure; orders, customers and payments are shown too).
- filter: a customer's name typed key by key in a list's search field (a key every 150 ms), from the last
  key to the matching rows painted.
- memory: resident memory with the invoice list open, scrolled down and then to its very end.
- dashboard: from the window's first paint to the dashboard's figures and both charts shown.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.big_shop import big_shop_path
from bench.figures import Figure

COUNT = 1_000_000
RUNS = 5
HERE = Path(__file__).resolve().parent


def _environment(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"),
               XDG_CACHE_HOME=str(home / "cache"), PYTHONPYCACHEPREFIX=str(HERE / "data" / "pycache"))
    return env


def cold_start(path: Path) -> float:
    """Seconds from starting `comptoir gui` to its main window's first paint."""
    command = str(Path(sys.executable).parent / "comptoir")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        ready = home / "ready"
        env = {**_environment(home), "COMPTOIR_READY_FILE": str(ready), "COMPTOIR_QUIT_WHEN_READY": "1"}
        started = time.time()
        subprocess.run([command, "--db", str(path), "gui"], env=env, timeout=300, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return float(ready.read_text()) - started


def probe(measure: str, path: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run([sys.executable, "-m", "bench.gui_probe", measure, str(path)],
                                env=_environment(Path(folder)), timeout=900, check=True, capture_output=True,
                                text=True, cwd=HERE.parent)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def run() -> list[Figure]:
    path = big_shop_path(COUNT)
    load = f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    cold_start(path)                                     # compiles the bytecode, warms the file cache
    starts = [cold_start(path) for _run in range(RUNS)]
    lists = [probe("lists", path) for _run in range(3)]
    memory = probe("memory", path)

    def median(kind: str, key: str) -> float:
        return statistics.median(result[kind][key] for result in lists)

    start_s = statistics.median(starts)
    dashboard = statistics.median(result["dashboard_ms"] for result in lists)
    rows = {key: median("first_rows_ms", key) for key in ("invoices", "orders", "customers", "payments")}
    filters = {key: median("filter_ms", key) for key in ("invoices", "orders", "customers", "payments")}
    figures = [
        Figure("gui_cold_start_1m", start_s, "s", f"median of {RUNS}; {load}", None, "< 1.5", start_s < 1.5),
        Figure("gui_first_rows_1m", rows["invoices"], "ms", "invoice list", None, "< 300", rows["invoices"] < 300),
        Figure("gui_filter_1m", filters["invoices"], "ms", "invoice list, a customer's name", None, "< 100",
               filters["invoices"] < 100),
        Figure("gui_memory_1m", memory["rss_mb"], "MB", f"invoice list scrolled to row {memory['rows']}", None,
               "< 400", memory["rss_mb"] < 400),
        Figure("gui_dashboard_1m", dashboard, "ms", "first paint to the dashboard's figures and charts shown", None,
               "< 500", dashboard < 500),
    ]
    for key in ("orders", "customers", "payments"):
        figures.append(Figure(f"gui_first_rows_{key}_1m", rows[key], "ms", f"{key} list", None, "< 300",
                              rows[key] < 300))
        figures.append(Figure(f"gui_filter_{key}_1m", filters[key], "ms", f"{key} list", None, "< 100",
                              filters[key] < 100))
    return figures
