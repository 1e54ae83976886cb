"""Use-cases: one public function per user action, one transaction each. The CLI and the GUI call
these and nothing below them."""
