"""Reading rendered cross-references back to the labels they name.

A built bill keeps no trace of its `ref()` calls: 「第五条第二項」 and "Article 5,
paragraph (2)" are plain text. Two jobs need the label behind them: the version diff
(an article inserted before Article 5 turns every 「第五条」 into 「第六条」, which is a
renumbering, not a change of wording) and the checks (circular references, references
that exist in one language only). Both read every form refs.py writes:

- ja: 第五条, 第五条の二, 前条, 次条, この条, 同条, 附則第二条, 附則 (a single
  supplementary provision), each optionally followed by 第二項, then 第三号, then イ; 前項,
  次項, 同項 and 第二項 inside the same article; 前号 and 第三号 inside the same paragraph;
- en: Article 5, Article 5-2, the preceding/following Article, this Article, that Article,
  Article 2 of the Supplementary Provisions, the Supplementary Provisions, each with
  ", paragraph (2)" and ", item (iii)(a)"; "paragraph (2) of the preceding Article" (or of
  that Article, of the Supplementary Provisions); "the preceding/following paragraph",
  "paragraph (2)"; "item (ii) of the preceding/following paragraph" (or of that
  paragraph), "the preceding item", "item (iii)"; lists and ranges of whole articles
  "Articles 5, 6 and 8", "Articles 5 through 8".

同条/同項 and "that Article/paragraph" name what the reference before them in the same text
named; so do the later members of a group, which leave the article out after a conjunction
(第四条第二項及び第三項, 第五条第一号及び第二号, "Article 4, paragraphs (2) and (3)").

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
    rf"(?P<art>附則第(?P<sn>{KNUM})条|附則|前条|次条|この条|同条|第(?P<n>{KNUM})条(?:の(?P<b>{KNUM}))?)"
    rf"(?:第(?P<p>{KNUM})項)?"
    + _TAIL_JA.replace("?P<i>", "?P<ai>").replace("?P<s>", "?P<as>")
    + rf"|(?P<para>前項|次項|同項|第(?P<p2>{KNUM})項)"
    + _TAIL_JA.replace("?P<i>", "?P<pi>").replace("?P<s>", "?P<ps>")
    + rf"|(?P<item>前号|第(?P<i3>{KNUM})号)(?:{_SUB_JA.replace('?P<s>', '?P<s3>')})?"
)
_ROMAN = "[ivxlcdm]+"
_ITEM_EN = rf"(?:, item \((?P<i>{_ROMAN})\)(?:\((?P<s>[a-z]+)\))?)?"
_EN = re.compile(
    r"[Pp]aragraph \((?P<rp>\d+)\)"
    # JLT puts the item before "of": "paragraph (1), item (iii) of the following Article".
    + _ITEM_EN.replace("?P<i>", "?P<ri0>").replace("?P<s>", "?P<rs0>")
    + r" of (?:the (?P<rdir>preceding|following) Article|(?P<rthat>that Article)"
    r"|the (?P<rsup>Supplementary Provisions))"
    + _ITEM_EN.replace("?P<i>", "?P<ri>").replace("?P<s>", "?P<rs>")
    + rf"|[Ii]tem \((?P<ip>{_ROMAN})\)(?:\((?P<ips>[a-z]+)\))? of "
    r"(?:the (?P<ipdir>preceding|following)|(?P<ipthat>that)) paragraph"
    r"|(?P<arts>Articles? (?P<list>\d+(?:-\d+)?(?:(?:, | and | or | through | to |, and )"
    r"\d+(?:-\d+)?)+))"
    r"|(?P<art>[Tt]he preceding Article|[Tt]he following Article|[Tt]his Article|[Tt]hat Article"
    r"|[Tt]he Supplementary Provisions"
    r"|Article (?P<n>\d+(?:-\d+)?)(?P<sup> of the Supplementary Provisions)?)"
    r"(?:, paragraphs? \((?P<p>\d+)\))?"
    + _ITEM_EN.replace("?P<i>", "?P<ai>").replace("?P<s>", "?P<as>")
    + r"|(?P<para>[Tt]he preceding paragraph|[Tt]he following paragraph|"
    r"[Pp]aragraph \((?P<p2>\d+)\))"
    + _ITEM_EN.replace("?P<i>", "?P<pi>").replace("?P<s>", "?P<ps>")
    + rf"|(?P<item>[Tt]he preceding item|[Ii]tem \((?P<i3>{_ROMAN})\)(?:\((?P<s3>[a-z]+)\))?)"
    # A later member of a group: "Article 4, paragraphs (2) and (3)".
    + r"|\((?P<cp>\d+)\)"
    + _ITEM_EN.replace("?P<i>", "?P<ci>").replace("?P<s>", "?P<cs>")
)
# What stands between the members of a group (refs.render_refs).
_CONJ = {
    "ja": re.compile(r"及び|又は|並びに|若しくは|、"),
    "en": re.compile(r", | and | or |, and |, or "),
}
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


Chain = tuple[Provision | None, ...]


def _chain(art: Provision | None, para: int | None, item: int | None, sub: int | None):
    """The provisions named, article first, up to the first part that names nothing (then
    None); None when not even the article exists."""
    if art is None:
        return None
    out: list[Provision | None] = [art]
    unit = art
    for n in (para, item, sub):
        if n is None:
            continue
        unit = _child(unit, n)
        out.append(unit)  # None ends the chain: read_ref sees it is incomplete
        if unit is None:
            break
    return tuple(out)


def _item_of(art: Provision, para: int, item: int | None, sub: int | None):
    """An item (and sub-item) of one paragraph, as a chain from the article."""
    if _child(_child(art, para), item) is None:
        return None
    return _chain(art, para, item, sub)


def _ditto_para(prev: Chain | None) -> tuple[Provision, int] | None:
    """The article and paragraph number the previous reference named (同項, that paragraph)."""
    if not prev or len(prev) < 2 or prev[1] is None:
        return None
    return prev[0], next(i for i, c in enumerate(prev[0].children, 1) if c is prev[1])


def _by_label(idx: DocIndex, label: str | None) -> Provision | None:
    if label is None:
        return None
    part, i = idx.pos[label]
    return idx.articles[part][i]


def _resolve_ja(m: re.Match, idx: DocIndex, here: Here | None, prev: Chain | None):
    """The chain a Japanese match names, or None. prev: what the reference before it in
    the text named (同条, 同項)."""
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
        elif word == "同条":
            art = prev[0] if prev else None
        elif word == "附則":
            art = idx.single_suppl
        elif m.group("sn"):
            art = _by_label(idx, idx.by_number["suppl"].get(str(k("sn"))))
        else:
            key = f"第{m.group('n')}条" + (f"の{m.group('b')}" if m.group("b") else "")
            art = _by_label(idx, idx.by_number["ja"].get(key))
        if art is None:
            return None
        para = k("p")
        item = k("ai")
        if para is None and item is not None:
            para = 1  # items of a one-paragraph article are cited without 第一項
        return _chain(art, para, item, s("as"))
    if m.group("para") == "同項":
        ditto = _ditto_para(prev)
        return _chain(ditto[0], ditto[1], k("pi"), s("ps")) if ditto else None
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


def _resolve_en(m: re.Match, idx: DocIndex, here: Here | None, prev: Chain | None):
    r = lambda g: from_roman(m.group(g)) if m.group(g) else None  # noqa: E731
    a = lambda g: from_alpha(m.group(g)) if m.group(g) else None  # noqa: E731
    if m.group("rp"):
        if m.group("rsup"):
            art = idx.single_suppl
        elif m.group("rthat"):
            art = prev[0] if prev else None
        else:
            art = _article_at(idx, here, -1 if m.group("rdir") == "preceding" else 1)
        item, sub = (r("ri0"), a("rs0")) if m.group("ri0") else (r("ri"), a("rs"))
        return _chain(art, int(m.group("rp")), item, sub) if art else None
    if m.group("ip"):
        if m.group("ipthat"):
            ditto = _ditto_para(prev)
            return _item_of(ditto[0], ditto[1], r("ip"), a("ips")) if ditto else None
        if here is None:
            return None
        para = here.para - 1 if m.group("ipdir") == "preceding" else here.para + 1
        return _item_of(here.article, para, r("ip"), a("ips")) if para >= 1 else None
    if m.group("art"):
        word = m.group("art").lower()
        if word == "the preceding article":
            art = _article_at(idx, here, -1)
        elif word == "the following article":
            art = _article_at(idx, here, +1)
        elif word == "this article":
            art = here.article if here else None
        elif word == "that article":
            art = prev[0] if prev else None
        elif word == "the supplementary provisions":
            art = idx.single_suppl
        elif m.group("sup"):
            art = _by_label(idx, idx.by_number["suppl"].get(m.group("n")))
        else:
            art = _by_label(idx, idx.by_number["en"].get(m.group("n")))
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


def _continued(m: re.Match, lang: str, prev: Chain) -> Chain | None:
    """A later member of a group, which leaves out the article the first member named:
    第四条第二項及び第三項, 第五条第一号及び第二号, "Article 4, paragraphs (2) and (3)",
    "Article 5, item (i) and item (ii)". None when the match is not such a member."""
    art = prev[0]
    ditto = _ditto_para(prev)
    para = ditto[1] if ditto else 1
    if lang == "ja":
        k = lambda g: from_kanji(m.group(g)) if m.group(g) else None  # noqa: E731
        s = lambda g: IROHA.index(m.group(g)) + 1 if m.group(g) else None  # noqa: E731
        if m.group("p2"):
            return _chain(art, k("p2"), k("pi"), s("ps"))
        if m.group("i3"):
            return _item_of(art, para, k("i3"), s("s3"))
        return None
    r = lambda g: from_roman(m.group(g)) if m.group(g) else None  # noqa: E731
    a = lambda g: from_alpha(m.group(g)) if m.group(g) else None  # noqa: E731
    if m.group("cp"):
        return _chain(art, int(m.group("cp")), r("ci"), a("cs"))
    if m.group("p2"):
        return _chain(art, int(m.group("p2")), r("pi"), a("ps"))
    if m.group("i3"):
        return _item_of(art, para, r("i3"), a("s3"))
    return None


def _list_labels(m: re.Match, idx: DocIndex) -> list[str] | None:
    labels = [idx.by_number["en"].get(n) for n in _EN_NUM.findall(m.group("list"))]
    return None if None in labels else labels


def _matches(text: str, lang: str, idx: DocIndex, unit: Provision | None):
    """(match, chain or None, list labels or None) for every reference-shaped stretch, in
    order; 同条/同項 and "that Article/paragraph" take what the reference before named."""
    here = idx.owner.get(id(unit)) if unit is not None else None
    resolve = _resolve_ja if lang == "ja" else _resolve_en
    prev: Chain | None = None
    prev_end = -1
    for m in (_JA if lang == "ja" else _EN).finditer(text):
        if lang == "en" and m.group("arts"):
            yield m, None, _list_labels(m, idx)
            prev, prev_end = None, m.end()
            continue
        chain = None
        if prev is not None and _CONJ[lang].fullmatch(text, prev_end, m.start()):
            chain = _continued(m, lang, prev)
        if chain is None and not (lang == "en" and m.group("cp")):
            chain = resolve(m, idx, here, prev)
        if chain is not None:
            prev = chain
        prev_end = m.end()
        yield m, chain, None


def _labels(chain: Chain) -> list[str]:
    return [p.label for p in chain if p is not None]


def read_refs(text: str, lang: str, idx: DocIndex, unit: Provision | None) -> list[str | None]:
    """The label each reference in the text names, in order; None where a reference names
    nothing in this bill, or only part of what it says (another act's 第十三号)."""
    out: list[str | None] = []
    for _, chain, listed in _matches(text, lang, idx, unit):
        if listed is not None:
            out.extend(listed)
        else:
            out.append(chain[-1].label if chain and chain[-1] is not None else None)
    return out


def read_ref(text: str, lang: str, idx: DocIndex, unit: Provision | None) -> str | None:
    """The label a whole reference names, written at unit; None unless the text is exactly
    one reference that resolves."""
    found = list(_matches(text, lang, idx, unit))
    if len(found) != 1 or found[0][0].span() != (0, len(text)):
        return None
    chain = found[0][1]
    return chain[-1].label if chain and chain[-1] is not None else None


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
            out.append((m.start(), m.end(), "#".join(map(name, _labels(chain)))))
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
            out.append(chain[0].label)
    return out
