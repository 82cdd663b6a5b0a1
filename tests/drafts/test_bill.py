"""The default bill and the effect of every policy option on its text."""

import json

import pytest
import yaml
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.render import render_bill
from clausewise.drafts.taxonomy import TOP_KEYS, top_key

from tests.helpers import REPO, run_cli

BASE = yaml.safe_load((REPO / "drafts" / "jp-magnitsky.yaml").read_text(encoding="utf-8"))


def render_with(tmp_path, **options):
    data = dict(BASE)
    data["options"] = {**BASE["options"], **options}
    path = tmp_path / f"bill-{len(list(tmp_path.iterdir()))}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return render_bill(load_bill(str(path)))


@pytest.fixture(scope="module")
def default_json(tmp_path_factory):
    out = tmp_path_factory.mktemp("json")
    result = run_cli("build", "-o", out, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads((out / "jp-magnitsky.json").read_text(encoding="utf-8"))


def _walk(provisions):
    for p in provisions:
        yield p
        yield from _walk(p["children"])


def test_default_bill_is_complete(default_json):
    chapters = [p for p in default_json["provisions"] if p["kind"] == "chapter"]
    articles = [a for c in chapters for a in c["children"] if a["kind"] == "article"]
    assert len(chapters) >= 4 and len(articles) >= 20
    kinds = [p["kind"] for p in default_json["provisions"]]
    assert "supplementary" in kinds and kinds[-1] == "reason"
    reason = default_json["provisions"][-1]["text"]
    assert reason["ja"].endswith("これが、この法律案を提出する理由である。")
    assert reason["en"]
    tagged = {top_key(e) for p in _walk(default_json["provisions"]) for e in p["elements"]}
    assert set(TOP_KEYS) <= tagged, set(TOP_KEYS) - tagged
    for p in _walk(default_json["provisions"]):
        if p["kind"] in ("paragraph", "item", "subitem"):
            assert p["text"]["ja"].strip() and p["text"]["en"].strip(), p["label"]


def test_japanese_drafting_conventions(default_json):
    text = "\n".join(p["text"]["ja"] for p in _walk(default_json["provisions"]))
    assert "懲役" not in text and "禁錮" not in text and "拘禁刑" in text
    assert "官報" in text
    assert "行為者を罰するほか、その法人に対して" in text  # the 両罰規定
    assert not any(ch.isascii() and ch.isdigit() for ch in text)  # kanji numerals only
    chapters = [p for p in default_json["provisions"] if p["kind"] == "chapter"]
    assert chapters[0]["caption"]["ja"] == "総則"
    assert chapters[-1]["caption"]["ja"] == "罰則"


def _text(doc, label, lang="ja"):
    p = doc.find(label)
    assert p is not None, label
    return p.text[lang]


def _all(doc, lang="ja"):
    return "\n".join(p.text.get(lang, "") for p in doc.walk())


# Each option: an alternative value, and what it should do to the text.
def test_grounds(tmp_path):
    base, alt = render_with(tmp_path), render_with(tmp_path, grounds=["human_rights"])
    assert "重大腐敗行為" in _all(base) and "重大腐敗行為" not in _all(alt)
    assert "corruption" in _all(base, "en").lower()
    assert alt.find("def-foreign-official") is None


def test_rights(tmp_path):
    alt = render_with(tmp_path, rights=["life", "torture"])
    assert alt.find("right-slavery") is None and alt.find("right-life") is not None
    assert "強制労働" not in _all(alt)


@pytest.mark.parametrize(
    "value,ja,en",
    [
        ("prime_minister", "内閣総理大臣は、", "Prime Minister"),
        ("npsc", "国家公安委員会は、", "National Public Safety Commission"),
    ],
)
def test_designating_minister(tmp_path, value, ja, en):
    alt = render_with(tmp_path, designating_minister=value)
    assert _text(alt, "designation-power").startswith(ja)
    assert en in _text(alt, "designation-power", "en")
    assert _text(render_with(tmp_path), "designation-power").startswith("外務大臣は、")


def test_consulted_ministers(tmp_path):
    alt = render_with(tmp_path, consulted_ministers=["finance"])
    assert "あらかじめ、財務大臣に協議しなければならない" in _text(alt, "designation-consultation")
    none = render_with(tmp_path, consulted_ministers=[])
    assert none.find("designation-consultation") is None


@pytest.mark.parametrize(
    "value,ja",
    [
        ("reasonable_grounds_to_suspect", "疑うに足りる相当な理由"),
        ("reasonable_grounds_to_believe", "信ずるに足りる相当な理由"),
        ("credible_evidence", "信用するに足りる証拠"),
    ],
)
def test_evidentiary_standard(tmp_path, value, ja):
    assert ja in _text(render_with(tmp_path, evidentiary_standard=value), "designation-power")


def test_measures(tmp_path):
    alt = render_with(tmp_path, measures=["asset_freeze"])
    assert alt.find("making-available") is None and alt.find("entry-refusal") is None
    assert "上陸の拒否" not in _text(alt, "purpose.1")
    assert "上陸の拒否" in _text(render_with(tmp_path), "purpose.1")


def test_licence_grounds(tmp_path):
    alt = render_with(tmp_path, licence_grounds=["basic_needs"])
    assert alt.find("licence-legal-fees") is None and alt.find("licence-basic-needs") is not None


def test_delisting_on_request(tmp_path):
    base = render_with(tmp_path)
    alt = render_with(tmp_path, delisting_on_request=False)
    assert base.find("delisting-request") and alt.find("delisting-request") is None
    assert "九十日以内" in _text(base, "delisting-request-deadline")
    assert "六十日以内" in _text(
        render_with(tmp_path, delisting_decision_days=60), "delisting-request-deadline"
    )


def test_periodic_review(tmp_path):
    base = render_with(tmp_path)
    five = render_with(tmp_path, periodic_review_years=5)
    assert "三年" in base.find("validity").all_text("ja")
    assert "五年" in five.find("validity").all_text("ja")
    assert render_with(tmp_path, periodic_review_years=None).find("validity") is None


def test_diet_reports(tmp_path):
    assert "毎年二回" in _text(render_with(tmp_path, diet_reports="semiannual"), "diet-report-duty")
    assert "毎年二回" not in _text(render_with(tmp_path), "diet-report-duty")
    assert render_with(tmp_path, diet_reports="none").find("diet-report-duty") is None


def test_diet_committee_requests(tmp_path):
    base = render_with(tmp_path)
    assert "百二十日以内" in _text(base, "committee-request-answer")
    assert render_with(tmp_path, diet_committee_requests=False).find("committee-request") is None
    alt = render_with(tmp_path, diet_committee_response_days=60)
    assert "六十日以内" in _text(alt, "committee-request-answer")


def test_civil_society_input(tmp_path):
    alt = render_with(tmp_path, civil_society_input=False)
    assert alt.find("information-anyone") is None
    assert "提案" not in _text(alt, "designation-factors.4")


def test_victim_support(tmp_path):
    assert render_with(tmp_path, victim_support=False).find("victims") is None


def test_penalties(tmp_path):
    alt = render_with(tmp_path, penalty_prison_years=7, penalty_fine_yen=5_000_000)
    assert "七年以下の拘禁刑若しくは五百万円以下の罰金" in _text(alt, "offence-main-penalty")
    assert "imprisonment for not more than 7 years" in _text(alt, "offence-main-penalty", "en")
    base = render_with(tmp_path)
    assert "一億円" in base.find("dual-liability").all_text("ja")
    plain = render_with(tmp_path, corporate_fine_yen=None)
    assert "一億円" not in plain.find("dual-liability").all_text("ja")
    assert "各本条の罰金刑" in plain.find("dual-liability").all_text("ja")


def test_commencement_review_and_sunset(tmp_path):
    alt = render_with(tmp_path, commencement_months=12, review_clause_years=5, sunset_years=10)
    assert "十二月を経過した日から施行する" in _text(alt, "commencement-date")
    assert "施行後五年を目途" in _text(alt, "review-act")
    assert alt.find("suppl-sunset") is not None
    assert "十年" in alt.find("suppl-sunset").all_text("ja")
    assert render_with(tmp_path).find("suppl-sunset") is None


def test_second_bill_makes_different_choices():
    doc = render_bill(load_bill("jp-magnitsky-hr-only"))
    text = _all(doc)
    assert "重大腐敗行為" not in text and "腐敗" not in doc.title["ja"]
    assert "信用するに足りる証拠" in _text(doc, "designation-power")
    assert doc.find("making-available") is None
    assert doc.find("suppl-sunset") is not None


def test_amending_provision_keeps_its_lines(tmp_path):
    """改め文: the amending sentence, then each amendment on a line of its own."""
    doc = render_with(tmp_path)
    lines = _text(doc, "immigration-amendment").split("\n")
    assert lines[0].endswith("の一部を次のように改正する。")
    assert lines[1] == "\u3000第五条第一項第十三号の次に次の一号を加える。"
    assert lines[2].startswith("\u3000十三の二\u3000")
    assert len(_text(doc, "immigration-amendment", "en").split("\n")) == 3
