"""The redline as a Word document with real revisions (w:ins / w:del), author and date.

The document is the bill laid out exactly as the bill writer lays it out, with every
difference a tracked change: "Accept all" gives the new bill's text, "Reject all" the old.

Whole provisions added or removed are inserted or deleted paragraphs: their runs are
revisions and so is their paragraph mark (w:pPr/w:rPr/w:ins|w:del), otherwise accepting
a deletion would leave an empty paragraph behind. The last paragraph's mark cannot be a
revision (a document always ends in one), so a trailing run of added or removed lines
puts its mark revision on the paragraph before it (see _place_marks).

Revisions that only follow a renumbering (new article, paragraph and item numbers, references
renumbered by an insertion or removal: see renumbering.py) carry their own author,
RENUMBERING_AUTHOR, so Word's reviewing pane can show or accept them apart from the real
changes; with renumbering="hide" they are not revisions at all (the new numbers stand as
plain text). A comment on the title counts the real changes and the renumberings.
"""

from __future__ import annotations

from datetime import datetime

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run

from ....drafts.writers.docx import BLOCK_STYLE, BodyAppender, new_document, save
from ..textdiff import DELETE, INSERT, diff_text
from ..versions import Comparison
from . import xml_safe
from .lines import Line, align
from .renumbering import Classifier, counts

_MARK = {"inserted": "ins", "deleted": "del"}
RENUMBERING_AUTHOR = "clausewise: renumbering"
# How renumbering revisions are written: under their own author, or not as revisions.
RENUMBERING_MODES = ("separate", "hide")


class _Revisions:
    """Makes w:ins / w:del elements with unique ids and one date, by the reviewer or, for
    renumbering, by RENUMBERING_AUTHOR."""

    def __init__(self, author: str, date: str) -> None:
        self.author, self.date, self.next_id = xml_safe(author) or "clausewise", date, 1

    def element(self, kind: str, renumbering: bool = False):
        el = OxmlElement(f"w:{kind}")
        el.set(qn("w:id"), str(self.next_id))
        el.set(qn("w:author"), RENUMBERING_AUTHOR if renumbering else self.author)
        el.set(qn("w:date"), self.date)
        self.next_id += 1
        return el


def _run(text: str, deleted: bool):
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = xml_safe(text)
    run.append(t)
    return run


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


def _summary(cmp: Comparison, lang: str, author: str, hidden: bool) -> str:
    n = counts(cmp)
    if lang == "ja":
        renum = "（変更履歴には表示しない）" if hidden else f"（変更者「{RENUMBERING_AUTHOR}」）"
        return (
            f"変更箇所：実質的な変更 {n['real']} 件（変更者「{author}」）、"
            f"番号の変更のみ {n['renumbering']} 件{renum}"
        )
    renum = " (not shown as revisions)" if hidden else f" (by “{RENUMBERING_AUTHOR}”)"
    return f"Changes: {n['real']} real (by “{author}”), {n['renumbering']} renumbering only{renum}"


def write(
    cmp: Comparison,
    lang: str = "ja",
    author: str = "clausewise",
    date: str = "2001-01-01T00:00:00Z",
    renumbering: str = "separate",
) -> bytes:
    if renumbering not in RENUMBERING_MODES:
        raise ValueError(renumbering)
    hide = renumbering == "hide"
    doc = new_document(cmp.new.title.get(lang) or cmp.old.title.get(lang, ""))
    for p in list(doc.paragraphs):
        p._p.getparent().remove(p._p)
    revs = _Revisions(author, date)
    classes = Classifier(cmp)
    lines = _settle_tail(align(cmp, lang), lang)
    body = BodyAppender(doc)
    first = None
    for line, mark in zip(lines, _place_marks(lines), strict=True):
        para = body.add(BLOCK_STYLE[line.kind])
        first = first if first is not None else para
        if mark:
            rpr = OxmlElement("w:rPr")
            rpr.append(revs.element(mark))
            para._p.get_or_add_pPr().append(rpr)
        for op, text, renum in classes.ops(line, lang):
            if op == DELETE and not (renum and hide):
                wrapper = revs.element("del", renum)
                wrapper.append(_run(text, deleted=True))
                para._p.append(wrapper)
            elif op == INSERT and not (renum and hide):
                wrapper = revs.element("ins", renum)
                wrapper.append(_run(text, deleted=False))
                para._p.append(wrapper)
            elif op != DELETE:
                para._p.append(_run(text, deleted=False))
    if first is not None and cmp.changes:
        # A comment, not a paragraph: accepting or rejecting all must leave the bill alone.
        runs = [Run(r, first) for r in first._p.iter(qn("w:r"))][:1]
        if runs:
            note = doc.add_comment(
                runs, xml_safe(_summary(cmp, lang, revs.author, hide)), "clausewise", "cw"
            )
            # The revisions' date, not now: the same input gives the same bytes.
            note._comment_elm.date = datetime.fromisoformat(date.replace("Z", "+00:00"))
    return save(doc)
