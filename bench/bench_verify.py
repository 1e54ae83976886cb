"""verify_1m: `comptoir verify` on the million-invoice shop (every journal entry's hash chain, each
issued document's fingerprint, totals and VAT, numbering, balances), in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.big_shop import big_shop_path
from bench.figures import Figure

COUNT = 1_000_000


def run() -> list[Figure]:
    path = big_shop_path(COUNT)
    load = f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    command = str(Path(sys.executable).parent / "comptoir")
    started = time.perf_counter()
    result = subprocess.run([command, "--db", str(path), "verify", "--json"], capture_output=True, text=True,
                            timeout=900, check=False)
    seconds = time.perf_counter() - started
    report = json.loads(result.stdout)
    assert report["ok"], report
    journal = report["checked"].get("journal", 0)
    return [Figure("verify_1m", seconds, "s", f"{journal} journal entries, "
                   f"{report['checked'].get('documents', 0)} documents; {load}", None, "< 30", seconds < 30)]
