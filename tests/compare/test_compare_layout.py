"""What the aide sees, checked on the drawn page and on every format of the real reports:
the draft column is wide enough to read in Chromium (it was 40 px), `--by element` has a
draft column in HTML, Word and Markdown, and the Word and Markdown reports carry every
passage the HTML shows, row for row."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import lxml.html
import pytest

from tests.helpers import CHROMIUM_FLAGS, compare_reports

# Measures each head of the side-by-side table once the page is laid out.
_MEASURE = """<script>window.addEventListener("load", function () {
  var out = [];
  document.querySelectorAll("table.side thead th").forEach(function (th) {
    out.push(th.className + "=" + Math.round(th.getBoundingClientRect().width));
  });
  var t = document.querySelector("table.side").getBoundingClientRect().width;
  var pre = document.createElement("pre");
  pre.id = "widths";
  pre.textContent = out.join(" ") + " table=" + Math.round(t);
  document.body.appendChild(pre);
});</script>"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory, corpus_dir) -> dict[str, Path]:
    views = ("article", "element")
    return compare_reports(tmp_path_factory, corpus_dir, "html,docx,md", "--by", views)


def _stem(by: str) -> str:
    return "jp-magnitsky.compare" + ("-by-element" if by == "element" else "")


def _widths(chromium: str, page: Path, tmp: Path) -> dict[str, int]:
    probe = tmp / f"measure-{page.name}"
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</head>", _MEASURE + "</head>", 1),
        encoding="utf-8",
    )
    dom = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp / '.chr'}", "--window-size=1400,1000",
         "--dump-dom", probe.resolve().as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'<pre id="widths">([^<]*)</pre>', dom.stdout)
    assert found, "the page did not lay out"
    widths = {}
    for item in found[1].split():
        cls, _, px = item.rpartition("=")
        widths[cls.split()[0] if cls else "?"] = int(px)
    return widths


@pytest.mark.parametrize("by", ["article", "element"])
def test_the_draft_column_is_readable_in_chromium(reports, chromium, tmp_path, by):
    w = _widths(chromium, reports[by] / f"{_stem(by)}.html", tmp_path)
    # At least 18rem (288 px at the default font size) and a fair share of the table.
    assert w["col-draft"] >= 280, w
    assert w["col-draft"] >= 0.15 * w["table"], w
    for code in ("col-uk", "col-eu", "col-ca", "col-jp"):
        assert w[code] >= 100, w


def test_by_element_has_a_draft_column_in_every_format(reports):
    folder, stem = reports["element"], _stem("element")
    page = lxml.html.fromstring((folder / f"{stem}.html").read_bytes())
    side = page.xpath("//section[@id='alignment']//table")[0]
    assert [th.text_content() for th in side.xpath(".//thead/tr/th")][:2] == ["要素", "法律案"]
    purpose = side.xpath(".//tbody/tr[@data-elements='purpose']/td[contains(@class,'col-draft')]")
    assert "第一条" in purpose[0].text_content() and "目的とする" in purpose[0].text_content()
    d = docx.Document(str(folder / f"{stem}.docx"))
    side_table = d.tables[-1]
    assert [c.text for c in side_table.rows[0].cells][:2] == ["要素", "法律案"]
    assert "第一条" in side_table.rows[1].cells[1].text
    md = (folder / f"{stem}.md").read_text(encoding="utf-8")
    section = md[md.index("## 逐条対照") :]
    assert "| 要素 | 法律案 |" in section
    first_row = next(x for x in section.splitlines() if x.startswith("| 目的 |"))
    assert "第一条" in first_row.split(" | ")[1]


