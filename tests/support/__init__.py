"""Helpers shared by test modules: realistic documents and e-invoice validation."""
