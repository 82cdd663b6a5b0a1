"""Version diff: provisions matched by label, renumbering reported as renumbering."""

from __future__ import annotations

import json

import pytest
from clausewise.compare.review.textdiff import diff_text, new_text, old_text
from clausewise.compare.review.versions import diff_documents, load_version
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import bill_versions as bv
from tests.helpers import copy_mini, run_cli


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    return bv.load_all(tmp_path_factory.mktemp("versions"))


def _by_kind(cmp, kind):
    return [c for c in cmp.changes if kind in c.kinds]


def test_inserted_article_renumbers_without_text_change(versions):
    cmp = diff_documents(versions["base"].doc, versions["inserted"].doc)
    added = _by_kind(cmp, "added")
    assert [c.label for c in added] == ["annual-evaluation"]
    assert _by_kind(cmp, "changed") == [] and _by_kind(cmp, "removed") == []
    renumbered = {c.label: c for c in _by_kind(cmp, "renumbered")}
    # Every article after the insertion moves up by one and is reported as renumbered only.
    base_arts = [a.label for a in versions["base"].doc.articles()]
    after = base_arts[base_arts.index(bv.INSERTED_AFTER) + 1 :]
    main_after = [lb for lb in after if versions["base"].doc.find(lb).number["ja"]]
    for label in main_after[:5]:
        assert label in renumbered, label
        assert renumbered[label].kinds == ["renumbered"]
        assert renumbered[label].text == {}
    # References to renumbered articles changed their wording, but only by the renumbering.
    refs = [c for c in renumbered.values() if c.refs_only]
    assert refs and all("changed" not in c.kinds for c in refs)


def test_three_changed_articles(versions):
    cmp = diff_documents(versions["base"].doc, versions["words_changed"].doc)
    changed = _by_kind(cmp, "changed")
    owners = {_article_of(versions, c.label) for c in changed}
    assert owners == bv.CHANGED_ARTICLES
    assert not _by_kind(cmp, "renumbered") and not _by_kind(cmp, "added")
    ops = next(c for c in changed if c.label == "principles-consistency").text["ja"]
    assert ("insert", "、透明") in ops or any(op == "insert" and "透明" in t for op, t in ops)
    en = next(c for c in changed if c.label == "principles-consistency").text["en"]
    # Word-level: whole words are inserted, never parts of words.
    assert any(op == "insert" and "transparent" in t for op, t in en)


def _article_of(versions, label):
    for art in versions["words_changed"].doc.articles():
        if any(p.label == label for p in art.walk()):
            return art.label
    return None


def test_removed_article(versions):
    cmp = diff_documents(versions["base"].doc, versions["removed"].doc)
    assert [c.label for c in _by_kind(cmp, "removed")] == [bv.REMOVED_ARTICLE]
    assert not _by_kind(cmp, "changed") and not _by_kind(cmp, "added")
    assert _by_kind(cmp, "renumbered")


def test_moved_article(tmp_path):
    bill = copy_mini(tmp_path)
    before = load_version(str(bill))
    bv.edit(
        bill,
        "      - {label: purpose, template: purpose}\n      - {label: defs, template: defs}\n",
        "      - {label: defs, template: defs}\n      - {label: purpose, template: purpose}\n",
    )
    cmp = diff_documents(before.doc, load_version(str(bill)).doc)
    moved = {c.label for c in _by_kind(cmp, "moved")}
    assert moved and moved <= {"purpose", "defs"}
    assert not _by_kind(cmp, "changed")


PLAIN = """caption: 報告 | Reports

para
ja: 外務大臣は、毎年、報告書を作成する。
en: The Minister prepares a report every year.

para
ja: 報告書は、公表する。
en: The report is published.
"""


