"""Japanese statute or bill text (法律案 as the Diet publishes it): 章, 条 with captions, 項, 号.

Used for the 2022 opposition bill in the corpus, whose Markdown file holds the verbatim text
in a code block followed by notes: only the code block is read when there is one. The 目次
lines are kept in meta["toc"], not as provisions. Labels: art-1, art-1-2 (paragraph 2),
art-1-2-3 (item 3); chapters chapter-1. Text is Japanese (text["ja"]).
"""

from __future__ import annotations

import re
from pathlib import Path

from ....drafts.kanji import from_kanji
from ....drafts.model import Document, Provision, SourceRef
from ..errors import CorpusError
from ._common import read_text

_KANJI = "〇一二三四五六七八九十百千"
_CHAPTER = re.compile(rf"^第([{_KANJI}]+)章[\s\u3000]+(.+)$")
_ARTICLE = re.compile(rf"^第([{_KANJI}]+)条(?:の([{_KANJI}]+))?[\s\u3000]+(.*)$")
_CAPTION = re.compile(r"^[（(]([^）)]+)[）)]$")
_PARA = re.compile(r"^([２-９０-９]+|[2-9][0-9]*)[\s\u3000]+(.*)$")
_ITEM = re.compile(rf"^([{_KANJI}]+)[\s\u3000]+(.*)$")
_TOC_ENTRY = re.compile(r"[（(]第.+条.*[）)]$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def sniff(head: str) -> bool:
    return "法律案" in head or bool(re.search(r"^第[一二三四五六七八九十]+条", head, re.M))


def _body(text: str) -> tuple[list[str], int]:
    """The lines to read and the file line of the first: the code block if there is one."""
    lines = text.split("\n")
    fences = [i for i, line in enumerate(lines) if line.strip().startswith("```")]
    if len(fences) >= 2:
        return lines[fences[0] + 1 : fences[1]], fences[0] + 2
    return lines, 1


def load(
    path: str | Path, *, doc_id: str | None = None, citation: str | None = None, **_ignored
) -> Document:
    path = Path(path)
    lines, first = _body(read_text(path))
    title = ""
    toc: list[str] = []
    provisions: list[Provision] = []
    chapter: Provision | None = None
    article: Provision | None = None
    para: Provision | None = None
    caption: str | None = None
    in_toc = False
    for offset, raw in enumerate(lines):
        n = first + offset
        line = raw.strip().replace("\u3000", " ") if raw.strip() else ""
        if not line:
            continue
        src = SourceRef(str(path), n)
        if not title and line.endswith("法律案"):
            title = line
            continue
        if line == "目次":
            in_toc = True
            continue
        if in_toc and (_TOC_ENTRY.search(line) or line == "附則"):
            toc.append(line)
            continue
        in_toc = False
        if m := _CHAPTER.match(line):
            num = from_kanji(m.group(1))
            chapter = Provision(
                "chapter",
                f"chapter-{num}",
                {"ja": f"第{m.group(1)}章"},
                caption={"ja": m.group(2).strip()},
                source=src,
            )
            provisions.append(chapter)
            continue
        if m := _CAPTION.match(line):
            caption = m.group(1)
            continue
        if m := _ARTICLE.match(line):
            num = from_kanji(m.group(1))
            label = f"art-{num}" + (f"-{from_kanji(m.group(2))}" if m.group(2) else "")
            number = f"第{m.group(1)}条" + (f"の{m.group(2)}" if m.group(2) else "")
            article = Provision(
                "article",
                label,
                {"ja": number},
                caption={"ja": caption} if caption else None,
                source=src,
                citation=number,
            )
            caption = None
            para = Provision(
                "paragraph", f"{label}-1", {"ja": ""}, text={"ja": m.group(3)}, source=src
            )
            article.children.append(para)
            (chapter.children if chapter else provisions).append(article)
            continue
        if article is None:
            continue  # bill number and session lines before the title
        if m := _PARA.match(line):
            k = int(m.group(1).translate(_FULLWIDTH))
            para = Provision(
                "paragraph",
                f"{article.label}-{k}",
                {"ja": m.group(1)},
                text={"ja": m.group(2)},
                source=src,
            )
            article.children.append(para)
            continue
        if (m := _ITEM.match(line)) and para is not None:
            k = from_kanji(m.group(1))
            para.children.append(
                Provision(
                    "item",
                    f"{para.label}-{k}",
                    {"ja": m.group(1)},
                    text={"ja": m.group(2)},
                    source=src,
                )
            )
            continue
        # A caption cut off at the end of the text, or a continuation line.
        if line.startswith(("(", "（")):
            continue
        para.text["ja"] = para.text.get("ja", "") + line
    if not title and not provisions:
        raise CorpusError(path, "no Japanese statute text found (no 第…条 lines)")
    return Document(
        id=doc_id or path.stem,
        title={"ja": title},
        provisions=provisions,
        citation=citation,
        jurisdiction="jp",
        meta={"toc": toc, "format": "jp_statute", "source_file": str(path)},
    )
