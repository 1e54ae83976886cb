"""Errors the domain raises, with messages a shopkeeper understands."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused an action; str(error) is the sentence shown to the user."""


class MoneyError(DomainError):
    """An amount is not a valid amount of money."""


class InvalidValue(DomainError):
    """A field value is not acceptable; `field` names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
