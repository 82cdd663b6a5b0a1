"""改め文 from a change: the amending provisions that turn OLD into NEW (KAIMEBUN.md).

The change set is the one the redline and the 新旧対照表 show: `versions.diff_documents`
pairs every provision of NEW with the one of OLD it continues, and `textdiff` gives the word
changes, so the 改め文 and the 新旧対照表 describe the same changes.

Sentences run from the front of the law to the back: 目次, 章名, then article by article
(main text, then 附則). One sentence per article, its clauses chained (「…に改め、同条第二項
中…を削る。」): its 見出し, then paragraph by paragraph the word changes, items added, removed
or renumbered, then paragraphs added, removed or renumbered. A clause that inserts or
substitutes provisions ends its sentence, and the new text follows it. Articles added or
removed get their own sentence at their place, with the renumbering of the articles after
them said first and from the back (「第十条を第十一条とし、第六条から第九条までを一条ずつ
繰り下げ、第五条の次に次の一条を加える。」) or, for removals, after the removal and from the
front. Each sentence speaks of the law as the sentences before it left it (the numbers
after an earlier 繰下げ), which is how the reader-applier reads them too. An article that
changes so much that word changes would be harder to read than the new text is replaced
whole (「第五条を次のように改める。」).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ....drafts.kanji import number_en, to_kanji
from ....drafts.layout import toc
from ....drafts.model import Document, Provision
from ..versions import diff_documents
from .cite import cite_en, cite_ja, item_only_ja, para_only_ja
from .law import (
    AmendError,
    Where,
    article_en,
    article_num,
    article_title,
    chapters,
    item_en,
    item_num,
    main_articles,
    paragraphs,
    suppl_articles,
)
from .words import REMOVE, REPLACE, WordOp, WordsError, word_ops

_CONT = {
    "改める": "改め",
    "削る": "削り",
    "加える": "加え",
    "とする": "とし",
    "する": "し",
    "繰り下げる": "繰り下げ",
    "繰り上げる": "繰り上げ",
    "付する": "付し",
}
# Beyond this much change, or this many clauses, the article is replaced whole.
_REPLACE_BELOW = 0.5
_MAX_CLAUSES = 8


@dataclass
class Sentence:
    """One 改め文 sentence, its English rendering and the provisions it inserts."""

    ja: str
    en: str
    new_ja: list[str] = field(default_factory=list)
    new_en: list[str] = field(default_factory=list)


@dataclass
class Amendment:
    sentences: list[Sentence]

    def lines(self, lang: str = "ja") -> list[str]:
        """The 改め文 as a law prints it: each sentence and each inserted line one indent in."""
        out = []
        for s in self.sentences:
            out.append("\u3000" + (s.ja if lang == "ja" else s.en))
            out.extend("\u3000" + x for x in (s.new_ja if lang == "ja" else s.new_en))
        return out

    def text(self, lang: str = "ja") -> str:
        return "\n".join(self.lines(lang)) + ("\n" if self.sentences else "")


# --- sentences ---------------------------------------------------------------------------


class _Builder:
    def __init__(self, out: list[Sentence]) -> None:
        self.out = out
        self.clauses: list[tuple[str, str, str]] = []
        self.prev: Where | None = None

    def add(self, body: str, verb: str, en: str) -> None:
        self.clauses.append((body, verb, en))

    def finish(self, new_ja: list[str] | None = None, new_en: list[str] | None = None) -> None:
        if not self.clauses:
            return
        parts = [b + _CONT[v] for b, v, _ in self.clauses[:-1]]
        body, verb, _ = self.clauses[-1]
        ja = "、".join([*parts, body + verb]) + "。"
        en = "; ".join(e for _, _, e in self.clauses)
        en = en[:1].upper() + en[1:] + ("." if not new_en else ":")
        self.out.append(Sentence(ja, en, new_ja or [], new_en or []))
        self.clauses = []
        self.prev = None

    def cite(self, w: Where, single: bool) -> str:
        text = cite_ja(w, self.prev, single)
        self.prev = w
        return text


def _be(k: int) -> str:
    return "is" if k == 1 else "are"


def _plural(k: int, word: str) -> str:
    return word if k == 1 else word + "s"


def _q(s: str) -> str:
    return f"「{s}」"


def _word_clauses(ops: list[WordOp]) -> list[tuple[str, str]]:
    """Runs of one kind of change: 「A」を「B」に、「C」を「D」に改め / 「A」及び「B」を削り."""
    runs: list[list[WordOp]] = []
    for op in ops:
        if runs and runs[-1][0].kind == op.kind:
            runs[-1].append(op)
        else:
            runs.append([op])
    out = []
    for run in runs:
        if run[0].kind == REPLACE:
            out.append(("、".join(f"{_q(o.old)}を{_q(o.new)}に" for o in run), "改める"))
        elif run[0].kind == REMOVE:
            quoted = [_q(o.old) for o in run]
            joined = quoted[0] if len(quoted) == 1 else "、".join(quoted[:-1]) + "及び" + quoted[-1]
            out.append((joined + "を", "削る"))
        else:
            out.append(("、".join(f"{_q(o.old)}の下に{_q(o.new)}を" for o in run), "加える"))
    return out


def _word_en(old: str, new: str) -> str:
    """The English text's own changes, in the JLT style of amending provisions."""
    if old == new:
        return "the Japanese text is amended as set out in the Japanese version"
    try:
        ops = word_ops(old, new, "en")
    except WordsError:
        ops = [WordOp(REPLACE, old, new)]
    parts = []
    for o in ops:
        if o.kind == REPLACE:
            parts.append(f'"{o.old}" is replaced with "{o.new}"')
        elif o.kind == REMOVE:
            parts.append(f'"{o.old}" is deleted')
        else:
            parts.append(f'"{o.new}" is added after "{o.old}"')
    return ", ".join(parts)


