"""A list of JSON rows kept in a temporary file: the report's alignments, written one by one
as the comparator makes them and read back one by one by each report writer.

Why: at 5,000 draft articles the alignments with their wording are a 160 MB JSON text and
more than a gigabyte as Python dicts; held in a file, only the row being written is in
memory. A row is stored as its compact JSON (one line), so the JSON report copies the lines
as they are and a row read back equals the row written (JSON keeps key order and floats).

A short bill's rows are also held as they were appended, as long as their JSON stays under
HOLD_BYTES: its readers take them as they are instead of decoding each one again (the
decoding was a third of the HTML report's time). The rows are then the same objects for
every reader: a reader must not change a row (none does; tests/compare check it). Their
JSON lines are then held too, and the file is only made and written once they pass
HOLD_BYTES: a short bill's rows never go through the file (a write per row, and the JSON
report's read back, were a hundredth of its comparison's CPU, in the kernel).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator

# json.dumps with these options makes an encoder at every call; a long bill has thousands
# of rows. The same text as json.dumps(row, ensure_ascii=False, separators=(",", ":")); a
# row is a tree, so the encoder need not look for circular references.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)

# The JSON size up to which the rows are held in memory as well: about 2.5 times as much
# as dicts, and their JSON lines once more; the shipped bill's rows are 1.3 MB of JSON, a
# 100-article bill's 3.7 MB. Past it the rows held are let go at once (a long bill's
# memory is for its alignment).
HOLD_BYTES = 4 << 20

_ANY = object()


class RowSpool:
    """Rows appended once, then iterated any number of times (iterations may interleave).

    Each row's `level` (a report row's "article" or "paragraph") is kept in memory beside
    its place in the file, so that a reader wanting one level reads back only those rows
    (`where`): the side-by-side tables show articles, and a long bill's paragraph rows are
    three in four."""

    def __init__(self, rows=(), hold_bytes: int = HOLD_BYTES) -> None:
        # Made when the rows pass hold_bytes, then open for the spool's life, closed by
        # close() or when the spool is let go.
        self._file = None
        self._end = 0
        self._starts: list[int] = []  # where each row's line begins
        self._levels: list = []  # each row's `level`, None for a row without one
        self._held: list[dict] | None = []  # the rows as appended, while under hold_bytes
        self._lines: list[bytes] | None = []  # and their JSON lines, while they are held
        self._hold_bytes = hold_bytes
        self.memo: dict = {}  # what a reader derives from all the rows, made once
        for row in rows:
            self.append(row)

    def append(self, row: dict) -> None:
        line = _ENCODER.encode(row).encode("utf-8")
        self._starts.append(self._end)
        self._levels.append(row.get("level"))
        self._end += len(line) + 1
        if self._held is not None:
            if self._end <= self._hold_bytes:
                self._held.append(row)
                self._lines.append(line)
                self.memo.clear()
                return
            # Past hold_bytes: the lines held so far go to the file, and the rows are let go.
            self._file = tempfile.TemporaryFile()  # noqa: SIM115
            self._file.write(b"".join(held + b"\n" for held in self._lines))
            self._held = self._lines = None
        self._file.seek(self._end - len(line) - 1)
        self._file.write(line + b"\n")
        self.memo.clear()

    @property
    def held(self) -> bool:
        """Whether the rows are held in memory too (the bill is short)."""
        return self._held is not None

    def lines(self) -> Iterator[bytes]:
        """Each row's compact JSON, without its line end."""
        n = 0
        while n < len(self._starts):  # rows appended meanwhile are read too
            held = self._lines
            yield held[n] if held is not None else self._line(n)
            n += 1

    def joined(self, sep: bytes, size: int = 1 << 18) -> Iterator[bytes]:
        """Every row's compact JSON with `sep` between them, in pieces of about `size`
        bytes: the file copied as it is, each line end made `sep` (a line of compact JSON
        holds no newline byte: one in a string is written \\n, and no byte of a UTF-8
        sequence is 0x0A). Held lines are joined in memory (at most hold_bytes)."""
        if self._lines is not None:
            if self._lines:
                yield sep.join(self._lines)
            return
        self._file.flush()
        pos, last = 0, self._end - 1  # the last row's line end is not a separator
        while pos < last:
            self._file.seek(pos)
            piece = self._file.read(min(size, last - pos))
            pos += len(piece)
            yield piece.replace(b"\n", sep)

    def __iter__(self) -> Iterator[dict]:
        return self._rows(_ANY)

    def where(self, level) -> Iterator[dict]:
        """The rows whose `level` is the one given, in order; the others are not read."""
        return self._rows(level)

    def _rows(self, level) -> Iterator[dict]:
        n = 0
        while n < len(self._starts):  # rows appended meanwhile are read too
            if level is _ANY or self._levels[n] == level:
                held = self._held
                yield held[n] if held is not None else self._read(n)
            n += 1

    def _read(self, n: int) -> dict:
        # Decoded as the UTF-8 they are: json.loads of bytes would guess their encoding.
        return json.loads(self._line(n).decode("utf-8"))

    def _line(self, n: int) -> bytes:
        """Row n's line from the file, without its line end."""
        start = self._starts[n]
        end = self._starts[n + 1] if n + 1 < len(self._starts) else self._end
        self._file.seek(start)  # also writes out what append left in the file's buffer
        return self._file.read(end - start - 1)

    def __len__(self) -> int:
        return len(self._starts)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
