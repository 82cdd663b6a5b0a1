"""YAML documents read once and kept as JSON in the user cache: the provision maps, the
concept vocabulary and the list of sources, which every `compare` reads.

Reading the eight shipped maps with libyaml's events costs 30 to 40 ms a run; the same
documents read back from JSON, checked, cost about a third of that. What is kept is the
reader's own result (drafts.yamlsource.YamlDoc: the data and the line of every value), so
everything that validates a document (maps.parse_map, concepts.load_concepts) still runs
on every read, and a hostile cache entry can give nothing the YAML reader could not give.

The key is the SHA-256 of the file's bytes and of the reader's own source (yamlsource.py,
limits.py, this module): an edited file or a changed reader is a miss. An entry is read
strictly: its layout, every string (the characters the YAML reader refuses), its depth,
its numbers' length; anything unexpected is a miss, and the file is parsed again. A
document whose values JSON cannot hold exactly (a mapping with a number as key, a
non-finite float) is not cached, nor one that does not read back exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path

from ...drafts import cachefiles, limits
from ...drafts.yamlsource import YamlDoc, parse_yaml, read_source

FORMAT = 2
# Every escape of a JSON text, scanned left to right (so "\\\\" pairs up before a "u"
# is looked at); `bad` is set for a character the YAML reader refuses (limits.bad_char):
# \b, \f or a \u escape of a control character, a lone surrogate or a token bracket.
_ESCAPE = re.compile(
    r"\\(?:(?P<bad>[bf]|u(?:00(?:0[0-8bcef]|1[0-9a-f]|7f|[89][0-9a-f])|d[89a-f][0-9a-f]{2}"
    r"|e00[01]))|u[0-9a-f]{4}|[^u])",
    re.IGNORECASE,
)
# A number longer than the YAML reader allows (a run of digits inside a string may match
# too: that document is then only read from its YAML, never wrongly from the cache).
_LONG_INT = re.compile(r"[\[,:]-?[0-9]{" + str(limits.MAX_INT_DIGITS + 1) + ",}")
# Every ASCII digit to "0" and every other byte to ".": a run as long as _LONG_INT's is then
# looked for with one `in`, in C, and the pattern (some 85 instructions a character of a
# document) searched only where there is one.
_DIGIT_RUNS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x2E for b in range(256))
_LONG_RUN = b"0" * (limits.MAX_INT_DIGITS + 1)


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
#
# The data is JSON as it is, but for dates and times, which JSON has no type for: each is a
# null in the data and its path, kind and ISO form in "dates" beside it.


def _enc(value, path: tuple, dates: list):
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
        return [_enc(v, (*path, i), dates) for i, v in enumerate(value)]
    if kind is dict:
        if not all(type(k) is str for k in value):
            raise _Unstorable
        return {k: _enc(v, (*path, k), dates) for k, v in value.items()}
    if kind is datetime or kind is date:
        dates.append([list(path), kind.__name__, value.isoformat()])
        return None
    raise _Unstorable


def to_json(doc: YamlDoc) -> bytes:
    lines = []
    for path, line in doc.lines.items():
        if not all(type(p) in (str, int) for p in path):
            raise _Unstorable
        lines.append([list(path), line])
    dates: list = []
    data = _enc(doc.data, (), dates)
    entry = {"format": FORMAT, "data": data, "dates": dates, "lines": lines}
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _check_depth(value, depth: int = 0) -> None:
    """No deeper than the YAML reader allows (only containers are visited)."""
    if depth > limits.MAX_DEPTH:
        raise _Invalid("depth")
    for v in value.values() if type(value) is dict else value:
        if type(v) is dict or type(v) is list:
            _check_depth(v, depth + 1)


def _put_date(data, path: list, kind: str, iso: str):
    if type(iso) is not str or type(path) is not list:
        raise _Invalid("date")
    try:
        value = date.fromisoformat(iso) if kind == "date" else datetime.fromisoformat(iso)
    except ValueError:
        raise _Invalid("date") from None
    if kind not in ("date", "datetime"):
        raise _Invalid("date")
    if not path:
        return value
    where = data
    for p in path[:-1]:
        where = where[p]  # a wrong path raises, and the entry is a miss
    if type(where) not in (dict, list) or where[path[-1]] is not None:
        raise _Invalid("date")
    where[path[-1]] = value
    return data


def _long_number(raw: bytes, text: str) -> bool:
    """_LONG_INT.search(text) for text = raw.decode("utf-8"): a UTF-8 byte is an ASCII digit
    only where the character is one."""
    return _LONG_RUN in raw.translate(_DIGIT_RUNS) and _LONG_INT.search(text) is not None


def from_json(raw: bytes, file: str) -> YamlDoc:
    text = raw.decode("utf-8")
    # Every string and key at once: no character the YAML reader would have refused.
    if limits.bad_char_utf8(raw, text) or any(m["bad"] for m in _ESCAPE.finditer(text)):
        raise _Invalid("character")
    if _long_number(raw, text):
        raise _Invalid("number")
    entry = json.loads(text)
    if type(entry) is not dict or entry.get("format") != FORMAT:
        raise _Invalid("format")
    if type(entry.get("lines")) is not list or type(entry.get("dates")) is not list:
        raise _Invalid("layout")
    if "data" not in entry:
        raise _Invalid("layout")
    data = entry["data"]
    if type(data) is dict or type(data) is list:
        _check_depth(data)
    for item in entry["dates"]:
        if type(item) is not list or len(item) != 3:
            raise _Invalid("date")
        try:
            data = _put_date(data, *item)
        except (KeyError, IndexError, TypeError):
            raise _Invalid("date") from None
    # A path only looks a line up, so it needs no more than to be hashable: a part of an odd
    # type finds no value, and a line is a number.
    try:
        lines = {tuple(path): line for path, line in entry["lines"]}
    except (ValueError, TypeError):
        raise _Invalid("line") from None
    if not set(map(type, lines.values())) <= {int}:
        raise _Invalid("line")
    return YamlDoc(file, data, lines)


# --- the cached read -------------------------------------------------------------------------


def _entry_name(raw: bytes) -> str:
    digest = hashlib.sha256(f"yaml {FORMAT} {reader_version()}\0".encode())
    digest.update(raw)
    return f"yaml/{digest.hexdigest()}.json"  # beside the parsed laws, apart from them


def read_yaml_cached(path: Path, display: str | None = None, *, follow: bool = True) -> YamlDoc:
    """drafts.yamlsource.read_yaml through the cache: the same document, the same errors."""
    display = display or str(path)
    raw, text = read_source(path, display, follow=follow)
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