def _words(b: _Builder, lead: str, old: str, new: str, en_lead: str, en: str) -> None:
    try:
        ops = word_ops(old, new, "ja")
    except WordsError as exc:
        raise AmendError(str(exc)) from None
    clauses = _word_clauses(ops)
    for i, (body, verb) in enumerate(clauses):
        b.add((lead + "中" if i == 0 else "") + body, verb, f"in {en_lead}, {en}" if i == 0 else "")
    # Only the first clause carries the English; drop the empty ones.
    b.clauses = [c if c[2] else (c[0], c[1], "") for c in b.clauses]


# --- the new text, as lines --------------------------------------------------------------


def _item_lines(item: Provision, lang: str) -> list[str]:
    sep = "\u3000" if lang == "ja" else " "
    out = [f"{item.number.get(lang, '')}{sep}{item.text.get(lang, '')}"]
    for sub in item.children:
        out.extend(_item_lines(sub, lang))
    return out


def _para_lines(para: Provision, lang: str, head: str | None = None) -> list[str]:
    sep = "\u3000" if lang == "ja" else " "
    number = head if head is not None else para.number.get(lang, "")
    first, *more = para.text.get(lang, "").split("\n")
    out = [f"{number}{sep}{first}" if number else first]
    # A paragraph of several lines (an amending 附則 paragraph): its later lines one
    # full-width space further in, so that the reader keeps them with it.
    out.extend("\u3000" + line.lstrip("\u3000") for line in more)
    for item in para.children:
        out.extend(_item_lines(item, lang))
    return out


def _article_lines(art: Provision, lang: str) -> list[str]:
    out = []
    if art.caption and art.caption.get(lang):
        out.append(f"（{art.caption['ja']}）" if lang == "ja" else f"({art.caption['en']})")
    for i, para in enumerate(paragraphs(art)):
        head = None
        if i == 0:
            head = art.number.get(lang, "")
            if lang == "en" and para.number.get("en"):
                head = f"{head} {para.number['en']}"
        out.extend(_para_lines(para, lang, head))
    return out


# --- pairing -----------------------------------------------------------------------------


def _monotone(old: list[Provision], new: list[Provision], pairs: dict) -> dict[int, Provision]:
    """new id → old, keeping the longest run of pairs in the same order on both sides."""
    index = {id(p): i for i, p in enumerate(old)}
    cand = [
        (j, index[id(pairs[id(n)])]) for j, n in enumerate(new) if id(pairs.get(id(n))) in index
    ]
    # Longest increasing subsequence of old positions (n is small: patience is enough).
    best: list[list[tuple[int, int]]] = []
    for j, i in cand:
        k = 0
        while k < len(best) and best[k][-1][1] < i:
            k += 1
        chain = (best[k - 1] if k else []) + [(j, i)]
        if k == len(best):
            best.append(chain)
        elif len(chain) <= len(best[k]):
            best[k] = chain
    keep = best[-1] if best else []
    return {id(new[j]): old[i] for j, i in keep}


