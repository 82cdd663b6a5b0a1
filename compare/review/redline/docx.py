"""The redline as a Word document with real revisions (w:ins / w:del), author and date.

The document is the bill laid out exactly as the bill writer lays it out, with every
difference a tracked change: "Accept all" gives the new bill's text, "Reject all" the old.

Whole provisions added or removed are inserted or deleted paragraphs: their runs are
revisions and so is their paragraph mark (w:pPr/w:rPr/w:ins|w:del), otherwise accepting
a deletion would leave an empty paragraph behind. The last paragraph's mark cannot be a
revision (a document always ends in one), so a trailing run of added or removed lines
puts its mark revision on the paragraph before it (see _place_marks).
"""

from __future__ import annotations

from ....drafts.wordkit import BodyAppender, Revisions, block_style, new_document, save, text_run
from ....drafts.writers import DEFAULT, WriteOptions
from ..textdiff import DELETE, INSERT, diff_text
from ..versions import Comparison
from .lines import Line, align

_MARK = {"inserted": "ins", "deleted": "del"}


def _settle_tail(lines: list[Line], lang: str) -> list[Line]:
    """If the trailing added/removed lines are of both kinds, fold the last removed and the
    last added line into one changed line, so the document ends in a plain paragraph mark."""
    tail = len(lines)
    while tail > 0 and lines[tail - 1].status in _MARK:
        tail -= 1
    run = lines[tail:]
    kinds = {line.status for line in run}
    if len(kinds) < 2:
        return lines
    last_del = max(i for i, line in enumerate(run) if line.status == "deleted")
    last_ins = max(i for i, line in enumerate(run) if line.status == "inserted")
    a, b = run[last_del], run[last_ins]
    merged = Line(b.kind, b.unit, a.old, b.new, diff_text(a.old or "", b.new or "", lang))
    rest = [line for i, line in enumerate(run) if i not in (last_del, last_ins)]
    return lines[:tail] + rest + [merged]


def _place_marks(lines: list[Line]) -> list[str | None]:
    """The paragraph-mark revision of each line: ins, del or None."""
    marks = [_MARK.get(line.status) for line in lines]
    if marks and marks[-1] is not None:
        kind = marks[-1]
        first = len(lines) - 1
        while first > 0 and marks[first - 1] == kind:
            first -= 1
        marks[-1] = None
        if first > 0:
            # The paragraph before the run takes the run's last mark: accepting (or
            # rejecting) then joins it with the emptied paragraphs, leaving it whole.
            marks[first - 1] = kind
    return marks


def write(cmp: Comparison, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    doc = new_document(cmp.new.title.get(lang) or cmp.old.title.get(lang, ""))
    revs = Revisions(options.author, options.date)
    lines = _settle_tail(align(cmp, lang), lang)
    body = BodyAppender(doc)
    for line, mark in zip(lines, _place_marks(lines), strict=True):
        para = body.add(block_style(line.kind))
        if mark:
            revs.mark_paragraph(para, mark)
        for op, text in line.ops:
            if op == INSERT:
                para._p.append(revs.inserted(text))
            elif op == DELETE:
                para._p.append(revs.deleted(text))
            else:
                para._p.append(text_run(text))
    return save(doc)
