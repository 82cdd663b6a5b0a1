"""Redline and 新旧対照表 polish (issue 12): numbers marked whole, no page per article, the old
column's label, a table with no change, reference-only changes in the Markdown table."""

from __future__ import annotations

import io

import docx
import pytest
from clausewise.compare.review.redline import render
from clausewise.compare.review.textdiff import diff_text
from clausewise.compare.review.versions import diff_documents
from clausewise.drafts.writers import WriteOptions

from tests import bill_versions
from tests.conftest import _missing
from tests.helpers import run_cli, to_pdf


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    return bill_versions.load_all(tmp_path_factory.mktemp("polish"))


@pytest.mark.parametrize(
    "old, new, marked",
    [
        ("第二十条の規定", "第二十九条の規定", [("delete", "二十"), ("insert", "二十九")]),
        ("前項及び第十三条", "前項及び第十四条", [("delete", "十三"), ("insert", "十四")]),
        ("五百万円以下", "一億円以下", [("delete", "五百万"), ("insert", "一億")]),
    ],
)
def test_a_number_in_kanji_is_marked_as_a_whole(old, new, marked):
    ops = diff_text(old, new, "ja")
    assert [op for op in ops if op[0] != "equal"] == marked


def test_redline_marks_renumbered_references_whole(versions):
    cmp = diff_documents(versions["base"].doc, versions["inserted"].doc)
    md = render(cmp, "md", "ja").decode("utf-8")
    assert "第<del>二十</del><ins>二十一</ins>条" in md
    assert "第二十<ins>一</ins>条" not in md


def test_markdown_renumbering_table_says_reference_only(versions):
    cmp = diff_documents(versions["base"].doc, versions["inserted"].doc)
    md = render(cmp, "md", "ja").decode("utf-8")
    assert "| 旧 | 新 | 内容 |" in md
    # 第二条 keeps its number; only its references follow the renumbering.
    assert "| 第二条（定義） | 第二条（定義） | 引用条項の変更のみ |" in md
    assert "| 番号変更・引用条項の変更 |" in md
    en = render(cmp, "md", "en").decode("utf-8")
    assert "references only" in en


def _header(data: bytes) -> list[str]:
    return [c.text for c in docx.Document(io.BytesIO(data)).tables[0].rows[0].cells]


def test_old_column_is_shuseimae_for_two_drafts_and_configurable(versions):
    cmp = diff_documents(versions["base"].doc, versions["words_changed"].doc)
    assert _header(render(cmp, "shinkyu.docx", "ja")) == ["改正案", "修正前"]
    named = WriteOptions(old_label="旧案")
    assert _header(render(cmp, "shinkyu.docx", "ja", named)) == ["改正案", "旧案"]
    assert "<th>旧案</th>" in render(cmp, "shinkyu.html", "ja", named).decode("utf-8")


def test_old_column_is_genko_for_a_law_in_force(corpus_dir, tmp_path):
    files = sorted((corpus_dir / "jp" / "egov").glob("*.xml"))
    if not files:
        _missing("the e-Gov file of 行政手続法")
    new = tmp_path / "new.xml"
    new.write_text(
        files[0].read_text(encoding="utf-8").replace("求めに応じ、", "求めに応じ、速やかに、", 1),
        encoding="utf-8",
    )
    r = run_cli("diff", files[0], new, "--format", "shinkyu", "-o", tmp_path / "t")
    assert r.exit_code == 0, r.output
    assert _header((tmp_path / "t.docx").read_bytes()) == ["改正案", "現行"]
    r = run_cli(
        "diff", files[0], new, "--format", "shinkyu", "-o", tmp_path / "u", "--old-label", "旧"
    )
    assert _header((tmp_path / "u.docx").read_bytes()) == ["改正案", "旧"]


def test_a_table_with_no_change_says_so(versions):
    same = diff_documents(versions["base"].doc, versions["base"].doc)
    table = docx.Document(io.BytesIO(render(same, "shinkyu.docx", "ja"))).tables[0]
    assert [c.text for c in table.rows[1].cells] == ["（改正部分なし）", "（改正部分なし）"]
    assert "（改正部分なし）" in render(same, "shinkyu.html", "ja").decode("utf-8")


def test_shinkyu_rows_are_not_kept_with_the_next(versions):
    cmp = diff_documents(versions["base"].doc, versions["inserted"].doc)
    table = docx.Document(io.BytesIO(render(cmp, "shinkyu.docx", "ja"))).tables[0]
    for row in table.rows[1:]:
        for cell in row.cells:
            for p in cell.paragraphs:
                assert p.paragraph_format.keep_with_next is False


@pytest.mark.clients
def test_shinkyu_does_not_start_each_article_on_a_new_page(versions, soffice, tmp_path):
    cmp = diff_documents(versions["base"].doc, versions["inserted"].doc)
    path = tmp_path / "shinkyu.docx"
    path.write_bytes(render(cmp, "shinkyu.docx", "ja"))
    from pypdf import PdfReader

    pages = [p.extract_text() or "" for p in PdfReader(str(to_pdf(soffice, path, tmp_path))).pages]
    # The first page holds the 目次 row and goes on into the next article's row.
    assert "目次" in pages[0] and "（定義）" in pages[0]
