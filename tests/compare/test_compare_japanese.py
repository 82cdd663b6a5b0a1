"""The Japanese comparison report is Japanese: explanations, element names, statuses, reasons,
column heads and corrections come from labels.yaml and the taxonomy's ja labels; no English
sentence of ours and no raw taxonomy key is left in what the reader sees. (Quotations of
the reference laws, their citations and the words they share with the draft stay as the
laws wrote them.) The Markdown and Word reports carry the same wording as the HTML."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import lxml.html
import pytest
import yaml
from clausewise.compare.reports.view import labels
from clausewise.drafts.taxonomy import load_taxonomy

from tests.helpers import copy_default, import_us_test_law, pdf_text, run_cli, to_pdf

FORMATS = ("html", "md", "docx")


@pytest.fixture(scope="module")
def out(tmp_path_factory, corpus_dir) -> Path:
    tmp = tmp_path_factory.mktemp("ja")
    bill = copy_default(tmp)
    extra = {
        "compare": {
            "pin": {"purpose": [{"match": "uk-samla-2018 s. 1", "reason": "目的規定の対比"}]},
            "forbid": {"asset-freeze": ["uk-ghr-2020 reg-16"]},
            "waive": {"review.judicial": "行政事件訴訟法による。"},
        }
    }
    bill.write_text(
        bill.read_text(encoding="utf-8") + "\n" + yaml.safe_dump(extra, allow_unicode=True),
        encoding="utf-8",
    )
    folder = tmp / "out"
    r = run_cli(
        "compare", str(bill), "--format", ",".join(FORMATS), "-o", folder, "--corpus", corpus_dir
    )
    assert r.exit_code == 0, r.output
    return folder


def _article_number(out: Path, label: str) -> str:
    page = lxml.html.fromstring(page_bytes(out))
    head = page.xpath(f"//tr[@id='a-{label}']/th//div[@class='draft-head']")[0].text_content()
    return head.split("（")[0]


def page_bytes(out: Path) -> bytes:
    return (out / "jp-magnitsky.compare.html").read_bytes()


def _visible_text(page) -> str:
    for bad in page.xpath("//script | //style"):
        bad.getparent().remove(bad)
    return page.text_content()


def _ours_in_english() -> list[str]:
    """Our English words that must not appear: every English label of the compare section
    that differs from its Japanese (a few words at least, so that it is no law's word)."""
    en, ja = labels("en"), labels("ja")
    return [v for k, v in en.items() if v != ja[k] and " " in v.strip() and "{" not in v]


def _without_law_quotes(page):
    """The page less what it quotes from the laws (the wording, the headings, titles and
    citations of reference provisions, the words a match shares with the law)."""
    for node in page.xpath(
        "//table[@class='pairs'] | //div[@class='match']//div[@class='head'] "
        "| //div[@class='match']/div[not(@class)] | //div[contains(@class,'also')]"
        "| //div[@class='cites'] | //div[@class='why'] | //div[contains(@class,'summary')]"
        "| //header | //div[@class='draft-text'] | //div[@class='draft-ja']"
    ):
        node.getparent().remove(node)
    return page


def test_html_has_no_english_explanation_or_raw_key(out):
    page = lxml.html.fromstring((out / "jp-magnitsky.compare.html").read_bytes())
    assert page.get("lang") == "ja"
    text = _visible_text(page)
    ours = _visible_text(_without_law_quotes(lxml.html.fromstring(page_bytes(out))))
    for phrase in _ours_in_english():
        assert phrase not in ours, phrase
    # Explanations of matches: the aligner's English sentence is not what is shown.
    for english in ("shared elements", "shared words", "pinned in the bill file", "no wording"):
        assert english not in text, english
    # No raw taxonomy key: dotted or underscored keys are no word of either language.
    keys = [k for k in load_taxonomy() if "." in k or "_" in k]
    found = [k for k in keys if re.search(rf"(?<![\w.]){re.escape(k)}(?![\w.])", text)]
    assert not found, found[:5]
    # Keys the templates use that the taxonomy leaves undeclared get Japanese names too.
    assembly = "grounds.human_rights.freedoms.assembly"
    name = load_taxonomy()[assembly].label["ja"] if assembly in load_taxonomy() else "集会の自由"
    assert "assembly" not in ours and name in ours
    # Statuses, reasons and legend in Japanese.
    matrix = page.xpath("//table[contains(@class,'matrix')]")[0]
    words = {s.text_content() for s in matrix.xpath(".//span[@class='status-word']")}
    assert words <= {"あり", "一部", "不明", "なし"} and "不明" in words
    legend = page.xpath("//table[@id='legend']")[0].text_content()
    assert "不明" in legend and "なし" in legend and "「なし」ではない" in legend
    assert "コーパスに原文の一部しかない" in matrix.text_content()
    # Element names from the taxonomy's ja labels, also for sub-elements in the gap lists.
    gaps = page.xpath("//section[@id='gaps']")[0].text_content()
    assert load_taxonomy()["enforcement.offences.monetary_penalties"].label["ja"] in gaps
    assert load_taxonomy()["review.delisting.un_list"].label["ja"] in gaps
    # Corrections name the draft's article and the element in Japanese.
    corr = page.xpath("//section[@id='corrections']")[0].text_content()
    assert "固定: 第一条 ↔" in corr
    assert f"除外: {_article_number(out, 'asset-freeze')} ↔" in corr
    assert load_taxonomy()["review.judicial"].label["ja"] in corr
    assert "asset-freeze" not in corr and "review.judicial" not in corr
    # Supplementary articles are cited 附則第N条, never as the main article of that number.
    side = page.xpath("//section[@id='alignment']")[0].text_content()
    assert "附則第一条" in side and "Supplementary Provisions" not in ours


def test_html_wording_is_side_by_side_and_draft_readable(out):
    page = lxml.html.fromstring((out / "jp-magnitsky.compare.html").read_bytes())
    pairs = page.xpath("//table[@class='pairs']")
    assert len(pairs) > 50
    # Two columns per row, the draft on the left; shared concepts marked on both sides.
    marked = [t for t in pairs if t.xpath(".//tr/td[1]/mark") and t.xpath(".//tr/td[2]/mark")]
    assert marked
    # A word diff only where one sentence reads as an edit of the other: never a row that
    # is nothing but struck-through text followed by underlined text.
    for row in page.xpath("//table[@class='pairs']//tr[@class='diff']"):
        left, right = row.xpath("./td")
        kept = "".join(t for t in left.xpath("./text()"))
        assert kept.strip(), lxml.html.tostring(row)[:300]
    # The draft column carries the draft's text, not only its number.
    css = " ".join(page.xpath("//style/text()"))
    assert re.search(r"th\.col-draft[^{]*\{[^}]*min-width: 18rem", css)
    first = page.xpath("//section[@id='alignment']//tbody/tr/th")[0].text_content()
    assert "目的" in first and len(first) > 60


def test_near_identical_rows_fold(out):
    page = lxml.html.fromstring((out / "jp-magnitsky.compare.html").read_bytes())
    freeze = page.xpath("//tr[@id='a-asset-freeze']")[0]
    uk = freeze.xpath("./td[contains(@class,'col-uk')]")[0]
    heads = [h.text_content() for h in uk.xpath(".//div[@class='head']")]
    # GHR reg. 11 and GAC reg. 11 read the same: one entry, the other named beside it.
    assert sum("reg. 11" in h for h in heads) == 1, heads
    also = " ".join(a.text_content() for a in uk.xpath(".//div[contains(@class,'also')]"))
    assert "reg. 11" in also


def test_markdown_and_word_carry_the_same_wording(out):
    page = lxml.html.fromstring((out / "jp-magnitsky.compare.html").read_bytes())
    first = page.xpath("//table[@class='pairs']")[0]
    sentence = first.xpath(".//tr/td[2]")[0].text_content().strip() or (
        first.xpath(".//tr/td[1]")[0].text_content().strip()
    )
    probe = sentence[:40]
    md = (out / "jp-magnitsky.compare.md").read_text(encoding="utf-8")
    assert "## 文言の対照" in md and "| 法律案 | 参照規定 |" in md
    plain_md = md.replace("\\", "").replace("**", "")
    assert probe in plain_md
    d = docx.Document(str(out / "jp-magnitsky.compare.docx"))
    cells = " ".join(c.text for t in d.tables[2:] for r in t.rows for c in r.cells)
    assert probe in cells
    # Concepts are highlighted in Word too.
    highlighted = [
        r
        for t in d.tables[2:5]
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
        if r.font.highlight_color is not None
    ]
    assert highlighted
    # Gaps with their sub-elements, in Japanese, in both.
    name = load_taxonomy()["review.delisting.un_list"].label["ja"]
    assert name in md
    assert any(name in p.text for p in d.paragraphs)


def test_notes_in_japanese_without_a_corpus(tmp_path, monkeypatch):
    from clausewise.compare.corpus import instruments

    monkeypatch.delenv("CLAUSEWISE_CORPUS", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "nocache"))
    monkeypatch.setattr(instruments, "CHECKOUT_CORPUS", tmp_path / "none" / "corpus")
    out = tmp_path / "r.html"
    r = run_cli("compare", "--against", "uk", "--format", "html", "-o", out)
    assert r.exit_code == 0, r.output
    page = lxml.html.fromstring(out.read_bytes())
    notes = " ".join(li.text_content() for li in page.xpath("//header//li"))
    assert "コーパスのフォルダがない" in notes and "ユーザーキャッシュ" in notes
    assert "no corpus folder" not in notes


