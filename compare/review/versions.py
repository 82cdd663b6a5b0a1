"""Versions of a bill, and what changed between two of them.

A version is named the way a reviewer names it on the command line:
- a bill file path or shipped bill name (`drafts/jp-magnitsky.yaml`, `jp-magnitsky`);
- a built JSON file (the contract of drafts/jsoncontract.py);
- `REV:PATH`, the bill file as it was at a git revision (`origin/main:drafts/x.yaml`).
  Its clause templates are read from the same revision (see gitversion.py);
- a law in e-Gov 法令XML (`….xml`, drafts/readers/egov.py), e.g. two revisions of one law.

`diff_documents(old, new)` matches provisions by label, so an inserted article shows as
one addition plus renumberings, never as a change of every later article's text.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from ...drafts import refparse
from ...drafts.billfile import BillFile, load_bill, parse_bill
from ...drafts.errors import BillError, ClausewiseError
from ...drafts.jsoncontract import read_json
from ...drafts.model import Document, Provision
from ...drafts.rendercache import render as render_bill
from ...drafts.yamlsource import parse_yaml, read_yaml
from . import gitversion
from .textdiff import Op, diff_text

LANGS = ("ja", "en")
KINDS = ("added", "removed", "moved", "renumbered", "changed")


@dataclass(frozen=True)
class BillPlace:
    """Where a bill file and its templates are: all an output check needs of a bill file
    (drafts.outputs.bill_inputs), without its line map."""

    path: Path
    template_dir: Path


@dataclass
class Version:
    doc: Document
    display: str
    bill: BillFile | BillPlace | None = None


def is_git_spec(spec: str, cwd: Path | None = None) -> bool:
    """REV:PATH, unless a file of that name exists (a path may contain a colon)."""
    base = Path(cwd or ".")
    return ":" in spec and not (base / spec).exists() and not re.match(r"^[A-Za-z]:[\\/]", spec)


def load_version(spec: str | None, cwd: Path | None = None) -> Version:
    """The one way to load a version, whatever names it: REV:PATH, a built JSON file, or a
    bill file path or name."""
    if spec and is_git_spec(spec, cwd):
        if spec.lower().endswith(".xml"):
            from ...drafts.readers.egov import loads

            return Version(loads(gitversion.read_file(spec, cwd), spec), spec)
        with gitversion.checked_out(spec, cwd) as (bill_file, shown):
            return _git_version(spec, bill_file, shown)
    if spec and spec.endswith(".json"):
        path = Path(cwd or ".") / spec if not Path(spec).is_absolute() else Path(spec)
        return Version(read_json(path, spec), spec)
    if spec and spec.lower().endswith(".xml"):
        from ...drafts.readers.egov import load as load_egov

        path = Path(cwd or ".") / spec if not Path(spec).is_absolute() else Path(spec)
        return Version(load_egov(path), spec)
    bill_spec = spec
    if spec and cwd is not None and not Path(spec).is_absolute() and (Path(cwd) / spec).exists():
        bill_spec = str(Path(cwd) / spec)
    bill = load_bill(bill_spec)
    return Version(render_bill(bill), bill.display, bill)


def _git_version(spec: str, bill_file: Path, shown) -> Version:
    """The bill checked out of a revision, rendered where it lies; every file it names
    (messages, sources, templates, definitions) is shown as REV:PATH."""
    try:
        text = bill_file.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise BillError("the file is not UTF-8 text", spec) from None
    try:
        # Parsed under its real (temporary) path: the loader finds the templates beside it.
        bill = parse_bill(parse_yaml(text, str(bill_file)), bill_file)
        # Cached by content: the checkout folder is another one at every run.
        doc = render_bill(bill, root=_checkout_root(bill_file, shown))
    except BillError as exc:
        raise BillError(exc.message, shown(exc.file), exc.line) from None
    meta = doc.meta
    try:
        words = read_yaml(bill.template_dir / "terms.yaml").data or {}
    except ClausewiseError:
        words = {}
    if not isinstance(words, dict):
        words = {}
    meta["term_words"] = {k: v for k, v in words.items() if isinstance(v, dict)}
    meta["templates"] = {k: shown(v) for k, v in meta.get("templates", {}).items()}
    for d in meta.get("definitions", {}).values():
        d["file"] = shown(d["file"])
    for u in meta.get("term_uses", []):
        u["file"] = shown(u["file"])
    for p in doc.walk():
        if p.source is not None:
            p.source.file = shown(p.source.file)
    bill.template_dir = Path(shown(str(bill.template_dir)) or bill.template_dir)
    bill.display = spec
    if bill.doc is not None:
        bill.doc.file = spec
    return Version(doc, spec, bill)


def _checkout_root(bill_file: Path, shown) -> Path | None:
    """The temporary folder a git version was checked out into: the bill file's folder or
    the first above it that shown() maps to the revision's root."""
    for folder in Path(bill_file).parents:
        shown_as = shown(str(folder))
        if shown_as and shown_as.endswith(":."):
            return folder
    return None


