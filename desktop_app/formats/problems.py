"""What a reader found wrong in a file, said so a shopkeeper can find and fix it."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.i18n import _


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem at a place in a file (line 0 = the whole file, column '' = the whole line)."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.line and self.column:
            return _("{file}, line {line}, column '{column}': {message}").format(
                file=self.file, line=self.line, column=self.column, message=self.message)
        if self.line:
            return _("{file}, line {line}: {message}").format(file=self.file, line=self.line,
                                                             message=self.message)
        return _("{file}: {message}").format(file=self.file, message=self.message)


class FileRefused(Exception):
    """A file cannot be imported; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
