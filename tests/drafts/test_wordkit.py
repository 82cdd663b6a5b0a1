"""The Word kit: one house style and page set-up in every Word document clausewise writes,
tracked-change builders, XML-safe text and reproducible bytes."""

from __future__ import annotations

import ast
import io
import zipfile
from pathlib import Path

import docx
import pytest
from clausewise.compare.review.redline import render as redline
from clausewise.compare.review.versions import diff_documents, load_version
from clausewise.drafts import wordkit
from clausewise.drafts.writers import WriteOptions
from clausewise.drafts.writers import render as write_bill
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from tests import bill_versions as bv
from tests.helpers import run_cli

REPO = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WORD_WRITERS = (
    "drafts/writers/docx.py",
    "compare/reports/docx.py",
    "compare/review/redline/docx.py",
    "compare/review/redline/shinkyu.py",
)
DATE = "2001-01-01T00:00:00Z"


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, bytes]:
    """Every Word document the bill, redline and 新旧対照表 writers make, by name."""
    tmp = tmp_path_factory.mktemp("kit")
    old = load_version(str(bv.base(tmp / "old"))).doc
    new = load_version(str(bv.words_changed(tmp / "new"))).doc
    cmp = diff_documents(old, new)
    out = {f"bill-{lang}": write_bill(new, "docx", lang) for lang in ("ja", "en", "both")}
    out["redline"] = redline(cmp, "docx", "ja", WriteOptions(author="Test Aide", date=DATE))
    out["shinkyu"] = redline(cmp, "shinkyu.docx", "ja")
    return out


def _house_style(data: bytes, landscape: bool, heading: str = "MS Gothic") -> None:
    d = docx.Document(io.BytesIO(data))
    section = d.sections[0]
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    assert abs(section.page_width - width) < Mm(1) and abs(section.page_height - height) < Mm(1)
    for margin in (section.left_margin, section.right_margin, section.top_margin):
        assert abs(margin - Mm(wordkit.MARGIN_MM)) < Mm(1)
    assert 'w:instr="PAGE"' in section.footer._element.xml
    for name, east_asia in (("Normal", "MS Mincho"), ("Heading 1", heading)):
        fonts = d.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == east_asia
        assert fonts.get(qn("w:ascii")) == "Times New Roman"
    # Every heading style the writers use is black, none in the template's theme blue.
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Bill Title"):
        color = d.styles[name].element.rPr.find(qn("w:color"))
        assert color is None or color.get(qn("w:val")) == "000000", name
    assert d.core_properties.author == "clausewise"


def test_every_document_has_the_house_style(documents):
    for name, data in documents.items():
        # A bill is set as the 法制局 set bills: mincho headings (bill-review-1, finding 46).
        heading = "MS Mincho" if name.startswith("bill") else "MS Gothic"
        _house_style(data, landscape=name in ("bill-both", "shinkyu"), heading=heading)


def test_comparison_report_has_the_house_style(tmp_path, corpus_dir):
    out = tmp_path / "c.docx"
    r = run_cli("compare", "--format", "docx", "-o", out, "--corpus", str(corpus_dir))
    assert r.exit_code == 0, r.output
    _house_style(out.read_bytes(), landscape=True)


def test_every_word_writer_builds_on_the_kit():
    """No Word writer makes its own document, styles or zip: all go through the kit."""
    for rel in WORD_WRITERS:
        tree = ast.parse((REPO / rel).read_text(encoding="utf-8"))
        sources = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert any(s.endswith("drafts.wordkit") or s == "wordkit" for s in sources), rel
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert not names & {"ZipFile", "add_style", "OxmlElement"}, rel
        assert "docx" not in sources, rel  # python-docx's Document() only in the kit


def test_control_characters_are_dropped_not_fatal():
    doc = wordkit.new_document("T\x01itle")
    body = wordkit.BodyAppender(doc)
    body.add("Article", "第一条\u3000a\x00b\x1fc\x0bd\tend\nnext")
    revs = wordkit.Revisions("Aide\x07", DATE)
    para = body.add("Article")
    para._p.append(revs.inserted("in\x02s"))
    para._p.append(revs.deleted("de\x03l"))
    data = wordkit.save(doc)
    read = docx.Document(io.BytesIO(data))
    assert read.paragraphs[0].text == "第一条\u3000abcd\tend\nnext"
    assert read.core_properties.title == "Title"
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    assert [t.text for t in root.iter(f"{W}delText")] == ["del"]
    assert {r.get(f"{W}author") for r in root.iter(f"{W}ins", f"{W}del")} == {"Aide"}


