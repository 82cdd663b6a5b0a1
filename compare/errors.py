"""The one error a corpus file raises: it names the file, the line where there is one, and why."""

from __future__ import annotations

from pathlib import Path


class CorpusError(Exception):
    """A reference-law file that cannot be read: missing, malformed, unsafe or of unknown format."""

    def __init__(self, file: str | Path | None, message: str, line: int | None = None) -> None:
        self.file = str(file) if file is not None else None
        self.line = line
        self.message = message
        where = self.file or "<input>"
        if line:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")
