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


class OutputError(ClausewiseError):
    """An output could not be written."""
