"""字句の改正: the word changes that turn one provision's text into another, and back.

From the text diff of the provision (compare/review/textdiff.py, the same diff the 新旧対照表
marks), each run of changes becomes one operation on a quoted span of the OLD text:

    replace 「A」を「B」に改め    delete 「A」を削り    add 「A」の下に「B」を加え

Quoted spans follow KAIMEBUN.md: a span is widened until it occurs once in the provision (so
the reader can find it), never cuts a number or citation in two (「第二十条」, 「五百円」), keeps
its 「」 balanced, and a sentence-final 。 is not quoted for an addition at the end. Words
added at the very beginning are written as a replacement of the first words.

Reading them back (`apply_ops`): each quoted span is looked up in the OLD text after the
previous one, must occur exactly once in the whole provision, and the spans are replaced
together, so the operations cannot interfere with each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..textdiff import DELETE, EQUAL, INSERT, diff_text

REPLACE, REMOVE, ADD = "replace", "delete", "add_after"

# A number with its unit or a citation is one unit of meaning: a span never ends inside one.
_KANJI_NUM = "〇一二三四五六七八九十百千万億兆"
_UNIT = re.compile(
    rf"第[{_KANJI_NUM}]+[編章節款目条項号](?:の[{_KANJI_NUM}]+)*"
    rf"(?:第[{_KANJI_NUM}]+[項号](?:の[{_KANJI_NUM}]+)*)*"
    rf"|[{_KANJI_NUM}]+(?:円|年|月|日|人|分|時間|箇月|倍)?"
    r"|[0-9０-９]+"
)
_WORD = re.compile(r"\w+", re.UNICODE)
# English citations are units too: "Article 9, paragraph (2)", "item (iii)".
_EN_UNIT = re.compile(
    r"Articles? \d+(?:-\d+)?(?:, paragraph \(\d+\))?(?:, item \([ivxlc]+\))?"
    r"|paragraph \(\d+\)|item \([ivxlc]+\)"
)


class WordsError(ValueError):
    """A quoted span that is not in the provision, or not once: the 改め文 does not fit."""


@dataclass(frozen=True)
class WordOp:
    kind: str  # replace, delete, add_after
    old: str  # the quoted span of the old text (what is replaced, deleted, or added after)
    new: str = ""  # the replacement, or the words added


@dataclass
class _Hunk:
    ol: int
    or_: int
    nl: int
    nr: int


def _hunks(old: str, new: str, lang: str) -> list[_Hunk]:
    out: list[_Hunk] = []
    i = j = 0
    for op, text in diff_text(old, new, lang):
        if op == EQUAL:
            i += len(text)
            j += len(text)
            continue
        if not out or out[-1].or_ != i or out[-1].nr != j:
            out.append(_Hunk(i, i, j, j))
        h = out[-1]
        if op == DELETE:
            i += len(text)
            h.or_ = i
        elif op == INSERT:
            j += len(text)
            h.nr = j
    return out


# Runs of kanji or of katakana: a span that ends inside one would quote half a word.
_RUN = re.compile(r"[\u4e00-\u9fff々〆]+|[\u30a0-\u30ff]+")


def _cuts(text: str, lang: str, start: bool) -> list[bool]:
    """ok[p]: may a quoted span begin (start) or end at position p of text?

    Never inside a number or citation (第二十条, 五百円); in Japanese not inside a run of
    kanji or katakana (a word) unless at a number's edge (「六月」以下), and a span does not
    begin on the okurigana of a word (「定めることにより」, not 「ることにより」).
    """
    ok = [True] * (len(text) + 1)
    if lang != "ja":
        for pattern in (_WORD, _EN_UNIT):
            for m in pattern.finditer(text):
                for p in range(m.start() + 1, m.end()):
                    ok[p] = False
        return ok
    for m in _RUN.finditer(text):
        for p in range(m.start() + 1, m.end()):
            ok[p] = False
    edges = set()
    for m in _UNIT.finditer(text):
        edges.update(m.span())
        for p in range(m.start() + 1, m.end()):
            ok[p] = False
    for p in edges:
        if not any(a < p < b for a, b in (m.span() for m in _UNIT.finditer(text))):
            ok[p] = True
    if start:
        for p in range(1, len(text)):
            if _is_hiragana(text[p]) and _is_kanji(text[p - 1]):
                ok[p] = False
    return ok


def _is_hiragana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u309f"


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch in "々〆"


def _kana_only(s: str) -> bool:
    """Only kana and punctuation: no word a reader could find the place by."""
    return bool(s) and all("\u3040" <= ch <= "\u309f" or ch in "、。，．・「」（）　 " for ch in s)


def _balanced(s: str) -> bool:
    depth = 0
    for ch in s:
        if ch == "「":
            depth += 1
        elif ch == "」":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _op_of(h: _Hunk, old: str, new: str) -> WordOp:
    a, b = old[h.ol : h.or_], new[h.nl : h.nr]
    if not b:
        return WordOp(REMOVE, a)
    if b.startswith(a) and a:
        return WordOp(ADD, a, b[len(a) :])
    return WordOp(REPLACE, a, b)


def _fits(h: _Hunk, old: str, new: str) -> bool:
    a = old[h.ol : h.or_]
    if "\n" in a or "\n" in new[h.nl : h.nr]:
        return False  # a quotation never runs over a line of the text
    if not a or old.count(a) != 1 or not _balanced(a) or not _balanced(new[h.nl : h.nr]):
        return False
    # Kana alone (「る」, 「ることにより」) is no unit of meaning: quote the word it ends.
    return not (_kana_only(a) and h.ol > 0)


def _move_before_period(h: _Hunk, old: str, new: str) -> None:
    """「…する。」 + 「ただし、…。」: add 「。ただし、…」 after 「…する」 instead."""
    if h.ol == h.or_ and h.ol > 0 and old[h.ol - 1] == "。" and new[h.nl : h.nr].endswith("。"):
        h.ol -= 1
        h.or_ -= 1
        h.nl -= 1
        h.nr -= 1


def _union(a: _Hunk, b: _Hunk) -> _Hunk:
    """Two hunks that touch or overlap, as one (a before b)."""
    return _Hunk(a.ol, max(a.or_, b.or_), a.nl, max(a.nr, b.nr))


def _joined(hunks: list[_Hunk]) -> list[_Hunk]:
    out: list[_Hunk] = []
    for h in sorted(hunks, key=lambda x: x.ol):
        if out and h.ol < out[-1].or_:
            out[-1] = _union(out[-1], h)
        else:
            out.append(h)
    return out


def word_ops(old: str, new: str, lang: str = "ja") -> list[WordOp]:
    """The operations, in text order, that turn `old` into `new`."""
    if old == new:
        return []
    hunks = _hunks(old, new, lang)
    for h in hunks:
        _move_before_period(h, old, new)
        if h.ol == h.or_ and h.ol == 0:
            # Words added at the beginning: a replacement of the first words.
            h.or_ += 1
            h.nr += 1
        elif h.ol == h.or_:
            # An addition: its anchor is the words before it.
            h.ol -= 1
            h.nl -= 1
    start_old, start_new = _cuts(old, lang, True), _cuts(new, lang, True)
    end_old, end_new = _cuts(old, lang, False), _cuts(new, lang, False)
    hunks = _joined(hunks)

    def want(h: _Hunk) -> str:
        """Which way h must widen: "left", "right", "grow" or "" (it fits)."""
        if h.ol > 0 and not (start_old[h.ol] and start_new[h.nl]):
            return "left"
        if h.or_ < len(old) and not (end_old[h.or_] and end_new[h.nr]):
            return "right"
        return "" if _fits(h, old, new) else "grow"

    # Widen one character at a time; a hunk about to step into its neighbour is joined to
    # it instead, so that both ends of every hunk always sit in text the two sides share.
    i = 0
    hunks.sort(key=lambda x: x.ol)
    while i < len(hunks):
        h = hunks[i]
        way = want(h)
        if not way:
            i += 1
            continue
        if way == "grow":
            adding = new[h.nl : h.nr].startswith(old[h.ol : h.or_])
            left_ok = h.ol > 0 and (adding or _kana_only(old[h.ol : h.or_]) or h.or_ >= len(old))
            way = "left" if left_ok else ("right" if h.or_ < len(old) else "")
            if not way:
                i += 1  # the whole text, and still not unique: nothing wider to quote
                continue
        if way == "left":
            if i > 0 and hunks[i - 1].or_ >= h.ol:
                hunks[i - 1 : i + 1] = [_union(hunks[i - 1], h)]
                i -= 1
                continue
            h.ol, h.nl = h.ol - 1, h.nl - 1
        else:
            if i + 1 < len(hunks) and hunks[i + 1].ol <= h.or_:
                hunks[i : i + 2] = [_union(h, hunks[i + 1])]
                continue
            h.or_, h.nr = h.or_ + 1, h.nr + 1

    ops = [_op_of(h, old, new) for h in hunks]
    if apply_ops(old, ops) != new:
        raise WordsError(f"word changes do not reproduce the new text: {ops!r}")
    return ops


def apply_ops(text: str, ops: list[WordOp]) -> str:
    """Apply word operations read from a 改め文 to the provision's text."""
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for op in ops:
        if not op.old:
            raise WordsError("an empty quotation")
        n = text.count(op.old)
        if n != 1:
            where = "is not in" if n == 0 else f"occurs {n} times in"
            raise WordsError(f"「{op.old}」 {where} the provision")
        at = text.index(op.old)
        if at < pos:
            raise WordsError(f"「{op.old}」 is quoted out of text order")
        end = at + len(op.old)
        if op.kind == REPLACE:
            spans.append((at, end, op.new))
        elif op.kind == REMOVE:
            spans.append((at, end, ""))
        else:
            spans.append((end, end, op.new))
        pos = end
    out, last = [], 0
    for a, b, rep in spans:
        out.append(text[last:a])
        out.append(rep)
        last = b
    out.append(text[last:])
    return "".join(out)