def test_revisions_have_unique_ids_author_and_date():
    revs = wordkit.Revisions("", DATE)
    doc = wordkit.new_document("t")
    para = wordkit.BodyAppender(doc).add("Article")
    revs.mark_paragraph(para, "ins")
    para._p.append(revs.inserted("a"))
    para._p.append(revs.deleted("b"))
    els = list(para._p.iter(f"{W}ins", f"{W}del"))
    assert [e.get(f"{W}id") for e in els] == ["1", "2", "3"]
    assert {e.get(f"{W}author") for e in els} == {"clausewise"}  # empty author → clausewise
    assert {e.get(f"{W}date") for e in els} == {DATE}
    # The paragraph mark revision sits in w:pPr/w:rPr, as Word expects.
    assert para._p.pPr.find(qn("w:rPr")).find(qn("w:ins")) is not None
    with pytest.raises(ValueError):
        revs.element("move")


def test_same_content_same_bytes(documents, tmp_path_factory):
    again = tmp_path_factory.mktemp("again")
    old = load_version(str(bv.base(again / "old"))).doc
    new = load_version(str(bv.words_changed(again / "new"))).doc
    cmp = diff_documents(old, new)
    assert write_bill(new, "docx", "both") == documents["bill-both"]
    assert (
        redline(cmp, "docx", "ja", WriteOptions(author="Test Aide", date=DATE))
        == documents["redline"]
    )
    assert redline(cmp, "shinkyu.docx", "ja") == documents["shinkyu"]
    for info in zipfile.ZipFile(io.BytesIO(documents["redline"])).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)


def test_save_writes_what_python_docx_writes_with_fixed_zip_entries():
    """save() zips the parts itself, each XML part serialised into the zip stream: its bytes
    are python-docx's own package with fixed timestamps, comments part included."""
    doc = wordkit.new_document("題名")
    body = wordkit.BodyAppender(doc)
    first = body.add("Article", "第一条\u3000本文")
    revs = wordkit.Revisions("Aide", DATE)
    first._p.append(revs.inserted("追加"))
    doc.add_comment(first.runs[:1], "注記", "clausewise", "cw")
    ours = wordkit.save(doc)
    buf = io.BytesIO()
    doc.save(buf)
    assert ours == wordkit.reproducible_zip(buf.getvalue())
    names = zipfile.ZipFile(io.BytesIO(ours)).namelist()
    assert names[0] == "[Content_Types].xml" and "word/comments.xml" in names
    infos = zipfile.ZipFile(io.BytesIO(ours)).infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_save_falls_back_to_python_docx_when_its_internals_move(monkeypatch):
    """A python-docx release without the package writer's internals the streaming save uses
    still gets the same bytes, saved the plain way."""
    doc = wordkit.new_document("題名")
    wordkit.BodyAppender(doc).add("Article", "第一条\u3000本文")
    streamed = wordkit.save(doc)

    def moved(doc):
        raise AttributeError("type object 'PackageWriter' has no attribute '_write_pkg_rels'")

    monkeypatch.setattr(wordkit, "_save_streaming", moved)
    assert wordkit.save(doc) == streamed


def _doc_with_text():
    doc = wordkit.new_document("Pieces")
    body = wordkit.BodyAppender(doc)
    for i in range(3):
        body.add("Article", f"第{i}条\u3000text {i}")
    return doc


def _document_xml(doc) -> bytes:
    return zipfile.ZipFile(io.BytesIO(wordkit.save(doc))).read("word/document.xml")


def test_save_pieces_gives_the_bytes_of_save(tmp_path, monkeypatch):
    """A document whose document.xml comes in pieces (bytes and files) is the package save()
    makes, byte for byte; and the same XML when python-docx's internals have moved."""
    doc = _doc_with_text()
    xml = _document_xml(doc)
    third = len(xml) // 3
    spill = tmp_path / "middle"
    with open(spill, "w+b") as middle:
        middle.write(xml[third : 2 * third])
        out = io.BytesIO()
        wordkit.save_pieces(doc, out, [xml[:third], middle, xml[2 * third :]])
    assert out.getvalue() == wordkit.save(doc)

    def moved(*args, **kwargs):
        raise AttributeError("type object 'PackageWriter' has no attribute '_write_pkg_rels'")

    monkeypatch.setattr(wordkit, "_save_streaming", moved)
    out = io.BytesIO()
    wordkit.save_pieces(doc, out, [xml[:third], xml[third:]])
    read = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    assert read.read("word/document.xml") == xml
    assert docx.Document(io.BytesIO(out.getvalue())).paragraphs[1].text == "第1条\u3000text 1"
