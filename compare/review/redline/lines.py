"""Both versions laid out line by line (as drafts/layout.py prints a bill) and aligned.

Every writer of a redline works from this: a list of lines, each with its old text, its
new text and the diff between them, grouped into units (an article with its caption,
paragraphs and items; a chapter heading; the title; ...). Lines are aligned on the
provision each stands for, matched as versions.match() matched them, so the alignment
follows labels, not text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ....drafts.layout import Block, blocks
from ....drafts.model import Document
from ..textdiff import DELETE, INSERT, Op, diff_text
from ..versions import Comparison


@dataclass
class Line:
    kind: str  # the layout block kind: title, caption, paragraph, item, ...
    unit: str  # key of the unit it belongs to (an article label, "title", ...)
    old: str | None
    new: str | None
    ops: list[Op]
    # The layout blocks behind the line (number and text apart), where the version has one.
    old_block: Block | None = None
    new_block: Block | None = None

    @property
    def status(self) -> str:
        if self.old is None:
            return "inserted"
        if self.new is None:
            return "deleted"
        return "equal" if self.old == self.new else "changed"


@dataclass
class Unit:
    key: str
    heading_old: str
    heading_new: str
    lines: list[Line] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(line.status != "equal" for line in self.lines)

    @property
    def heading(self) -> str:
        return self.heading_new or self.heading_old


def owners(doc: Document) -> dict[str, str]:
    """provision label → key of the unit its lines fall in."""
    out: dict[str, str] = {}
    for prov in doc.provisions:
        if prov.kind in ("chapter", "supplementary"):
            out[prov.label] = prov.label
            for art in prov.children:
                for unit in art.walk():
                    out[unit.label] = art.label
        else:
            for unit in prov.walk():
                out[unit.label] = prov.label
    return out


def _headings(doc: Document, lang: str) -> dict[str, str]:
    """unit key → how a reader names it: 第五条（指定）, 第一章　総則, 附　則, 理　由."""
    out: dict[str, str] = {
        "title": doc.title.get(lang, ""),
        "toc": "目次" if lang == "ja" else "Table of Contents",
    }
    suppl = {a.label for p in doc.provisions if p.kind == "supplementary" for a in p.children}
    for prov in doc.walk():
        num = prov.number.get(lang, "")
        cap = (prov.caption or {}).get(lang, "")
        if prov.kind == "article":
            # 附則第四条, not 第四条: the supplementary provisions number their own articles.
            if prov.label in suppl:
                num = (
                    f"附則{num}"
                    if lang == "ja"
                    else f"{num} of the Supplementary Provisions"
                    if num
                    else ""
                )
            if not num:
                num = "附則" if lang == "ja" else "Supplementary Provisions"
            out[prov.label] = (
                f"{num}（{cap}）" if (cap and lang == "ja") else f"{num} ({cap})" if cap else num
            )
        elif prov.kind in ("chapter", "supplementary", "reason"):
            out[prov.label] = (
                f"{num}\u3000{cap}".strip() if lang == "ja" else f"{num} {cap}".strip()
            )
    return out


def _unit_of(block: Block, owner_map: dict[str, str]) -> str:
    if block.kind == "title":
        return "title"
    if block.kind in ("toc_head", "toc"):
        return "toc"
    return owner_map.get(block.label, block.label)


def _key(block: Block, label: str) -> tuple:
    # Reason lines share one label: their text tells them apart.
    if block.kind == "reason":
        return (block.kind, label, block.text)
    return (block.kind, label)


def align(cmp: Comparison, lang: str) -> list[Line]:
    return list(iter_align(cmp, lang))


def iter_align(cmp: Comparison, lang: str) -> Iterator[Line]:
    """The aligned lines one at a time: a writer that keeps only some of them (the
    新旧対照表 keeps changed units) never holds every line of a long bill with its diff."""
    old_blocks, new_blocks = blocks(cmp.old, lang), blocks(cmp.new, lang)
    owners_old, owners_new = owners(cmp.old), owners(cmp.new)
    names = cmp.old_names
    # A provision nobody continues (removed) or that continues none (added) gets a key of
    # its own: a removed item's label may be the label its renumbered sibling now has, and
    # must not pair with it (the redline would show a rewrite where the JSON says removal).
    gone = {p.label for p in cmp.old.walk()} - names.keys()
    fresh = {p.label for p in cmp.new.walk()} - set(names.values())
    keys_old = [
        ("removed", *_key(b, b.label)) if b.label in gone else _key(b, names.get(b.label, b.label))
        for b in old_blocks
    ]
    keys_new = [
        ("added", *_key(b, b.label)) if b.label in fresh else _key(b, b.label) for b in new_blocks
    ]

    def old_unit(b: Block) -> str:
        u = _unit_of(b, owners_old)
        return names.get(u, u)

    opcodes = SequenceMatcher(None, keys_old, keys_new, autojunk=False).get_opcodes()
    # The keys (and the matcher's index of them) are let go before the lines are made.
    del keys_old, keys_new, gone, fresh
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            for a, b in zip(old_blocks[i1:i2], new_blocks[j1:j2], strict=True):
                lo, ln = a.line(lang), b.line(lang)
                yield Line(b.kind, _unit_of(b, owners_new), lo, ln, diff_text(lo, ln, lang), a, b)
            continue
        for a in old_blocks[i1:i2]:
            text = a.line(lang)
            yield Line(
                a.kind, old_unit(a), text, None, [(DELETE, text)] if text else [], old_block=a
            )
        for b in new_blocks[j1:j2]:
            text = b.line(lang)
            yield (
                Line(
                    b.kind,
                    _unit_of(b, owners_new),
                    None,
                    text,
                    [(INSERT, text)] if text else [],
                    new_block=b,
                )
            )


def units(cmp: Comparison, lines: Iterable[Line], lang: str) -> list[Unit]:
    """Consecutive lines of the same unit, with the unit's heading in both versions."""
    return list(iter_units(cmp, lines, lang))


