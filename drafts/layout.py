"""How a bill is laid out on the page, as Japanese bills are: the lines every writer prints.

A bill becomes a flat list of blocks (title, 目次, chapter headings, captions, numbered
paragraphs, items, sub-items, 附則, 理由), each with its number and text in one language.
The docx, html and markdown writers only decide how each kind of block looks.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import amendtext
from .model import Document, Provision

SEP = {"ja": "\u3000", "en": " "}  # full-width space after a number in Japanese


@dataclass(frozen=True)
class Block:
    kind: str  # header, title, toc_head, toc, chapter, caption, paragraph, item, subitem,
    # suppl_head, reason_head, reason, amend (a 改め文 sentence)
    number: str
    text: str
    label: str = ""

    def line(self, lang: str) -> str:
        if self.number and self.text:
            return f"{self.number}{SEP[lang]}{self.text}"
        return self.number or self.text


def article_range(articles: list[Provision], lang: str) -> str:
    nums = [a.number[lang] for a in articles]
    if lang == "ja":
        if len(nums) == 1:
            return f"（{nums[0]}）"
        if len(nums) == 2:
            return f"（{nums[0]}・{nums[1]}）"
        return f"（{nums[0]}―{nums[-1]}）"
    bare = [n.removeprefix("Article ") for n in nums]
    if len(bare) == 1:
        return f"(Article {bare[0]})"
    if len(bare) == 2:
        return f"(Articles {bare[0]} and {bare[1]})"
    return f"(Articles {bare[0]} to {bare[-1]})"


def toc(doc: Document, lang: str) -> list[Block]:
    chapters = [p for p in doc.provisions if p.kind == "chapter"]
    if not chapters:
        return []
    out = [Block("toc_head", "", "目次" if lang == "ja" else "Table of Contents")]
    for ch in chapters:
        # Articles may sit in 節 (a law read from e-Gov): the range covers them all.
        arts = [a for a in ch.walk() if a.kind == "article"]
        if not arts:
            continue
        gap = "" if lang == "ja" else " "
        out.append(
            Block(
                "toc",
                ch.number[lang],
                f"{ch.caption[lang]}{gap}{article_range(arts, lang)}",
                ch.label,
            )
        )
    if any(p.kind == "supplementary" for p in doc.provisions):
        out.append(Block("toc", "", "附則" if lang == "ja" else "Supplementary Provisions"))
    return out


# An inserted provision's line → the block it is laid out as (as in the act it amends).
_NEW_KIND = {"item": "item", "subitem": "subitem", "paragraph": "paragraph", "article": "paragraph"}


def _amending_blocks(para: Provision, number: str, lang: str) -> list[Block]:
    """A paragraph that amends another act, laid out as bills print it: its own sentence,
    then each 改め文 sentence as a paragraph at a one-character indent ("amend"), and each
    inserted provision as a provision of the amended act (a 号 as an item, hanging).

    The lines are classified on the Japanese text and the other language follows line for
    line, so both languages have the same blocks; [] for an ordinary paragraph, or where
    the two languages do not have the same number of lines."""
    ja = para.text.get("ja", "")
    if "\n" not in ja:
        return []
    head, amend_blocks = amendtext.split(ja)
    if not amend_blocks or "\n" in head:
        return []
    lines = para.text.get(lang, "").split("\n")
    if len(lines) != 1 + sum(1 + len(b.new) for b in amend_blocks):
        return []
    out = [Block("paragraph", number, lines[0], para.label)]
    at = 1
    for block in amend_blocks:
        out.append(Block("amend", "", lines[at].strip("\u3000 "), para.label))
        at += 1
        for new in block.new:
            text = lines[at].strip("\u3000 ")
            at += 1
            kind = _NEW_KIND.get(new.kind)
            if kind is None:  # a caption or a line of text: as the 改め文 themselves
                out.append(Block("amend", "", text, para.label))
            elif lang == "ja":
                out.append(Block(kind, new.title, new.text, para.label))
            else:
                out.append(Block(kind, "", text, para.label))
    return out


def _article_blocks(art: Provision, lang: str) -> list[Block]:
    out = []
    if art.caption:
        cap = f"（{art.caption['ja']}）" if lang == "ja" else f"({art.caption['en']})"
        out.append(Block("caption", "", cap, art.label))
    for i, para in enumerate(art.children):
        number = para.number.get(lang, "")
        if i == 0 and art.number.get(lang):
            number = f"{art.number[lang]} {number}".strip() if lang == "en" else art.number[lang]
        amending = _amending_blocks(para, number, lang)
        if amending:
            out.extend(amending)
            continue
        out.append(Block("paragraph", number, para.text.get(lang, ""), para.label))
        for item in para.children:
            out.append(
                Block("item", item.number.get(lang, ""), item.text.get(lang, ""), item.label)
            )
            for sub in item.children:
                out.append(
                    Block("subitem", sub.number.get(lang, ""), sub.text.get(lang, ""), sub.label)
                )
    return out


def _contents(children: list[Provision], lang: str) -> list[Block]:
    """What a chapter or 附則 holds: articles, and in laws read from e-Gov also 節 headings,
    bare paragraphs (a 附則 of paragraphs) and appended tables."""
    out: list[Block] = []
    for child in children:
        if child.kind in ("part", "chapter", "section"):
            cap = (child.caption or {}).get(lang, "")
            out.append(Block("chapter", child.number.get(lang, ""), cap, child.label))
            out.extend(_contents(child.children, lang))
        elif child.kind == "paragraph":
            wrapper = Provision("article", "", children=[child])
            out.extend(_article_blocks(wrapper, lang))
        elif child.kind == "schedule":
            out.append(Block("caption", "", child.number.get(lang, ""), child.label))
            out.append(Block("paragraph", "", child.text.get(lang, ""), child.label))
        else:
            out.extend(_article_blocks(child, lang))
    return out


def blocks(doc: Document, lang: str) -> list[Block]:
    # A bill as submitted carries 「第　回国会　衆第　号」 and its 提出者 above the title.
    header = (doc.meta.get("header") or {}).get(lang) or []
    out = [Block("header", "", line) for line in header]
    out.append(Block("title", "", doc.title[lang]))
    out.extend(toc(doc, lang))
    for prov in doc.provisions:
        if prov.kind in ("part", "chapter"):
            out.append(Block("chapter", prov.number[lang], prov.caption[lang], prov.label))
            out.extend(_contents(prov.children, lang))
        elif prov.kind == "article":
            out.extend(_article_blocks(prov, lang))
        elif prov.kind == "schedule":
            out.extend(_contents([prov], lang))
        elif prov.kind == "supplementary":
            out.append(Block("suppl_head", "", prov.number[lang], prov.label))
            out.extend(_contents(prov.children, lang))
        elif prov.kind == "reason":
            out.append(Block("reason_head", "", prov.number[lang], prov.label))
            for line in prov.text[lang].split("\n"):
                out.append(Block("reason", "", line, prov.label))
    return out


def paired(doc: Document) -> list[tuple[Block, Block]]:
    """Japanese and English blocks side by side; the two lists have the same shape."""
    ja, en = blocks(doc, "ja"), blocks(doc, "en")
    assert len(ja) == len(en), "the two languages must have the same structure"
    return list(zip(ja, en, strict=True))
