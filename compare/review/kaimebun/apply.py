"""The reader-applier: 改め文 read back and applied to the law they amend.

It reads the forms the generator writes (KAIMEBUN.md): 字句の改正 (「…中「A」を「B」に改め」,
「「A」を削り」, 「「A」の下に「B」を加え」), 見出しの改正, 「…を削り」, 「…を…とし」, 「…から…まで
を一条ずつ繰り下げ」, 「…の次に次の一条を加え」, 「…の前に…」, 「…に次の一項を加え」, 「…を次の
ように改め」, 目次 and 章名. Sentences apply one after the other, each to the law as the ones
before it left it; 同条・同項・同号 and a bare 第二号 take the article and paragraph last
cited. Only the Japanese text is amended (the English of a bill is a translation, not a
text the 改め文 speak of).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from ....drafts.amendtext import classify
from ....drafts.jpnum import parse
from ....drafts.kanji import from_kanji
from ....drafts.layout import toc
from ....drafts.model import Document, Provision
from ....drafts.numbering import IROHA
from .law import (
    AmendError,
    Where,
    article_num,
    chapters,
    item_num,
    main_articles,
    paragraphs,
    suppl_articles,
)
from .words import ADD, REMOVE, REPLACE, WordOp, WordsError, apply_ops

Q = "\ue000"
_K = "[〇一二三四五六七八九十百千]+"
_CITE = (
    rf"(?P<{{p}}suppl>附則)?"
    rf"(?:(?P<{{p}}art>第{_K}条(?:の{_K})*)|(?P<{{p}}sameart>同条))?"
    rf"(?:(?P<{{p}}para>第{_K}項)|(?P<{{p}}samepara>同項))?"
    rf"(?:(?P<{{p}}item>第{_K}号(?:の{_K})*)|(?P<{{p}}sameitem>同号))?"
    rf"(?P<{{p}}sub>[{IROHA}])?"
)
C1, C2 = _CITE.format(p="a_"), _CITE.format(p="b_")
_END = r"(?P<end>、|。$)"
_CLAUSES = [
    ("toc_words", re.compile(r"目次中")),
    ("chapter_words", re.compile(rf"(?P<chapter>第{_K}章(?:の{_K})*)の章名中")),
    ("caption_words", re.compile(rf"{C1}の見出し中")),
    ("caption_set", re.compile(rf"{C1}の見出しを{Q}に(?P<verb>改め|改める){_END}")),
    ("caption_add", re.compile(rf"{C1}に見出しとして{Q}を(?P<verb>付し|付する){_END}")),
    ("caption_del", re.compile(rf"{C1}の見出しを(?P<verb>削り|削る){_END}")),
    ("replace", re.compile(rf"{C1}を次のように(?P<verb>改め|改める){_END}")),
    (
        "shift",
        re.compile(
            rf"{C1}から{C2}までを(?P<k>{_K})(?P<unit>条|項|号)ずつ(?P<verb>繰り下げ|繰り下げる|繰り上げ|繰り上げる){_END}"
        ),
    ),
    ("delete", re.compile(rf"{C1}(?:(?P<how>及び|から){C2}(?:まで)?)?を(?P<verb>削り|削る){_END}")),
    ("rename", re.compile(rf"{C1}を{C2}と(?P<verb>し|する){_END}")),
    (
        "insert",
        re.compile(
            rf"(?:(?P<chapter>第{_K}章(?:の{_K})*)中)?{C1}の(?P<where>次|前)に次の(?P<k>{_K})(?P<unit>条|項|号)を(?P<verb>加え|加える){_END}"
        ),
    ),
    ("append", re.compile(rf"{C1}に次の(?P<k>{_K})(?P<unit>項|号)を(?P<verb>加え|加える){_END}")),
    ("words", re.compile(rf"{C1}中(?={Q})")),
    ("context", re.compile(rf"{C1}中")),
]
_RUN_REPLACE = re.compile(rf"{Q}を{Q}に(?:、{Q}を{Q}に)*(?:改め|改める)(?=、|。$)")
_RUN_DELETE = re.compile(rf"{Q}(?:(?:、|及び){Q})*を(?:削り|削る)(?=、|。$)")
_RUN_ADD = re.compile(rf"{Q}の下に{Q}を(?:、{Q}の下に{Q}を)*(?:加え|加える)(?=、|。$)")


@dataclass
class _Clause:
    kind: str
    m: re.Match | None
    quotes: list[str]
    ops: list[WordOp] | None = None


def skeleton(sentence: str) -> tuple[str, list[str]]:
    """The sentence with each top-level 「…」 replaced by one mark, and the quoted texts."""
    out, quotes, depth, start = [], [], 0, 0
    for i, ch in enumerate(sentence):
        if ch == "「":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == "」":
            depth -= 1
            if depth < 0:
                raise AmendError(f"unbalanced 」 in: {sentence}")
            if depth == 0:
                quotes.append(sentence[start:i])
                out.append(Q)
            continue
        if depth == 0 and ch != "「":
            out.append(ch)
    if depth:
        raise AmendError(f"unbalanced 「 in: {sentence}")
    return "".join(out), quotes


def _runs(sk: str, pos: int, quotes: list[str], qi: int) -> tuple[list[WordOp], int, int]:
    """Word-change runs from pos: the ops, the new position and the next quote index."""
    ops: list[WordOp] = []
    while True:
        for pattern, kind in ((_RUN_REPLACE, REPLACE), (_RUN_DELETE, REMOVE), (_RUN_ADD, ADD)):
            m = pattern.match(sk, pos)
            if m:
                n = m.group(0).count(Q)
                qs = quotes[qi : qi + n]
                qi += n
                if kind == REMOVE:
                    ops.extend(WordOp(REMOVE, q) for q in qs)
                else:
                    ops.extend(WordOp(kind, qs[i], qs[i + 1]) for i in range(0, n, 2))
                pos = m.end()
                break
        else:
            raise AmendError(f"cannot read the word changes at 「{sk[pos : pos + 20]}」")
        if sk.startswith("、" + Q, pos):
            pos += 1
            continue
        return ops, pos, qi


def parse_sentence(sentence: str) -> list[_Clause]:
    sk, quotes = skeleton(sentence.strip("\u3000 "))
    if not sk.endswith("。"):
        raise AmendError(f"a 改め文 sentence ends in 。: {sentence}")
    pos, qi, out = 0, 0, []
    while pos < len(sk):
        if sk.startswith("、", pos):
            pos += 1
        for kind, pattern in _CLAUSES:
            m = pattern.match(sk, pos)
            if not m or not m.group(0):
                continue
            if kind in ("toc_words", "chapter_words", "caption_words", "words"):
                ops, pos, qi = _runs(sk, m.end(), quotes, qi)
                out.append(_Clause(kind, m, [], ops))
            else:
                n = m.group(0).count(Q)
                out.append(_Clause(kind, m, quotes[qi : qi + n]))
                qi += n
                pos = m.end()
                if kind != "context" and m.group("end") == "。":
                    pos = len(sk)
            break
        else:
            raise AmendError(f"cannot read the 改め文 at 「{sk[pos : pos + 20]}」 in: {sentence}")
        if pos < len(sk) and sk[pos] == "。":
            pos += 1
    return out


def is_sentence(line: str) -> bool:
    try:
        parse_sentence(line)
    except AmendError:
        return False
    return True


# --- the law being amended ----------------------------------------------------------------


class _Law:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.ctx: Where | None = None
        self.labels = 0

    def scope(self, suppl: bool) -> list[Provision]:
        return suppl_articles(self.doc) if suppl else main_articles(self.doc)

    def parent_list(self, p: Provision) -> list[Provision]:
        for top in self.doc.provisions:
            for q in [top, *top.walk()]:
                if any(c is p for c in q.children):
                    return q.children
        if any(c is p for c in self.doc.provisions):
            return self.doc.provisions
        raise AmendError(f"{p.number.get('ja')}: not found in the law")

    def resolve(self, m: re.Match, prefix: str) -> Where:
        g = {k[len(prefix) :]: v for k, v in m.groupdict().items() if k.startswith(prefix)}
        ctx = self.ctx
        suppl = bool(g["suppl"])
        if g["art"]:
            art, para, item = parse(g["art"]), None, None
            # 「附則第六条及び第七条」: the second article is of the 附則 too.
            suppl = suppl or (prefix == "b_" and ctx is not None and ctx.suppl)
        elif ctx is None:
            raise AmendError("同条 or a bare 項・号 with no article cited before it")
        else:
            art, suppl = ctx.article, ctx.suppl
            para = (
                ctx.para
                if (
                    g["samepara"]
                    or g["sameitem"]
                    or (g["item"] and not g["para"])
                    or g["sub"]
                    and not g["para"]
                )
                else None
            )
            item = ctx.item if g["sameitem"] or (g["sub"] and not g["item"]) else None
        if g["para"]:
            para = from_kanji(g["para"][1:-1])
        if g["item"]:
            item = parse(g["item"])
        sub = IROHA.index(g["sub"]) + 1 if g["sub"] else None
        return Where(suppl, art, para, item, sub)

    def article(self, w: Where) -> Provision:
        found = [a for a in self.scope(w.suppl) if article_num(a) == w.article]
        if len(found) != 1:
            raise AmendError(
                f"{'附則' if w.suppl else ''}{_t(w.article, '条')}: "
                + ("no such article" if not found else "cited twice")
            )
        return found[0]

    def paragraph(self, w: Where, default_single: bool = True) -> Provision:
        art = self.article(w)
        paras = paragraphs(art)
        if w.para is None:
            if default_single and len(paras) == 1:
                return paras[0]
            raise AmendError(f"{_t(w.article, '条')} has several paragraphs: cite one")
        found = [p for p in paras if _para_num(p) == w.para]
        if len(found) != 1:
            raise AmendError(f"{_t(w.article, '条')}第{w.para}項: no such paragraph")
        return found[0]

    def item(self, w: Where) -> Provision:
        para = self.paragraph(w)
        found = [i for i in para.children if item_num(i) == w.item]
        if len(found) != 1:
            raise AmendError(f"{_t(w.article, '条')}{_t(w.item, '号')}: no such item")
        if w.sub is None:
            return found[0]
        subs = [s for s in found[0].children if s.number.get("ja") == IROHA[w.sub - 1]]
        if len(subs) != 1:
            raise AmendError(f"{_t(w.item, '号')}{IROHA[w.sub - 1]}: no such sub-item")
        return subs[0]

    def target(self, w: Where) -> Provision:
        if w.item is not None:
            return self.item(w)
        return self.paragraph(w)

    def unit_of(self, w: Where) -> Provision:
        """The provision a structural clause speaks of: the deepest cited."""
        if w.item is not None:
            return self.item(w)
        if w.para is not None:
            return self.paragraph(w)
        return self.article(w)

    def label(self) -> str:
        self.labels += 1
        return f"amended-{self.labels}"


def _t(num: tuple[int, ...], unit: str) -> str:
    from ....drafts.jpnum import title

    return title(num, unit)


def _para_num(p: Provision) -> int:
    n = p.number.get("ja", "")
    return 1 if not n else parse(n)[0]


def _set_para_num(p: Provision, n: int) -> None:
    p.number = {
        "ja": ""
        if n == 1
        else str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    }


# --- building inserted provisions from their lines ----------------------------------------


def build(lines: list[str], unit: str, law: _Law) -> list[Provision]:
    """Provisions of one unit (条, 項, 号) from the lines after a sentence."""
    out: list[Provision] = []
    caption = None
    art = para = item = None
    last: Provision | None = None
    for raw in lines:
        if raw.startswith("\n"):
            if last is None:
                raise AmendError(f"a continued line with nothing before it: {raw.strip()}")
            last.text["ja"] = last.text.get("ja", "") + raw
            continue
        line = classify(raw)
        if line.kind == "caption":
            caption = line.text[1:-1]
            continue
        if line.kind == "article" and unit == "条":
            art = Provision(
                "article",
                law.label(),
                {"ja": line.title},
                caption={"ja": caption} if caption else None,
            )
            para = Provision("paragraph", law.label(), {"ja": ""}, text={"ja": line.text})
            art.children.append(para)
            out.append(art)
            item, last = None, para
        elif line.kind in ("article", "text", "paragraph") and unit in ("条", "項"):
            number = line.title if line.kind == "paragraph" else ""
            text = line.text
            para = Provision("paragraph", law.label(), {"ja": number}, text={"ja": text})
            if unit == "条":
                if art is None:
                    raise AmendError(f"a paragraph before its article: {raw}")
                art.children.append(para)
            else:
                out.append(para)
            item, last = None, para
        elif line.kind == "item" and (unit == "号" or para is not None):
            item = Provision("item", law.label(), {"ja": line.title}, text={"ja": line.text})
            (out if unit == "号" else para.children).append(item)
            last = item
        elif line.kind == "subitem" and item is not None:
            item.children.append(
                Provision("subitem", law.label(), {"ja": line.title}, text={"ja": line.text})
            )
        else:
            raise AmendError(f"cannot place this line of the new text: {raw.strip()}")
        caption = None
    if not out:
        raise AmendError("a 「次の…」 with no new text after it")
    return out


# --- applying -----------------------------------------------------------------------------


def split_text(text: str) -> list[tuple[str, list[str]]]:
    """(sentence, the lines of new text after it) for each sentence of an 改め文 text."""
    out: list[tuple[str, list[str]]] = []
    for raw in text.split("\n"):
        line = raw.strip("\u3000 ")
        if not line:
            continue
        if raw.startswith("\u3000\u3000") and out and out[-1][1]:
            # A further line of the inserted paragraph above (its own 改め文, say).
            out[-1][1].append("\n\u3000" + line)
            continue
        if is_sentence(line):
            out.append((line, []))
        elif out:
            out[-1][1].append(line)
        else:
            parse_sentence(line)  # raises, saying what is wrong with it
            raise AmendError(f"not a 改め文 sentence: {line}")
    return out


def apply(old: Document, text: str) -> Document:
    """OLD with the 改め文 in `text` applied (a copy; OLD is not changed)."""
    doc = copy.deepcopy(old)
    law = _Law(doc)
    toc_before = "\n".join(b.line("ja") for b in toc(doc, "ja")[1:])
    toc_ops: list[WordOp] = []
    for sentence, lines in split_text(text):
        law.ctx = None
        used_lines = False
        for clause in parse_sentence(sentence):
            try:
                took = _apply_clause(law, clause, lines, toc_ops)
            except WordsError as exc:
                raise AmendError(f"{exc} ({sentence})") from None
            if took:
                if used_lines:
                    raise AmendError(f"two insertions in one sentence: {sentence}")
                used_lines = True
        if lines and not used_lines:
            raise AmendError(f"new text after a sentence that inserts nothing: {sentence}")
    if toc_ops:
        expected = apply_ops(toc_before, toc_ops)
        actual = "\n".join(b.line("ja") for b in toc(doc, "ja")[1:])
        if expected != actual:
            raise AmendError("the 目次 amendment does not match the amended law's chapters")
    return doc


def _apply_clause(law: _Law, c: _Clause, lines: list[str], toc_ops: list[WordOp]) -> bool:
    m, kind = c.m, c.kind
    if kind == "toc_words":
        toc_ops.extend(c.ops)
        return False
    if kind == "chapter_words":
        ch = next((x for x in chapters(law.doc) if x.number.get("ja") == m.group("chapter")), None)
        if ch is None or not ch.caption:
            raise AmendError(f"{m.group('chapter')}: no such chapter")
        ch.caption = {**ch.caption, "ja": apply_ops(ch.caption["ja"], c.ops)}
        return False
    w = law.resolve(m, "a_")
    if kind == "context":
        law.ctx = w
        return False
    if kind == "words":
        p = law.target(w)
        p.text["ja"] = apply_ops(p.text.get("ja", ""), c.ops)
    elif kind == "caption_words":
        art = law.article(w)
        if not art.caption or not art.caption.get("ja"):
            raise AmendError(f"{_t(w.article, '条')} has no 見出し")
        new = apply_ops(f"（{art.caption['ja']}）", c.ops)
        art.caption = {**art.caption, "ja": new[1:-1]}
    elif kind in ("caption_set", "caption_add"):
        art = law.article(w)
        cap = c.quotes[0]
        if not (cap.startswith("（") and cap.endswith("）")):
            raise AmendError(f"a 見出し is quoted with its brackets: 「{cap}」")
        art.caption = {**(art.caption or {}), "ja": cap[1:-1]}
    elif kind == "caption_del":
        law.article(w).caption = None
    elif kind == "replace":
        unit = "号" if w.item is not None else ("項" if w.para is not None else "条")
        old = law.unit_of(w)
        new = build(lines, unit, law)
        if len(new) != 1:
            raise AmendError("「次のように改める」 with more than one provision after it")
        siblings = law.parent_list(old)
        siblings[siblings.index(old)] = new[0]
        law.ctx = w
        return True
    elif kind == "delete":
        _delete(law, c, w)
    elif kind == "rename":
        _rename(law, law.resolve(m, "a_"), _resolve_second(law, m, w))
    elif kind == "shift":
        _shift(law, m, w)
    elif kind in ("insert", "append"):
        _insert(law, m, kind, w, lines)
        law.ctx = w
        return True
    law.ctx = w
    return False


def _resolve_second(law: _Law, m: re.Match, first: Where) -> Where:
    saved = law.ctx
    law.ctx = first
    try:
        return law.resolve(m, "b_")
    finally:
        law.ctx = saved


def _level(w: Where) -> str:
    return "item" if w.item is not None else ("para" if w.para is not None else "art")


def _range(law: _Law, a: Where, b: Where) -> list[Provision]:
    """Every provision from a to b inclusive, in the law's order."""
    first, last = law.unit_of(a), law.unit_of(b)
    if _level(a) == "art":
        seq = law.scope(a.suppl)
    else:
        seq = law.parent_list(first)
    i, j = (
        next(k for k, p in enumerate(seq) if p is first),
        next(k for k, p in enumerate(seq) if p is last),
    )
    if j < i:
        raise AmendError("a range that runs backwards")
    return seq[i : j + 1]


