"""Renumbering in the Word redline: revisions that only follow a renumbering are apart from the
drafter's own changes (their own author, or hidden), and the docx agrees with the JSON."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from clausewise.compare.review.redline import render
from clausewise.compare.review.redline.docx import RENUMBERING_AUTHOR
from clausewise.compare.review.versions import diff_documents, load_version
from clausewise.drafts.layout import blocks
from clausewise.drafts.writers import WriteOptions
from lxml import etree, html

from tests import bill_versions as bv
from tests.helpers import run_cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = "2025-06-01T09:00:00Z"
AIDE = "Test Aide"
SHOWN = WriteOptions(author=AIDE, date=DATE)
HIDDEN = WriteOptions(author=AIDE, date=DATE, renumbering="hide")


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    root = tmp_path_factory.mktemp("renumbering")
    out = bv.load_all(root)
    # One item removed from the middle of a list late in the bill: the next item takes its
    # label (offence-reporting.1.2) and must not be shown as its rewrite.
    bill = bv.base(root / "item")
    path = root / "item" / "templates" / "jp-magnitsky" / "offence-reporting.j2"
    text = path.read_text(encoding="utf-8")
    start = text.index("item\n", text.index("item\n") + 1)
    path.write_text(text[:start] + text[text.index("item\n", start + 1) :], encoding="utf-8")
    out["item_removed"] = load_version(str(bill))
    return out


def _root(docx: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))


def view(docx: bytes, accept: set[str], reject: set[str]) -> list[str]:
    """The lines Word leaves after accepting the revisions of the authors in `accept` and
    rejecting those in `reject` (every author must be in one of them)."""
    lines: list[str] = []
    carry = ""
    for p in _root(docx).iter(f"{W}p"):
        text = carry
        for el in p.iter(f"{W}t", f"{W}delText"):
            wrapper = el.getparent().getparent()
            if wrapper.tag in (f"{W}ins", f"{W}del"):
                who = wrapper.get(f"{W}author")
                assert who in accept | reject, who
                gone = (wrapper.tag == f"{W}ins") == (who in reject)
                if gone:
                    continue
            text += el.text or ""
        mark = p.find(f"{W}pPr/{W}rPr/*")
        if mark is not None and mark.tag in (f"{W}ins", f"{W}del"):
            who = mark.get(f"{W}author")
            if (mark.tag == f"{W}ins") == (who in reject):
                carry = text
                continue
        carry = ""
        lines.append(text)
    return lines


def lines_of(doc, lang="ja", without: set[str] = frozenset()) -> list[str]:
    return [b.line(lang) for b in blocks(doc, lang) if b.label not in without]


def subtree_labels(doc, labels: set[str]) -> set[str]:
    return {q.label for p in doc.walk() if p.label in labels for q in p.walk()}


def revised_paragraphs(docx: bytes) -> dict[str, set[str]]:
    """author → the texts (as accepted) of the paragraphs holding that author's revisions."""
    out: dict[str, set[str]] = {}
    for p in _root(docx).iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText"))
        for rev in p.iter(f"{W}ins", f"{W}del"):
            out.setdefault(rev.get(f"{W}author"), set()).add(text)
    return out


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_removed_article_real_changes_and_renumbering_apart(versions, lang):
    old, new = versions["base"].doc, versions["removed"].doc
    cmp = diff_documents(old, new)
    docx = render(cmp, "docx", lang, SHOWN)
    authors = {r.get(f"{W}author") for r in _root(docx).iter(f"{W}ins", f"{W}del")}
    assert authors == {AIDE, RENUMBERING_AUTHOR}
    everyone = {AIDE, RENUMBERING_AUTHOR}
    assert view(docx, accept=everyone, reject=set()) == lines_of(new, lang)
    assert view(docx, accept=set(), reject=everyone) == lines_of(old, lang)
    # Accepting only the real change (the removal) and rejecting the renumbering leaves the
    # old bill without the removed article, every number as it was.
    gone = subtree_labels(old, {bv.REMOVED_ARTICLE})
    assert view(docx, accept={AIDE}, reject={RENUMBERING_AUTHOR}) == lines_of(old, lang, gone)
    # The aide's revisions are all in the removed article's lines; the renumbering's are many.
    removed_lines = set(lines_of(old, lang)) - set(lines_of(old, lang, gone))
    by_author = revised_paragraphs(docx)
    assert by_author[AIDE] == removed_lines
    assert len(by_author[RENUMBERING_AUTHOR]) > 5 * len(by_author[AIDE])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_renumbering_hidden_on_request(versions, lang):
    old, new = versions["base"].doc, versions["removed"].doc
    cmp = diff_documents(old, new)
    shown = render(cmp, "docx", lang, SHOWN)
    hidden = render(cmp, "docx", lang, HIDDEN)
    authors = {r.get(f"{W}author") for r in _root(hidden).iter(f"{W}ins", f"{W}del")}
    assert authors == {AIDE}
    assert view(hidden, accept={AIDE}, reject=set()) == lines_of(new, lang)
    # Rejecting everything gives the old wording with the new numbers: what the shown redline
    # gives when the renumbering is accepted and the real changes rejected.
    assert view(hidden, accept=set(), reject={AIDE}) == view(
        shown, accept={RENUMBERING_AUTHOR}, reject={AIDE}
    )
    assert view(hidden, accept=set(), reject={AIDE}) != lines_of(old, lang)


