"""YAML documents read once and kept as JSON in the user cache: the provision maps, the
concept vocabulary and the list of sources, which every `compare` reads.

Reading the eight shipped maps with libyaml's events costs about 40 ms a run; the same
documents read back from JSON cost a few. What is kept is the reader's own result
(drafts.yamlsource.YamlDoc: the data and the line of every value), so everything that
validates a document (maps.parse_map, concepts.load_concepts) still runs on every read,
and a hostile cache entry can give nothing that the YAML reader could not have given.

The key is the SHA-256 of the file's bytes and of the reader's own source (yamlsource.py,
limits.py, this module): an edited file or a changed reader is a miss. An entry is read
strictly: its layout, every string (the characters the YAML reader refuses), its depth;
anything unexpected is a miss, and the file is parsed again. A document whose values JSON
cannot hold exactly (a mapping with a number as key, a non-finite float) is not cached.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import date, datetime
from functools import cache
from pathlib import Path

from ...drafts import limits
from ...drafts.errors import BillError, InputFileError
from ...drafts.yamlsource import YamlDoc, parse_yaml
from . import cachefiles

FORMAT = 1
# A mapping with one of these keys stands for a value JSON has no type for. The YAML reader
# refuses U+0000 anywhere, so no document's own mapping can have such a key.
_DATE, _DATETIME = "\0date", "\0datetime"


class _Unstorable(Exception):
    pass


class _Invalid(Exception):
    pass


@cache
def reader_version() -> str:
    drafts = Path(limits.__file__).parent
    return cachefiles.source_digest(
        [drafts / "yamlsource.py", drafts / "limits.py", Path(__file__)]
    )


# --- the document as JSON and back, strictly ---------------------------------------------


def _enc(value):
    if value is None or isinstance(value, bool | str):
        return value
    kind = type(value)
    if kind is int:
        return value
    if kind is float:
        if not math.isfinite(value):
            raise _Unstorable
        return value
    if kind is list:
        return [_enc(v) for v in value]
    if kind is dict:
        if not all(type(k) is str and not k.startswith("\0") for k in value):
            raise _Unstorable
        return {k: _enc(v) for k, v in value.items()}
    if kind is datetime:
        return {_DATETIME: value.isoformat()}
    if kind is date:
        return {_DATE: value.isoformat()}
    raise _Unstorable


def to_json(doc: YamlDoc) -> bytes:
    lines = []
    for path, line in doc.lines.items():
        if not all(type(p) in (str, int) for p in path):
            raise _Unstorable
        lines.append([list(path), line])
    data = {"format": FORMAT, "data": _enc(doc.data), "lines": lines}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _text(value: str) -> str:
    if limits.bad_char(value):
        raise _Invalid("character")
    return value


def _dec(value, depth: int = 0):
    if depth > limits.MAX_DEPTH:
        raise _Invalid("depth")
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list):
        return [_dec(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if len(value) == 1 and (_DATE in value or _DATETIME in value):
            raw = next(iter(value.values()))
            if not isinstance(raw, str):
                raise _Invalid("date")
            try:
                return date.fromisoformat(raw) if _DATE in value else datetime.fromisoformat(raw)
            except ValueError:
                raise _Invalid("date") from None
        # Any other "\0" key is refused by _text: the YAML reader never gives one.
        return {_text(k): _dec(v, depth + 1) for k, v in value.items()}
    raise _Invalid("value")


def from_json(raw: bytes, file: str) -> YamlDoc:
    entry = json.loads(raw)
    if not isinstance(entry, dict) or entry.get("format") != FORMAT:
        raise _Invalid("format")
    if not isinstance(entry.get("lines"), list) or "data" not in entry:
        raise _Invalid("layout")
    data = _dec(entry["data"])
    lines: dict[tuple, int] = {}
    for item in entry["lines"]:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], list)):
            raise _Invalid("line")
        path, line = item
        if type(line) is not int or not all(
            (type(p) is str and not limits.bad_char(p)) or type(p) is int for p in path
        ):
            raise _Invalid("line")
        lines[tuple(path)] = line
    return YamlDoc(file, data, lines)


# --- the cached read -------------------------------------------------------------------------


def _entry_name(raw: bytes) -> str:
    digest = hashlib.sha256(f"yaml {FORMAT} {reader_version()}\0".encode())
    digest.update(raw)
    return f"yaml/{digest.hexdigest()}.json"  # beside the parsed laws, apart from them


def read_yaml_cached(path: Path, display: str | None = None, *, follow: bool = True) -> YamlDoc:
    """drafts.yamlsource.read_yaml through the cache: the same document, the same errors."""
    display = display or str(path)
    try:
        raw = limits.read_bounded(Path(path), display, follow=follow)
        text = limits.decode_utf8(raw, display)
    except InputFileError as exc:
        raise BillError(exc.message, exc.file, exc.line) from None
    if not cachefiles.enabled():
        return parse_yaml(text, display)
    name = _entry_name(raw)
    stored = cachefiles.read_entry(name)
    if stored is not None:
        try:
            return from_json(stored, display)
        except (ValueError, TypeError, RecursionError, _Invalid):
            pass  # corrupt or tampered with: parsed again, and the entry rewritten
    doc = parse_yaml(text, display)
    try:
        blob = to_json(doc)
        # Kept only if it reads back as exactly the same document.
        again = from_json(blob, display)
    except (_Unstorable, _Invalid, ValueError, TypeError, RecursionError):
        return doc
    if again.data == doc.data and again.lines == doc.lines:
        cachefiles.write_entry(name, blob)
    return doc
