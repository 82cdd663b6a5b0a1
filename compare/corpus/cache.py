"""Parsed reference laws kept between runs, in the user cache folder, as plain JSON.

Importing the eight shipped texts (XML, Markdown, a PDF's text) costs about a fifth of a
second at every `clausewise compare`, more than aligning the default bill's first chapters.
The parsed tree is stored under a key made of
- the SHA-256 of every file the import may read (the map's file, its French twin, the
  fetched text), so an edited or re-fetched text is parsed again;
- the importer version: a digest of the importers' own source, so a change to any importer
  invalidates every entry without anyone remembering to bump a number;
- the map's source settings (format, part) and the cache format.

The cache is untrusted input like any file (another user's or a pull request's cache folder,
a truncated write): it is JSON, never pickle, read only below a size limit, validated field
by field, and any problem means a miss — the text is imported again and the entry
rewritten. Writes are atomic (cachefiles, through drafts.atomic). CLAUSEWISE_NO_CACHE=1
turns it off.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from ...drafts.cachefiles import MAX_BYTES, enabled, folder, read_entry, source_digest, write_entry
from ...drafts.model import Document, Provision, SourceRef
from .maps import ProvisionMap

FORMAT = 1
_STR_FIELDS = ("number", "caption", "text")
__all__ = ["MAX_BYTES", "enabled", "folder", "import_text_cached", "key", "load", "store"]


class _Invalid(Exception):
    pass


@cache
def importer_version() -> str:
    """A digest of the sources of everything that turns a file into a Document."""
    here = Path(__file__).parent
    files = sorted((here / "importers").glob("*.py")) + [
        here / "instruments.py",
        here / "sources.py",
    ]
    return source_digest(files)


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def key(m: ProvisionMap, corpus: Path) -> str:
    """The cache key of the instrument's parsed text in this corpus folder."""
    from .sources import fetched_source

    src = m.source
    candidates = [src.get("file"), src.get("file_fr")]
    fetched = fetched_source(m.id, corpus)
    files = [corpus / f for f in candidates if f] + ([fetched[0]] if fetched else [])
    parts = {
        "format": FORMAT,
        "importers": importer_version(),
        "id": m.id,
        "citation": m.citation,
        "source": {k: str(v) for k, v in sorted(src.items())},
        "files": [[str(f.relative_to(corpus)), _file_digest(f)] for f in files],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


# --- the tree as JSON and back, strictly -------------------------------------------------------


def _prov_dict(p: Provision) -> dict:
    out: dict = {"kind": p.kind, "label": p.label}
    for name in _STR_FIELDS:
        value = getattr(p, name)
        if value:
            out[name] = value
    if p.elements:
        out["elements"] = p.elements
    if p.citation is not None:
        out["citation"] = p.citation
    if p.source is not None:
        out["source"] = [p.source.file, p.source.line]
    if p.children:
        out["children"] = [_prov_dict(c) for c in p.children]
    return out


def to_json(doc: Document, text_file: Path | None, corpus: Path) -> bytes:
    data = {
        "format": FORMAT,
        "id": doc.id,
        "title": doc.title,
        "citation": doc.citation,
        "jurisdiction": doc.jurisdiction,
        "text_file": str(text_file.relative_to(corpus)) if text_file else None,
        "provisions": [_prov_dict(p) for p in doc.provisions],
        # Importer notes (footnotes, history); JSON turns their tuples into lists.
        "meta": doc.meta,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _str_map(value, what: str) -> dict[str, str]:
    # A fresh dict from json.loads, whose keys are always strings: only the values are
    # checked, and the dict is kept rather than copied (a few thousand per run).
    if type(value) is not dict:
        raise _Invalid(what)
    for v in value.values():
        if type(v) is not str:
            raise _Invalid(what)
    return value


def _opt_str(value, what: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise _Invalid(what)
    return value


_ABSENT = object()  # a key not in the entry, apart from one given as null (refused)


def _prov(raw) -> Provision:
    # Thousands a run: type() tests and positional arguments, the same checks as ever.
    if type(raw) is not dict:
        raise _Invalid("provision")
    get = raw.get
    kind, label = get("kind"), get("label")
    if type(kind) is not str or type(label) is not str:
        raise _Invalid("kind/label")
    caption = get("caption")
    elements = get("elements", _ABSENT)
    if elements is _ABSENT:
        elements = []
    elif type(elements) is not list or (elements and set(map(type, elements)) != {str}):
        raise _Invalid("elements")
    source = get("source")
    if source is not None:
        if not (
            type(source) is list
            and len(source) == 2
            and type(source[0]) is str
            and (source[1] is None or type(source[1]) is int)
        ):
            raise _Invalid("source")
        source = SourceRef(source[0], source[1])
    children = get("children", _ABSENT)
    if children is _ABSENT:
        children = []
    elif type(children) is list:
        children = [_prov(c) for c in children]
    else:
        raise _Invalid("children")
    number, text = get("number", _ABSENT), get("text", _ABSENT)
    return Provision(
        kind,
        label,
        _str_map(number, "number") if number is not _ABSENT else {},
        _str_map(caption, "caption") if caption is not None else None,
        _str_map(text, "text") if text is not _ABSENT else {},
        elements,
        children,
        _opt_str(get("citation"), "citation"),
        source,
    )


def from_json(data: bytes, corpus: Path) -> tuple[Document, Path | None]:
    raw = json.loads(data)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _Invalid("format")
    provisions = raw.get("provisions")
    if not isinstance(provisions, list) or not isinstance(raw.get("id"), str):
        raise _Invalid("document")
    text_file = _opt_str(raw.get("text_file"), "text_file")
    path = None
    if text_file is not None:
        # Only a file inside the corpus folder: the entry names it, it never points elsewhere.
        path = (corpus / text_file).resolve()
        if not path.is_relative_to(corpus.resolve()):
            raise _Invalid("text_file")
        path = corpus / text_file
    meta = raw.get("meta", {})
    if not isinstance(meta, dict):
        raise _Invalid("meta")
    doc = Document(
        meta=meta,
        id=raw["id"],
        title=_str_map(raw.get("title", {}), "title"),
        provisions=[_prov(p) for p in provisions],
        citation=_opt_str(raw.get("citation"), "citation"),
        jurisdiction=_opt_str(raw.get("jurisdiction"), "jurisdiction"),
    )
    return doc, path


# --- the cached import ---------------------------------------------------------------------


def load(k: str, corpus: Path) -> tuple[Document, Path | None] | None:
    raw = read_entry(f"{k}.json")
    if raw is None:
        return None
    try:
        return from_json(raw, corpus)
    except (OSError, ValueError, TypeError, RecursionError, _Invalid):
        return None  # unreadable, corrupt or tampered with: a miss


def store(k: str, doc: Document, text_file: Path | None, corpus: Path) -> None:
    # A cache that cannot be written only costs the next run the import.
    try:
        data = to_json(doc, text_file, corpus)
    except (ValueError, TypeError, RecursionError):
        return
    write_entry(f"{k}.json", data)


def import_text_cached(m: ProvisionMap, corpus: Path) -> tuple[Document | None, Path | None]:
    """instruments.import_text, through the cache."""
    from .instruments import import_text

    if not enabled():
        return import_text(m, corpus)
    k = key(m, corpus)
    hit = load(k, corpus)
    if hit is not None:
        return hit
    doc, text_file = import_text(m, corpus)
    if doc is not None:
        store(k, doc, text_file, corpus)
    return doc, text_file