def test_paragraph_inserted_inside_an_article_aligns_by_text(tmp_path):
    bill = copy_mini(tmp_path)
    (bill.parent / "templates/mini/plain.j2").write_text(PLAIN, encoding="utf-8")
    bv.edit(
        bill,
        "      - {label: defs, template: defs}\n",
        "      - {label: defs, template: defs}\n      - {label: plain, template: plain}\n",
    )
    before = load_version(str(bill))
    # A paragraph inserted first: the unlabelled paragraphs' labels (plain.1, plain.2) shift.
    bv.edit(
        bill.parent / "templates/mini/plain.j2",
        "\npara\n",
        "\npara\nja: 外務大臣は、情報を収集する。\nen: The Minister collects information.\n"
        "\npara\n",
    )
    cmp = diff_documents(before.doc, load_version(str(bill)).doc)
    added = _by_kind(cmp, "added")
    assert [(c.unit, c.new.text["ja"]) for c in added] == [
        ("paragraph", "外務大臣は、情報を収集する。")
    ]
    assert not _by_kind(cmp, "changed") and not _by_kind(cmp, "removed")


def test_json_versions_give_the_same_diff(versions, tmp_path):
    outs = []
    for name in ("base", "inserted"):
        bill = versions[name].bill.path
        result = run_cli("build", bill, "-o", tmp_path / name, "--format", "json")
        assert result.exit_code == 0, result.output
        outs.append(str(tmp_path / name / "jp-magnitsky.json"))
    from_json = diff_documents(load_version(outs[0]).doc, load_version(outs[1]).doc)
    from_bill = diff_documents(versions["base"].doc, versions["inserted"].doc)
    assert from_json.summary() == from_bill.summary()


def test_cli_json_lists_every_change(versions):
    result = run_cli(
        "diff", versions["base"].bill.path, versions["removed"].bill.path, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"]["removed"] == 1
    for change in data["changes"]:
        assert {"label", "kind", "kinds", "old_number", "new_number", "text"} <= set(change)
    removed = next(c for c in data["changes"] if c["kind"] == "removed")
    assert removed["label"] == bv.REMOVED_ARTICLE and removed["new_number"] is None
    assert removed["text"]["ja"][0][0] == "delete"


def test_diff_against_origin_main_in_a_git_checkout(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    bill = bv.git_repo(repo)
    # origin/main has templates of its own, different from the ones installed with clausewise.
    bv.edit(
        repo / "templates/jp-magnitsky/principles.j2",
        "公正かつ一貫した基準",
        "公正、透明かつ一貫した基準",
    )
    bv.git(repo, "commit", "-qam", "principles")
    bv.git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    bv.edit(repo / "templates/jp-magnitsky/purpose.j2", "必要な事項を定める", "必要な事項を定め")
    (repo / "templates/jp-magnitsky/extra.j2").write_text(bv.NEW_ARTICLE, encoding="utf-8")
    bv.edit(
        bill,
        "      - {label: designation, template: designation}\n",
        "      - {label: designation, template: designation}\n"
        "      - {label: extra, template: extra}\n",
    )
    monkeypatch.chdir(repo)
    result = run_cli(
        "diff",
        "origin/main:drafts/jp-magnitsky.yaml",
        "drafts/jp-magnitsky.yaml",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["old"] == "origin/main:drafts/jp-magnitsky.yaml"
    kinds = {(c["label"], c["kind"]) for c in data["changes"]}
    assert ("extra", "added") in kinds
    # The template edit shows, so the old templates were read from origin/main.
    assert ("purpose.1", "changed") in kinds
    assert not any(label.startswith("principles") for label, _ in kinds)
    md = run_cli(
        "diff", "origin/main:drafts/jp-magnitsky.yaml", "drafts/jp-magnitsky.yaml", "--format", "md"
    )
    assert md.exit_code == 0 and "<ins>" in md.output


def test_unknown_revision_is_an_input_error(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    bv.git_repo(repo)
    monkeypatch.chdir(repo)
    result = run_cli("diff", "nope:drafts/jp-magnitsky.yaml", "drafts/jp-magnitsky.yaml")
    assert result.exit_code == 2 and "unknown revision" in result.output
    result = run_cli("diff", "origin/main:drafts/missing.yaml", "drafts/jp-magnitsky.yaml")
    assert result.exit_code == 2 and "no file" in result.output


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="指定外国人等の財産、。abc 12", max_size=40),
    st.text(alphabet="指定外国人等の財産、。abc 12", max_size=40),
    st.sampled_from(["ja", "en"]),
)
def test_ops_rebuild_both_texts(a, b, lang):
    ops = diff_text(a, b, lang)
    assert old_text(ops) == a and new_text(ops) == b