def load_versions(old: str, new: str, cwd: Path | None = None) -> tuple[Version, Version]:
    """Both versions; rendered side by side on two cores where the system can fork.

    Rendering is most of a diff's time and the two renders are independent. Forking keeps
    the parent's imports and caches, so the second process costs little; elsewhere (or on
    one core) the versions are loaded one after the other.
    """
    import gc
    import multiprocessing as mp
    import os

    # Fork only on Linux: elsewhere a forked process with threads is unsafe (macOS) or
    # impossible (Windows).
    parallel = (os.cpu_count() or 1) > 1 and sys.platform.startswith("linux")
    if (
        not parallel
        or _cheap(old, cwd)
        or _cheap(new, cwd)
        or (_small(old, cwd) and _small(new, cwd))
    ):
        before = _slim(load_version(old, cwd))
        return before, _slim(load_version(new, cwd))
    from concurrent.futures import ProcessPoolExecutor

    # Both render in forked workers: rendering leaves the process holding freed memory
    # (compiled templates, contexts, fragmented arenas) that RSS never gives back, so the
    # parent, which goes on to build the redline, only receives the two documents and where
    # their bill files are.
    # The workers inherit every object the parent holds (its imports above all). A collection
    # in a worker would walk them all and write to their headers, copying every page the
    # fork shared; frozen, they are left out of the workers' collections.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=2, mp_context=mp.get_context("fork")) as pool:
            before = pool.submit(_load_document_only, old, cwd)
            after = pool.submit(_load_document_only, new, cwd)
            return before.result(), after.result()
    finally:
        gc.unfreeze()


def _slim(version: Version) -> Version:
    """A version as a diff needs it: without the renderer's notes (the definitions and term
    uses `check` reads). Rendering leaves cyclic garbage (template modules and contexts)
    that the run's rare collections would keep past the next rendering: collected here, a
    5,000-article diff peaks about 100 MB lower."""
    import gc

    doc = version.doc
    # "format" says whether OLD is a law in force (egov_xml): the 新旧対照表 heads it 現行.
    doc.meta = {k: v for k, v in doc.meta.items() if k in ("options", "json_file", "format")}
    gc.collect()
    return version


def _load_document_only(spec: str, cwd: Path | None) -> Version:
    """A version without its bill file: what crosses back from the worker is pickled, and the
    bill file's line map is larger than the document and not needed to compare. Where the
    bill file and its templates are crosses back, so -o cannot overwrite them."""
    version = _slim(load_version(spec, cwd))
    bill = version.bill
    place = BillPlace(Path(bill.path), Path(bill.template_dir)) if bill is not None else None
    return Version(version.doc, version.display, place)


SMALL_BILL_BYTES = 48 * 1024  # a bill file of about 300 articles


def _small(spec: str, cwd: Path | None) -> bool:
    """A bill file small enough that a second process costs more CPU than it saves time:
    at a hundred articles the forked pair took 0.65 s CPU and the same wall time as 0.55 s
    in one process, and its memory is no concern there. A version from git counts as large:
    its size is not known before it is checked out."""
    if is_git_spec(spec, cwd):
        return False
    path = Path(spec) if cwd is None else Path(cwd) / spec
    try:
        return path.is_file() and path.stat().st_size < SMALL_BILL_BYTES
    except OSError:
        return False


def _cheap(spec: str, cwd: Path | None) -> bool:
    """A built JSON file loads faster than a process starts."""
    return spec.lower().endswith((".json", ".xml")) and not is_git_spec(spec, cwd)


# --- matching provisions -------------------------------------------------------------------


