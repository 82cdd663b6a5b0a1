"""The comparison as JSON, for other tools: the contract documented in the README.

Written key by key, and the alignments row by row as the spool holds them
(compare.spool), so that a long bill's report is never one string in memory; the bytes are
those of json.dumps of the whole report.
"""

from __future__ import annotations

import io
import json

from ...drafts.writers import DEFAULT, WriteOptions
from ..spool import RowSpool


def write(report: dict, lang: str = "en", options: WriteOptions = DEFAULT) -> bytes:
    out = io.BytesIO()
    stream(report, lang, options, out)
    return out.getvalue()


def _dumps(value, pretty: bool) -> str:
    # Compact unless asked: json's C encoder serves only indent=None, and the indented
    # output of a long bill took a tenth of the comparison's time and twice its memory.
    if pretty:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _rows(rows, pretty: bool):
    """The UTF-8 JSON of each row of a list-valued key, as json.dumps would nest it."""
    for row in rows:
        text = _dumps(row, pretty)
        yield ("    " + text.replace("\n", "\n    ") if pretty else text).encode("utf-8")


def stream(report: dict, lang: str, options: WriteOptions, out) -> None:
    # Language and row grouping are presentation; the JSON always holds everything.
    pretty = options.pretty
    sep, colon = (",\n  ", ": ") if pretty else (",", ":")
    out.write(b"{\n  " if pretty else b"{")
    for n, (key, value) in enumerate(report.items()):
        if n:
            out.write(sep.encode())
        out.write(f"{_dumps(key, pretty)}{colon}".encode())
        if isinstance(value, RowSpool) and not pretty:
            # The spool's lines are already compact UTF-8 JSON: copied as they are, in
            # large pieces, a comma for each line end.
            out.write(b"[")
            for piece in value.joined(b","):
                out.write(piece)
            out.write(b"]")
        elif isinstance(value, RowSpool):
            _write_list(out, _rows(value, pretty), pretty)
        elif pretty:
            out.write(_dumps(value, pretty).replace("\n", "\n  ").encode("utf-8"))
        else:
            out.write(_dumps(value, pretty).encode("utf-8"))
    out.write(b"\n}\n" if pretty else b"}\n")


def _write_list(out, texts, pretty: bool) -> None:
    first = True
    for text in texts:  # bytes
        if first:
            out.write(b"[\n" if pretty else b"[")
            first = False
        else:
            out.write(b",\n" if pretty else b",")
        out.write(text)
    if first:
        out.write(b"[]")
    else:
        out.write(b"\n  ]" if pretty else b"]")
