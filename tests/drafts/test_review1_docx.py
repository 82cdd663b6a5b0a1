"""Findings 46 and 47 of ../shared/reviews/bill-review-1.md, read back from the Word file the
CLI writes: headings in mincho without bold, 題名 and 章名 indented (house style "bureau",
the default), the 理由 indented one character, and the header block above the title."""

from __future__ import annotations

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from tests import bill_versions as bv
from tests.helpers import REPO, copy_default, pdf_text, run_cli, to_pdf


@pytest.fixture(scope="module")
def word(tmp_path_factory):
    out = tmp_path_factory.mktemp("word")
    r = run_cli("build", REPO / "drafts" / "jp-magnitsky.yaml", "--format", "docx", "-o", out)
    assert r.exit_code == 0, r.output
    return docx.Document(str(out / "jp-magnitsky.docx")), out / "jp-magnitsky.docx"


def _east_asia(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_defect_46_headings_mincho_not_bold_and_indented(word):
    d, _ = word
    by_text = {p.text: p for p in d.paragraphs}
    title = next(p for p in d.paragraphs if p.style.name == "Bill Title")
    chapter = by_text["第一章\u3000総則"]
    for p in (title, chapter):
        style = p.style
        assert _east_asia(style) == "MS Mincho", style.name
        assert not style.font.bold, style.name
        assert style.paragraph_format.alignment in (None, WD_ALIGN_PARAGRAPH.LEFT)
    assert title.style.paragraph_format.left_indent == Pt(10.5 * 4)
    assert chapter.style.paragraph_format.left_indent == Pt(10.5 * 3)
    assert not d.styles["Heading 2"].font.bold


def test_defect_46_centred_house_style_is_an_option(tmp_path):
    bill = copy_default(tmp_path)
    bv.edit(bill, "house_style: bureau", "house_style: centred")
    r = run_cli("build", bill, "--format", "docx", "-o", tmp_path / "out")
    assert r.exit_code == 0, r.output
    d = docx.Document(str(tmp_path / "out" / "jp-magnitsky.docx"))
    assert d.styles["Bill Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert d.styles["Heading 1"].font.bold
    bv.edit(bill, "house_style: centred", "house_style: sideways")
    r = run_cli("build", bill, "--format", "docx", "-o", tmp_path / "out2")
    assert r.exit_code == 2 and "house_style" in r.output


def test_defect_47_reason_indented_and_header_block(word):
    d, _ = word
    reason = [p for p in d.paragraphs if p.style.name == "Reason"]
    assert reason and reason[0].text.startswith("諸外国における")
    assert reason[0].style.paragraph_format.first_line_indent == Pt(10.5)
    first, second, third = (p.text for p in d.paragraphs[:3])
    assert first == "第\u3000\u3000回国会\u3000衆第\u3000\u3000号"
    assert second.startswith("提出者\u3000衆議院議員")
    assert third.endswith("法律案")


@pytest.mark.clients
def test_defect_46_47_bill_opens_in_libreoffice(word, soffice, tmp_path):
    _, path = word
    text = pdf_text(to_pdf(soffice, path, tmp_path)).replace(" ", "")
    assert "回国会" in text and "提出者" in text and "理由" in text


@pytest.mark.clients
@pytest.mark.parametrize("lang", ["ja", "both"])
def test_hr_only_bill_opens_in_libreoffice(lang, soffice, tmp_path):
    """The second shipped bill, after the review's new articles, as LibreOffice shows it."""
    bill = REPO / "drafts" / "jp-magnitsky-hr-only.yaml"
    r = run_cli("build", bill, "--format", "docx,json", "--lang", lang, "-o", tmp_path)
    assert r.exit_code == 0, r.output
    text = pdf_text(to_pdf(soffice, tmp_path / "jp-magnitsky-hr-only.docx", tmp_path))
    flat = "".join(text.split())
    for needle in ("財産の凍結等の措置に関する法律案", "仮指定", "附則", "この法律の失効", "理由"):
        assert needle in flat, needle
