"""The term counts of the reference laws' passages, kept between runs in the user cache.

Why: the reference side of an alignment — the features (compare.textsim) of each mapped
provision's text and of every paragraph and point below it — cost about 0.15 s of CPU at
every `clausewise compare`, a sixth of the default bill's comparison, and none of it
depends on the bill. It is made once and read back as JSON.

The key is made of textsim's code version (a digest of its source, the stemmer's and the
thesaurus) and a digest of every text the entry holds, in order: an edited law, map
summary or stemmer makes a new key, and an entry is only ever read for exactly the texts it
was made of. The entry holds each text's counts in their order (a vector's float sums
depend on it), as one string a text, its terms each repeated as often as counted: the
JSON parser reads a long string far faster than as many numbers, and Counter counts the
split string in C, in the terms' first-seen order (rows of term numbers cost twice as
much to read and decode). With a mapped provision's text (not its paragraphs') it holds
the surface forms of its terms, the words its explanation shows (textsim.forms_of): found
from the text they cost a tokenisation of every matched law.

Like every cache entry it is untrusted input (drafts.cachefiles): bounded, JSON, checked
field by field, and anything wrong is a miss — the counts are made again and the entry
rewritten.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections import Counter
from collections.abc import Collection, Sequence
from functools import cache
from pathlib import Path

from ..drafts.cachefiles import enabled, read_entry, source_digest, write_entry
from . import textsim

FORMAT = 3


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
    """A digest of the texts, in order: of all of them at once, with each one's length so
    that where one ends is part of it (a digest a text cost as much again)."""
    head = f"{FORMAT}\0{code_version()}\0{len(texts)}".encode()
    digest = hashlib.blake2b(head, digest_size=32)
    digest.update(array("q", map(len, texts)).tobytes())
    digest.update("".join(texts).encode("utf-8"))
    return digest.hexdigest()


def _row(counts: Counter) -> str:
    """A text's counts as one string: each term in their order, repeated as many times as
    it is counted, joined by tabs (no term has one: stems, bigrams, concept names)."""
    return "\t".join(["\t".join([term] * n) for term, n in counts.items()])


def _to_json(feats: list[textsim.Features], shown: set[str]) -> bytes | None:
    if any("\t" in t for f in feats for t in f.counts):
        return None  # a thesaurus concept named with a tab: not kept (never so far)
    rows = [_row(f.counts) for f in feats]
    forms = [textsim.forms_of(f) if f.text in shown else None for f in feats]
    data = {"format": FORMAT, "rows": rows, "forms": forms}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _rows(data: bytes, n_texts: int) -> tuple[list, list] | None:
    """The entry's rows and forms, if its outline is right; each row is checked when its
    text is first asked for (_decode), since many are never asked for."""
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if type(raw) is not dict or raw.get("format") != FORMAT:
        return None
    rows, forms = raw.get("rows"), raw.get("forms")
    if type(rows) is not list or type(forms) is not list:
        return None
    if len(rows) != n_texts or len(forms) != n_texts:
        return None
    return rows, forms


def _decode(row, forms, text: str) -> textsim.Features | None:
    """A text's features from its row (_row) and its forms, or None where the row is not a
    string (the text is counted again). Counted in C: the terms come in their first-seen
    order, the counts' own. Forms that are not a string are left out (made from the text
    if asked for); Features.surface_form checks each it reads."""
    if type(row) is not str:
        return None
    counts = Counter(row.split("\t")) if row else Counter()
    return textsim.Features(counts, text, forms=forms if type(forms) is str else None)


def prime(texts: Sequence[str], shown: Collection[str] = ()) -> None:
    """Make textsim.features of these texts come from the cache: read the entry, or make
    the counts of all of them now and write it. Of the texts in `shown` (those whose words
    an explanation may show), the surface forms are kept too (textsim.forms_of)."""
    if not enabled() or not texts:
        return
    texts = list(dict.fromkeys(texts))
    name = f"features-{key(texts)}.json"
    raw = read_entry(name)
    found = _rows(raw, len(texts)) if raw is not None else None
    if found is None:
        feats = [textsim.features(t) for t in texts]
        data = _to_json(feats, set(shown))
        if data is not None:
            write_entry(name, data)
        textsim.prime(dict(zip(texts, feats, strict=True)), lambda f, _text: f)
        return
    rows, forms = found
    pairs = zip(rows, forms, strict=True)
    textsim.prime(dict(zip(texts, pairs, strict=True)), lambda r, t: _decode(*r, t))
