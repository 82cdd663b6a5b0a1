"""The text of an amending paragraph split into its parts, for writers that mark them up.

A paragraph that amends another act reads, line by line (KAIMEBUN.md):

    出入国管理及び難民認定法（…）の一部を次のように改正する。      ← the paragraph's sentence
    第五条第一項第十三号の次に次の一号を加える。                   ← an 改め文 sentence
    十三の二　…                                                     ← a provision it inserts

Each 改め文 sentence is followed by the provisions it inserts or substitutes (none for 「削る」).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .jpnum import parse
from .numbering import IROHA as _IROHA

# An 改め文 sentence ends in one of the verbs of the standard forms.
_VERBS = ("改める。", "加える。", "削る。", "とする。", "繰り下げる。", "繰り上げる。", "付する。")
_K = "〇一二三四五六七八九十百千"
_ARTICLE = re.compile(rf"^(第[{_K}]+条(?:の[{_K}]+)*)\u3000(.*)$")
_CHAPTER = re.compile(rf"^(第[{_K}]+章(?:の[{_K}]+)*)\u3000(.*)$")
_PARAGRAPH = re.compile(r"^([０-９]+)\u3000(.*)$")
_ITEM = re.compile(rf"^([{_K}]+(?:の[{_K}]+)*)\u3000(.*)$")
_SUBITEM = re.compile(rf"^([{_IROHA}])\u3000(.*)$")


@dataclass
class NewLine:
    """One line of an inserted provision: kind, its number as written, its text."""

    kind: str  # caption, chapter, article, paragraph, item, subitem, text
    title: str
    text: str

    @property
    def num(self) -> tuple[int, ...] | None:
        if self.kind == "subitem":
            return (_IROHA.index(self.title) + 1,)
        return parse(self.title) if self.title else None


@dataclass
class AmendBlock:
    sentence: str
    new: list[NewLine] = field(default_factory=list)


def is_amend_sentence(line: str) -> bool:
    line = line.strip("\u3000 ")
    return line.endswith(_VERBS) and "\u3000" not in line


def classify(line: str) -> NewLine:
    line = line.lstrip("\u3000 ")
    if line.startswith("（") and line.endswith("）"):
        return NewLine("caption", "", line)
    for kind, pattern in (
        ("chapter", _CHAPTER),
        ("article", _ARTICLE),
        ("paragraph", _PARAGRAPH),
        ("item", _ITEM),
        ("subitem", _SUBITEM),
    ):
        m = pattern.match(line)
        if m:
            return NewLine(kind, m.group(1), m.group(2))
    return NewLine("text", "", line)


def split(text: str) -> tuple[str, list[AmendBlock]]:
    """(the paragraph's own sentence, its 改め文 blocks); no blocks for an ordinary paragraph."""
    lines = text.split("\n")
    head, blocks = lines[0], []
    for line in lines[1:]:
        if is_amend_sentence(line):
            blocks.append(AmendBlock(line.strip("\u3000 ")))
        elif blocks:
            blocks[-1].new.append(classify(line))
        else:
            head += "\n" + line
    return head, blocks
