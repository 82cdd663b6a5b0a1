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

from collections.abc import Iterable, Iterator
from datetime import datetime

from docx.oxml.ns import qn
from docx.text.run import Run

from ....drafts.wordkit import (
    BodyAppender,
    Revisions,
    block_style,
    new_document,
    save,
    text_run,
    xml_safe,
)
from ....drafts.writers import DEFAULT, WriteOptions
from ..textdiff import DELETE, INSERT, diff_text
from ..versions import Comparison
from .lines import Line, iter_align
from .renumbering import Classifier, counts

_MARK = {"inserted": "ins", "deleted": "del"}
RENUMBERING_AUTHOR = "clausewise: renumbering"
# How renumbering revisions are written: under their own author, or not as revisions.
RENUMBERING_MODES = ("separate", "hide")


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


def _marked(lines: Iterable[Line], lang: str) -> Iterator[tuple[Line, str | None]]:
    """Each line with its paragraph-mark revision, as _settle_tail and _place_marks give them
    for the whole list, holding back only the last plain line and the added or removed lines
    after it: only a trailing run of those is settled or moves its mark."""
    held: list[Line] = []
    for line in lines:
        if line.status in _MARK:
            held.append(line)
            continue
        for h in held:
            yield h, _MARK.get(h.status)
        held = [line]
    settled = _settle_tail(held, lang)
    yield from zip(settled, _place_marks(settled), strict=True)


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


def _by_renumbering(wrapper):
    wrapper.set(qn("w:author"), RENUMBERING_AUTHOR)
    return wrapper


def write(cmp: Comparison, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    if options.renumbering not in RENUMBERING_MODES:
        raise ValueError(options.renumbering)
    hide = options.renumbering == "hide"
    doc = new_document(cmp.new.title.get(lang) or cmp.old.title.get(lang, ""))
    revs = Revisions(options.author, options.date)
    classes = Classifier(cmp)
    body = BodyAppender(doc)
    first = None
    # Lines come one at a time and are let go as their paragraphs are written: at 5,000
    # articles their texts and diffs are tens of MB, which the growing document can reuse.
    for line, mark in _marked(iter_align(cmp, lang), lang):
        para = body.add(block_style(line.kind))
        first = first if first is not None else para
        if mark:
            revs.mark_paragraph(para, mark)
        for op, text, renum in classes.ops(line, lang):
            if op == INSERT and not (renum and hide):
                wrapper = revs.inserted(text)
                para._p.append(_by_renumbering(wrapper) if renum else wrapper)
            elif op == DELETE and not (renum and hide):
                wrapper = revs.deleted(text)
                para._p.append(_by_renumbering(wrapper) if renum else wrapper)
            elif op != DELETE:
                para._p.append(text_run(text))
    if first is not None and cmp.changes:
        # A comment, not a paragraph: accepting or rejecting all must leave the bill alone.
        runs = [Run(r, first) for r in first._p.iter(qn("w:r"))][:1]
        if runs:
            note = doc.add_comment(
                runs, xml_safe(_summary(cmp, lang, revs.author, hide)), "clausewise", "cw"
            )
            # The revisions' date, not now: the same input gives the same bytes.
            note._comment_elm.date = datetime.fromisoformat(options.date.replace("Z", "+00:00"))
    return save(doc)
