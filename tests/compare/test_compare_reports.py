"""The comparison reports: the four formats written, the HTML in Chromium, the docx in
LibreOffice, the matrix first, headings in both languages."""

from __future__ import annotations

import json
import re

import docx
import lxml.html
import pytest
from clausewise.drafts.taxonomy import TOP_KEYS
from docx.oxml.ns import qn
from docx.shared import Mm

from tests.helpers import chromium_render, pdf_text, run_cli, to_pdf

FORMATS = ("html", "docx", "md", "json")


@pytest.fixture(scope="module")
def reports(tmp_path_factory, corpus_dir):
    out = tmp_path_factory.mktemp("compare")
    r = run_cli("compare", "--format", ",".join(FORMATS), "-o", out, "--corpus", str(corpus_dir))
    assert r.exit_code == 0, r.output
    return out


def test_four_reports_written(reports):
    for fmt in FORMATS:
        path = reports / f"jp-magnitsky.compare.{fmt}"
        assert path.is_file() and path.stat().st_size > 1000, fmt
    assert not list(reports.glob("*.part"))


def test_html_structure(reports):
    page = lxml.html.fromstring((reports / "jp-magnitsky.compare.html").read_bytes())
    assert page.get("lang") == "ja"
    # Self-contained.
    assert not page.xpath("//script[@src] | //link[@rel='stylesheet'] | //img[@src]")
    # The matrix comes first, then the side-by-side table.
    sections = [s.get("id") for s in page.xpath("//section")]
    assert sections.index("coverage") < sections.index("alignment")
    matrix = page.xpath("//section[@id='coverage']//table[contains(@class, 'matrix')]")[0]
    heads = [th.text_content().strip() for th in matrix.xpath(".//thead//th")]
    assert heads[1:] == ["法律案", "英国", "欧州連合", "カナダ", "日本"]
    rows = matrix.xpath("./tbody/tr")
    assert [r.get("data-elements") for r in rows] == list(TOP_KEYS)
    for row in rows:
        cells = row.xpath("./td")
        assert len(cells) == 5
        for td in cells:
            assert {"present", "partial", "unknown", "absent"} & set(td.get("class").split())
    # One row per draft article, a column per jurisdiction, links to the official texts.
    side = page.xpath("//section[@id='alignment']//table")[0]
    assert len(side.xpath("./tbody/tr")) == 40
    links = side.xpath(".//a/@href")
    assert any(
        h.startswith("https://www.legislation.gov.uk/uksi/2020/680/regulation/") for h in links
    )
    assert any(h.startswith("https://laws-lois.justice.gc.ca/") for h in links)
    # Sticky headers, a print stylesheet in landscape, the filters.
    css = " ".join(page.xpath("//style/text()"))
    assert "position: sticky" in css and "@media print" in css and "A4 landscape" in css
    assert page.xpath("//select[@id='f-element']/option[@value='grounds.corruption']")
    assert {i.get("value") for i in page.xpath("//input[@class='f-jur']")} == {
        "uk",
        "eu",
        "ca",
        "jp",
    }
    # Summaries are marked as summaries; wording is side by side, concepts marked.
    assert page.xpath("//div[@class='summary-note']")
    assert page.xpath("//table[@class='pairs']//td/mark")


def test_html_renders_in_chromium(reports, chromium, tmp_path):
    html = reports / "jp-magnitsky.compare.html"
    dom, console, png = chromium_render(chromium, html, tmp_path, size="1600,1000")
    assert console == [], console
    assert png.stat().st_size > 10_000
    rendered = lxml.html.fromstring(dom)
    # The filter script ran without hiding anything by default.
    assert not rendered.xpath("//tr[contains(@class, 'hidden')]")
    assert "逐条比較表" in rendered.text_content()


def test_docx_landscape_matrix_first_repeating_header(reports, soffice, tmp_path):
    path = reports / "jp-magnitsky.compare.docx"
    d = docx.Document(str(path))
    s = d.sections[0]
    assert abs(s.page_width - Mm(297)) < Mm(1) and abs(s.page_height - Mm(210)) < Mm(1)
    matrix, side = d.tables[0], d.tables[1]
    assert matrix.rows[0].cells[0].text == "要素"
    assert len(matrix.rows) == 1 + len(TOP_KEYS)
    assert len(side.rows) == 1 + 40
    for t in (matrix, side):
        tr_pr = t.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
    pdf = to_pdf(soffice, path, tmp_path)
    text = pdf_text(pdf)
    assert "逐条比較表" in text and "SI 2020/680" in text


def test_docx_is_reproducible(reports, tmp_path, corpus_dir):
    r = run_cli(
        "compare", "--format", "docx", "-o", tmp_path / "again.docx", "--corpus", str(corpus_dir)
    )
    assert r.exit_code == 0
    assert (tmp_path / "again.docx").read_bytes() == (
        reports / "jp-magnitsky.compare.docx"
    ).read_bytes()


def test_markdown_and_json(reports):
    md = (reports / "jp-magnitsky.compare.md").read_text(encoding="utf-8")
    assert md.startswith("# 逐条比較表")
    assert "## 要素別対照表" in md and "| 要素 | 法律案 | 英国 | 欧州連合 | カナダ | 日本 |" in md
    assert md.index("## 要素別対照表") < md.index("## 逐条対照")
    data = json.loads((reports / "jp-magnitsky.compare.json").read_text(encoding="utf-8"))
    assert list(data["coverage"]) == list(TOP_KEYS)


def test_english_labels_and_rows_by_element(tmp_path, corpus_dir):
    out = tmp_path / "en.html"
    r = run_cli(
        "compare",
        "--lang",
        "en",
        "--by",
        "element",
        "--format",
        "html",
        "-o",
        out,
        "--against",
        "uk,ca",
        "--corpus",
        str(corpus_dir),
    )
    assert r.exit_code == 0, r.output
    page = lxml.html.fromstring(out.read_bytes())
    assert page.get("lang") == "en"
    assert "Clause-by-clause comparison" in page.xpath("//h1")[0].text_content()
    side = page.xpath("//section[@id='alignment']//table")[0]
    assert [r.get("data-elements") for r in side.xpath("./tbody/tr")] == list(TOP_KEYS)
    heads = [th.text_content().strip() for th in side.xpath(".//thead//th")]
    assert heads == ["Element", "Draft", "United Kingdom", "Canada"]
    # The draft column names the draft's articles and quotes them.
    freeze = side.xpath("./tbody/tr[@data-elements='measures.asset_freeze']")[0]
    draft = freeze.xpath("./td[contains(@class, 'col-draft')]")[0].text_content()
    assert len(re.findall(r"Article \d+ \(", draft)) >= 2 and "designated foreign person" in draft


def test_output_rules(tmp_path, corpus_dir):
    # Several formats need a folder; one format may name a file.
    f = tmp_path / "file.txt"
    f.write_text("x")
    r = run_cli("compare", "--format", "md,json", "-o", f, "--corpus", str(corpus_dir))
    assert r.exit_code == 2 and "folder" in r.output
    bad = run_cli("compare", "--format", "pdf")
    assert bad.exit_code != 0
