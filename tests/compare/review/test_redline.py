"""Redlines: Word revisions that accept to the new bill and reject to the old, HTML, Markdown."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from clausewise.compare.review.redline import render
from clausewise.compare.review.versions import diff_documents, load_version
from clausewise.drafts.layout import blocks
from clausewise.drafts.writers import WriteOptions
from lxml import etree

from tests import bill_versions as bv
from tests.helpers import copy_mini, run_cli, to_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = "2025-06-01T09:00:00Z"


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    return bv.load_all(tmp_path_factory.mktemp("redline"))


def _paragraphs(docx: bytes):
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")
    return etree.fromstring(xml).iter(f"{W}p")


def view(docx: bytes, drop: str) -> list[str]:
    """The document's lines with every `drop` revision (ins or del) taken out, as Word's
    "reject all" (drop=ins) or "accept all" (drop=del) leaves it: content of `drop`
    revisions disappears, and a paragraph whose mark is such a revision joins the next."""
    lines: list[str] = []
    carry = ""
    for p in _paragraphs(docx):
        text = carry
        for el in p.iter(f"{W}t", f"{W}delText"):
            wrapper = el.getparent().getparent()
            if wrapper.tag == f"{W}{drop}":
                continue
            text += el.text or ""
        mark = p.find(f"{W}pPr/{W}rPr/{W}{drop}")
        if mark is not None:
            carry = text
            continue
        carry = ""
        lines.append(text)
    return lines


def bill_lines(doc, lang="ja") -> list[str]:
    return [b.line(lang) for b in blocks(doc, lang)]


@pytest.mark.parametrize("name", ["inserted", "words_changed", "removed"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_accept_all_is_new_and_reject_all_is_old(versions, name, lang):
    old, new = versions["base"].doc, versions[name].doc
    docx = render(
        diff_documents(old, new), "docx", lang, WriteOptions(author="Test Aide", date=DATE)
    )
    assert view(docx, drop="del") == bill_lines(new, lang)
    assert view(docx, drop="ins") == bill_lines(old, lang)


def test_revisions_carry_author_date_and_unique_ids(versions):
    docx = render(
        diff_documents(versions["base"].doc, versions["words_changed"].doc),
        "docx",
        "ja",
        WriteOptions(author="Test Aide", date=DATE),
    )
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    revs = list(root.iter(f"{W}ins", f"{W}del"))
    assert revs
    assert {r.get(f"{W}author") for r in revs} == {"Test Aide"}
    assert {r.get(f"{W}date") for r in revs} == {DATE}
    ids = [r.get(f"{W}id") for r in revs]
    assert len(ids) == len(set(ids))
    # Deleted text sits in w:delText, never w:t.
    for d in root.iter(f"{W}del"):
        assert d.find(f".//{W}t") is None
    # Same input, same bytes.
    again = render(
        diff_documents(versions["base"].doc, versions["words_changed"].doc),
        "docx",
        "ja",
        WriteOptions(author="Test Aide", date=DATE),
    )
    assert again == docx


def test_trailing_removal_keeps_accept_and_reject_exact(tmp_path):
    bill = copy_mini(tmp_path)
    old = load_version(str(bill)).doc
    bv.edit(bill, "reason: {template: reason}\n", "")
    new = load_version(str(bill)).doc
    docx = render(diff_documents(old, new), "docx", "ja", WriteOptions(author="A", date=DATE))
    assert view(docx, "del") == bill_lines(new) and view(docx, "ins") == bill_lines(old)
    back = render(diff_documents(new, old), "docx", "ja", WriteOptions(author="A", date=DATE))
    assert view(back, "del") == bill_lines(old) and view(back, "ins") == bill_lines(new)


def test_word_redline_opens_in_libreoffice(versions, soffice, tmp_path):
    for name in ("inserted", "words_changed", "removed"):
        result = run_cli(
            "diff",
            versions["base"].bill.path,
            versions[name].bill.path,
            "--format",
            "docx",
            "-o",
            tmp_path / f"{name}.docx",
            "--date",
            DATE,
            "--author",
            "Test Aide",
        )
        assert result.exit_code == 0, result.output
        to_pdf(soffice, tmp_path / f"{name}.docx", tmp_path)


def test_default_author_is_git_user(versions, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    bv.git_repo(repo)
    monkeypatch.chdir(repo)
    out = tmp_path / "r.docx"
    result = run_cli(
        "diff", versions["base"].bill.path, versions["words_changed"].bill.path, "-o", out
    )
    assert result.exit_code == 0, result.output
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert 'w:author="Test Aide"' in xml


def test_html_redline(versions, tmp_path):
    out = tmp_path / "r.html"
    result = run_cli(
        "diff",
        versions["base"].bill.path,
        versions["inserted"].bill.path,
        "--format",
        "html",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.index('class="summary"') < page.index("<main>")
    assert "<ins>" in page and "<details" in page
    # Self-contained: nothing fetched from elsewhere.
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "annual-evaluation" in page or "年次評価" in page


def test_everything_is_escaped(tmp_path):
    bill = copy_mini(tmp_path)
    old = load_version(str(bill)).doc
    bv.edit(
        bill.parent / "templates/mini/commence.j2",
        "施行する。",
        "施行する。<script>alert(1)</script>**x**|",
    )
    new = load_version(str(bill)).doc
    cmp = diff_documents(old, new)
    page = render(cmp, "html", "ja").decode()
    assert "<script>" not in page and "&lt;script&gt;" in page
    md = render(cmp, "md", "ja").decode()
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\*\\*x\\*\\*\\|" in md


def test_markdown_for_a_pull_request(versions):
    result = run_cli(
        "diff", versions["base"].bill.path, versions["words_changed"].bill.path, "--format", "md"
    )
    assert result.exit_code == 0, result.output
    md = result.output
    assert md.index("| 種類 | 件数 |") < md.index("### ")
    assert "| 文言変更 | 3 |" in md
    assert "<del>" in md and "<ins>" in md
    assert md.count("\n### ") == 3