@dataclass
class Change:
    """One provision that differs. `kinds` lists every way it differs, most telling first."""

    label: str
    unit: str  # the provision's kind: article, paragraph, chapter, ...
    kinds: list[str]
    old: Provision | None
    new: Provision | None
    old_parent: str | None = None
    new_parent: str | None = None
    text: dict[str, list[Op]] = field(default_factory=dict)
    caption: dict[str, list[Op]] = field(default_factory=dict)
    # The wording differs only in references that follow a renumbering (第五条 → 第六条).
    refs_only: bool = False

    @property
    def kind(self) -> str:
        return self.kinds[0]

    def number(self, side: str) -> dict[str, str]:
        prov = self.old if side == "old" else self.new
        return dict(prov.number) if prov is not None else {}


@dataclass
class Comparison:
    old: Document
    new: Document
    changes: list[Change]
    # new provision id → matched old provision, for the writers that lay both out.
    pairs: dict[int, Provision]
    old_names: dict[str, str] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for ch in self.changes:
            for k in ch.kinds:
                counts[k] += 1
        return counts


def _positional(prov: Provision, parent: Provision | None) -> bool:
    """A label the renderer derived from the position (designation.2), not one a drafter gave."""
    if parent is None or not prov.label.startswith(parent.label + "."):
        return False
    # A string test, not a regex per parent: a pattern per label overflows re's cache.
    rest = prov.label[len(parent.label) + 1 :]
    return rest.isascii() and rest.isdigit()


def _parents(doc: Document) -> dict[int, Provision | None]:
    out: dict[int, Provision | None] = {}

    def visit(p: Provision, parent: Provision | None) -> None:
        out[id(p)] = parent
        for c in p.children:
            visit(c, p)

    for p in doc.provisions:
        visit(p, None)
    return out


def _similarity(ta: str, tb: str) -> float:
    """How alike two paragraph texts are, by their characters counted without order.

    Enough to pair an edited paragraph with its old self among its few siblings, and linear:
    the ordered ratio of two long paragraphs was most of a long bill's diff time.
    """
    return SequenceMatcher(None, ta, tb, autojunk=False).quick_ratio()


def _align_positional(old: list[Provision], new: list[Provision], pairs: dict) -> None:
    """Pair unlabelled children of one matched parent by their text.

    Their labels (designation.2) are positions, and a paragraph inserted in the middle
    shifts them; aligning the sequences of texts pairs each paragraph with its old self.
    """
    keys_a = [p.all_text("ja") + "\x00" + p.all_text("en") for p in old]
    keys_b = [p.all_text("ja") + "\x00" + p.all_text("en") for p in new]
    if keys_a == keys_b:  # most articles: nothing inside them changed
        pairs.update((id(b), a) for a, b in zip(old, new, strict=True))
        return
    sm = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                pairs[id(b)] = a
        elif tag == "replace":
            # Edited in place: pair greedily by similarity, keeping the order.
            j = j1
            for ia in range(i1, i2):
                a = old[ia]
                best, best_j = 0.0, None
                for k in range(j, j2):
                    s = _similarity(keys_a[ia], keys_b[k])
                    if s > best:
                        best, best_j = s, k
                if best_j is not None and best >= 0.4:
                    pairs[id(new[best_j])] = a
                    j = best_j + 1


def match(old: Document, new: Document) -> dict[int, Provision]:
    """new provision id → the old provision it continues."""
    parents_old, parents_new = _parents(old), _parents(new)
    explicit_old = {p.label: p for p in old.walk() if not _positional(p, parents_old[id(p)])}
    pairs: dict[int, Provision] = {}
    for p in new.walk():
        if not _positional(p, parents_new[id(p)]) and p.label in explicit_old:
            pairs[id(p)] = explicit_old[p.label]

    def descend(a: Provision, b: Provision) -> None:
        loose_a = [c for c in a.children if _positional(c, a)]
        loose_b = [c for c in b.children if _positional(c, b)]
        _align_positional(loose_a, loose_b, pairs)
        for c in b.children:
            if id(c) in pairs:
                descend(pairs[id(c)], c)

    for p in new.provisions:
        if id(p) in pairs:
            descend(pairs[id(p)], p)
    return pairs


# --- classifying ---------------------------------------------------------------------------


