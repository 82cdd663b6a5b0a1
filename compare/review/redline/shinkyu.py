"""The 新旧対照表: the comparison table that accompanies an amendment, as docx and HTML
(templates/reports/shinkyu.html.j2).

Headed by the bill's title and 「（傍線部分は改正部分）」, one table with the columns 改正案
(the amended text) and 現行 (the current text), one row per changed provision. Changed
words are underlined (傍線): insertions in the 改正案 column, deletions in the 現行
column. As in practice, a paragraph or item that did not change inside a changed article
is abbreviated 「（略）」 after its number, a new provision faces 「（新設）」 and a removed
one 「（削る）」. The reason (理由) is not law text and has no row.
"""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE
from docx.shared import Mm

from .... import __version__
from ....drafts.layout import SEP
from ....drafts.reportkit import labels, render_page
from ....drafts.wordkit import (
    StyleIds,
    add_text,
    block_style,
    new_document,
    repeat_header,
    save,
    set_style,
    xml_safe,
)
from ....drafts.writers import DEFAULT, WriteOptions
from ..textdiff import DELETE, EQUAL, INSERT, diff_text
from ..versions import Comparison
from .lines import Line, iter_align, iter_units

Seg = tuple[str, bool]  # text, underlined
CellLine = tuple[str, list[Seg]]  # block kind (for the style), segments

Rows = list[tuple[list[CellLine], list[CellLine]]]  # (改正案 lines, 現行 lines) per row

_ABBREVIABLE = ("paragraph", "item", "subitem")


def _side(ops, keep: str) -> list[Seg]:
    """One column's segments: the ops of that side, the changed ones underlined."""
    return [(text, op == keep) for op, text in ops if op in (EQUAL, keep)]


def _line_cells(line: Line, lang: str, same: str) -> tuple[CellLine | None, CellLine | None]:
    kind = line.kind
    if line.status == "inserted":
        return (kind, [(line.new or "", True)]), None
    if line.status == "deleted":
        return None, (kind, [(line.old or "", True)])
    a, b = line.old_block, line.new_block
    if kind in _ABBREVIABLE and a is not None and b is not None and a.text == b.text:
        # Unchanged wording: keep the number (underlined where it changed), abbreviate the rest.
        ops = diff_text(a.number, b.number, lang)
        tail = [(SEP[lang] + same if a.number else same, False)]
        return (kind, _side(ops, INSERT) + tail), (kind, _side(ops, DELETE) + tail)
    return (kind, _side(line.ops, INSERT)), (kind, _side(line.ops, DELETE))


def rows(cmp: Comparison, lang: str = "ja") -> Rows:
    """(改正案 lines, 現行 lines) for each changed unit, in the order of the bill."""
    words = labels("shinkyu", lang)
    out = []
    # Unit by unit: an unchanged unit's lines are let go as soon as it is read.
    for unit in iter_units(cmp, iter_align(cmp, lang), lang):
        if not unit.changed or unit.key == "reason":
            continue
        statuses = {line.status for line in unit.lines}
        new_col: list[CellLine] = []
        old_col: list[CellLine] = []
        for line in unit.lines:
            n, o = _line_cells(line, lang, words["same"])
            if n:
                new_col.append(n)
            if o:
                old_col.append(o)
        if statuses == {"inserted"}:
            old_col = [("paragraph", [(words["new_only"], False)])]
        elif statuses == {"deleted"}:
            new_col = [("paragraph", [(words["removed"], False)])]
        out.append((new_col, old_col))
    return out


def _fill_cell(cell, lines: list[CellLine], style_ids: StyleIds) -> None:
    first = True
    for kind, segs in lines:
        para = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        set_style(para, style_ids, block_style(kind))
        # The heading styles keep with the next paragraph; inside a table that chains every
        # row to the next and pushes each article onto a page of its own.
        para.paragraph_format.keep_with_next = False
        para.paragraph_format.keep_together = False
        for text, underlined in segs:
            if not text:
                continue
            run = add_text(para, text)
            if underlined:
                run.font.underline = WD_UNDERLINE.SINGLE


def old_label(cmp: Comparison, lang: str, options: WriteOptions) -> str:
    """現行 when OLD is a law in force (read from e-Gov), 修正前 when it is a draft, unless the
    user names it (diff --old-label 旧案)."""
    if options.old_label:
        return options.old_label
    words = labels("shinkyu", lang)
    return words["old"] if cmp.old.meta.get("format") == "egov_xml" else words["old_draft"]


def write_docx(cmp: Comparison, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    return _docx(cmp, lang, options, rows(cmp, lang))


def write_html(cmp: Comparison, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    return _html(cmp, lang, options, rows(cmp, lang))


def write_pair(cmp: Comparison, lang: str = "ja", options: WriteOptions = DEFAULT) -> dict:
    """Both formats (SHINKYU order) from one computation of the rows; the Word document's
    tree is collected before the page is rendered, so the two never stand side by side."""
    import gc

    table = rows(cmp, lang)
    docx = _docx(cmp, lang, options, table)
    gc.collect()
    return {"shinkyu.docx": docx, "shinkyu.html": _html(cmp, lang, options, table)}


def _docx(cmp: Comparison, lang: str, options: WriteOptions, table_rows: Rows) -> bytes:
    words = labels("shinkyu", lang)
    title = cmp.new.title.get(lang) or cmp.old.title.get(lang, "")
    doc = new_document(f"{title} {words['heading']}", landscape=True)
    style_ids = StyleIds(doc)
    doc.add_paragraph(xml_safe(title), style="Bill Title")
    note = doc.add_paragraph(words["note"], style="Normal")
    note.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table = doc.add_table(rows=1, cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    width = Mm(122)
    header = table.rows[0]
    for cell, text in zip(header.cells, (words["new"], old_label(cmp, lang, options)), strict=True):
        cell.width = width
        cell.paragraphs[0].add_run(text).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    repeat_header(header)
    if not table_rows:
        # Nothing amended: the table says so rather than standing empty.
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[1])
        merged.paragraphs[0].add_run(words["no_change"])
        merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for new_col, old_col in table_rows:
        row = table.add_row()
        for cell, lines in zip(row.cells, (new_col, old_col), strict=True):
            cell.width = width
            _fill_cell(cell, lines, style_ids)
    return save(doc)


def _html(cmp: Comparison, lang: str, options: WriteOptions, table_rows: Rows) -> bytes:
    words = labels("shinkyu", lang)
    title = cmp.new.title.get(lang) or cmp.old.title.get(lang, "")
    return render_page(
        "shinkyu.html.j2",
        lang=lang,
        version=__version__,
        L={**words, "old": old_label(cmp, lang, options)},
        title=title,
        rows=table_rows,
    )
