"""Which revisions of a redline only follow a renumbering, and which are the drafter's own.

Removing one article renumbers every later article, its paragraphs' references and the 目次
ranges: most revised lines then change only numerals. A reviewer wants those apart from the
few real edits, so each operation of a line is classed:

- the line's number (第五条, ２, 三, Article 5 (1)) is always renumbering: numbers are
  derived from positions, and a provision added, removed or moved is shown as such;
- the line's text is renumbering when the provision's wording differs only in references that
  follow the renumbering (versions.Change.refs_only, decided on the references themselves,
  not on which characters changed), and for a 目次 line when the chapter's caption is
  unchanged (the rest of the line is the article range);
- everything else (captions, titles, edited wording, whole provisions) is a real change.
"""

from __future__ import annotations

from collections.abc import Iterator

from ....drafts.layout import SEP, Block
from ..textdiff import DELETE, EQUAL, INSERT
from ..versions import Change, Comparison
from .lines import Line

_WORDING = ("paragraph", "item", "subitem")


def _prefix(block: Block | None, lang: str) -> int:
    """Length of the number part of a block's line (the number and its separator)."""
    if block is None or not block.number:
        return 0
    return len(block.number) + (len(SEP[lang]) if block.text else 0)


class Classifier:
    """Classes the operations of the lines of one comparison."""

    def __init__(self, cmp: Comparison) -> None:
        self.by_new: dict[str, Change] = {c.label: c for c in cmp.changes if c.new is not None}

    def text_is_renumbering(self, line: Line) -> bool:
        if line.old_block is None or line.new_block is None:
            return False
        change = self.by_new.get(line.new_block.label)
        if line.kind in _WORDING:
            return change is not None and change.refs_only and "changed" not in change.kinds
        if line.kind == "toc":
            return change is None or not change.caption
        return False

    def ops(self, line: Line, lang: str) -> Iterator[tuple[str, str, bool]]:
        """(op, text, renumbering) for each operation of the line, split where an operation
        runs from the number into the text."""
        if line.old_block is None or line.new_block is None:
            # A whole paragraph added or removed: the drafter's own change.
            for op, text in line.ops:
                yield op, text, False
            return
        text_renum = self.text_is_renumbering(line)
        cut = {DELETE: _prefix(line.old_block, lang), INSERT: _prefix(line.new_block, lang)}
        pos = {DELETE: 0, INSERT: 0}
        for op, text in line.ops:
            if op == EQUAL:
                pos[DELETE] += len(text)
                pos[INSERT] += len(text)
                yield op, text, False
                continue
            start = pos[op]
            pos[op] += len(text)
            head = max(0, min(len(text), cut[op] - start))
            if head:
                yield op, text[:head], True
            if head < len(text):
                yield op, text[head:], text_renum


def is_renumbering(change: Change) -> bool:
    """A change that only follows a renumbering: new numbers or renumbered references."""
    return change.kinds == ["renumbered"]


def counts(cmp: Comparison) -> dict[str, int]:
    """How many provisions changed for real, and how many were only renumbered."""
    renum = sum(1 for c in cmp.changes if is_renumbering(c))
    return {"real": len(cmp.changes) - renum, "renumbering": renum}
