"""Errors a user can act on: each names the file, the line where there is one, and the problem."""

from __future__ import annotations


class ClausewiseError(Exception):
    """An input or usage error: the CLI prints it as one paragraph and exits with status 2."""

    exit_code = 2

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __reduce__(self):
        # Pickled across processes (versions are rendered in parallel): keep file and line.
        return (type(self), (self.message, self.file, self.line))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.message}"


class BillError(ClausewiseError):
    """A bill file, option or template is wrong."""


class UnresolvedReference(BillError):
    """A ref(), refs() or range() in a template that names no citable provision: an unknown
    label, a chapter, or a paragraph the article does not have. `label` is the label cited."""

    def __init__(self, label: str, message: str, file: str | None = None, line: int | None = None):
        super().__init__(message, file, line)
        self.label = label

    def __reduce__(self):
        return (type(self), (self.label, self.message, self.file, self.line))


class OutputError(ClausewiseError):
    """An output could not be written."""


class InputFileError(ClausewiseError):
    """An input file that cannot be read: missing, malformed, unsafe or of unknown format.

    The file comes first in the arguments, as the readers and importers name it first.
    """

    def __init__(self, file, message: str, line: int | None = None) -> None:
        super().__init__(message, str(file) if file is not None else None, line)

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"

    def __reduce__(self):
        # Exception pickling replays args, which no longer match __init__'s order.
        return (type(self), (self.file, self.message, self.line))


class XmlError(InputFileError):
    """An XML file that is malformed or uses what a legal text never needs (entities, DTDs)."""
