"""A list of JSON rows kept in a temporary file: the report's alignments, written one by one
as the comparator makes them and read back one by one by each report writer.

Why: at 5,000 draft articles the alignments with their wording are a 160 MB JSON text and
more than a gigabyte as Python dicts; held in a file, only the row being written is in
memory. A row is stored as its compact JSON (one line), so the JSON report copies the lines
as they are and a row read back equals the row written (JSON keeps key order and floats).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator

# json.dumps with these options makes an encoder at every call; a long bill has thousands
# of rows. The same text as json.dumps(row, ensure_ascii=False, separators=(",", ":")).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class RowSpool:
    """Rows appended once, then iterated any number of times (iterations may interleave)."""

    def __init__(self, rows=()) -> None:
        # Open for the spool's life, closed by close() or when the spool is let go.
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._end = 0
        self._count = 0
        self.memo: dict = {}  # what a reader derives from all the rows, made once
        for row in rows:
            self.append(row)

    def append(self, row: dict) -> None:
        line = _ENCODER.encode(row).encode("utf-8")
        self._file.seek(self._end)
        self._file.write(line + b"\n")
        self._end = self._file.tell()
        self._count += 1
        self.memo.clear()

    def lines(self) -> Iterator[bytes]:
        """Each row's compact JSON, without its line end."""
        self._file.flush()
        pos = 0
        while pos < self._end:
            # Seek before each read: another iteration may have moved the file's position.
            self._file.seek(pos)
            line = self._file.readline()
            pos += len(line)
            yield line[:-1]

    def __iter__(self) -> Iterator[dict]:
        for line in self.lines():
            yield json.loads(line)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def close(self) -> None:
        self._file.close()
