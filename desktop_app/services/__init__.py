"""Use-cases: one public function per user action, one transaction each. The CLI and the GUI call
these and nothing below them."""

from desktop_app.store.database import Database

__all__ = ["Database"]
