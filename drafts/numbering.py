"""Display numbers of provisions, computed from their position, in Japanese and English.

Japanese practice (JP-DRAFTING.md): 第五条 / 第五条の二, paragraphs ２ ３ (the first
unnumbered), items 一 二, sub-items イ ロ ハ. English follows the Japanese Law Translation
database: "Article 5", "Article 5-2", "(2)", "(i)", "(a)".
"""

from __future__ import annotations

from .kanji import to_kanji

# いろは order, as statutes letter sub-items (ん is never used).
IROHA = (
    "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
)

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


# Numerals already written (item numbers, chapter numbers): see kanji._WRITTEN.
_ROMAN: dict[int, str] = {}


def roman(n: int) -> str:
    if type(n) is int and 0 < n < 10_000:
        written = _ROMAN.get(n)
        if written is None:
            written = _ROMAN[n] = _roman(n)
        return written
    return _roman(n)


def _roman(n: int) -> str:
    if n < 1:
        raise ValueError(n)
    out = []
    for value, sym in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        q, n = divmod(n, value)
        out.append(sym * q)
    return "".join(out)


def alpha(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (as JLT letters sub-items past z)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    q, r = divmod(n - 1, 26)
    return letters[r] * (q + 1)


def chapter(n: int) -> dict[str, str]:
    return {"ja": f"第{to_kanji(n)}章", "en": f"Chapter {roman(n).upper()}"}


def section(n: int) -> dict[str, str]:
    return {"ja": f"第{to_kanji(n)}節", "en": f"Section {n}"}


def article_core(n: int, branch: int = 0) -> tuple[str, str]:
    """The article number without 第/条 decoration: ("五の二", "5-2")."""
    ja = to_kanji(n) + (f"条の{to_kanji(branch)}" if branch else "")
    en = f"{n}-{branch}" if branch else str(n)
    return ja, en


def article(n: int, branch: int = 0) -> dict[str, str]:
    if branch:
        return {"ja": f"第{to_kanji(n)}条の{to_kanji(branch)}", "en": f"Article {n}-{branch}"}
    return {"ja": f"第{to_kanji(n)}条", "en": f"Article {n}"}


def paragraph(n: int, total: int) -> dict[str, str]:
    ja = "" if n == 1 else str(n).translate(_FULLWIDTH)
    en = f"({n})" if total > 1 else ""
    return {"ja": ja, "en": en}


def item(n: int) -> dict[str, str]:
    return {"ja": to_kanji(n), "en": f"({roman(n)})"}


def subitem(n: int) -> dict[str, str]:
    if n > len(IROHA):
        raise ValueError(f"more than {len(IROHA)} sub-items")
    return {"ja": IROHA[n - 1], "en": f"({alpha(n)})"}