@pytest.mark.parametrize("name", ["inserted", "words_changed", "item_removed"])
@pytest.mark.parametrize("mode", ["separate", "hide"])
def test_accept_and_reject_exact_in_both_modes(versions, name, mode):
    old, new = versions["base"].doc, versions[name].doc
    docx = render(
        diff_documents(old, new),
        "docx",
        "ja",
        WriteOptions(author=AIDE, date=DATE, renumbering=mode),
    )
    everyone = {AIDE, RENUMBERING_AUTHOR}
    assert view(docx, accept=everyone, reject=set()) == lines_of(new)
    if mode == "separate":
        assert view(docx, accept=set(), reject=everyone) == lines_of(old)


def test_words_changed_are_real_and_their_renumbering_is_not(versions):
    """Edited wording is the aide's; an article renumbered by nothing has no renumbering."""
    cmp = diff_documents(versions["base"].doc, versions["words_changed"].doc)
    by_author = revised_paragraphs(render(cmp, "docx", "ja", SHOWN))
    assert RENUMBERING_AUTHOR not in by_author
    wanted = {new for _t, _o, new in bv.WORD_CHANGES if not new.isascii()}
    for words in wanted:
        assert any(words in text for text in by_author[AIDE]), words


@pytest.mark.parametrize("name", ["removed", "inserted", "item_removed"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_docx_agrees_with_json_on_removed_and_inserted(versions, name, lang):
    old, new = versions["base"].doc, versions[name].doc
    cmp = diff_documents(old, new)
    data = json.loads(render(cmp, "json", "ja"))
    removed = subtree_labels(old, {c["label"] for c in data["changes"] if c["kind"] == "removed"})
    added = subtree_labels(new, {c["label"] for c in data["changes"] if c["kind"] == "added"})
    assert removed or added
    root = _root(render(cmp, "docx", lang, SHOWN))
    deleted, inserted = [], []
    for p in root.iter(f"{W}p"):
        revs = [r for r in p if r.tag in (f"{W}ins", f"{W}del")]
        plain = [r for r in p if r.tag == f"{W}r"]
        if revs and not plain and all(r.tag == f"{W}del" for r in revs):
            deleted.append("".join(t.text for t in p.iter(f"{W}delText")))
        if revs and not plain and all(r.tag == f"{W}ins" for r in revs):
            inserted.append("".join(t.text for t in p.iter(f"{W}t")))
    assert deleted == [b.line(lang) for b in blocks(old, lang) if b.label in removed]
    assert inserted == [b.line(lang) for b in blocks(new, lang) if b.label in added]
    # No paragraph of a removed provision is shown as rewritten into a surviving one.
    assert data["split"]["real"] == len(
        [c for c in data["changes"] if c["kinds"] != ["renumbered"]]
    )


def test_summaries_count_real_changes_and_renumbering_apart(versions, tmp_path):
    cmp = diff_documents(versions["base"].doc, versions["removed"].doc)
    split = json.loads(render(cmp, "json", "ja"))["split"]
    # One article removed is one real change; everything after it is renumbering.
    assert split["real"] == 1
    assert split["renumbering"] == sum(1 for c in cmp.changes if c.kinds == ["renumbered"]) > 20
    page = html.fromstring(render(cmp, "html", "en"))
    rows = {r.findtext("th"): r.findtext("td") for r in page.xpath("//tr[@class='split']")}
    assert rows == {"real changes": "1", "renumbering only": str(split["renumbering"])}
    md = render(cmp, "md", "ja").decode()
    assert "| 実質的な変更 | 1 |" in md and f"| 番号の変更のみ | {split['renumbering']} |" in md
    docx = render(cmp, "docx", "ja", SHOWN)
    comments = zipfile.ZipFile(io.BytesIO(docx)).read("word/comments.xml").decode()
    assert (
        "実質的な変更 1 件" in comments and f"番号の変更のみ {split['renumbering']} 件" in comments
    )
    assert render(cmp, "docx", "ja", SHOWN) == docx  # same input, same bytes


def test_cli_hides_renumbering(versions, tmp_path):
    out = tmp_path / "r.docx"
    base, removed = versions["base"].bill.path, versions["removed"].bill.path
    args = ("diff", base, removed, "-o", out, "--date", DATE, "--author", AIDE)
    result = run_cli(*args, "--renumbering", "hide")
    assert result.exit_code == 0, result.output
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert f'w:author="{AIDE}"' in xml and RENUMBERING_AUTHOR not in xml
    result = run_cli(*args, "--renumbering", "bogus")
    assert result.exit_code == 2
