"""The shipped YAML data that every run reads whole — the taxonomy, the report labels —
kept in the user cache as JSON between runs.

libyaml parses the 70 kB taxonomy in about 28 ms, a twentieth of a `compare` of the default
bill (and of every `build` and `check`); the same data read back from JSON costs about
1 ms. The entry's name is the SHA-256 of the file's bytes, of the YAML reader (PyYAML's
version, libyaml or not) and of the entry format, so an edited file is a miss. An entry is
read below a size limit as JSON and nothing else, and used only if the caller's check of
the YAML's data accepts it (taxonomy._check_all, reportkit._check_labels): a tampered entry
can give nothing the YAML file could not, and an unreadable, corrupt or refused one is a
miss — the file is parsed again and the entry rewritten. Data that JSON cannot hold
exactly (a date, a number as a mapping key, NaN) is not cached. CLAUSEWISE_NO_CACHE=1
turns it off.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from . import cachefiles

FORMAT = 1
# libyaml's loader where PyYAML has it: the pure-Python one is most of the cost.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _entry_name(raw: bytes) -> str:
    digest = hashlib.sha256(f"{FORMAT} {yaml.__version__} {_LOADER.__name__}\0".encode())
    digest.update(raw)
    return f"data-{digest.hexdigest()}.json"


def _storable(data: Any) -> bytes | None:
    """The data as JSON, if it reads back exactly (types included); else None."""
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return None
    return text.encode("utf-8") if _same(json.loads(text), data) else None


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    if type(a) is list:
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def load_yaml(path: Path, check: Callable[[Any], object]) -> Any:
    """The YAML file's data, from the user cache when it holds this very file's and `check`
    accepts it (returns without raising); the YAML's own data is the caller's to check."""
    raw = path.read_bytes()
    if not cachefiles.enabled():
        return yaml.load(raw, Loader=_LOADER)
    name = _entry_name(raw)
    entry = cachefiles.read_entry(name)
    if entry is not None:
        try:
            data = json.loads(entry)
            check(data)
            return data
        except Exception:  # noqa: BLE001 -- corrupt, or refused by the check: a miss
            pass
    data = yaml.load(raw, Loader=_LOADER)
    stored = _storable(data)
    if stored is not None:
        cachefiles.write_entry(name, stored)
    return data