def _delete(law: _Law, c: _Clause, w: Where) -> None:
    m = c.m
    if m.group("how"):
        b = _resolve_second(law, m, w)
        doomed = _range(law, w, b) if m.group("how") == "から" else [law.unit_of(w), law.unit_of(b)]
    else:
        doomed = [law.unit_of(w)]
    for p in doomed:
        siblings = law.parent_list(p)
        siblings.remove(p)


def _rename(law: _Law, a: Where, b: Where) -> None:
    p = law.unit_of(a)
    level = _level(a)
    if level == "art":
        if any(article_num(x) == b.article for x in law.scope(b.suppl)):
            raise AmendError(f"{_t(b.article, '条')} already exists")
        from .law import set_article_num

        set_article_num(p, b.article)
        p.number = {"ja": p.number["ja"]}
    elif level == "para":
        _set_para_num(p, b.para)
    else:
        p.number = {"ja": _item_title(b.item)}


def _item_title(num: tuple[int, ...]) -> str:
    from .law import item_title

    return item_title(num)


def _shift(law: _Law, m: re.Match, w: Where) -> None:
    b = _resolve_second(law, m, w)
    k = from_kanji(m.group("k")) * (1 if "下" in m.group("verb") else -1)
    for p in _range(law, w, b):
        level = _level(w)
        if level == "art":
            num = article_num(p)
            p.number = {"ja": _t((num[0] + k, *num[1:]), "条")}
        elif level == "para":
            _set_para_num(p, _para_num(p) + k)
        else:
            num = item_num(p)
            p.number = {"ja": _item_title((num[0] + k, *num[1:]))}


def _insert(law: _Law, m: re.Match, kind: str, w: Where, lines: list[str]) -> None:
    unit = m.group("unit")
    k = from_kanji(m.group("k"))
    new = build(lines, unit, law)
    if len(new) != k:
        raise AmendError(f"「次の{m.group('k')}{unit}」 but {len(new)} after it")
    if kind == "append":
        host = law.article(w) if unit == "項" else law.paragraph(w)
        host.children.extend(new)
        return
    anchor = law.unit_of(w)
    siblings = law.parent_list(anchor)
    at = siblings.index(anchor) + (1 if m.group("where") == "次" else 0)
    if m.group("chapter"):
        ch = next((x for x in chapters(law.doc) if x.number.get("ja") == m.group("chapter")), None)
        if ch is None or not any(a is anchor for a in ch.walk()):
            raise AmendError(f"{m.group('chapter')}中: the article is not in that chapter")
    siblings[at:at] = new


def apply_text(old: Document, lines: list[str]) -> Document:
    return apply(old, "\n".join(lines))
