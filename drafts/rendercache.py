"""Rendered bills kept between runs, in the user cache folder, as plain JSON.

Rendering is most of the time of `clausewise check` and `diff` on a bill file, and a reviewer
runs them again and again on versions that did not change (the base of a diff, a check run
before and after a fix elsewhere). `render(bill)` gives what `render.render_bill(bill)` gives,
from the cache when an entry exists under a key made of
- the SHA-256 of the bill file's bytes and of every file in its template folder (names and
  bytes: templates, terms.yaml, options.yaml), so any edited byte renders again;
- where they are and how the bill was named (the model carries them in its source lines),
  and the bill's options;
- the code: a digest of the drafting engine's own source and data (drafts/), and the
  clausewise version, so a change to the renderer invalidates every entry without anyone
  remembering to bump a number; the input size cap (CLAUSEWISE_MAX_INPUT) and the format.

The tree is written as the JSON contract's provisions (drafts/jsoncontract.py), but exact:
a provision's number, caption and text are kept as rendered (the contract fills both
languages in), with their source lines and the renderer's notes (meta) beside them. Read
back, the tree goes through the contract's own validating reader.

The cache is untrusted input like any file (another user's cache folder, a truncated
write): JSON, never pickle, read only below a size limit, validated field by field, and any
problem means a miss — the bill is rendered again and the entry rewritten. Writes are
atomic (drafts.atomic). CLAUSEWISE_NO_CACHE=1 turns it off, as it does the corpus cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from functools import cache
from pathlib import Path

from . import cachefiles, limits
from .billfile import BillFile
from .errors import BillError, ClausewiseError, UnresolvedReference
from .jsoncontract import from_dict, provision_from_dict
from .model import Document, Provision, SourceRef
from .render import render_bill

FORMAT = 1
# An entry larger than this is neither written nor read: about twice a 5,000-article bill's.
MAX_BYTES = 64 * 1024 * 1024
MAX_TOTAL = 512 * 1024 * 1024  # the whole folder; the least recently used go first
MAX_TEMPLATE_FILES = 100_000  # a folder larger than this is rendered, not hashed
_ROOT = "\x00root"  # stands for the checkout folder of a git version in a stored path


class _Invalid(Exception):
    pass


def folder() -> Path:
    """Beside the parsed laws: XDG_CACHE_HOME or ~/.cache, clausewise/rendered."""
    return cachefiles.user_cache() / "rendered"


@cache
def code_version() -> str:
    """A digest of the drafting engine's sources and data files, the release and the
    template engine's version."""
    import jinja2

    from .. import __version__

    here = Path(__file__).parent
    digest = hashlib.sha256(f"{__version__}\0{jinja2.__version__}\0".encode())
    for path in sorted(here.rglob("*")):
        if path.suffix in (".py", ".yaml") and path.is_file():
            digest.update(path.relative_to(here).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _folder_digest(root: Path) -> str | None:
    """Names and bytes of every file below the template folder; None (do not cache) when
    it cannot all be read or is unreasonably large."""
    digest = hashlib.sha256()
    count = 0
    try:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                rel = path.relative_to(root).as_posix()
                count += 1
                if count > MAX_TEMPLATE_FILES:
                    return None
                st = os.lstat(path)
                if stat.S_ISLNK(st.st_mode):
                    # The loader refuses links; their target names them in the key.
                    digest.update(f"L\0{rel}\0{os.readlink(path)}\0".encode())
                    continue
                if not stat.S_ISREG(st.st_mode):
                    # A FIFO or device is never read (it could block); the loader refuses it.
                    digest.update(f"S\0{rel}\0{st.st_mode}\0".encode())
                    continue
                if st.st_size > limits.max_input():
                    return None  # the loader refuses it too; not worth reading to hash
                digest.update(f"F\0{rel}\0".encode())
                with path.open("rb") as fh:
                    digest.update(hashlib.file_digest(fh, "sha256").digest())
    except OSError:
        return None
    return digest.hexdigest()


def key(bill: BillFile, root: Path | None = None) -> str | None:
    """The cache key of the bill's rendering; None when it cannot be computed (an
    unreadable file, options JSON cannot hold). `root`: paths are taken relative to it (a
    git version checked out in a temporary folder is keyed by content, not by folder)."""

    def where(path) -> str:
        text = str(path)
        return _ROOT + text[len(str(root)) :] if root and text.startswith(str(root)) else text

    templates = _folder_digest(Path(bill.template_dir))
    if templates is None:
        return None
    try:
        bill_bytes = Path(bill.path).read_bytes()
        parts = {
            "format": FORMAT,
            "code": code_version(),
            "max_input": limits.max_input(),
            "bill": [where(bill.path), where(bill.display), hashlib.sha256(bill_bytes).hexdigest()],
            "templates": [where(bill.template_dir), templates],
            "options": bill.options,
        }
        text = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    except (OSError, TypeError, ValueError):
        return None
    return hashlib.sha256(text.encode()).hexdigest()


# --- the rendering as JSON and back -----------------------------------------------------------


def _prov_dict(p: Provision) -> dict:
    # The contract's fields as rendered, not filled in (jsoncontract.provision_to_dict gives
    # every provision both languages, which the model does not have).
    return {
        "kind": p.kind,
        "label": p.label,
        "number": p.number,
        "caption": p.caption,
        "text": p.text,
        "elements": p.elements,
        "children": [_prov_dict(c) for c in p.children],
    }


def _swap_paths(doc: Document, unresolved: list, old: str, new: str) -> None:
    """Every stored file name starting with `old` made to start with `new` (in place)."""

    def swap(text):
        return new + text[len(old) :] if isinstance(text, str) and text.startswith(old) else text

    for p in doc.walk():
        if p.source is not None:
            p.source.file = swap(p.source.file)
    meta = doc.meta
    for d in meta.get("definitions", {}).values():
        d["file"] = swap(d["file"])
    for u in meta.get("term_uses", []):
        u["file"] = swap(u["file"])
    meta["templates"] = {k: swap(v) for k, v in meta.get("templates", {}).items()}
    for u in unresolved:
        u[2] = swap(u[2])


def _dump(doc: Document, unresolved: list) -> bytes:
    data = {
        "format": FORMAT,
        "bill": doc.id,
        "title": doc.title,
        "options": doc.meta.get("options", {}),
        "provisions": [_prov_dict(p) for p in doc.provisions],
        "sources": [
            [p.source.file, p.source.line] if p.source is not None else None for p in doc.walk()
        ],
        "citations": [p.citation for p in doc.walk()],
        "meta": doc.meta,
        "unresolved": unresolved,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _line(value) -> bool:
    return value is None or type(value) is int


def _check_meta(meta) -> dict:
    """The renderer's notes, checked for the shapes `check` reads."""
    if not isinstance(meta, dict) or not isinstance(meta.get("options", {}), dict):
        raise _Invalid("meta")
    header = meta.get("header", {})
    if not isinstance(header, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
        for k, v in header.items()
    ):
        raise _Invalid("header")
    if not isinstance(meta.get("house_style", ""), str):
        raise _Invalid("house_style")
    defs = meta.get("definitions", {})
    if not isinstance(defs, dict) or not all(
        isinstance(d, dict) and isinstance(d.get("file"), str) and _line(d.get("line"))
        for d in defs.values()
    ):
        raise _Invalid("definitions")
    uses = meta.get("term_uses", [])
    if not isinstance(uses, list) or not all(
        isinstance(u, dict)
        and isinstance(u.get("term"), str)
        and isinstance(u.get("file"), str)
        and _line(u.get("line"))
        for u in uses
    ):
        raise _Invalid("term_uses")
    templates = meta.get("templates", {})
    if not isinstance(templates, dict) or not all(isinstance(v, str) for v in templates.values()):
        raise _Invalid("templates")
    return meta


def from_json_data(raw) -> tuple[Document, list]:
    """(document, unresolved references as [label, message, file, line]) of a stored
    entry; _Invalid on anything that is not exactly what to_json writes."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _Invalid("format")
    stored = raw.get("provisions")
    if not isinstance(stored, list):
        raise _Invalid("provisions")
    raw["provisions"] = []
    try:
        doc = from_dict(raw, "cache")
        # One top-level provision at a time, each let go once read: a long bill's stored
        # tree and its model are never both whole in memory.
        for i, item in enumerate(stored):
            doc.provisions.append(provision_from_dict(item, "provisions"))
            stored[i] = None
    except BillError:
        raise _Invalid("provisions") from None
    provisions = list(doc.walk())
    sources, citations = raw.get("sources"), raw.get("citations")
    if not isinstance(sources, list) or len(sources) != len(provisions):
        raise _Invalid("sources")
    if not isinstance(citations, list) or len(citations) != len(provisions):
        raise _Invalid("citations")
    for p, src, citation in zip(provisions, sources, citations, strict=True):
        if src is not None:
            if not (isinstance(src, list) and len(src) == 2 and isinstance(src[0], str)):
                raise _Invalid("source")
            if not _line(src[1]):
                raise _Invalid("source line")
            p.source = SourceRef(src[0], src[1])
        if citation is not None and not isinstance(citation, str):
            raise _Invalid("citation")
        p.citation = citation
    doc.meta = _check_meta(raw.get("meta"))
    unresolved = raw.get("unresolved")
    if not isinstance(unresolved, list) or not all(
        isinstance(u, list)
        and len(u) == 4
        and isinstance(u[0], str)
        and isinstance(u[1], str)
        and (u[2] is None or isinstance(u[2], str))
        and _line(u[3])
        for u in unresolved
    ):
        raise _Invalid("unresolved")
    return doc, unresolved


# --- the cached rendering --------------------------------------------------------------------


def load(k: str, root: Path | None = None) -> tuple[Document, list] | None:
    path = folder() / f"{k}.json"
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        doc, unresolved = from_json_data(json.loads(path.read_bytes()))
    except (OSError, ValueError, RecursionError, _Invalid):
        return None  # unreadable, corrupt or tampered with: a miss
    if root is not None:
        _swap_paths(doc, unresolved, _ROOT, str(root))
    with contextlib.suppress(OSError):
        os.utime(path)  # used: the last to be pruned
    return doc, unresolved


def store(k: str, doc: Document, unresolved: list, root: Path | None = None) -> None:
    from .atomic import write_bytes

    # A cache that cannot be written only costs the next run the rendering.
    with contextlib.suppress(ClausewiseError, OSError, ValueError, TypeError, RecursionError):
        # The tree is strings in dicts and lists, which JSON holds exactly; the notes may
        # carry an option JSON cannot (a YAML date), and then nothing is cached.
        if json.loads(json.dumps(doc.meta)) != doc.meta:
            return
        refs = [[u.label, u.message, u.file, u.line] for u in unresolved]
        if root is not None:
            # Stored relative to the checkout folder, which is another one at the next run.
            _swap_paths(doc, refs, str(root), _ROOT)
            try:
                data = _dump(doc, refs)
            finally:
                _swap_paths(doc, refs, _ROOT, str(root))
        else:
            data = _dump(doc, refs)
        if len(data) > MAX_BYTES:
            return
        write_bytes(folder() / f"{k}.json", data)
        del data
        _prune()


def _prune() -> None:
    """Keep the folder under MAX_TOTAL bytes, dropping the entries used least recently
    (a hit touches its entry): every edit of a bill leaves an entry nothing will read."""
    entries = []
    for path in folder().glob("*.json"):
        with contextlib.suppress(OSError):
            st = path.stat()
            entries.append((st.st_mtime, st.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= MAX_TOTAL:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= size


def render(
    bill: BillFile,
    unresolved: list[UnresolvedReference] | None = None,
    *,
    root: Path | None = None,
) -> Document:
    """render.render_bill(bill, unresolved), through the cache.

    An entry serves both ways of rendering: collected unresolved references are appended
    to `unresolved`; without it, the first one is raised, as the renderer raises it."""
    k = key(bill, root) if cachefiles.enabled() else None
    if k is not None:
        hit = load(k, root)
        if hit is not None:
            doc, found = hit
            refs = [UnresolvedReference(*u) for u in found]
            if unresolved is not None:
                unresolved.extend(refs)
            elif refs:
                raise refs[0]
            return doc
    collected: list[UnresolvedReference] = [] if unresolved is None else unresolved
    before = len(collected)
    doc = render_bill(bill, collected if unresolved is not None else None)
    if k is not None:
        store(k, doc, collected[before:], root)
    return doc