def test_word_and_markdown_carry_every_passage_of_the_html(reports):
    folder, stem = reports["article"], _stem("article")
    page = lxml.html.fromstring((folder / f"{stem}.html").read_bytes())
    details = page.xpath("//details[contains(@class,'wording')]")
    assert len(details) > 50
    html = [
        (
            re.sub(r"\s+", " ", d.xpath("./summary")[0].text_content().strip()),
            len(d.xpath(".//table[@class='pairs']/tbody/tr")),
        )
        for d in details
    ]
    md = (folder / f"{stem}.md").read_text(encoding="utf-8")
    md_heads = re.findall(r"^(文言の対照 \(.*?\))(?=: )", md, re.M)
    d = docx.Document(str(folder / f"{stem}.docx"))
    word_heads = [
        re.match(r"文言の対照 \(.*?\)(?=: |$)", p.text)[0]
        for p in d.paragraphs
        if p.text.startswith("文言の対照 (")
    ]
    word_rows = [
        len(t.rows) - 1
        for t in d.tables
        if [c.text for c in t.rows[0].cells] == ["法律案", "参照規定"]
    ]
    assert [h for h, _ in html] == md_heads
    assert [h for h, _ in html] == word_heads
    assert [n for _, n in html] == word_rows
    # The Markdown tables have the same rows: one line per pair after each header.
    md_rows, counting = [], None
    for line in md.splitlines():
        if line == "| 法律案 | 参照規定 |":
            counting = 0
        elif counting is not None and line.startswith("| ") and not line.startswith("| ---"):
            counting += 1
        elif counting is not None and not line.startswith("|"):
            md_rows.append(counting)
            counting = None
    if counting is not None:
        md_rows.append(counting)
    assert [n for _, n in html] == md_rows


def test_by_element_shows_the_uk_twins_once(reports):
    """GHR reg. 11 and GAC reg. 11 read the same: the --by element table shows one, and
    names the other beside it, in every format; the matrix still cites both."""
    folder, stem = reports["element"], _stem("element")
    page = lxml.html.fromstring((folder / f"{stem}.html").read_bytes())
    side = page.xpath("//section[@id='alignment']//table")[0]
    cell = side.xpath(".//tr[@data-elements='measures.asset_freeze']/td[contains(@class,'col-uk')]")
    matches = cell[0].xpath("./div[@class='match']")
    heads = [m.xpath("./a")[0].text_content() for m in matches]
    # reg. 11, or its paragraph reg. 11(1) where the map pinpoints it.
    reg11 = [h for h in heads if re.search(r"reg\. 11(\(1\))?$", h)]
    assert len(reg11) == 1, heads
    twin = "SI 2020/680" if reg11[0].startswith("SI 2021/488") else "SI 2021/488"
    also = " ".join(a.text_content() for a in cell[0].xpath(".//div[contains(@class,'also')]"))
    assert f"{twin} reg. 11" in also and "同一の文言" in also
    md = (folder / f"{stem}.md").read_text(encoding="utf-8")
    section = md[md.index("## 逐条対照") :]
    row = next(x for x in section.splitlines() if x.startswith("| 資産凍結 |"))
    assert len(re.findall(r"reg\. 11(?:\(1\))?\]", row)) == 2 and "同一の文言" in row
    d = docx.Document(str(folder / f"{stem}.docx"))
    side_table = d.tables[-1]
    uk_col = [c.text for c in side_table.rows[0].cells].index("英国")
    word = next(r for r in side_table.rows if r.cells[0].text == "資産凍結")
    text = word.cells[uk_col].text
    assert len(re.findall(r"reg\. 11(?!\(7\))", text)) == 2 and "同一の文言" in text
    matrix = page.xpath("//table[contains(@class,'matrix')]")[0]
    cites = matrix.xpath(
        ".//tr[@data-elements='measures.asset_freeze']/td[contains(@class,'col-uk')]"
    )
    assert "SI 2020/680 reg. 11" in cites[0].text_content()
    assert "SI 2021/488 reg. 11" in cites[0].text_content()


def test_a_match_is_cited_once_to_its_pinpoint(reports):
    """The head of a match cites the provision down to its pinpoint (s. 1(2)(f)(ii)), once:
    it used to repeat the pinpoint in brackets after the link."""
    page = lxml.html.fromstring((reports["article"] / f"{_stem('article')}.html").read_bytes())
    heads = [h.text_content() for h in page.xpath("//div[@class='match']/div[@class='head']")]
    assert any("s. 1(2)(f)(ii)" in h for h in heads)
    repeated = [h for h in heads if re.search(r"\[(?:s\.|reg\.|Art\.|Sch\.)", h)]
    assert not repeated, repeated[:3]
