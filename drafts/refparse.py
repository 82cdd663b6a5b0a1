"""Reading rendered cross-references back to the labels they name.

A built bill keeps no trace of its `ref()` calls: 「第五条第二項」 and "Article 5,
paragraph (2)" are plain text. Two jobs need the label behind them: the version diff
(an article inserted before Article 5 turns every 「第五条」 into 「第六条」, which is a
renumbering, not a change of wording) and the checks (circular references, references
that exist in one language only). Both read every form refs.py writes:

- ja: 第五条, 第五条の二, 前条, 次条, この条, 附則第二条, 附則 (a single supplementary
  provision), each optionally followed by 第二項, then 第三号, then イ; 前項, 次項 and
  第二項 inside the same article; 前号 and 第三号 inside the same paragraph;
- en: Article 5, Article 5-2, the preceding/following Article, this Article, Article 2 of
  the Supplementary Provisions, the Supplementary Provisions, each with ", paragraph (2)"
  and ", item (iii)(a)"; "paragraph (2) of the preceding Article" (or of the Supplementary
  Provisions); "the preceding paragraph", "paragraph (2)"; "item (ii) of the preceding
  paragraph", "the preceding item", "item (iii)"; lists and ranges "Articles 5, 6 and 8",
  "Articles 5 through 8".

A reference resolves to the chain of labels it names, article first (article, paragraph,
item, sub-item); a part that names nothing in this bill (第十三号 of an article with three
items, as when an amending provision cites another act) ends the chain there.
tests/drafts/test_refparse_roundtrip.py reads back what refs.py writes, for generated bills.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .kanji import from_kanji
from .model import Document, Provision
from .numbering import IROHA

KNUM = "[〇一二三四五六七八九十百千]+"
_SUB_JA = rf"(?P<s>[{IROHA}])(?![ァ-ヶー])"
_TAIL_JA = rf"(?:第(?P<i>{KNUM})号(?:{_SUB_JA})?)?"
_JA = re.compile(
    rf"(?P<art>附則第(?P<sn>{KNUM})条|附則|前条|次条|この条|第(?P<n>{KNUM})条(?:の(?P<b>{KNUM}))?)"
    rf"(?:第(?P<p>{KNUM})項)?"
    + _TAIL_JA.replace("?P<i>", "?P<ai>").replace("?P<s>", "?P<as>")
    + rf"|(?P<para>前項|次項|第(?P<p2>{KNUM})項)"
    + _TAIL_JA.replace("?P<i>", "?P<pi>").replace("?P<s>", "?P<ps>")
    + rf"|(?P<item>前号|第(?P<i3>{KNUM})号)(?:{_SUB_JA.replace('?P<s>', '?P<s3>')})?"
)
_ROMAN = "[ivxlcdm]+"
_ITEM_EN = rf"(?:, item \((?P<i>{_ROMAN})\)(?:\((?P<s>[a-z]+)\))?)?"
_EN = re.compile(
    r"[Pp]aragraph \((?P<rp>\d+)\) of the "
    r"(?:(?P<rdir>preceding|following) Article|(?P<rsup>Supplementary Provisions))"
    + _ITEM_EN.replace("?P<i>", "?P<ri>").replace("?P<s>", "?P<rs>")
    + rf"|[Ii]tem \((?P<ip>{_ROMAN})\)(?:\((?P<ips>[a-z]+)\))? of the preceding paragraph"
    r"|(?P<arts>Articles? (?P<list>\d+(?:-\d+)?(?:(?:, | and | or | through | to |, and )"
    r"\d+(?:-\d+)?)+))"
    r"|(?P<art>[Tt]he preceding Article|[Tt]he following Article|[Tt]his Article"
    r"|[Tt]he Supplementary Provisions"
    r"|Article (?P<n>\d+(?:-\d+)?)(?P<sup> of the Supplementary Provisions)?)"
    r"(?:, paragraph \((?P<p>\d+)\))?"
    + _ITEM_EN.replace("?P<i>", "?P<ai>").replace("?P<s>", "?P<as>")
    + r"|(?P<para>[Tt]he preceding paragraph|[Tt]he following paragraph|"
    r"[Pp]aragraph \((?P<p2>\d+)\))"
    + _ITEM_EN.replace("?P<i>", "?P<pi>").replace("?P<s>", "?P<ps>")
    + rf"|(?P<item>[Tt]he preceding item|[Ii]tem \((?P<i3>{_ROMAN})\)(?:\((?P<s3>[a-z]+)\))?)"
)
_EN_NUM = re.compile(r"\d+(?:-\d+)?")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def from_roman(s: str) -> int:
    """iv → 4, xiii → 13 (the item numbers of numbering.roman)."""
    total = 0
    for ch, nxt in zip(s, s[1:] + " ", strict=True):
        value = _ROMAN_VALUES[ch]
        total += -value if nxt != " " and _ROMAN_VALUES[nxt] > value else value
    return total


def from_alpha(s: str) -> int:
    """a → 1, z → 26, aa → 27 (the sub-item letters of numbering.alpha)."""
    return (len(s) - 1) * 26 + ord(s[0]) - ord("a") + 1


@dataclass
class Here:
    """Where a provision stands: its article, the article's part, and the paragraph and
    item ordinals it is in (0 for the article itself, or a paragraph's own text)."""

    article: Provision
    part: str
    para: int = 0
    item: int = 0


@dataclass
class DocIndex:
    """Where every article is, and where every provision stands."""

    articles: dict[str, list[Provision]] = field(default_factory=lambda: {"main": [], "suppl": []})
    pos: dict[str, tuple[str, int]] = field(default_factory=dict)
    by_number: dict[str, dict[str, str]] = field(
        default_factory=lambda: {"ja": {}, "en": {}, "suppl": {}}
    )
    owner: dict[int, Here] = field(default_factory=dict)
    single_suppl: Provision | None = None

    @property
    def main(self) -> list[Provision]:
        return self.articles["main"]


def index(doc: Document) -> DocIndex:
    idx = DocIndex()
    for prov in doc.provisions:
        if prov.kind == "chapter":
            arts, part = [a for a in prov.children if a.kind == "article"], "main"
        elif prov.kind == "article":
            arts, part = [prov], "main"
        elif prov.kind == "supplementary":
            arts, part = [a for a in prov.children if a.kind == "article"], "suppl"
        else:
            continue
        for art in arts:
            idx.pos[art.label] = (part, len(idx.articles[part]))
            idx.articles[part].append(art)
            if part == "main":
                idx.by_number["ja"][art.number.get("ja", "")] = art.label
                idx.by_number["en"][art.number.get("en", "").removeprefix("Article ")] = art.label
            else:
                idx.by_number["suppl"][str(len(idx.articles[part]))] = art.label
            idx.owner[id(art)] = Here(art, part)
            for pi, para in enumerate(art.children, 1):
                idx.owner[id(para)] = Here(art, part, pi)
                for ii, item in enumerate(para.children, 1):
                    for unit in item.walk():
                        idx.owner[id(unit)] = Here(art, part, pi, ii)
    if len(idx.articles["suppl"]) == 1:
        idx.single_suppl = idx.articles["suppl"][0]
    return idx


def _article_at(idx: DocIndex, here: Here | None, step: int) -> Provision | None:
    if here is None or here.article.label not in idx.pos:
        return None
    part, i = idx.pos[here.article.label]
    arts = idx.articles[part]
    return arts[i + step] if 0 <= i + step < len(arts) else None


def _child(unit: Provision | None, n: int | None) -> Provision | None:
    if unit is None or n is None or not 1 <= n <= len(unit.children):
        return None
    return unit.children[n - 1]


def _chain(art: Provision | None, para: int | None, item: int | None, sub: int | None):
    """The labels named, article first, up to the first part that names nothing (then
    None); None when not even the article exists."""
    if art is None:
        return None
    out = [art.label]
    unit = art
    for n in (para, item, sub):
        if n is None:
            continue
        unit = _child(unit, n)
        if unit is None:
            out.append(None)  # the chain stops: read_ref sees it is incomplete
            break
        out.append(unit.label)
    return tuple(out)


def _item_of(art: Provision, para: int, item: int | None, sub: int | None):
    """An item (and sub-item) of one paragraph, as a chain from the article."""
    if _child(_child(art, para), item) is None:
        return None
    return _chain(art, para, item, sub)


def _resolve_ja(m: re.Match, idx: DocIndex, here: Here | None):
    """The chain of labels a Japanese match names, or None."""
    k = lambda g: from_kanji(m.group(g)) if m.group(g) else None  # noqa: E731
    s = lambda g: IROHA.index(m.group(g)) + 1 if m.group(g) else None  # noqa: E731
    if m.group("art"):
        word = m.group("art")
        if word == "前条":
            art = _article_at(idx, here, -1)
        elif word == "次条":
            art = _article_at(idx, here, +1)
        elif word == "この条":
            art = here.article if here else None
        elif word == "附則":
            art = idx.single_suppl
        elif m.group("sn"):
            label = idx.by_number["suppl"].get(str(k("sn")))
            art = idx.articles["suppl"][idx.pos[label][1]] if label else None
        else:
            key = f"第{m.group('n')}条" + (f"の{m.group('b')}" if m.group("b") else "")
            label = idx.by_number["ja"].get(key)
            art = idx.main[idx.pos[label][1]] if label else None
        if art is None:
            return None
        para = k("p")
        item = k("ai")
        if para is None and item is not None:
            para = 1  # items of a one-paragraph article are cited without 第一項
        return _chain(art, para, item, s("as"))
    if here is None:
        return None
    if m.group("para"):
        word = m.group("para")
        para = here.para - 1 if word == "前項" else here.para + 1 if word == "次項" else k("p2")
        if _child(here.article, para) is None:
            return None
        return _chain(here.article, para, k("pi"), s("ps"))
    # An item alone: of the same paragraph (前号: the one before this item).
    item = here.item - 1 if m.group("item") == "前号" else k("i3")
    return _item_of(here.article, here.para or 1, item, s("s3"))


def _resolve_en(m: re.Match, idx: DocIndex, here: Here | None):
    r = lambda g: from_roman(m.group(g)) if m.group(g) else None  # noqa: E731
    a = lambda g: from_alpha(m.group(g)) if m.group(g) else None  # noqa: E731
    if m.group("rp"):
        if m.group("rsup"):
            art = idx.single_suppl
        else:
            art = _article_at(idx, here, -1 if m.group("rdir") == "preceding" else 1)
        return _chain(art, int(m.group("rp")), r("ri"), a("rs")) if art else None
    if m.group("ip"):
        if here is None or here.para < 2:
            return None
        return _item_of(here.article, here.para - 1, r("ip"), a("ips"))
    if m.group("art"):
        word = m.group("art").lower()
        if word == "the preceding article":
            art = _article_at(idx, here, -1)
        elif word == "the following article":
            art = _article_at(idx, here, +1)
        elif word == "this article":
            art = here.article if here else None
        elif word == "the supplementary provisions":
            art = idx.single_suppl
        elif m.group("sup"):
            label = idx.by_number["suppl"].get(m.group("n"))
            art = idx.articles["suppl"][idx.pos[label][1]] if label else None
        else:
            label = idx.by_number["en"].get(m.group("n"))
            art = idx.main[idx.pos[label][1]] if label else None
        if art is None:
            return None
        para = int(m.group("p")) if m.group("p") else None
        item = r("ai")
        if para is None and item is not None:
            para = 1
        return _chain(art, para, item, a("as"))
    if here is None:
        return None
    if m.group("para"):
        word = m.group("para").lower()
        if word == "the preceding paragraph":
            para = here.para - 1
        elif word == "the following paragraph":
            para = here.para + 1
        else:
            para = int(m.group("p2"))
        if _child(here.article, para) is None:
            return None
        return _chain(here.article, para, r("pi"), a("ps"))
    item = here.item - 1 if m.group("item").lower() == "the preceding item" else r("i3")
    return _item_of(here.article, here.para or 1, item, a("s3"))


def _list_labels(m: re.Match, idx: DocIndex) -> list[str] | None:
    labels = [idx.by_number["en"].get(n) for n in _EN_NUM.findall(m.group("list"))]
    return None if None in labels else labels


def _matches(text: str, lang: str, idx: DocIndex, unit: Provision | None):
    """(match, chain or None, list labels or None) for every reference-shaped stretch."""
    here = idx.owner.get(id(unit)) if unit is not None else None
    for m in (_JA if lang == "ja" else _EN).finditer(text):
        if lang == "en" and m.group("arts"):
            yield m, None, _list_labels(m, idx)
            continue
        yield m, (_resolve_ja if lang == "ja" else _resolve_en)(m, idx, here), None


def read_ref(text: str, lang: str, idx: DocIndex, unit: Provision | None) -> str | None:
    """The label a whole reference names, written at unit; None unless the text is exactly
    one reference that resolves."""
    found = list(_matches(text, lang, idx, unit))
    if len(found) != 1:
        return None
    m, chain, _ = found[0]
    if m.span() != (0, len(text)) or chain is None:
        return None
    return chain[-1]


def spans(
    text: str, lang: str, idx: DocIndex, unit: Provision, name: Callable[[str], str]
) -> list[tuple[int, int, str]]:
    """(start, end, target) of every reference in text that resolves; target is the
    resolved label(s) passed through name(), so two versions can be compared."""
    out = []
    for m, chain, listed in _matches(text, lang, idx, unit):
        if listed is not None:
            out.append((m.start(), m.end(), ",".join(map(name, listed))))
        elif chain is not None:
            out.append((m.start(), m.end(), "#".join(name(x) for x in chain if x)))
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
    for m, chain, listed in _matches(text, lang, idx, unit):
        if listed is not None:
            out.extend(listed)
        elif chain and (m.group("art") or (lang == "en" and m.group("rp"))):
            out.append(chain[0])
    return out
