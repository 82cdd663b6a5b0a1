"""The Word writers build paragraphs on the XML layer; python-docx's own API is the reference.

wordkit.BodyAppender, add_text and set_style, and the bill writer's side-by-side table, make
their w:p / w:r / w:tr elements with lxml instead of python-docx's proxies. Each test below
builds the same content both ways — through wordkit, and through python-docx's public
calls (add_paragraph, add_run, paragraph.style, table.add_row, cell.width) — and the saved
documents must be the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from clausewise.drafts import wordkit
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.layout import blocks, paired
from clausewise.drafts.render import render_bill
from clausewise.drafts.writers import render as write_bill
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

REPO = Path(__file__).resolve().parents[2]

# Texts that take every branch of python-docx's run text appender: tabs, CR and LF (w:br),
# runs of breaks, white space at either end (xml:space="preserve", the ideographic space
# included), characters XML forbids, and nothing at all.
TEXTS = [
    "第一条　この法律は、",
    "　第二項",
    "末尾の空白　",
    " lead and trail ",
    "a\tb\tc",
    "\tstarts with a tab",
    "line one\nline two\r\nline three\r",
    "\n\n",
    "bell\x07 and null\x00 removed",
    "",
    "x",
    "ends in a break\n",
    " \t ",
]
STYLES = ["Article", "Item", "Heading 1", "Bill Title", "Normal", None, "Reason"]


def _document_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def _cases():
    for i, text in enumerate(TEXTS):
        yield STYLES[i % len(STYLES)], text
    yield "Article", None
    yield None, None


def test_appender_equals_add_paragraph_and_add_run():
    """Styles other than the default one: for "Normal" python-docx leaves an empty w:pPr,
    the appender none (the same paragraph to Word), as it always has."""
    fast = wordkit.new_document("題名")
    appender = wordkit.BodyAppender(fast)
    ref = wordkit.new_document("題名")
    cases = [(s if s != "Normal" else "Heading 2", t) for s, t in _cases()]
    for style, text in cases:
        para = appender.add(style, text)
        assert para._p.getparent() is fast.element.body
        p = ref.add_paragraph(style=style)
        if text is not None:
            p.add_run(wordkit.xml_safe(text))
    assert _document_xml(wordkit.save(fast)) == _document_xml(wordkit.save(ref))
    assert wordkit.save(fast) == wordkit.save(ref)
    # The paragraphs read back as python-docx reads them.
    got = [(p.style.name if p.style else None, p.text) for p in fast.paragraphs]
    want = [(p.style.name if p.style else None, p.text) for p in ref.paragraphs]
    assert got == want and len(got) == len(cases)


@pytest.mark.parametrize("bold", [None, True, False])
def test_add_text_and_set_style_equal_add_run_and_style(bold):
    """In table cells, after other paragraph properties, with bold runs: the shapes the
    新旧対照表 and the comparison report give them."""

    def build(fast: bool):
        doc = wordkit.new_document("表", landscape=True)
        ids = wordkit.StyleIds(doc)
        table = doc.add_table(rows=1, cols=2)
        for i, (style, text) in enumerate(_cases()):
            if text is None:
                continue
            cell = table.rows[0].cells[i % 2]
            para = cell.paragraphs[0] if i < 2 else cell.add_paragraph()
            if i % 3 == 0:  # a pPr already there: w:pStyle must still come first in it
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            name = style or "Normal"
            if fast:
                wordkit.set_style(para, ids, name)
                run = wordkit.add_text(para, text, bold)
                wordkit.add_text(para, "と続き", None)
            else:
                para.style = name
                run = para.add_run(wordkit.xml_safe(text))
                if bold is not None:
                    run.bold = bold
                para.add_run("と続き")
            assert run.text == para.runs[-2].text
        return wordkit.save(doc)

    assert build(True) == build(False)


@pytest.fixture(scope="module")
def bill():
    return render_bill(load_bill(str(REPO / "drafts" / "jp-magnitsky.yaml")))


def _reference_bill(bill, lang: str) -> bytes:
    """The bill's Word file made with python-docx's API alone, from the same layout."""
    bureau = bill.meta.get("house_style", "bureau") == "bureau"
    if lang != "both":
        doc = wordkit.new_document(bill.title[lang])
        if bureau:
            wordkit.bureau_style(doc)
        for block in blocks(bill, lang):
            p = doc.add_paragraph(style=wordkit.block_style(block.kind))
            p.add_run(wordkit.xml_safe(block.line(lang)))
        return wordkit.save(doc)
    doc = wordkit.new_document(bill.title["ja"], landscape=True)
    if bureau:
        wordkit.bureau_style(doc)
    table = doc.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    wordkit.no_borders(table)
    for ja, en in paired(bill):
        row = table.add_row()
        for cell, block, cell_lang in ((row.cells[0], ja, "ja"), (row.cells[1], en, "en")):
            cell.width = Mm(120)
            cell.paragraphs[0].style = wordkit.block_style(block.kind)
            cell.paragraphs[0].add_run(wordkit.xml_safe(block.line(cell_lang)))
    return wordkit.save(doc)


@pytest.mark.parametrize("lang", ["ja", "en", "both"])
def test_bill_writer_equals_python_docx_api(bill, lang):
    fast = write_bill(bill, "docx", lang)
    ref = _reference_bill(bill, lang)
    assert _document_xml(fast) == _document_xml(ref)
    assert fast == ref
    # Not vacuous: the bill's articles are in it.
    first = bill.articles()[0].children[0].text["ja" if lang != "en" else "en"][:12]
    assert first in _document_xml(fast).decode("utf-8")
