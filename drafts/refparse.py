"""Reading rendered cross-references back to the labels they name.

A built bill keeps no trace of its `ref()` calls: 「第五条第二項」 and "Article 5,
paragraph (2)" are plain text. Two jobs need the label behind them: the version diff
(an article inserted before Article 5 turns every 「第五条」 into 「第六条」, which is a
renumbering, not a change of wording) and the checks (circular references, references
that exist in one language only). Both read the forms refs.py writes:

- ja: 第五条, 第五条の二, 前条, 次条, each optionally followed by 第二項; 前項, 次項 and
  第二項 inside the same article;
- en: Article 5, Article 5-2, the preceding/following Article, with ", paragraph (2)";
  "paragraph (2) of the preceding Article"; "the preceding paragraph", "paragraph (2)";
  lists and ranges "Articles 5, 6 and 8", "Articles 5 through 8".

Items (第二号, item (ii)) and references into the supplementary provisions are left as
text: a renumbered item therefore still shows as a change of wording (documented).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .kanji import from_kanji
from .model import Document, Provision

KNUM = "[〇一二三四五六七八九十百千]+"
_JA = re.compile(
    rf"(?<!附則)(?P<art>前条|次条|第(?P<n>{KNUM})条(?:の(?P<b>{KNUM}))?)(?:第(?P<p>{KNUM})項)?"
    rf"|(?P<para>前項|次項|第(?P<p2>{KNUM})項)"
)
_EN = re.compile(
    r"[Pp]aragraph \((?P<rp>\d+)\) of the (?P<rdir>preceding|following) Article"
    r"|(?P<arts>Articles? (?P<list>\d+(?:-\d+)?(?:(?:, | and | or | through | to |, and )"
    r"\d+(?:-\d+)?)+))"
    r"|(?P<art>[Tt]he preceding Article|[Tt]he following Article|Article (?P<n>\d+(?:-\d+)?))"
    r"(?! of the Supplementary)(?:, paragraph \((?P<p>\d+)\))?"
    r"|(?P<para>[Tt]he preceding paragraph|[Tt]he following paragraph|"
    r"[Pp]aragraph \((?P<p2>\d+)\))"
)
_EN_NUM = re.compile(r"\d+(?:-\d+)?")


@dataclass
class DocIndex:
    """Where every article is, and which article and paragraph every provision stands in."""

    main: list[Provision] = field(default_factory=list)
    pos: dict[str, int] = field(default_factory=dict)
    by_number: dict[str, dict[str, str]] = field(default_factory=lambda: {"ja": {}, "en": {}})
    owner: dict[int, tuple[Provision, int]] = field(default_factory=dict)


def index(doc: Document) -> DocIndex:
    idx = DocIndex()
    for prov in doc.provisions:
        if prov.kind == "chapter":
            arts = [a for a in prov.children if a.kind == "article"]
        elif prov.kind == "article":
            arts = [prov]
        else:
            arts = []
        for art in arts:
            idx.pos[art.label] = len(idx.main)
            idx.main.append(art)
            idx.by_number["ja"][art.number.get("ja", "")] = art.label
            idx.by_number["en"][art.number.get("en", "").removeprefix("Article ")] = art.label
    for prov in doc.provisions:
        arts = prov.children if prov.kind in ("chapter", "supplementary") else [prov]
        for art in arts:
            for pi, para in enumerate(art.children, 1):
                for unit in para.walk():
                    idx.owner[id(unit)] = (art, pi)
            idx.owner[id(art)] = (art, 0)
    return idx


def _article_at(idx: DocIndex, here: Provision | None, step: int) -> Provision | None:
    if here is None or here.label not in idx.pos:
        return None
    i = idx.pos[here.label] + step
    return idx.main[i] if 0 <= i < len(idx.main) else None


def _para_label(art: Provision | None, n: int) -> str | None:
    if art is None or not 1 <= n <= len(art.children):
        return None
    return art.children[n - 1].label


def _resolve_ja(m: re.Match, idx: DocIndex, here: Provision | None, para: int):
    """(article label, paragraph label or None) named by a Japanese match, or None."""
    if m.group("art"):
        word = m.group("art")
        if word == "前条":
            art = _article_at(idx, here, -1)
        elif word == "次条":
            art = _article_at(idx, here, +1)
        else:
            key = f"第{m.group('n')}条" + (f"の{m.group('b')}" if m.group("b") else "")
            label = idx.by_number["ja"].get(key)
            art = idx.main[idx.pos[label]] if label else None
        if art is None:
            return None
        p = m.group("p")
        return art.label, (_para_label(art, from_kanji(p)) if p else None)
    word = m.group("para")
    n = para - 1 if word == "前項" else para + 1 if word == "次項" else from_kanji(m.group("p2"))
    label = _para_label(here, n)
    return (here.label, label) if label else None


def _resolve_en(m: re.Match, idx: DocIndex, here: Provision | None, para: int):
    if m.group("rp"):
        art = _article_at(idx, here, -1 if m.group("rdir") == "preceding" else 1)
        return (art.label, _para_label(art, int(m.group("rp")))) if art else None
    if m.group("art"):
        word = m.group("art")
        if word.lower() == "the preceding article":
            art = _article_at(idx, here, -1)
        elif word.lower() == "the following article":
            art = _article_at(idx, here, +1)
        else:
            label = idx.by_number["en"].get(m.group("n"))
            art = idx.main[idx.pos[label]] if label else None
        if art is None:
            return None
        p = m.group("p")
        return art.label, (_para_label(art, int(p)) if p else None)
    word = m.group("para")
    if word.lower() == "the preceding paragraph":
        n = para - 1
    elif word.lower() == "the following paragraph":
        n = para + 1
    else:
        n = int(m.group("p2"))
    label = _para_label(here, n)
    return (here.label, label) if label else None


def _list_labels(m: re.Match, idx: DocIndex) -> list[str] | None:
    labels = [idx.by_number["en"].get(n) for n in _EN_NUM.findall(m.group("list"))]
    return None if None in labels else labels


def spans(
    text: str, lang: str, idx: DocIndex, unit: Provision, name: Callable[[str], str]
) -> list[tuple[int, int, str]]:
    """(start, end, target) of every reference in text that resolves; target is the
    resolved label(s) passed through name(), so two versions can be compared."""
    here, para = idx.owner.get(id(unit), (None, 0))
    out = []
    for m in (_JA if lang == "ja" else _EN).finditer(text):
        if lang == "en" and m.group("arts"):
            labels = _list_labels(m, idx)
            if labels is not None:
                out.append((m.start(), m.end(), ",".join(map(name, labels))))
            continue
        target = (_resolve_ja if lang == "ja" else _resolve_en)(m, idx, here, para)
        if target is not None:
            out.append((m.start(), m.end(), "#".join(name(x) for x in target if x)))
    return out


def same_references(
    ops,
    lang: str,
    old: tuple[DocIndex, Provision, Callable[[str], str]],
    new: tuple[DocIndex, Provision, Callable[[str], str]],
) -> bool:
    """True when every changed stretch of the diff lies inside a reference that names the
    same provision in both versions: the wording differs only by renumbering.

    Only the changed stretches are looked at, so a reference that is written the same in
    both versions (to another act's 第十二条, say) never needs resolving."""
    old_text = "".join(t for op, t in ops if op != "insert")
    new_text = "".join(t for op, t in ops if op != "delete")
    old_spans = spans(old_text, lang, old[0], old[1], old[2])
    new_spans = spans(new_text, lang, new[0], new[1], new[2])

    def covering(found, text: str, a: int, b: int):
        # Spaces at the edges of a change belong to the sentence, not to the reference.
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        for start, end, target in found:
            if start <= a and b <= end:
                return target
        if a == b:  # a pure insertion after "Article 5, paragraph (1) " belongs to it
            while a > 0 and text[a - 1].isspace():
                a -= 1
            for start, end, target in found:
                if start <= a <= end:
                    return target
        return None

    po = pn = 0
    i = 0
    while i < len(ops):
        if ops[i][0] == "equal":
            po += len(ops[i][1])
            pn += len(ops[i][1])
            i += 1
            continue
        o1, n1 = po, pn
        while i < len(ops) and ops[i][0] != "equal":
            if ops[i][0] == "delete":
                po += len(ops[i][1])
            else:
                pn += len(ops[i][1])
            i += 1
        t_old = covering(old_spans, old_text, o1, po)
        t_new = covering(new_spans, new_text, n1, pn)
        if t_old is None or t_old != t_new:
            return False
    return True


def article_refs(text: str, lang: str, idx: DocIndex, unit: Provision) -> list[str]:
    """Labels of the articles the text refers to, in order (paragraph detail dropped)."""
    out: list[str] = []
    here, para = idx.owner.get(id(unit), (None, 0))
    for m in (_JA if lang == "ja" else _EN).finditer(text):
        if lang == "en" and m.group("arts"):
            out.extend(_list_labels(m, idx) or [])
            continue
        target = (_resolve_ja if lang == "ja" else _resolve_en)(m, idx, here, para)
        if target and (m.group("art") or (lang == "en" and m.group("rp"))):
            out.append(target[0])
    return out