def _similar(a: Provision, b: Provision) -> float:
    ta = (a.caption or {}).get("ja", "") + a.all_text("ja")
    tb = (b.caption or {}).get("ja", "") + b.all_text("ja")
    return SequenceMatcher(None, ta, tb, autojunk=False).ratio()


# --- sibling structure: additions, removals, renumbering --------------------------------


@dataclass
class _Entry:
    num: tuple[int, ...]
    old: Provision | None
    new: Provision | None
    chapter: int = 0


class _Siblings:
    """A list of siblings (articles of one scope, paragraphs of an article, items of a
    paragraph) as the sentences so far have left it."""

    def __init__(self, unit: str, entries: list[_Entry]) -> None:
        self.unit = unit  # 条, 項, 号
        self.entries = entries

    def index_of(self, old: Provision) -> int:
        return next(i for i, e in enumerate(self.entries) if e.old is old)


def _plan(old: list[Provision], new: list[Provision], pairs: dict[int, Provision]):
    """The walk through both lists, as steps: ("keep", old, new), ("delete", [old, ...]),
    ("insert", [new, ...])."""
    kept_old = {id(o) for o in pairs.values()}
    steps: list[tuple] = []
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and id(old[i]) not in kept_old:
            run = []
            while i < len(old) and id(old[i]) not in kept_old:
                run.append(old[i])
                i += 1
            steps.append(("delete", run))
        elif j < len(new) and id(new[j]) not in pairs:
            run = []
            while j < len(new) and id(new[j]) not in pairs:
                run.append(new[j])
                j += 1
            steps.append(("insert", run))
        else:
            steps.append(("keep", old[i], new[j]))
            i += 1
            j += 1
    return steps


def _shifted(num: tuple[int, ...], k: int) -> tuple[int, ...]:
    return (num[0] + k, *num[1:])


