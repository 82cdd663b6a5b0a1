"""法制執務 form: detectors behind the check rules that first review of the bill asked for.

Each detector reads the rendered Japanese text of a bill (a Document) and yields where a
form rule is broken: a term defined 「以下この条において」 used outside its article, a
「前各号に掲げるもののほか」 item that is not the last item, an article cited twice in one
sentence where the second should be 同条, paragraphs of one article cited one by one
(「第四条第二項、第四条第三項」), a 準備行為 in the 附則 that cannot operate because the
commencement article has no ただし書 for it. They work on text, not on template calls, so
that hand-written wording in a template is checked as well as the renderer's.

A hit is (article, unit, lang, needle, message); rules.py turns it into a Finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...drafts.model import Document, Provision

Hit = tuple[Provision, Provision | None, str, str | None, str]

_SCOPED = re.compile(r"以下この(条|項|章)において「([^」]+)」という")
_DEFINED = re.compile(r"「([^」]+)」(?:とは|という)")
_CATCH_ALL = re.compile(r"^前(各)?号に掲げるもののほか")
_NUM = "[一二三四五六七八九十百千]+"
_ARTICLE = re.compile(rf"(前条|次条|第{_NUM}条(?:の{_NUM})?)(第{_NUM}項)?")
_QUOTED = re.compile(r"「[^「」]*」")
# A citation of another act's article follows the act's name or its number in brackets.
_FOREIGN_BEFORE = ("法", "令", "）", "規則", "約")
_JOINED = re.compile(r"^(?:、|及び|又は|若しくは|並びに)$")


def _chapters(doc: Document) -> Iterator[tuple[str, Provision, str]]:
    """(chapter label or 'suppl', article, part) for every article."""
    for prov in doc.provisions:
        if prov.kind == "chapter":
            for art in prov.children:
                yield prov.label, art, "main"
        elif prov.kind == "article":
            yield "", prov, "main"
        elif prov.kind == "supplementary":
            for art in prov.children:
                yield "suppl", art, "suppl"


def _units(art: Provision) -> Iterator[Provision]:
    for para in art.children:
        yield from para.walk()


def _name(art: Provision) -> str:
    return art.number.get("ja") or art.label


def term_scope(doc: Document) -> Iterator[Hit]:
    """A term defined for one article, paragraph or chapter, used outside it.

    Linear in the bill: the units that use a term are found once per distinct term (one
    scan of the text), not once per definition, so a long bill with a scoped definition in
    every chapter does not cost definitions × units; the hits come in the same order.
    """
    arts = [(chap, art, list(_units(art))) for chap, art, _part in _chapters(doc)]
    defined = {m.group(1) for _, _, units in arts for u in units for m in _DEFINED.finditer(_ja(u))}
    users: dict[str, list[tuple[str, Provision, Provision]]] = {}
    for chap, art, units in arts:
        paras = None  # unit id → its paragraph, for 「この項」 (built when first needed)
        for unit in units:
            for m in _SCOPED.finditer(_ja(unit)):
                scope, term = m.group(1), m.group(2)
                if term not in users:
                    users[term] = _users(arts, term, defined)
                if scope == "項" and paras is None:
                    paras = {id(u): para for para in art.children for u in para.walk()}
                for chap2, art2, unit2 in users[term]:
                    if scope == "条":
                        inside = art2 is art
                    elif scope == "項":
                        inside = art2 is art and paras.get(id(unit2)) is paras.get(id(unit))
                    else:
                        inside = chap2 == chap and bool(chap)
                    if inside:
                        continue
                    yield (
                        art2,
                        unit2,
                        "ja",
                        term,
                        f"「{term}」 is defined in {_name(art)} "
                        f"「以下この{scope}において」 but used in {_name(art2)}: "
                        "define it for the whole act "
                        "(「以下「…」という。」) or write it out",
                    )


def _ja(unit: Provision) -> str:
    return unit.text.get("ja", "")


def _users(arts, term: str, defined: set[str]) -> list[tuple[str, Provision, Provision]]:
    """(chapter, article, unit) of every unit whose text uses term, in document order; an
    occurrence that starts a longer defined term (外国人等 in 指定外国人等) does not count."""
    longer = [t for t in defined if t != term and t.startswith(term)]
    out = []
    for chap, art, units in arts:
        for unit in units:
            text = _ja(unit)
            if term not in text:
                continue
            for i in _occurrences(text, term):
                if not any(text.startswith(t, i) for t in longer):
                    out.append((chap, art, unit))
                    break
    return out


def _occurrences(text: str, word: str) -> Iterator[int]:
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


def catch_all_last(doc: Document) -> Iterator[Hit]:
    """A 「前各号に掲げるもののほか」 item reaches only the items before it: it comes last."""
    for _, art, _ in _chapters(doc):
        for para in art.children:
            items = para.children
            for item in items[:-1]:
                if _CATCH_ALL.match(item.text.get("ja", "")):
                    yield (
                        art,
                        item,
                        "ja",
                        item.text["ja"][:12],
                        f"{_name(art)}: the catch-all item 「{item.text['ja'][:14]}…」 is not "
                        "the last item of its list, so it does not reach the items after it",
                    )


def _citations(sentence: str) -> list[tuple[int, int, str, str | None]]:
    """(start, end, article, paragraph) of each citation of this act in a sentence."""
    out = []
    for m in _ARTICLE.finditer(sentence):
        before = sentence[: m.start()]
        if before.endswith(_FOREIGN_BEFORE) or before.endswith("から"):
            continue
        if sentence.startswith("まで", m.end()):
            continue
        out.append((m.start(), m.end(), m.group(1), m.group(2)))
    return out


def _sentences(text: str) -> Iterator[str]:
    # Quoted words (読替え) are another provision's text, not citations of this sentence.
    text = _QUOTED.sub("「」", text)
    for s in text.split("。"):
        if s:
            yield s


def ungrouped(doc: Document) -> Iterator[Hit]:
    """Paragraphs of one article cited one by one: 「第四条第二項、第四条第三項」."""
    for _, art, _ in _chapters(doc):
        for unit in _units(art):
            for sentence in _sentences(unit.text.get("ja", "")):
                cites = _citations(sentence)
                for (s1, e1, a1, p1), (s2, _e2, a2, p2) in zip(cites, cites[1:], strict=False):
                    if a1 == a2 and p1 and p2 and _JOINED.match(sentence[e1:s2]):
                        joiner = sentence[e1:s2].replace("、", "及び")
                        yield (
                            art,
                            unit,
                            "ja",
                            sentence[s1:e1],
                            f"{_name(art)}: 「{sentence[s1:e1]}{sentence[e1:s2]}{a2}{p2}」 cites "
                            f"one article twice; group its paragraphs (「{a1}{p1}{joiner}{p2}」)",
                        )


def doujou(doc: Document) -> Iterator[Hit]:
    """An article cited again in the same sentence where 同条 belongs."""
    for _, art, _ in _chapters(doc):
        for unit in _units(art):
            for sentence in _sentences(unit.text.get("ja", "")):
                cites = _citations(sentence)
                for i, (s2, e2, a2, p2) in enumerate(cites):
                    if not p2 or i == 0:
                        continue
                    s1, e1, a1, _p1 = cites[i - 1]
                    if a1 != a2 or _JOINED.match(sentence[e1:s2]):
                        continue
                    yield (
                        art,
                        unit,
                        "ja",
                        sentence[s2:e2],
                        f"{_name(art)}: 「{sentence[s2:e2]}」 repeats the article the previous "
                        f"citation of the sentence named; write 「同条{p2}」",
                    )


def preparation_early(doc: Document) -> Iterator[Hit]:
    """A 附則 provision acting 「この法律の施行前においても」 needs the commencement article's
    ただし書 to bring it into force on promulgation: otherwise it has no effect."""
    suppl = [a for chap, a, part in _chapters(doc) if part == "suppl"]
    if not suppl:
        return
    commencement = next((a for a in suppl if "施行する" in a.all_text("ja")), suppl[0])
    proviso = commencement.all_text("ja").partition("ただし、")[2]
    for art in suppl:
        if art is commencement or "施行前においても" not in art.all_text("ja"):
            continue
        name = "附則" + (art.number.get("ja") or "")
        if name not in proviso:
            yield (
                art,
                None,
                "ja",
                "施行前においても",
                f"{name} acts before the act comes into force, but the commencement article "
                f"has no ただし書 bringing {name} into force on promulgation",
            )
