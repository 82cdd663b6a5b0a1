"""Amendments of other acts, written as structured changes and rendered as 改め文.

A bill's 附則 that amends another act (入管法, say) states the change, not its wording:

    {'article': 5, 'paragraph': 1, 'after': '13', 'add': [['13-2', item_ja, item_en]]}
    {'article': 5, 'paragraph': 1, 'delete': ['13-2']}

and `amendment(lang, *changes)` writes the 改め文 sentences and the inserted provisions in
the forms of KAIMEBUN.md, exactly as the 改め文 generator of the review wing
(compare/review/kaimebun) writes the same change between two versions of that act: a test
holds the two to the same text. The amended act's own wording is never needed (nor
invented): a 号 is added after another and deleted by its number.

The result is continuation lines of a paragraph's text (`| 　…`), for the clause markup.
"""

from __future__ import annotations

from collections.abc import Mapping

from .jpnum import kanji_core, title
from .kanji import to_kanji
from .numbering import roman


class AmendmentSpecError(ValueError):
    """A structured change the renderer cannot read."""


def _num(value) -> tuple[int, ...]:
    """13 / "13" / "13-2" → (13,) / (13, 2)."""
    try:
        parts = tuple(int(p) for p in str(value).split("-"))
    except ValueError:
        raise AmendmentSpecError(f"{value!r} is not a provision number (13 or 13-2)") from None
    if not parts or any(p < 1 for p in parts):
        raise AmendmentSpecError(f"{value!r} is not a provision number (13 or 13-2)")
    return parts


def item_en(num: tuple[int, ...]) -> str:
    return f"({roman(num[0])})" + "".join(f"-{b}" for b in num[1:])


def _para(change: Mapping) -> tuple[str, str]:
    art = _num(change["article"])
    para = int(change.get("paragraph", 0) or 0)
    ja = title(art, "条") + (f"第{to_kanji(para)}項" if para else "")
    en = "Article " + "-".join(map(str, art)) + (f", paragraph ({para})" if para else "")
    return ja, en


def _sentences(change: Mapping) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(ja sentence, en sentence, [(ja line, en line) of the new text]) for one change."""
    where_ja, where_en = _para(change)
    if "add" in change:
        after = _num(change["after"])
        items = [(_num(n), ja, en) for n, ja, en in change["add"]]
        k = len(items)
        what_en = "the following item is" if k == 1 else f"the following {k} items are"
        ja = f"{where_ja}{title(after, '号')}の次に次の{to_kanji(k)}号を加える。"
        en = f"In {where_en}, {what_en} added after item {item_en(after)}:"
        lines = [(f"{kanji_core(n)}\u3000{tj}", f"{item_en(n)} {te}") for n, tj, te in items]
        return [(ja, en, lines)]
    if "delete" in change:
        nums = [_num(n) for n in change["delete"]]
        if len(nums) != 1:
            raise AmendmentSpecError("delete one 号 per change")
        ja = f"{where_ja}{title(nums[0], '号')}を削る。"
        en = f"In {where_en}, item {item_en(nums[0])} is deleted."
        return [(ja, en, [])]
    raise AmendmentSpecError(f"a change needs 'add' (with 'after') or 'delete': {dict(change)!r}")


def amendment(lang: str, *changes: Mapping) -> str:
    """The 改め文 of `changes` in `lang`, as continuation lines of a paragraph's text."""
    if lang not in ("ja", "en"):
        raise AmendmentSpecError(f"lang must be ja or en, not {lang!r}")
    out = []
    for change in changes:
        if not isinstance(change, Mapping):
            raise AmendmentSpecError("each change is a mapping (article, paragraph, …)")
        for ja, en, lines in _sentences(change):
            out.append(ja if lang == "ja" else en)
            out.extend(lj if lang == "ja" else le for lj, le in lines)
    indent = "\u3000" if lang == "ja" else ""
    return "\n".join(f"| {indent}{line}" for line in out)
