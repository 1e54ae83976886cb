"""Undo and redo in the draft editor: every change to the lines (a cell typed, a VAT rate chosen, a line
added or removed) is a command on the editor's QUndoStack (Ctrl+Z, Ctrl+Shift+Z)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from desktop_app.i18n import _

LineValues = tuple[str, str, str, str, str, str]      # description, sku, quantity, price, discount, rate


class LinesEditor(Protocol):
    """What the commands need of the editor."""

    def set_cell(self, row: int, column: int, text: str) -> None: ...
    def set_rate(self, row: int, rate: str) -> None: ...
    def insert_line(self, row: int, values: LineValues) -> None: ...
    def take_line(self, row: int) -> LineValues: ...


class CellEdit(QUndoCommand):
    """A cell typed: the text before and after. Pushed once the edit is done, so its first redo is a no-op."""

    def __init__(self, editor: LinesEditor, row: int, column: int, before: str, after: str) -> None:
        super().__init__(_("Edit line {n}").format(n=row + 1))
        self.editor, self.row, self.column, self.before, self.after = editor, row, column, before, after
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.editor.set_cell(self.row, self.column, self.after)

    def undo(self) -> None:
        self.editor.set_cell(self.row, self.column, self.before)


class RateEdit(QUndoCommand):
    def __init__(self, editor: LinesEditor, row: int, before: str, after: str) -> None:
        super().__init__(_("Change the VAT rate of line {n}").format(n=row + 1))
        self.editor, self.row, self.before, self.after = editor, row, before, after
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.editor.set_rate(self.row, self.after)

    def undo(self) -> None:
        self.editor.set_rate(self.row, self.before)


class AddLine(QUndoCommand):
    def __init__(self, editor: LinesEditor, row: int, values: LineValues) -> None:
        super().__init__(_("Add a line"))
        self.editor, self.row, self.values = editor, row, values

    def redo(self) -> None:
        self.editor.insert_line(self.row, self.values)

    def undo(self) -> None:
        self.values = self.editor.take_line(self.row)


class RemoveLine(QUndoCommand):
    def __init__(self, editor: LinesEditor, row: int) -> None:
        super().__init__(_("Remove line {n}").format(n=row + 1))
        self.editor, self.row = editor, row
        self.values: LineValues = ("", "", "", "", "", "")

    def redo(self) -> None:
        self.values = self.editor.take_line(self.row)

    def undo(self) -> None:
        self.editor.insert_line(self.row, self.values)
