"""The bundle's one entry point: started with no argument (from a menu, a dock or a double click) it opens
the desktop application; with arguments it is the `comptoir` command line (`comptoir gui ...` too)."""

from __future__ import annotations

import sys


def main() -> int:
    # macOS Finder used to add a process serial number (-psn_0_12345) to apps it starts: not a command.
    arguments = [a for a in sys.argv[1:] if not a.startswith("-psn_")]
    if not arguments:
        from desktop_app.__main__ import main as open_window

        return open_window()
    from desktop_app.cli import main as command_line

    return command_line(arguments)


if __name__ == "__main__":
    import multiprocessing

    # A large import reads its parts in worker processes: in the bundle, they are this executable
    # started again, and this call makes them workers rather than a second Comptoir.
    multiprocessing.freeze_support()
    sys.exit(main())
