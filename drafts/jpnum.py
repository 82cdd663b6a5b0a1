"""Japanese provision numbers read back into numbers: 第十三条の二 → (13, 2), ２ → (2,).

e-Gov 法令XML writes such a number as Num="13_2"; the 改め文 generator and reader compare and
renumber them. The inverse of drafts/numbering.py, for the Japanese side only.
"""

from __future__ import annotations

import re
from functools import cache

from .kanji import from_kanji, to_kanji

_UNITS = "編章節款目条項号"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_K = "〇一二三四五六七八九十百千"
_NUMBER = rf"^第?([{_K}万0-9０-９]+)[{_UNITS}]?((?:の[{_K}]+)*)$"


@cache
def _number() -> re.Pattern:
    # Compiled when first used: compiling its kanji classes costs some 4.7 M instructions,
    # and every command imports this module (through the renderer), few of them parse.
    return re.compile(_NUMBER)


def parse(label: str) -> tuple[int, ...] | None:
    """(13, 2) for 第十三条の二 / 十三の二 / 第十三号の二; (2,) for ２; None if not a number."""
    m = _number().match(label.strip())
    if not m:
        return None
    head = m.group(1).translate(_FULLWIDTH_DIGITS)
    first = int(head) if head.isdigit() else from_kanji(head)
    branches = [from_kanji(b) for b in m.group(2).split("の") if b]
    return (first, *branches)


def num_attr(parts: tuple[int, ...]) -> str:
    """e-Gov's Num attribute: (13, 2) → "13_2"."""
    return "_".join(str(p) for p in parts)


def from_num_attr(value: str) -> tuple[int, ...]:
    return tuple(int(p) for p in value.split("_"))


def kanji_core(parts: tuple[int, ...], unit: str = "") -> str:
    """(13, 2), "条" → 十三条の二; with unit "" → 十三の二 (an item's title)."""
    head = to_kanji(parts[0]) + unit
    return head + "".join(f"の{to_kanji(b)}" for b in parts[1:])


def title(parts: tuple[int, ...], unit: str) -> str:
    """(13, 2), "条" → 第十三条の二."""
    return "第" + kanji_core(parts, unit)