def test_imported_law_is_named_and_unknown_in_japanese(tmp_path):
    corpus = import_us_test_law(tmp_path)
    out = tmp_path / "us.html"
    r = run_cli("compare", "--against", "us", "--format", "html", "-o", out, "--corpus", corpus)
    assert r.exit_code == 0, r.output
    page = lxml.html.fromstring(out.read_bytes())
    matrix = page.xpath("//table[contains(@class,'matrix')]")[0]
    assert [th.text_content() for th in matrix.xpath(".//thead//th")][-1] == "米国"
    cells = matrix.xpath("./tbody/tr/td[contains(@class,'col-us')]")
    assert cells and all("unknown" in td.get("class").split() for td in cells)
    assert all("対応表が未確認" in td.text_content() for td in cells)


def test_word_by_element_opens_in_libreoffice(tmp_path, corpus_dir, soffice):
    out = tmp_path / "el.docx"
    r = run_cli(
        "compare",
        "--by",
        "element",
        "--lang",
        "en",
        "--format",
        "docx",
        "-o",
        out,
        "--corpus",
        corpus_dir,
    )
    assert r.exit_code == 0, r.output
    d = docx.Document(str(out))
    side = d.tables[1]
    assert [c.text for c in side.rows[0].cells][:2] == ["Element", "Draft"]
    text = pdf_text(to_pdf(soffice, out, tmp_path))
    assert "Clause-by-clause comparison" in text and "unknown" in text
