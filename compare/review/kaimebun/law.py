"""The parts of a law 改め文 speak of: its articles (main text and 附則), their paragraphs,
items and sub-items, each by its number as the text writes it.

Shared by the generator and the reader-applier, so both count and cite the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ....drafts.errors import ClausewiseError
from ....drafts.jpnum import kanji_core, parse, title
from ....drafts.model import Document, Provision
from ....drafts.numbering import IROHA, roman

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
UNITS = {"article": "条", "paragraph": "項", "item": "号"}


class AmendError(ClausewiseError):
    """A change the 改め文 cannot express, or a 改め文 that does not fit the law (exit 2)."""


@dataclass(frozen=True)
class Where:
    """A provision, as a 改め文 cites it: 附則第三条第二項第一号イ."""

    suppl: bool
    article: tuple[int, ...]
    para: int | None = None
    item: tuple[int, ...] | None = None
    sub: int | None = None


def chapters(doc: Document) -> list[Provision]:
    return [p for p in doc.provisions if p.kind == "chapter"]


def main_articles(doc: Document) -> list[Provision]:
    return [p for top in doc.provisions if top.kind != "supplementary" for p in _arts(top)]


def suppl_articles(doc: Document) -> list[Provision]:
    return [p for top in doc.provisions if top.kind == "supplementary" for p in _arts(top)]


def _arts(p: Provision) -> list[Provision]:
    if p.kind == "article":
        return [p]
    if p.kind in ("chapter", "section", "part", "supplementary"):
        return [a for c in p.children for a in _arts(c)]
    return []


def article_num(p: Provision) -> tuple[int, ...]:
    parts = parse(p.number.get("ja", ""))
    if parts is None:
        raise AmendError(f"article {p.label!r} has no number a 改め文 can cite")
    return parts


def item_num(p: Provision) -> tuple[int, ...]:
    parts = parse(p.number.get("ja", ""))
    if parts is None:
        raise AmendError(f"item {p.label!r} has no number a 改め文 can cite")
    return parts


def sub_num(p: Provision) -> int:
    n = p.number.get("ja", "")
    if n not in IROHA:
        raise AmendError(f"sub-item {p.label!r} has no number a 改め文 can cite")
    return IROHA.index(n) + 1


def paragraphs(art: Provision) -> list[Provision]:
    return [c for c in art.children if c.kind == "paragraph"]


# --- numbers as the text writes them -------------------------------------------------------


def article_title(num: tuple[int, ...]) -> str:
    return title(num, "条")


def article_en(num: tuple[int, ...]) -> str:
    return "Article " + "-".join(map(str, num))


def item_title(num: tuple[int, ...]) -> str:
    return kanji_core(num)


def item_en(num: tuple[int, ...]) -> str:
    # JLT style: item (xiii)-2.
    return f"({roman(num[0])})" + "".join(f"-{b}" for b in num[1:])


def paragraph_number(n: int, total: int) -> dict[str, str]:
    ja = "" if n == 1 else str(n).translate(_FULLWIDTH)
    return {"ja": ja, "en": f"({n})" if total > 1 else ""}


def renumber_paragraphs(art: Provision) -> None:
    """Paragraph numbers follow their places: 「２」「３」, the first unnumbered."""
    paras = paragraphs(art)
    for i, p in enumerate(paras, 1):
        p.number = paragraph_number(i, len(paras))


def set_article_num(p: Provision, num: tuple[int, ...]) -> None:
    p.number = {"ja": article_title(num), "en": article_en(num)}


def set_item_num(p: Provision, num: tuple[int, ...]) -> None:
    p.number = {"ja": item_title(num), "en": item_en(num)}


# --- the law's text, for "does it come out the same" -------------------------------------


def law_text(doc: Document) -> list[tuple]:
    """What a 改め文 amends, Japanese only: every provision's kind, number, caption and
    text in order, with its depth. The 理由 is not part of the law."""
    out: list[tuple] = []

    def walk(p: Provision, depth: int) -> None:
        cap = (p.caption or {}).get("ja") or None
        out.append((depth, p.kind, p.number.get("ja", ""), cap, p.text.get("ja", "")))
        for c in p.children:
            walk(c, depth + 1)

    for p in doc.provisions:
        if p.kind != "reason":
            walk(p, 0)
    return out
