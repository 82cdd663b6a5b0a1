"""The 新旧対照表, read back: the heading, the two columns 改正案 | 現行, the underlined words."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tests import bill_versions as bv
from tests.helpers import run_cli, to_pdf


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    root = tmp_path_factory.mktemp("shinkyu")
    old, new = bv.base(root / "base"), bv.words_changed(root / "new")
    out = root / "out"
    out.mkdir()
    result = run_cli("diff", old, new, "--format", "shinkyu", "-o", out / "taisho")
    assert result.exit_code == 0, result.output
    assert sorted(Path(p).name for p in result.output.split()) == ["taisho.docx", "taisho.html"]
    return out


def _underlined(paragraph) -> str:
    return "".join(r.text for r in paragraph.runs if r.font.underline)


def test_heading_and_columns(table):
    document = docx.Document(str(table / "taisho.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0].startswith("特定人権侵害行為等に関与した外国人等")
    assert "（傍線部分は改正部分）" in texts
    (tab,) = document.tables
    assert len(tab.columns) == 2
    assert [c.text for c in tab.rows[0].cells] == ["改正案", "修正前"]  # two drafts
    assert len(tab.rows) == 1 + len(bv.CHANGED_ARTICLES)


def test_changed_words_are_underlined(table):
    tab = docx.Document(str(table / "taisho.docx")).tables[0]
    new_marks = "".join(_underlined(p) for row in tab.rows[1:] for p in row.cells[0].paragraphs)
    old_marks = "".join(_underlined(p) for row in tab.rows[1:] for p in row.cells[1].paragraphs)
    assert "、透明" in new_marks and "一年" in new_marks
    assert "六月" in old_marks and "る" in old_marks  # 定める → 定め
    # Unchanged words are not underlined, and unchanged paragraphs are abbreviated （略）.
    assert "外国人等" not in new_marks
    cells = "\n".join(c.text for row in tab.rows[1:] for c in row.cells)
    assert "（略）" in cells


def test_html_version(table):
    page = (table / "taisho.html").read_text(encoding="utf-8")
    assert "（傍線部分は改正部分）" in page
    assert "<th>改正案</th><th>修正前</th>" in page
    assert '<u class="chg">' in page and "透明" in page


def test_new_and_removed_articles(tmp_path):
    old = bv.base(tmp_path / "a")
    new = bv.inserted(tmp_path / "b")
    result = run_cli("diff", old, new, "--format", "shinkyu", "-o", tmp_path / "t")
    assert result.exit_code == 0, result.output
    cells = [
        c.text for row in docx.Document(str(tmp_path / "t.docx")).tables[0].rows for c in row.cells
    ]
    assert "（新設）" in cells
    gone = bv.removed(tmp_path / "c")
    result = run_cli("diff", old, gone, "--format", "shinkyu", "-o", tmp_path / "u")
    assert result.exit_code == 0
    cells = [
        c.text for row in docx.Document(str(tmp_path / "u.docx")).tables[0].rows for c in row.cells
    ]
    assert "（削る）" in cells


def test_opens_in_libreoffice(table, soffice):
    to_pdf(soffice, table / "taisho.docx", table)
