"""The one error a corpus file raises: it names the file, the line where there is one, and why."""

from __future__ import annotations

from pathlib import Path

from drafts.errors import ClausewiseError


class CorpusError(ClausewiseError):
    """A reference-law file that cannot be read: missing, malformed, unsafe or of unknown format.

    A ClausewiseError, so that every command that already turns those into "clausewise: ..."
    and exit status 2 does the same for a bad corpus file. The argument order (file first)
    is the importers' own and stays.
    """

    def __init__(self, file: str | Path | None, message: str, line: int | None = None) -> None:
        super().__init__(message, str(file) if file is not None else None, line)

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"

    def __reduce__(self):
        # Exception pickling replays args, which no longer match __init__'s order.
        return (type(self), (self.file, self.message, self.line))
