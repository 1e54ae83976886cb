"""Comptoir: offline invoicing for small merchants."""

__version__ = "0.1.0"
