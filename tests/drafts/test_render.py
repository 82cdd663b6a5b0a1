"""Rendering the small test bill: numbering, references, terms, options, `when`."""

import json

from clausewise.drafts.billfile import load_bill
from clausewise.drafts.render import render_bill

from tests.helpers import MINI, copy_mini


def _doc(path=MINI / "bill.yaml"):
    return render_bill(load_bill(str(path)))


def _text(doc, label, lang="ja"):
    return doc.find(label).text[lang]


def test_numbers_and_relative_references():
    doc = _doc()
    assert [a.number["ja"] for a in doc.articles()] == ["第一条", "第二条", "第三条", "第四条", ""]
    # defs refers to the next article by label: 次条 / "the following Article".
    assert "次条の規定により" in _text(doc, "defs.1")
    assert "under the following Article" in _text(doc, "defs.1", "en")
    # Same article, previous paragraph: 前項.
    assert _text(doc, "notice").startswith("外務大臣は、前項の規定による")
    assert "under the preceding paragraph" in _text(doc, "notice", "en")
    # Previous item of the same paragraph: 前号.
    assert _text(doc, "notice.2").startswith("前号に掲げる")
    # The preceding article's paragraph and a distant article.
    assert _text(doc, "penalty.1").startswith("前条第二項又は第二条に違反した者")
    en = _text(doc, "penalty.1", "en")
    assert "paragraph (2) of the preceding Article or Article 2" in en


def test_terms_and_definitions():
    doc = _doc()
    assert "「指定者」とは" in _text(doc, "defs.1")
    assert "\u201cdesignated person\u201d" in _text(doc, "defs.1", "en")
    assert "指定者に関し" in _text(doc, "purpose.1")
    assert set(doc.meta["definitions"]) == {"person"}


def test_option_changes_text_and_when_drops_article(tmp_path):
    bill = copy_mini(tmp_path)
    text = bill.read_text(encoding="utf-8").replace("years: 3", "years: 5\n  measures: [entry]")
    bill.write_text(text, encoding="utf-8")
    doc = _doc(bill)
    assert doc.find("penalty") is None  # when: "'freeze' in measures"
    bill.write_text(text.replace("[entry]", "[freeze]"), encoding="utf-8")
    doc = _doc(bill)
    assert "五年以下の拘禁刑" in _text(doc, "penalty.1")
    assert "not more than 5 years" in _text(doc, "penalty.1", "en")


def test_inserted_article_renumbers_references(tmp_path):
    bill = copy_mini(tmp_path)
    tdir = bill.parent / "templates" / "mini"
    (tdir / "scope.j2").write_text(
        "caption: 適用範囲 | Scope\npara\nja: {{ ref('penalty') }}の規定は、国外にも適用する。\n"
        "en: {{ ref('penalty') }} also applies outside Japan.\n",
        encoding="utf-8",
    )
    text = bill.read_text(encoding="utf-8")
    bill.write_text(
        text.replace(
            "      - {label: defs, template: defs}",
            "      - {label: defs, template: defs}\n      - {label: scope, template: scope}",
        ),
        encoding="utf-8",
    )
    doc = _doc(bill)
    assert [a.number["ja"] for a in doc.articles()][:5] == [
        "第一条",
        "第二条",
        "第三条",
        "第四条",
        "第五条",
    ]
    assert doc.find("penalty").number["ja"] == "第五条"
    assert _text(doc, "scope.1").startswith("第五条の規定は")
    # defs now stands two articles before designate: the relative form gives way to 第四条.
    assert "第四条の規定により" in _text(doc, "defs.1")
    assert "under Article 4" in _text(doc, "defs.1", "en")
    assert _text(doc, "penalty.1").startswith("前条第二項又は第二条に違反した者")


def test_branch_article(tmp_path):
    bill = copy_mini(tmp_path)
    text = bill.read_text(encoding="utf-8").replace(
        "{label: penalty, template: penalty,", "{label: penalty, template: penalty, branch: true,"
    )
    bill.write_text(text, encoding="utf-8")
    doc = _doc(bill)
    assert doc.find("penalty").number == {"ja": "第三条の二", "en": "Article 3-2"}


def test_json_contract(tmp_path):
    from tests.helpers import run_cli

    result = run_cli("build", MINI / "bill.yaml", "-o", tmp_path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "mini.json").read_text(encoding="utf-8"))
    assert set(data) >= {"bill", "title", "provisions"}
    assert data["title"] == {"ja": "指定者に関する法律案", "en": "Act on Designated Persons"}

    def check(p):
        assert set(p) >= {"kind", "label", "number", "caption", "text", "elements", "children"}
        assert p["kind"] in {
            "chapter",
            "article",
            "paragraph",
            "item",
            "subitem",
            "supplementary",
            "reason",
        }
        assert set(p["number"]) == {"ja", "en"} and set(p["text"]) == {"ja", "en"}
        assert p["label"]
        for c in p["children"]:
            check(c)

    for p in data["provisions"]:
        check(p)
    assert [p["kind"] for p in data["provisions"]] == [
        "chapter",
        "chapter",
        "supplementary",
        "reason",
    ]
