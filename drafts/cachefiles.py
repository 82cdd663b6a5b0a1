"""The user cache's folders: where they are, whether caching is on, reading an entry with
a size limit, writing one atomically. Shared by the parsed laws and YAML documents
(compare/corpus: cache.py, yamlcache.py) and the rendered bills (rendercache.py); what an
entry holds, and how strictly it is read back, is theirs.

Every entry is untrusted input like any file: a reader treats a missing, unreadable or
oversized entry as a miss, and a write that fails only costs the next run the parsing.
CLAUSEWISE_NO_CACHE=1 turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024  # an entry far larger than any real one is not read


def user_cache() -> Path:
    """clausewise's folder in the user cache (XDG_CACHE_HOME, default ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "clausewise"


def folder() -> Path:
    return user_cache() / "parsed"


def enabled() -> bool:
    return os.environ.get("CLAUSEWISE_NO_CACHE", "") in ("", "0")


def read_entry(name: str) -> bytes | None:
    """The entry's bytes, or None: absent, unreadable, not a plain file, or too large."""
    path = folder() / name
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def write_entry(name: str, data: bytes) -> None:
    """Write the entry through a temporary file and a rename; never fails the caller."""
    from .atomic import write_bytes
    from .errors import ClausewiseError

    with contextlib.suppress(ClausewiseError, OSError, ValueError):
        write_bytes(folder() / name, data)


def source_digest(files: list[Path]) -> str:
    """A digest of the source of the given modules: the code version of what they parse, so
    that a change to the parser invalidates its entries without anyone bumping a number."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
