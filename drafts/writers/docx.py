"""The bill as a Word document, in the house style of drafts.wordkit.

Chapter headings use Heading 1 and article captions Heading 2, so both show in Word's
navigation pane. Paragraphs hang their number the way Japanese bills do. The output is
reproducible: the same input gives the same bytes.
"""

from __future__ import annotations

from copy import deepcopy

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from ..layout import blocks, paired
from ..model import Document
from ..wordkit import (
    BodyAppender,
    StyleIds,
    add_text,
    block_style,
    bureau_style,
    new_document,
    no_borders,
    save,
    set_style,
)
from . import DEFAULT, WriteOptions

_TC, _P = qn("w:tc"), qn("w:p")


def write(bill: Document, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    bureau = bill.meta.get("house_style", "bureau") == "bureau"
    if lang in ("ja", "en"):
        doc = new_document(bill.title[lang])
        if bureau:
            bureau_style(doc)
        appender = BodyAppender(doc)
        for block in blocks(bill, lang):
            appender.add(block_style(block.kind), block.line(lang))
        return save(doc)
    doc = new_document(bill.title["ja"], landscape=True)
    if bureau:
        bureau_style(doc)
    table = doc.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    no_borders(table)
    # One row made by python-docx, copied for every pair: table.add_row and row.cells walk
    # the whole table, which made a long bill's side-by-side quadratic.
    model = table.add_row()
    for cell in model.cells:
        cell.width = Mm(120)
    tbl = table._tbl
    tbl.remove(model._tr)
    style_ids = StyleIds(doc)
    for ja, en in paired(bill):
        tr = deepcopy(model._tr)
        tbl.append(tr)
        cells = tr.findall(_TC)
        for tc, block, cell_lang in ((cells[0], ja, "ja"), (cells[1], en, "en")):
            para = Paragraph(tc.find(_P), table)
            set_style(para, style_ids, block_style(block.kind))
            add_text(para, block.line(cell_lang))
    return save(doc)
