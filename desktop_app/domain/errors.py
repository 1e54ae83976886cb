"""Errors the domain raises, with messages a shopkeeper understands."""

from __future__ import annotations

from collections.abc import Mapping


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


class ValidationFailed(DomainError):
    """Several fields are not acceptable: `problems` maps each field to its message."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("\n".join(f"{field}: {message}" for field, message in self.problems.items()))


class NotFound(DomainError):
    """The thing asked for does not exist."""