class _Generator:
    def __init__(self, old: Document, new: Document) -> None:
        self.old, self.new = old, new
        self.cmp = diff_documents(old, new)
        self.pairs = self.cmp.pairs
        self.out: list[Sentence] = []

    # -- the whole law --

    def run(self) -> Amendment:
        self._check_frame()
        self._toc()
        self._chapter_names()
        self._scope(main_articles(self.old), main_articles(self.new), suppl=False)
        self._scope(suppl_articles(self.old), suppl_articles(self.new), suppl=True)
        return Amendment(self.out)

    def _check_frame(self) -> None:
        old_ch, new_ch = chapters(self.old), chapters(self.new)
        if [c.number.get("ja") for c in old_ch] != [c.number.get("ja") for c in new_ch]:
            raise AmendError(
                "chapters were added, removed or renumbered; 改め文 for that are not generated"
            )
        old_s = [p for p in self.old.provisions if p.kind == "supplementary"]
        new_s = [p for p in self.new.provisions if p.kind == "supplementary"]
        if len(old_s) != len(new_s):
            raise AmendError("a 附則 was added or removed; 改め文 for that are not generated")
        for a, b in zip(old_s[1:], new_s[1:], strict=True):
            if a.all_text("ja") != b.all_text("ja"):
                raise AmendError(f"{b.label}: only the first 附則 can be amended here")
        for a, b in zip(old_s, new_s, strict=True):
            loose_a = [c.text.get("ja") for c in a.children if c.kind != "article"]
            loose_b = [c.text.get("ja") for c in b.children if c.kind != "article"]
            if loose_a != loose_b:
                raise AmendError(f"{b.label}: a 附則 without articles is not amended here")

    def _toc(self) -> None:
        old = "\n".join(b.line("ja") for b in toc(self.old, "ja")[1:])
        new = "\n".join(b.line("ja") for b in toc(self.new, "ja")[1:])
        if old == new:
            return
        b = _Builder(self.out)
        try:
            ops = word_ops(old, new, "ja")
        except WordsError as exc:
            raise AmendError(f"目次: {exc}") from None
        for i, (body, verb) in enumerate(_word_clauses(ops)):
            b.add(
                ("目次中" if i == 0 else "") + body,
                verb,
                "the table of contents is amended accordingly" if i == 0 else "",
            )
        b.finish()

    def _chapter_names(self) -> None:
        for a, c in zip(chapters(self.old), chapters(self.new), strict=True):
            oc, nc = (a.caption or {}).get("ja", ""), (c.caption or {}).get("ja", "")
            if oc != nc:
                b = _Builder(self.out)
                en = _word_en((a.caption or {}).get("en", ""), (c.caption or {}).get("en", ""))
                _words(
                    b,
                    f"{c.number['ja']}の章名",
                    oc,
                    nc,
                    f"the title of {c.number.get('en', '')}",
                    en,
                )
                b.finish()

    # -- articles of one scope --

    def _chapter_of(self, doc: Document, art: Provision) -> int:
        for i, ch in enumerate(chapters(doc)):
            if any(a is art for a in ch.walk()):
                return i
        return -1

    def _scope(self, old: list[Provision], new: list[Provision], suppl: bool) -> None:
        pairs = _monotone(old, new, self.pairs)
        if not suppl:  # an article that changed chapter is removed and added
            pairs = {
                k: v
                for k, v in pairs.items()
                if self._chapter_of(self.old, v)
                == self._chapter_of(self.new, next(n for n in new if id(n) == k))
            }
        sib = _Siblings(
            "条",
            [_Entry(article_num(a), a, None, self._chapter_of(self.old, a)) for a in old],
        )
        pos = -1  # index in sib.entries of the last article dealt with
        for step in _plan(old, new, pairs):
            if step[0] == "keep":
                _, a, n = step
                pos = sib.index_of(a)
                entry = sib.entries[pos]
                entry.new = n
                if entry.num != article_num(n):
                    raise AmendError(
                        f"{n.label}: its number {n.number['ja']} does not follow from the "
                        "additions and removals before it; 改め文 for that are not generated"
                    )
                self._article(a, n, Where(suppl, entry.num))
            elif step[0] == "delete":
                pos = self._delete(sib, step[1], pos, suppl, lambda w: self._cite_art(w))
            else:
                for group in self._by_chapter(step[1], suppl):
                    pos = self._insert_articles(sib, group, pos, suppl)

    def _by_chapter(self, arts: list[Provision], suppl: bool) -> list[list[Provision]]:
        groups: list[list[Provision]] = []
        for a in arts:
            ch = -1 if suppl else self._chapter_of(self.new, a)
            if groups and (-1 if suppl else self._chapter_of(self.new, groups[-1][0])) == ch:
                groups[-1].append(a)
            else:
                groups.append([a])
        return groups

    def _cite_art(self, w: Where) -> str:
        return ("附則" if w.suppl else "") + article_title(w.article)

    def _insert_articles(self, sib: _Siblings, arts: list[Provision], pos: int, suppl: bool) -> int:
        b = _Builder(self.out)
        k = len(arts)
        nums = [article_num(a) for a in arts]
        following = sib.entries[pos + 1 :]
        shift = k if any(e.num in nums for e in following) else 0
        en_parts = []
        if shift:
            self._renumber_back(b, following, shift, suppl, en_parts)
        chapter = -1 if suppl else self._chapter_of(self.new, arts[0])
        prev = sib.entries[pos] if pos >= 0 else None
        what = f"次の{to_kanji(k)}条"
        what_en = "the following Article" if k == 1 else f"the following {k} Articles"
        if prev is not None and prev.chapter == chapter:
            w = Where(suppl, prev.num)
            b.add(
                f"{self._cite_art(w)}の次に{what}を",
                "加える",
                f"{what_en} {_be(k)} added after {cite_en(w)}",
            )
        elif following:
            first = following[0]
            w = Where(suppl, first.num)
            head = "" if suppl else f"{chapters(self.new)[chapter].number['ja']}中"
            b.add(
                f"{head}{self._cite_art(w)}の前に{what}を",
                "加える",
                f"{what_en} {_be(k)} added before {cite_en(w)}",
            )
        else:
            raise AmendError(f"{arts[0].label}: nowhere to add it (an empty chapter)")
        new_ja = [x for a in arts for x in _article_lines(a, "ja")]
        new_en = [x for a in arts for x in _article_lines(a, "en")]
        b.finish(new_ja, new_en)
        for i, a in enumerate(arts):
            sib.entries.insert(pos + 1 + i, _Entry(nums[i], None, a, chapter))
        return pos + k

    def _renumber_back(
        self, b: _Builder, following: list[_Entry], k: int, suppl: bool, en: list
    ) -> None:
        """「第十条を第十一条とし、第六条から第九条までを一条ずつ繰り下げ」: from the back."""
        last = following[-1]
        new_last = _shifted(last.num, k)
        b.add(
            f"{self._cite_art(Where(suppl, last.num))}を{self._cite_art(Where(suppl, new_last))}と",
            "する",
            f"{cite_en(Where(suppl, last.num))} becomes {article_en(new_last)}",
        )
        rest = following[:-1]
        self._range(b, rest, k, suppl, "繰り下げる", "moved down")
        for e in following:
            e.num = _shifted(e.num, k)

    def _range(
        self, b: _Builder, rest: list[_Entry], k: int, suppl: bool, verb: str, en_verb: str
    ) -> None:
        if not rest:
            return
        if len(rest) == 1:
            e = rest[0]
            to = _shifted(e.num, k if verb == "繰り下げる" else -k)
            b.add(
                f"{self._cite_art(Where(suppl, e.num))}を{self._cite_art(Where(suppl, to))}と",
                "する",
                f"{cite_en(Where(suppl, e.num))} becomes {article_en(to)}",
            )
            return
        a, z = Where(suppl, rest[0].num), Where(suppl, rest[-1].num)
        span = f"Articles {article_en(a.article)[8:]} to {article_en(z.article)[8:]}"
        if suppl:
            span += " of the Supplementary Provisions"
        b.add(
            f"{self._cite_art(a)}から{article_title(z.article)}までを{to_kanji(k)}条ずつ",
            verb,
            f"{span} are {en_verb} by {number_en(k)} Article{'s' if k > 1 else ''} each",
        )

    def _delete(self, sib: _Siblings, arts: list[Provision], pos: int, suppl: bool, cite) -> int:
        b = _Builder(self.out)
        first = sib.index_of(arts[0])
        entries = sib.entries[first : first + len(arts)]
        ws = [Where(suppl, e.num) for e in entries]
        if len(ws) == 1:
            body, en = cite(ws[0]), cite_en(ws[0])
        elif len(ws) == 2:
            body, en = (
                f"{cite(ws[0])}及び{article_title(ws[1].article)}",
                f"{cite_en(ws[0])} and {article_en(ws[1].article)}",
            )
        else:
            body, en = (
                f"{cite(ws[0])}から{article_title(ws[-1].article)}まで",
                f"{cite_en(ws[0])} to {article_en(ws[-1].article)}",
            )
        b.add(body + "を", "削る", f"{en} {'is' if len(ws) == 1 else 'are'} deleted")
        del sib.entries[first : first + len(arts)]
        following = sib.entries[first:]
        k = len(arts)
        target = next((e for e in following if e.old is not None), None)
        nxt = self._target_num(target)
        if following and nxt is not None and nxt == _shifted(following[0].num, -k):
            head = following[0]
            to = _shifted(head.num, -k)
            b.add(
                f"{cite(Where(suppl, head.num))}を{cite(Where(suppl, to))}と",
                "する",
                f"{cite_en(Where(suppl, head.num))} becomes {article_en(to)}",
            )
            self._range(b, following[1:], k, suppl, "繰り上げる", "moved up")
            for e in following:
                e.num = _shifted(e.num, -k)
        b.finish()
        return first - 1

    def _target_num(self, entry: _Entry | None) -> tuple[int, ...] | None:
        if entry is None or entry.old is None:
            return None
        n = next(
            (
                nb
                for nb in main_articles(self.new) + suppl_articles(self.new)
                if self.pairs.get(id(nb)) is entry.old
            ),
            None,
        )
        return article_num(n) if n is not None else None

    # -- inside one article --

    def _article(self, a: Provision, n: Provision, w: Where) -> None:
        if law_equal(a, n):
            return
        start = len(self.out)
        b = _Builder(self.out)
        try:
            self._article_clauses(b, a, n, w)
            clauses = len(b.clauses) + sum(s.ja.count("、") + 1 for s in self.out[start:])
            too_many = clauses > _MAX_CLAUSES
        except AmendError:
            too_many = True
        if too_many or self._kept_similarity(a, n) < _REPLACE_BELOW:
            # Word changes would be harder to read than the new text: replace it whole.
            del self.out[start:]
            b = _Builder(self.out)
            b.add(
                f"{cite_ja(w)}を次のように", "改める", f"{cite_en(w)} is replaced by the following"
            )
            b.finish(_article_lines(n, "ja"), _article_lines(n, "en"))
            return
        b.finish()

    def _kept_similarity(self, a: Provision, n: Provision) -> float:
        """How alike the wording of the provisions the article keeps is (additions and
        removals are said as such, whatever their length)."""
        by_old = {id(o): nb for nb in n.walk() if (o := self.pairs.get(id(nb))) is not None}
        old_text, new_text = [], []
        for p in a.walk():
            nb = by_old.get(id(p))
            if nb is not None:
                old_text.append((p.caption or {}).get("ja", "") + p.text.get("ja", ""))
                new_text.append((nb.caption or {}).get("ja", "") + nb.text.get("ja", ""))
        if old_text == new_text:
            return 1.0 if old_text else _similar(a, n)
        return SequenceMatcher(None, "".join(old_text), "".join(new_text), autojunk=False).ratio()

    def _article_clauses(self, b: _Builder, a: Provision, n: Provision, w: Where) -> None:
        oc, nc = (a.caption or {}).get("ja", ""), (n.caption or {}).get("ja", "")
        art = cite_ja(w)
        if oc != nc:
            en_old, en_new = (a.caption or {}).get("en", ""), (n.caption or {}).get("en", "")
            if oc and nc:
                b.add(
                    f"{art}の見出しを「（{nc}）」に",
                    "改める",
                    f'the heading of {cite_en(w)} is replaced with "({en_new})"',
                )
            elif nc:
                b.add(
                    f"{art}に見出しとして「（{nc}）」を",
                    "付する",
                    f'the heading "({en_new})" is given to {cite_en(w)}',
                )
            else:
                b.add(
                    f"{art}の見出しを",
                    "削る",
                    f'the heading "({en_old})" of {cite_en(w)} is deleted',
                )
            b.prev = w
        old_p, new_p = paragraphs(a), paragraphs(n)
        pairs = _monotone(old_p, new_p, self.pairs)
        single = len(old_p) == 1
        for step in _plan(old_p, new_p, pairs):
            if step[0] != "keep":
                continue
            _, pa, pn = step
            pw = Where(w.suppl, w.article, old_p.index(pa) + 1)
            self._paragraph(b, pa, pn, pw, single)
        self._para_structure(b, old_p, new_p, pairs, w)

    def _paragraph(
        self, b: _Builder, pa: Provision, pn: Provision, pw: Where, single: bool
    ) -> None:
        ot, nt = pa.text.get("ja", ""), pn.text.get("ja", "")
        if ot != nt:
            en = _word_en(pa.text.get("en", ""), pn.text.get("en", ""))
            _words(b, b.cite(pw, single), ot, nt, cite_en(pw, single), en)
        old_i, new_i = pa.children, pn.children
        pairs = _monotone(old_i, new_i, self.pairs)
        for step in _plan(old_i, new_i, pairs):
            if step[0] != "keep":
                continue
            _, ia, inn = step
            iw = Where(pw.suppl, pw.article, pw.para, item_num(ia))
            if [law_tuple(c) for c in ia.children] != [law_tuple(c) for c in inn.children]:
                # Sub-items changed: the item is replaced whole.
                b.add(
                    f"{b.cite(iw, single)}を次のように",
                    "改める",
                    f"{cite_en(iw, single)} is replaced by the following",
                )
                b.finish(_item_lines(inn, "ja"), _item_lines(inn, "en"))
                continue
            it, nit = ia.text.get("ja", ""), inn.text.get("ja", "")
            if it != nit:
                en = _word_en(ia.text.get("en", ""), inn.text.get("en", ""))
                _words(b, b.cite(iw, single), it, nit, cite_en(iw, single), en)
        self._item_structure(b, old_i, new_i, pairs, pw, single)

    def _item_structure(self, b, old_i, new_i, pairs, pw: Where, single: bool) -> None:
        steps = _plan(old_i, new_i, pairs)
        if all(s[0] == "keep" for s in steps):
            return
        sib = _Siblings("号", [_Entry(item_num(i), i, None) for i in old_i])
        pos = -1
        para_text = cite_ja(pw, None, single)
        para_en = cite_en(pw, single)
        for step in steps:
            if step[0] == "keep":
                pos = sib.index_of(step[1])
                if sib.entries[pos].num != item_num(step[2]):
                    raise AmendError(f"{step[2].label}: item numbering that 改め文 cannot express")
                continue
            if step[0] == "delete":
                first = sib.index_of(step[1][0])
                entries = sib.entries[first : first + len(step[1])]
                k = len(entries)
                names = [item_only_ja(e.num) for e in entries]
                body = (
                    names[0]
                    if k == 1
                    else (
                        f"{names[0]}及び{names[1]}" if k == 2 else f"{names[0]}から{names[-1]}まで"
                    )
                )
                following = sib.entries[first + k :]
                nxt = next((e for e in following if e.old is not None), None)
                target = self._new_num_of(nxt.old, new_i) if nxt is not None else None
                shift = bool(following) and target == _shifted(following[0].num, -k)
                # 「第五条第一項第十三号の二を削る」; with the items after it moving up, the
                # paragraph is named once: 「第五条第一項中第三号を削り、第四号を第三号とし」.
                if k > 1 or shift:
                    body = f"{para_text}中{body}"
                else:
                    body = f"{para_text}{body}"
                b.add(
                    f"{body}を",
                    "削る",
                    f"in {para_en}, {_plural(k, 'item')} "
                    f"{', '.join(item_en(e.num) for e in entries)} {_be(k)} deleted",
                )
                del sib.entries[first : first + k]
                if shift:
                    self._items_shift(b, following, -k)
                pos = first - 1
                b.prev = None
                b.finish()
                continue
            items = step[1]
            k = len(items)
            nums = [item_num(i) for i in items]
            following = sib.entries[pos + 1 :]
            if any(e.num in nums for e in following):
                self._items_shift(b, following, k, lead=para_text + "中")
                lead = ""
            else:
                lead = para_text  # 「第五条第一項第十三号の次に次の一号を加える」
            what = f"次の{to_kanji(k)}号"
            what_en = "the following item" if k == 1 else f"the following {k} items"
            prev = sib.entries[pos] if pos >= 0 else None
            if prev is not None:
                b.add(
                    f"{lead}{item_only_ja(prev.num)}の次に{what}を",
                    "加える",
                    f"in {para_en}, {what_en} {_be(k)} added after item {item_en(prev.num)}",
                )
            elif following:
                b.add(
                    f"{lead}{item_only_ja(following[0].num)}の前に{what}を",
                    "加える",
                    f"in {para_en}, {what_en} {_be(k)} added before item "
                    f"{item_en(following[0].num)}",
                )
            else:
                b.add(
                    f"{para_text}に{what}を",
                    "加える",
                    f"{what_en} {_be(k)} added to {para_en}",
                )
            b.finish(
                [x for i in items for x in _item_lines(i, "ja")],
                [x for i in items for x in _item_lines(i, "en")],
            )
            for i, it in enumerate(items):
                sib.entries.insert(pos + 1 + i, _Entry(nums[i], None, it))
            pos += k

    def _new_num_of(self, old: Provision, new_list: list[Provision]) -> tuple[int, ...] | None:
        n = next((x for x in new_list if self.pairs.get(id(x)) is old), None)
        return item_num(n) if n is not None else None

    def _items_shift(self, b: _Builder, following: list[_Entry], k: int, lead: str = "") -> None:
        """Items renumbered: from the back when moving down, from the front when up."""
        down = k > 0
        order = list(reversed(following)) if down else following
        head, rest = order[0], order[1:]
        to = _shifted(head.num, k)
        b.add(
            f"{lead}{item_only_ja(head.num)}を{item_only_ja(to)}と",
            "する",
            f"item {item_en(head.num)} becomes item {item_en(to)}",
        )
        rest = list(reversed(rest)) if down else rest
        if len(rest) == 1:
            e = rest[0]
            t = _shifted(e.num, k)
            b.add(
                f"{item_only_ja(e.num)}を{item_only_ja(t)}と",
                "する",
                f"item {item_en(e.num)} becomes item {item_en(t)}",
            )
        elif rest:
            verb = "繰り下げる" if down else "繰り上げる"
            b.add(
                f"{item_only_ja(rest[0].num)}から{item_only_ja(rest[-1].num)}までを{to_kanji(abs(k))}号ずつ",
                verb,
                f"items {item_en(rest[0].num)} to {item_en(rest[-1].num)} are moved "
                f"{'down' if down else 'up'} by {number_en(abs(k))} each",
            )
        for e in following:
            e.num = _shifted(e.num, k)

    def _para_structure(self, b: _Builder, old_p, new_p, pairs, w: Where) -> None:
        steps = _plan(old_p, new_p, pairs)
        if all(s[0] == "keep" for s in steps):
            return
        entries = [_Entry((i,), p, None) for i, p in enumerate(old_p, 1)]
        sib = _Siblings("項", entries)
        pos = -1
        art = ("附則" if w.suppl else "") + article_title(w.article)
        for step in steps:
            if step[0] == "keep":
                pos = sib.index_of(step[1])
                continue
            if step[0] == "delete":
                first = sib.index_of(step[1][0])
                k = len(step[1])
                nums = [e.num[0] for e in sib.entries[first : first + k]]
                body = (
                    para_only_ja(nums[0])
                    if k == 1
                    else (
                        f"{para_only_ja(nums[0])}及び{para_only_ja(nums[1])}"
                        if k == 2
                        else f"{para_only_ja(nums[0])}から{para_only_ja(nums[-1])}まで"
                    )
                )
                b.add(
                    f"{art}{body}を",
                    "削る",
                    f"in {article_en(w.article)}, {_plural(k, 'paragraph')} "
                    f"{', '.join(f'({x})' for x in nums)} {_be(k)} deleted",
                )
                del sib.entries[first : first + k]
                following = sib.entries[first:]
                if following:
                    self._paras_shift(b, following, -k, "同条", w)
                b.finish()
                pos = first - 1
                continue
            paras = step[1]
            k = len(paras)
            following = sib.entries[pos + 1 :]
            lead = art
            if following:
                self._paras_shift(b, following, k, art, w)
                lead = "同条"
            what = f"次の{to_kanji(k)}項"
            what_en = "the following paragraph" if k == 1 else f"the following {k} paragraphs"
            prev = sib.entries[pos] if pos >= 0 else None
            if prev is not None and following:
                b.add(
                    f"{lead}{para_only_ja(prev.num[0])}の次に{what}を",
                    "加える",
                    f"{what_en} {_be(k)} added after paragraph ({prev.num[0]}) "
                    f"of {article_en(w.article)}",
                )
            elif prev is not None:
                b.add(
                    f"{lead}に{what}を",
                    "加える",
                    f"{what_en} {_be(k)} added to {article_en(w.article)}",
                )
            elif not following:
                raise AmendError("every paragraph replaced: the article is replaced whole")
            else:
                b.add(
                    f"{lead}{para_only_ja(following[0].num[0])}の前に{what}を",
                    "加える",
                    f"{what_en} {_be(k)} added before paragraph ({following[0].num[0]}) "
                    f"of {article_en(w.article)}",
                )
            b.finish(
                [x for p in paras for x in _para_lines(p, "ja")],
                [x for p in paras for x in _para_lines(p, "en")],
            )
            for i, p in enumerate(paras):
                sib.entries.insert(pos + 1 + i, _Entry((0,), None, p))
            for i, e in enumerate(sib.entries, 1):
                e.num = (i,)
            pos += k

    def _paras_shift(
        self, b: _Builder, following: list[_Entry], k: int, art: str, w: Where
    ) -> None:
        down = k > 0
        order = list(reversed(following)) if down else following
        head, rest = order[0], order[1:]
        b.add(
            f"{art}{para_only_ja(head.num[0])}を同条{para_only_ja(head.num[0] + k)}と",
            "する",
            f"paragraph ({head.num[0]}) of {article_en(w.article)} becomes "
            f"paragraph ({head.num[0] + k})",
        )
        rest = list(reversed(rest)) if down else rest
        if len(rest) == 1:
            e = rest[0]
            b.add(
                f"同条{para_only_ja(e.num[0])}を同条{para_only_ja(e.num[0] + k)}と",
                "する",
                f"paragraph ({e.num[0]}) becomes paragraph ({e.num[0] + k})",
            )
        elif rest:
            b.add(
                f"同条{para_only_ja(rest[0].num[0])}から{para_only_ja(rest[-1].num[0])}までを{to_kanji(abs(k))}項ずつ",
                "繰り下げる" if down else "繰り上げる",
                f"paragraphs ({rest[0].num[0]}) to ({rest[-1].num[0]}) are moved "
                f"{'down' if down else 'up'} by {number_en(abs(k))} each",
            )
        for e in following:
            e.num = (e.num[0] + k,)


def law_tuple(p: Provision) -> tuple:
    return (
        p.kind,
        p.number.get("ja", ""),
        (p.caption or {}).get("ja"),
        p.text.get("ja", ""),
        tuple(law_tuple(c) for c in p.children),
    )


def law_equal(a: Provision, b: Provision) -> bool:
    return law_tuple(a) == law_tuple(b)


def amend(old: Document, new: Document) -> Amendment:
    """The 改め文 that turn OLD into NEW."""
    return _Generator(old, new).run()
