"""`python -m desktop_app`: open the desktop application (`--demo` opens the demo shop)."""

from __future__ import annotations

import argparse
import sys


def main() -> int:
    parser = argparse.ArgumentParser(prog="comptoir-gui")
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--db")
    args, _rest = parser.parse_known_args()
    from desktop_app.ui.app import run

    return run(db_location=args.db, demo=args.demo)


if __name__ == "__main__":
    sys.exit(main())