def _order_moved(seq_old: list[str], seq_new: list[str]) -> set[str]:
    """Labels whose relative order changed: those off the longest common subsequence."""
    sm = SequenceMatcher(None, seq_old, seq_new, autojunk=False)
    kept = set()
    for tag, _i1, _i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            kept.update(seq_new[j1:j2])
    return {x for x in seq_new if x not in kept}


def _sibling_moves(old: Document, new: Document, pairs: dict, names: dict) -> set[str]:
    """Provisions that changed place among their siblings (articles: in the whole body)."""
    moved: set[str] = set()
    idx_old, idx_new = refparse.index(old), refparse.index(new)
    seq_new = [a.label for a in idx_new.main if id(a) in pairs]
    matched_old = {pairs[id(a)].label for a in idx_new.main if id(a) in pairs}
    seq_old = [names.get(a.label, a.label) for a in idx_old.main if a.label in matched_old]
    moved |= _order_moved(seq_old, seq_new)
    for b in new.walk():
        a = pairs.get(id(b))
        if a is None or b.kind in ("chapter", "article"):
            continue
        kids_new = [c.label for c in b.children if id(c) in pairs]
        kept_old = {pairs[id(c)].label for c in b.children if id(c) in pairs}
        kids_old = [names.get(c.label, c.label) for c in a.children if c.label in kept_old]
        moved |= _order_moved(kids_old, kids_new)
    return moved


def diff_documents(old: Document, new: Document) -> Comparison:
    pairs = match(old, new)
    by_id = {id(b): b for b in new.walk()}
    # old label → the label of the provision that continues it (differs for positional ones).
    names = {a.label: by_id[bid].label for bid, a in pairs.items()}
    parents_old, parents_new = _parents(old), _parents(new)
    matched_old = {id(a) for a in pairs.values()}
    idx_old, idx_new = refparse.index(old), refparse.index(new)
    moved = _sibling_moves(old, new, pairs, names)
    changes: list[Change] = []

    def parent_label(parents, p) -> str | None:
        up = parents[id(p)]
        return up.label if up is not None else None

    def visit(b: Provision, added_above: bool) -> None:
        a = pairs.get(id(b))
        if a is None:
            if not added_above:
                changes.append(
                    Change(
                        b.label, b.kind, ["added"], None, b, new_parent=parent_label(parents_new, b)
                    )
                )
            for c in b.children:
                visit(c, True)
            return
        kinds: list[str] = []
        ch = Change(
            b.label, b.kind, kinds, a, b, parent_label(parents_old, a), parent_label(parents_new, b)
        )
        wording = False
        refs_only = True
        for lang in LANGS:
            ot, nt = a.text.get(lang, ""), b.text.get(lang, "")
            if ot != nt:
                ch.text[lang] = diff_text(ot, nt, lang)
                same = refparse.same_references(
                    ch.text[lang],
                    lang,
                    (idx_old, a, lambda x: names.get(x, "?" + x)),
                    (idx_new, b, lambda x: x),
                )
                refs_only = refs_only and same
                wording = True
            oc, nc = (a.caption or {}).get(lang, ""), (b.caption or {}).get(lang, "")
            if oc != nc:
                ch.caption[lang] = diff_text(oc, nc, lang)
                refs_only = False
                wording = True
        if wording and not refs_only:
            kinds.append("changed")
        mapped_parent = names.get(ch.old_parent or "", ch.old_parent)
        if b.label in moved or (mapped_parent != ch.new_parent and b.kind != "chapter"):
            kinds.append("moved")
        if any(a.number.get(lg, "") != b.number.get(lg, "") for lg in LANGS) or (
            wording and refs_only
        ):
            kinds.append("renumbered")
            ch.refs_only = wording and refs_only
        if kinds:
            changes.append(ch)
        for c in b.children:
            visit(c, False)

    for p in new.provisions:
        visit(p, False)
    # Removed: old provisions nobody continues; only the top-most of a removed subtree.
    for p in old.walk():
        if id(p) in matched_old:
            continue
        up = parents_old[id(p)]
        if up is not None and id(up) not in matched_old:
            continue
        changes.append(
            Change(p.label, p.kind, ["removed"], p, None, old_parent=parent_label(parents_old, p))
        )
    return Comparison(old, new, changes, pairs, names)
