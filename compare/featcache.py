"""The term counts of the reference laws' passages, kept between runs in the user cache.

Why: the reference side of an alignment — the features (compare.textsim) of each mapped
provision's text and of every paragraph and point below it — cost about 0.15 s of CPU at
every `clausewise compare`, a sixth of the default bill's comparison, and none of it
depends on the bill. It is made once and read back as JSON.

The key is made of textsim's code version (a digest of its source, the stemmer's and the
thesaurus) and a digest of every text the entry holds, in order: an edited law, map
summary or stemmer makes a new key, and an entry is only ever read for exactly the texts it
was made of. The entry holds each text's counts in their order (a vector's float sums
depend on it), as term numbers into one vocabulary.

Like every cache entry it is untrusted input (drafts.cachefiles): bounded, JSON, checked
field by field, and anything wrong is a miss — the counts are made again and the entry
rewritten.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..drafts.cachefiles import enabled, read_entry, source_digest, write_entry
from . import textsim

FORMAT = 1


@cache
def code_version() -> str:
    """What the counts of a text depend on besides the text: textsim's code and data."""
    here = Path(__file__).parent
    digest = hashlib.sha256(
        source_digest([here / "textsim.py", here / "corpus" / "english.py"]).encode()
    )
    digest.update(json.dumps(textsim.CONCEPTS, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def key(texts: Sequence[str]) -> str:
    digest = hashlib.sha256(f"{FORMAT}\0{code_version()}\0{len(texts)}".encode())
    for t in texts:
        digest.update(hashlib.blake2b(t.encode("utf-8"), digest_size=16).digest())
    return digest.hexdigest()


def _to_json(counts: list[Counter]) -> bytes:
    ids: dict[str, int] = {}
    rows = []
    for c in counts:
        row = []
        for term, n in c.items():
            row += (ids.setdefault(term, len(ids)), n)
        rows.append(row)
    data = {"format": FORMAT, "vocab": list(ids), "rows": rows}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _rows(data: bytes, n_texts: int) -> tuple[list[str], list] | None:
    """The entry's vocabulary and rows, if its outline is right; each row is checked when
    its text is first asked for (_decode), since most are never asked for."""
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if type(raw) is not dict or raw.get("format") != FORMAT:
        return None
    vocab, rows = raw.get("vocab"), raw.get("rows")
    if type(vocab) is not list or type(rows) is not list or len(rows) != n_texts:
        return None
    if vocab and set(map(type, vocab)) != {str}:
        return None
    return vocab, rows


def _decode(vocab: list[str], row) -> Counter | None:
    """A row's counts, or None where anything in it is wrong (the text is counted again)."""
    if type(row) is not list or len(row) % 2:
        return None
    if not row:
        return Counter()  # a passage with no content words ("…", a number)
    ids, counts = row[0::2], row[1::2]
    # Checked in C (set, map, min, max): a few hundred rows are asked for in every run.
    if set(map(type, row)) != {int}:
        return None
    if min(ids) < 0 or max(ids) >= len(vocab) or min(counts) < 1:
        return None
    c: Counter = Counter()
    # In C, past Counter.update; ids and counts are halves of one even-length row.
    dict.update(c, zip(map(vocab.__getitem__, ids), counts, strict=True))
    return c if len(c) == len(ids) else None


def prime(texts: Sequence[str]) -> None:
    """Make textsim.features of these texts come from the cache: read the entry, or make
    the counts of all of them now and write it."""
    if not enabled() or not texts:
        return
    texts = list(dict.fromkeys(texts))
    name = f"features-{key(texts)}.json"
    raw = read_entry(name)
    found = _rows(raw, len(texts)) if raw is not None else None
    if found is None:
        counts = [textsim.features(t).counts for t in texts]
        write_entry(name, _to_json(counts))
        textsim.prime(dict(zip(texts, counts, strict=True)), lambda c: c)
        return
    vocab, rows = found
    textsim.prime(dict(zip(texts, rows, strict=True)), lambda row: _decode(vocab, row))
