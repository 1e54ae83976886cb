"""`python -m desktop_app.cli`: the same as the `comptoir` command."""

import sys

from desktop_app.cli import main

sys.exit(main())