def iter_units(cmp: Comparison, lines: Iterable[Line], lang: str) -> Iterator[Unit]:
    """units(), each given when its last line has come."""
    h_old, h_new = _headings(cmp.old, lang), _headings(cmp.new, lang)
    names_back = {v: k for k, v in cmp.old_names.items()}
    unit: Unit | None = None
    for line in lines:
        if unit is None or unit.key != line.unit:
            if unit is not None:
                yield unit
            old_key = names_back.get(line.unit, line.unit)
            unit = Unit(line.unit, h_old.get(old_key, ""), h_new.get(line.unit, ""))
        unit.lines.append(line)
    if unit is not None:
        yield unit


def unit_kinds(cmp: Comparison) -> dict[str, set[str]]:
    """unit key → the kinds of change inside it (for reports that sort units by kind)."""
    own_old, own_new = owners(cmp.old), owners(cmp.new)
    out: dict[str, set[str]] = {}
    for ch in cmp.changes:
        if ch.new is not None:
            key = own_new.get(ch.label, ch.label)
        else:
            key = own_old.get(ch.label, ch.label)
            key = cmp.old_names.get(key, key)
        out.setdefault(key, set()).update(ch.kinds)
    return out


def refs_only_units(cmp: Comparison) -> set[str]:
    """Units with a provision whose wording changed only in references that follow a
    renumbering (第五条 → 第六条), the Change's refs_only."""
    own_new = owners(cmp.new)
    return {own_new.get(ch.label, ch.label) for ch in cmp.changes if ch.refs_only and ch.new}


def marked(ops, escape) -> str:
    """Operations as text with <ins>/<del>, each piece escaped for the target format: the
    HTML and Markdown redlines both mark changes this way."""
    out = []
    for op, text in ops:
        if op == INSERT:
            out.append(f"<ins>{escape(text)}</ins>")
        elif op == DELETE:
            out.append(f"<del>{escape(text)}</del>")
        else:
            out.append(escape(text))
    return "".join(out)
