"""The Word document read back: page, styles, fonts, numbering, captions; LibreOffice opens it;
the same input gives the same bytes."""

import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from tests.helpers import pdf_text, run_cli, to_pdf


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = run_cli("build", "-o", out, "--format", "docx,json")
    assert result.exit_code == 0, result.output
    import json

    return out, json.loads((out / "jp-magnitsky.json").read_text(encoding="utf-8"))


def _articles(data):
    out = []

    def walk(ps):
        for p in ps:
            if p["kind"] == "article":
                out.append(p)
            walk(p["children"])

    walk(data["provisions"])
    return out


def test_page_styles_and_fonts(built):
    out, data = built
    d = docx.Document(str(out / "jp-magnitsky.docx"))
    section = d.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    # Page numbers: a PAGE field in the footer.
    footer_xml = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml
    by_style = {}
    for p in d.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    chapters = [p for p in data["provisions"] if p["kind"] == "chapter"]
    # Chapters are Heading 1 (navigation pane), captions Heading 2, in bill order.
    assert by_style["Heading 1"][: len(chapters)] == [
        f"{c['number']['ja']}\u3000{c['caption']['ja']}" for c in chapters
    ]
    assert by_style["Heading 1"][len(chapters) :] == ["附\u3000則", "理\u3000由"]
    captions = [f"（{a['caption']['ja']}）" for a in _articles(data) if a["caption"]]
    assert by_style["Heading 2"] == captions
    # Outline levels are what put headings in Word's navigation pane.
    for name, level in (("Heading 1", "0"), ("Heading 2", "1")):
        (lvl,) = d.styles[name].element.xpath("./w:pPr/w:outlineLvl")
        assert lvl.get(qn("w:val")) == level
    # Articles begin with their kanji number and a full-width space.
    article_paras = by_style["Article"]
    assert article_paras[0].startswith("第一条\u3000")
    numbered = [
        t.split("\u3000")[0]
        for t in article_paras
        if t.startswith("第") and "条" in t.split("\u3000")[0]
    ]
    assert numbered == [a["number"]["ja"] for a in _articles(data) if a["number"]["ja"]]
    # East Asian font: mincho on the body styles, set as w:eastAsia.
    for name in ("Normal", "Article", "Item"):
        fonts = d.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "MS Mincho"
    # Headings in mincho too, as the 法制局 set bills (bill-review-1, finding 46).
    assert (
        d.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "MS Mincho"
    )
    # The header lines (第　回国会　衆第　号, 提出者), the title and the table of contents.
    assert d.paragraphs[0].text.startswith("第") and d.paragraphs[0].text.endswith("号")
    assert d.paragraphs[1].text.startswith("提出者")
    assert d.paragraphs[2].text == data["title"]["ja"]
    assert d.paragraphs[3].text == "目次"


def test_amending_provision_is_not_one_paragraph_of_line_breaks(built):
    # Review finding 45 (tests/drafts/test_suppl_amendments.py): the 改め文 sentence and the
    # inserted 号 are paragraphs of their own, not lines of the amending paragraph.
    out, data = built
    d = docx.Document(str(out / "jp-magnitsky.docx"))
    paras = d.paragraphs
    (at,) = [i for i, p in enumerate(paras) if "の一部を次のように改正する。" in p.text]
    assert len(paras[at]._p.xpath(".//w:br")) == 0
    assert paras[at + 1].text == "第五条第一項第十三号の次に次の一号を加える。"


def test_items_and_paragraph_numbers(built):
    out, data = built
    d = docx.Document(str(out / "jp-magnitsky.docx"))
    items = [p.text for p in d.paragraphs if p.style.name == "Item"]
    assert items and items[0].startswith("一\u3000")
    paras = [p.text for p in d.paragraphs if p.style.name == "Article"]
    assert any(t.startswith("２\u3000") for t in paras)


def test_libreoffice_opens_it(built, soffice, tmp_path):
    out, data = built
    pdf = to_pdf(soffice, out / "jp-magnitsky.docx", tmp_path)
    text = re.sub(r"\s+", "", pdf_text(pdf))
    chapters = [p for p in data["provisions"] if p["kind"] == "chapter"]
    last_article = chapters[-1]["children"][-1]["number"]["ja"]
    for needle in (data["title"]["ja"], "第一条", last_article, "附則", "理由"):
        assert needle.replace("\u3000", "") in text, needle


def test_byte_identical_builds(tmp_path):
    for sub in ("a", "b"):
        r = run_cli(
            "build", "-o", tmp_path / sub, "--format", "docx,html,md,json", "--lang", "both"
        )
        assert r.exit_code == 0, r.output
    for ext in ("docx", "html", "md", "json"):
        a = (tmp_path / "a" / f"jp-magnitsky.{ext}").read_bytes()
        b = (tmp_path / "b" / f"jp-magnitsky.{ext}").read_bytes()
        assert a == b, ext
    with zipfile.ZipFile(tmp_path / "a" / "jp-magnitsky.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_both_languages_side_by_side(tmp_path, soffice):
    r = run_cli("build", "-o", tmp_path, "--format", "docx", "--lang", "both")
    assert r.exit_code == 0, r.output
    d = docx.Document(str(tmp_path / "jp-magnitsky.docx"))
    table = d.tables[0]
    assert len(table.columns) == 2
    # Two header lines (第　回国会　衆第　号, 提出者), then the title.
    first = [c.text for c in table.rows[2].cells]
    assert first[0].endswith("法律案") and first[1].startswith("Act on")
    assert any(
        r.cells[0].text.startswith("第一条") and r.cells[1].text.startswith("Article 1 ")
        for r in table.rows
    )
    section = d.sections[0]
    assert section.page_width > section.page_height  # landscape for two columns
    pdf = to_pdf(soffice, tmp_path / "jp-magnitsky.docx", tmp_path)
    assert "Article 1" in pdf_text(pdf)
