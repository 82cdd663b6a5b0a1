"""End to end with the programs people open our files with: every Word file the CLI writes is
converted by LibreOffice (headless) to PDF and its text read back; every HTML report is
rendered by headless Chromium to a screenshot, without console errors, and its text read in
the DOM after scripts ran.

Covered elsewhere, not repeated here: the bill in Japanese and side by side as docx
(tests/drafts/test_docx.py) and as HTML (tests/drafts/test_html.py), the comparison reports with the
official texts (tests/compare/test_compare_reports.py). Here: the bill in English, the comparison
reports from the provision maps alone, the Word and HTML redlines, the 新旧対照表.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from tests import bill_versions as bv
from tests.helpers import chromium_render, pdf_text, run_cli, to_pdf

DATE = "2025-06-01T09:00:00Z"


def _flat(text: str) -> str:
    """Text as extracted from a PDF or DOM, without the spaces and line breaks that layout
    puts inside Japanese sentences."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Every file under test, written once by the CLI: name -> path."""
    root = tmp_path_factory.mktemp("e2e")
    out = root / "out"
    files: dict[str, Path] = {}

    r = run_cli("build", "-o", out / "bill-en", "--format", "docx,html", "--lang", "en")
    assert r.exit_code == 0, r.output
    files["bill-en.docx"] = out / "bill-en" / "jp-magnitsky.docx"
    files["bill-en.html"] = out / "bill-en" / "jp-magnitsky.html"

    # Maps only: no corpus folder, whatever the environment says.
    empty = root / "no-corpus"
    empty.mkdir()
    r = run_cli("compare", "-o", out / "compare", "--format", "docx,html", "--corpus", empty)
    assert r.exit_code == 0, r.output
    files["compare.docx"] = out / "compare" / "jp-magnitsky.compare.docx"
    files["compare.html"] = out / "compare" / "jp-magnitsky.compare.html"

    old, new = bv.base(root / "old"), bv.inserted(root / "new")
    for fmt in ("docx", "html"):
        target = out / f"redline.{fmt}"
        r = run_cli(
            "diff", old, new, "--format", fmt, "-o", target, "--author", "E2E Aide", "--date", DATE
        )
        assert r.exit_code == 0, r.output
        files[f"redline.{fmt}"] = target
    r = run_cli(
        "diff", old, bv.words_changed(root / "words"), "--format", "shinkyu", "-o", out / "taisho"
    )
    assert r.exit_code == 0, r.output
    files["shinkyu.docx"] = out / "taisho.docx"
    files["shinkyu.html"] = out / "taisho.html"
    for path in files.values():
        assert path.is_file(), path
    return files


# What each file must say, as the client shows it (spaces and line breaks ignored).
EXPECTED = {
    "bill-en": ["Act on Asset Freezes", "Article 1", "Supplementary Provisions", "Purpose"],
    # The bill and the reference laws by their citations.
    "compare": [
        "特定人権侵害行為等に関与した外国人等",
        "S.C. 2017, c. 21",
        "SOR/2017-233",
        "2020/1998",
    ],
    # The inserted article (its caption and text) and the renumbered one after it.
    "redline": ["年次評価", "毎年、この法律に基づく指定の状況について評価を行い", "第五条"],
    "shinkyu": [
        "改正案",
        "修正前",  # two drafts: 現行 is for a law in force
        "傍線部分は改正部分",
        "公正、透明かつ一貫した基準",
        "公正かつ一貫した基準",
    ],
}

DOCX = ["bill-en.docx", "compare.docx", "redline.docx", "shinkyu.docx"]
HTML = ["bill-en.html", "compare.html", "redline.html", "shinkyu.html"]


@pytest.mark.parametrize("name", DOCX)
def test_docx_in_libreoffice(outputs, name, soffice, tmp_path):
    src = tmp_path / "in" / f"{Path(name).stem}.docx"  # a copy: the PDF goes beside it
    src.parent.mkdir()
    shutil.copy(outputs[name], src)
    pdf = to_pdf(soffice, src, tmp_path)
    text = _flat(pdf_text(pdf))
    assert len(text) > 200, text[:200]
    for words in EXPECTED[Path(name).stem]:
        assert _flat(words) in text, (name, words)


@pytest.mark.parametrize("name", HTML)
def test_html_in_chromium(outputs, name, chromium, tmp_path):
    dom, console, png = chromium_render(chromium, outputs[name], tmp_path)
    assert console == [], console
    assert png.stat().st_size > 5_000
    page = lxml.html.fromstring(dom)
    text = _flat(page.text_content())
    for words in EXPECTED[Path(name).stem]:
        assert _flat(words) in text, (name, words)
    # Self-contained: nothing fetched from elsewhere.
    assert not page.xpath("//script[@src] | //link[@rel='stylesheet'] | //img[@src]")
