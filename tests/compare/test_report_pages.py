"""Every HTML report is a Jinja2 template of templates/reports/ with the one shared
stylesheet, and every bilingual label comes from templates/reports/labels.yaml."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import lxml.html
import pytest
import yaml
from clausewise.compare.review.redline import render as redline
from clausewise.compare.review.versions import diff_documents, load_version
from clausewise.drafts import reportkit
from clausewise.drafts.writers import render as write_bill

from tests import bill_versions as bv
from tests.helpers import copy_mini, run_cli

REPO = Path(__file__).resolve().parents[2]
CSS = (REPO / "templates" / "reports" / "report.css").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("pages")
    old = load_version(str(bv.base(tmp / "old"))).doc
    new = load_version(str(bv.words_changed(tmp / "new"))).doc
    cmp = diff_documents(old, new)
    out = {f"bill-{lang}": write_bill(new, "html", lang) for lang in ("ja", "en", "both")}
    for lang in ("ja", "en"):
        out[f"redline-{lang}"] = redline(cmp, "html", lang)
        out[f"shinkyu-{lang}"] = redline(cmp, "shinkyu.html", lang)
    return out


def _style(page: bytes) -> str:
    (style,) = lxml.html.fromstring(page).xpath("//style/text()")
    return style.strip()


def test_one_stylesheet_for_every_page(pages, tmp_path, corpus_dir):
    r = run_cli("compare", "--format", "html", "-o", tmp_path / "c.html", "--corpus", corpus_dir)
    assert r.exit_code == 0, r.output
    pages = {**pages, "compare": (tmp_path / "c.html").read_bytes()}
    for name, page in pages.items():
        assert _style(page) == CSS.strip(), name
        body = lxml.html.fromstring(page).xpath("//body")[0]
        assert name.split("-")[0] in body.get("class").split(), name


def test_no_css_or_html_page_in_python():
    """Pages are templates: no Python module carries a stylesheet or a page skeleton."""
    for path in REPO.glob("**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "bench" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value.lower()
                assert "<style" not in text and "<!doctype" not in text, path
                assert "font-family" not in text, path


def test_every_label_in_both_languages():
    data = yaml.safe_load((REPO / "templates/reports/labels.yaml").read_text(encoding="utf-8"))
    assert {"bill", "compare", "redline", "shinkyu", "check"} <= set(data)
    for section, entries in data.items():
        for key, value in (entries or {}).items():
            assert set(value) == {"ja", "en"}, (section, key)
            assert all(isinstance(v, str) and v.strip() for v in value.values()), (section, key)
    assert reportkit.labels("shinkyu", "ja")["new"] == "改正案"
    assert reportkit.labels("shinkyu", "fr")["new"] == "Proposed"  # other languages: English


def test_labels_come_from_the_file(pages):
    for lang in ("ja", "en"):
        for section, page in (
            ("redline", pages[f"redline-{lang}"]),
            ("shinkyu", pages[f"shinkyu-{lang}"]),
        ):
            text = lxml.html.fromstring(page).text_content()
            words = reportkit.labels(section, lang)
            # Two drafts: the 新旧対照表's old column is 修正前 (現行 is for a law in force).
            for key in ("old_draft" if section == "shinkyu" else "old", "new"):
                assert words[key] in text, (section, lang, key)
    heads = lxml.html.fromstring(pages["shinkyu-ja"]).xpath("//thead//th/text()")
    assert heads == ["改正案", "修正前"]


def test_hostile_text_is_escaped_in_redline_and_shinkyu(tmp_path):
    bill = copy_mini(tmp_path)
    old = load_version(str(bill)).doc
    bv.edit(
        bill.parent / "templates/mini/commence.j2",
        "施行する。",
        "施行する。<script>alert(1)</script></td><style>x</style>",
    )
    cmp = diff_documents(old, load_version(str(bill)).doc)
    for page in (redline(cmp, "html", "ja"), redline(cmp, "shinkyu.html", "ja")):
        tree = lxml.html.fromstring(page)
        assert not tree.xpath("//script") and len(tree.xpath("//style")) == 1
        assert "<script>alert(1)</script>" in tree.text_content()


def test_one_writer_signature_in_every_registry():
    """Every format of every registry is write(subject, lang, options) -> bytes."""
    from clausewise.compare import reports
    from clausewise.compare.review import redline as redlines
    from clausewise.drafts import writers

    for registry in (writers.WRITERS, reports.REPORTS, redlines.REDLINES):
        for fmt in registry.formats:
            params = list(inspect.signature(registry.writer(fmt)).parameters.values())
            assert [p.name for p in params][1:] == ["lang", "options"], (registry.package, fmt)
            assert params[2].default == writers.WriteOptions(), (registry.package, fmt)
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        writers.render(None, "pdf", "ja")
