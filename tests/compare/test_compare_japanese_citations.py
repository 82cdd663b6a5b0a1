"""In the Japanese report a Japanese reference law is cited in Japanese (第二〇八回国会
衆第六〇号 第一条), as its map gives it (`citation_ja`), in every format and in the JSON;
the English report keeps the English citation. Before, the Japanese report cited the
Japanese bill as "208th Diet, House of Representatives Bill No. 60 (2022) Art. 1"."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import lxml.html
import pytest

from tests.helpers import compare_reports

JA_BILL = "第二〇八回国会 衆第六〇号"
EN_BILL = "208th Diet, House of Representatives Bill No. 60"


@pytest.fixture(scope="module")
def reports(tmp_path_factory, corpus_dir) -> dict[str, Path]:
    formats = "html,docx,md,json"
    return compare_reports(tmp_path_factory, corpus_dir, formats, "--lang", ("ja", "en"))


def _texts(folder: Path) -> dict[str, str]:
    page = lxml.html.fromstring((folder / "jp-magnitsky.compare.html").read_bytes())
    for bad in page.xpath("//script | //style"):
        bad.getparent().remove(bad)
    d = docx.Document(str(folder / "jp-magnitsky.compare.docx"))
    word = [p.text for p in d.paragraphs]
    word += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return {
        "html": page.text_content(),
        "md": (folder / "jp-magnitsky.compare.md").read_text(encoding="utf-8"),
        "docx": "\n".join(word),
    }


def test_the_japanese_bill_is_cited_in_japanese_in_every_format(reports):
    for fmt, text in _texts(reports["ja"]).items():
        assert EN_BILL not in text, fmt
        assert f"{JA_BILL} 第一条" in text and f"{JA_BILL} 第二条" in text, fmt
        assert "(第一条 ↔ 第一条)" in text, fmt  # the wording's passages, both in Japanese
    for fmt, text in _texts(reports["en"]).items():
        assert JA_BILL not in text, fmt
        assert f"{EN_BILL} (2022) Art. 1" in text, fmt


def test_json_gives_both_citations(reports):
    report = json.loads((reports["ja"] / "jp-magnitsky.compare.json").read_text("utf-8"))
    jp = next(i for i in report["instruments"] if i["id"] == "jp-shu-208-60")
    assert jp["citation_ja"] == JA_BILL and jp["citation"].startswith(EN_BILL)
    matches = [m for a in report["alignments"] for m in a["matches"]]
    art1 = next(m for m in matches if m["instrument"] == "jp-shu-208-60")
    assert art1["cite"].startswith(EN_BILL) and art1["cite_ja"].startswith(JA_BILL)
    cells = [row["jp"] for row in report["coverage"].values()]
    present = [c for c in cells if c["refs"]]
    assert (
        present
        and all(len(c["citations_ja"]) == len(c["citations"]) for c in present)
        and all(x.startswith(JA_BILL) for c in present for x in c["citations_ja"])
    )
    # What the corpus lacks of it is named in Japanese too.
    unknown = [c for c in cells if c["status"] == "unknown" and not c["refs"]]
    assert unknown and all(c["about_ja"] == [JA_BILL] for c in unknown)
    # No other law gains a Japanese citation it does not have.
    uk = next(m for m in matches if m["jurisdiction"] == "uk")
    assert "cite_ja" not in uk


def _explanations(folder: Path) -> dict[str, list[str]]:
    page = lxml.html.fromstring((folder / "jp-magnitsky.compare.html").read_bytes())
    md = (folder / "jp-magnitsky.compare.md").read_text(encoding="utf-8")
    d = docx.Document(str(folder / "jp-magnitsky.compare.docx"))
    head = ("共通の要素", "shared elements")
    return {
        "html": [w.text_content() for w in page.xpath("//div[@class='why']")],
        "md": [x for x in md.splitlines() if x.lstrip("_").startswith(head)],
        "docx": [p.text for p in d.paragraphs if p.text.startswith(head)],
    }


def test_japanese_explanations_quote_english_and_name_concepts_in_japanese(reports):
    """The words a match shares with a law are the law's (English) words: quoted. The
    thesaurus's concepts ("[freeze]") are our vocabulary: named in Japanese."""
    for fmt, lines in _explanations(reports["ja"]).items():
        assert len(lines) > 50, fmt
        for line in lines:
            unquoted = re.sub(r"「[^」]*」", "", line)
            assert not re.search(r"[A-Za-z]", unquoted), (fmt, line)
        assert any("［資産凍結］" in x for x in lines), fmt
    # The English report keeps the words bare and the concepts bracketed.
    english = _explanations(reports["en"])["html"]
    assert any("[freeze]" in x for x in english)
    assert not any("「foreign」" in x for x in english)


def _gap_lines(folder: Path, fmt: str) -> list[str]:
    """The lines of the gap section of one format, as the reader sees them."""
    if fmt == "html":
        page = lxml.html.fromstring((folder / "jp-magnitsky.compare.html").read_bytes())
        return [li.text_content() for li in page.xpath("//section[@id='gaps']//li")]
    if fmt == "md":
        md = (folder / "jp-magnitsky.compare.md").read_text(encoding="utf-8")
        start = md.index("\n## ", md.index("\n## ") + 1)  # the section after the matrix
        return md[start : md.index("\n## ", start + 1)].splitlines()
    d = docx.Document(str(folder / "jp-magnitsky.compare.docx"))
    return [p.text for p in d.paragraphs]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_gap_is_listed_with_its_citations_in_every_format(reports, lang):
    from clausewise.drafts.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    report = json.loads((reports[lang] / "jp-magnitsky.compare.json").read_text("utf-8"))
    gaps = report["gaps"]
    lacking = [it for g in gaps["not_in_draft"] for it in g["items"]]
    only = [it for g in gaps["only_in_draft"] for it in g["items"]]
    assert len(lacking) >= 10 and len(only) >= 5  # sub-elements, both ways
    for fmt in ("html", "md", "docx"):
        lines = _gap_lines(reports[lang], fmt)
        for it in lacking + only:
            key = it["element"]
            name = taxonomy[key].label[lang] if key in taxonomy else None
            if name is None or "." not in key:
                # An undeclared key is named by labels.yaml (checked elsewhere); a top key
                # is "the whole element" under its own heading.
                continue
            if it in lacking:
                cites = [
                    c
                    for j in it["jurisdictions"]
                    for c in it["citations_ja" if lang == "ja" else "citations"][j]
                ]
            else:
                cites = it["citations_ja" if lang == "ja" else "citations"]
            hit = [x for x in lines if name in x and all(c in x for c in cites)]
            assert hit, (fmt, lang, key, cites)
