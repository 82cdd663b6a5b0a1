"""Two e-Gov files of one law are versions: `diff` gives a redline and a 新旧対照表."""

from __future__ import annotations

import subprocess

import pytest
from clausewise.compare.review.versions import diff_documents, load_version

from tests.conftest import _missing
from tests.helpers import run_cli


@pytest.fixture(scope="module")
def egov_path(corpus_dir):
    files = sorted((corpus_dir / "jp" / "egov").glob("*.xml"))
    if not files:
        _missing("the e-Gov file of 行政手続法 in the corpus")
    return files[0]


def _revised(egov_path, tmp_path):
    text = egov_path.read_text(encoding="utf-8")
    text = text.replace(
        "申請者の求めに応じ、当該申請に係る審査",
        "申請者の求めに応じ、速やかに、当該申請に係る審査",
        1,
    )
    out = tmp_path / "revised.xml"
    out.write_text(text, encoding="utf-8")
    return out


def test_versions_of_a_law_differ_where_edited(egov_path, tmp_path):
    old = load_version(str(egov_path))
    new = load_version(str(_revised(egov_path, tmp_path)))
    cmp = diff_documents(old.doc, new.doc)
    assert [(c.label, c.kinds) for c in cmp.changes] == [("art-9.1", ["changed"])]


def test_diff_cli_redline_and_shinkyu(egov_path, tmp_path):
    new = _revised(egov_path, tmp_path)
    r = run_cli("diff", egov_path, new, "--format", "md")
    assert r.exit_code == 0, r.output
    assert "<ins>速やかに、</ins>" in r.output and "第九条" in r.output
    r = run_cli("diff", egov_path, new, "--format", "shinkyu", "-o", tmp_path / "t")
    assert r.exit_code == 0, r.output
    html = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert "速やかに、" in html and "第九条" in html
    assert (tmp_path / "t.docx").stat().st_size > 0


def test_git_revision_of_an_egov_file(egov_path, tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    law = repo / "law.xml"
    law.write_bytes(egov_path.read_bytes())

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@x", "add", "law.xml")
    git("-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "law")
    law.write_bytes(_revised(egov_path, tmp_path).read_bytes())
    old = load_version("HEAD:law.xml", repo)
    new = load_version("law.xml", repo)
    assert [c.label for c in diff_documents(old.doc, new.doc).changes] == ["art-9.1"]


def test_a_broken_egov_file_is_exit_2(egov_path, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Law/>')
    r = run_cli("diff", egov_path, bad, "--format", "md")
    assert r.exit_code == 2
    assert "bad.xml" in r.output and "entity" in r.output
