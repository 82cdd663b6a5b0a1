"""The comparator: alignment, coverage and gaps, corrections from the bill file, --against."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from clausewise.compare.corpus import instruments
from clausewise.drafts.taxonomy import TOP_KEYS

from tests.helpers import REPO, copy_default, import_us_test_law, run_cli


def _json(tmp: Path, *args: str) -> dict:
    out = tmp / "report.json"
    r = run_cli("compare", *args, "--format", "json", "-o", out)
    assert r.exit_code == 0, r.output
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def default_report(tmp_path_factory, corpus_dir):
    return _json(tmp_path_factory.mktemp("cmp"), "--corpus", str(corpus_dir))


@pytest.fixture(scope="module")
def hr_only_report(tmp_path_factory, corpus_dir):
    return _json(
        tmp_path_factory.mktemp("cmp-hr"), "jp-magnitsky-hr-only", "--corpus", str(corpus_dir)
    )


def _article(report: dict, label: str) -> dict:
    return next(a for a in report["alignments"] if a["draft"] == label)


def _pairs(report: dict, label: str) -> set[tuple[str, str]]:
    return {(m["instrument"], m["label"]) for m in _article(report, label)["matches"]}


def test_json_contract(default_report):
    r = default_report
    assert r["bill"] == "jp-magnitsky"
    assert set(r) >= {"bill", "against", "coverage", "alignments", "gaps"}
    assert "uk-ghr-2020" in r["against"] and "ca-jvcfoa-2017" in r["against"]
    for a in r["alignments"]:
        assert a["level"] in ("article", "paragraph")
        for m in a["matches"]:
            assert set(m) >= {"instrument", "citation", "score", "elements", "explanation"}
            assert 0 < m["score"] <= 1 and m["explanation"]
    # Every article and every paragraph of the draft is aligned.
    levels = {a["level"] for a in r["alignments"]}
    assert levels == {"article", "paragraph"}
    assert len([a for a in r["alignments"] if a["level"] == "article"]) == 40


def test_alignment_finds_the_obvious_counterparts(default_report):
    assert ("uk-ghr-2020", "reg-6") in _pairs(default_report, "designation")
    assert ("uk-ghr-2020", "reg-11") in _pairs(default_report, "asset-freeze")
    assert ("uk-ghr-2020", "reg-17") in _pairs(default_report, "entry-refusal")
    assert ("ca-jvcfoa-2017", "s-11") in _pairs(default_report, "offence-main")
    m = next(
        m
        for m in _article(default_report, "designation")["matches"]
        if m["label"] == "reg-6" and m["instrument"] == "uk-ghr-2020"
    )
    assert "designation.standard" in m["elements"]
    assert "shared elements" in m["explanation"]


def test_alignment_is_deterministic(default_report, tmp_path, corpus_dir):
    again = _json(tmp_path, "--corpus", str(corpus_dir))
    assert again == default_report


def test_wording_diff_and_summaries(default_report):
    art = _article(default_report, "asset-freeze")
    uk = next(m for m in art["matches"] if m["instrument"] == "uk-ghr-2020")
    w = uk["wording"]
    assert w["source"] == "text"
    if w["diffed"]:
        kinds = {op for op, _ in w["ops"]}
        assert "equal" in kinds and kinds <= {"equal", "insert", "delete"}
    # EU provisions without text in the corpus are shown by their summary, marked so.
    eu = [
        m
        for a in default_report["alignments"]
        if a["level"] == "article"
        for m in a["matches"]
        if m["instrument"].startswith("eu-")
    ]
    assert any(m["wording"]["source"] == "summary" for m in eu)


def test_every_element_has_a_row_with_uk_eu_ca(default_report):
    cov = default_report["coverage"]
    assert list(cov) == list(TOP_KEYS)
    for key, row in cov.items():
        for j in ("draft", "uk", "eu", "ca", "jp"):
            cell = row[j]
            assert cell["status"] in ("present", "partial", "unknown", "absent"), (key, j)
            assert isinstance(cell["citations"], list) and cell["reason"], (key, j)
            if cell["status"] in ("present", "partial"):
                assert cell["citations"], (key, j)
            if cell["status"] == "unknown":
                # Either the provisions that might carry it, or what the corpus lacks.
                assert cell["citations"] or cell["about"], (key, j)
    assert cov["measures.asset_freeze"]["uk"]["status"] == "present"
    # Cited to the paragraph that carries the rule where the map pinpoints it (reg. 11(1)).
    cites = cov["measures.asset_freeze"]["uk"]["citations"]
    assert any(re.fullmatch(r"SI 2020/680 reg\. 11(\(\d+\))?", c) for c in cites), cites


def test_hr_only_bill_lacks_corruption(hr_only_report):
    row = hr_only_report["coverage"]["grounds.corruption"]
    assert row["draft"]["status"] == "absent"
    assert row["uk"]["status"] == "present"
    assert any(c.startswith("SI 2021/488") for c in row["uk"]["citations"])  # GAC
    assert row["ca"]["status"] == "present"
    gap = next(
        g for g in hr_only_report["gaps"]["not_in_draft"] if g["element"] == "grounds.corruption"
    )
    assert {"uk", "ca"} <= set(gap["jurisdictions"])


def test_default_bill_has_corruption(default_report):
    assert default_report["coverage"]["grounds.corruption"]["draft"]["status"] == "present"
    assert all(g["element"] != "grounds.corruption" for g in default_report["gaps"]["not_in_draft"])


def _bill_with(tmp_path: Path, compare: dict) -> Path:
    bill = copy_default(tmp_path)
    data = bill.read_text(encoding="utf-8")
    bill.write_text(
        data + "\n" + yaml.safe_dump({"compare": compare}, allow_unicode=True), encoding="utf-8"
    )
    return bill


def test_pin_forbid_waive_change_the_report(tmp_path, corpus_dir, default_report):
    assert ("uk-samla-2018", "s-44") not in _pairs(default_report, "purpose")
    assert ("uk-ghr-2020", "reg-11") in _pairs(default_report, "asset-freeze")
    bill = _bill_with(
        tmp_path,
        {
            "pin": {"purpose": [{"match": "uk-samla-2018 s. 44", "reason": "for the test"}]},
            "forbid": {"asset-freeze": ["uk-ghr-2020 reg-11"]},
            "waive": {"review.judicial": "Left to the Administrative Case Litigation Act."},
        },
    )
    r = _json(tmp_path, str(bill), "--corpus", str(corpus_dir))
    pinned = [m for m in _article(r, "purpose")["matches"] if m["label"] == "s-44"]
    assert pinned and pinned[0]["pinned"] and "for the test" in pinned[0]["explanation"]
    assert ("uk-ghr-2020", "reg-11") not in _pairs(r, "asset-freeze")
    waived = r["gaps"]["waived"]
    assert waived == [
        {
            "element": "review.judicial",
            "reason": "Left to the Administrative Case Litigation Act.",
            "jurisdictions": waived[0]["jurisdictions"],
            "draft": waived[0]["draft"],
        }
    ]
    kinds = {c["kind"] for c in r["corrections"]}
    assert kinds == {"pin", "forbid", "waive"}


def test_waiver_moves_a_gap(tmp_path, corpus_dir):
    bill = tmp_path / "hr.yaml"
    src = (REPO / "drafts" / "jp-magnitsky-hr-only.yaml").read_text(encoding="utf-8")
    bill.write_text(
        src.replace("templates: jp-magnitsky", f"templates: {REPO}/templates/jp-magnitsky")
        + "\ncompare:\n  waive:\n"
        "    grounds.corruption: Corruption is a matter for another bill.\n",
        encoding="utf-8",
    )
    r = _json(tmp_path, str(bill), "--corpus", str(corpus_dir))
    assert all(g["element"] != "grounds.corruption" for g in r["gaps"]["not_in_draft"])
    assert r["gaps"]["waived"][0]["reason"] == "Corruption is a matter for another bill."


def test_pinned_match_is_never_dropped(tmp_path, corpus_dir):
    # A pin to a provision with nothing in common still appears, at article and paragraph.
    bill = _bill_with(
        tmp_path,
        {
            "pin": {
                "cabinet-order": ["uk-ghr-2020 reg. 17"],
                "notice-gazette": ["ca-jvcfoa-2017 s. 3"],
            }
        },
    )
    r = _json(tmp_path, str(bill), "--corpus", str(corpus_dir))
    assert ("uk-ghr-2020", "reg-17") in _pairs(r, "cabinet-order")
    assert ("ca-jvcfoa-2017", "s-3") in _pairs(r, "notice-gazette")
    # Pinned to an instrument left out by --against: said so, not dropped silently.
    r2 = run_cli(
        "compare",
        str(bill),
        "--against",
        "eu",
        "--format",
        "json",
        "-o",
        tmp_path / "eu.json",
        "--corpus",
        str(corpus_dir),
    )
    assert r2.exit_code == 0
    notes = json.loads((tmp_path / "eu.json").read_text(encoding="utf-8"))["notes"]
    assert any("uk-ghr-2020 reg. 17" in n and "--against" in n for n in notes)


@pytest.mark.parametrize(
    "compare, message",
    [
        ({"pin": {"no-such-article": ["uk-ghr-2020 reg. 6"]}}, "no article or paragraph"),
        ({"pin": {"designation": ["uk-xyz reg. 6"]}}, "unknown instrument 'uk-xyz'"),
        ({"forbid": {"designation": ["uk-ghr-2020 reg. 99"]}}, "has no provision 'reg. 99'"),
        ({"waive": {"grounds.nothing": "x"}}, "not an element"),
        ({"waive": {"review.judicial": ""}}, "needs a reason"),
        ({"pinn": {}}, "unknown key 'pinn'"),
    ],
)
def test_bad_corrections_name_file_and_line(tmp_path, corpus_dir, compare, message):
    bill = _bill_with(tmp_path, compare)
    r = run_cli(
        "compare",
        str(bill),
        "--format",
        "json",
        "-o",
        tmp_path / "x.json",
        "--corpus",
        str(corpus_dir),
    )
    assert r.exit_code == 2
    assert message in r.output
    assert f"{bill}:" in r.output  # file and line
    assert not (tmp_path / "x.json").exists()


def test_against_selects_and_rejects(tmp_path, corpus_dir):
    r = _json(tmp_path, "--against", "uk,ca-jvcfoa-2017", "--corpus", str(corpus_dir))
    assert r["against"] == ["uk-gac-2021", "uk-ghr-2020", "uk-samla-2018", "ca-jvcfoa-2017"]
    assert set(next(iter(r["coverage"].values()))) == {"draft", "uk", "ca"}
    bad = run_cli("compare", "--against", "zz", "--format", "json", "-o", tmp_path / "z.json")
    assert bad.exit_code == 2 and "neither a jurisdiction" in bad.output


def test_law_added_to_the_corpus_is_usable_at_once(tmp_path, corpus_dir):
    # What `corpus import` leaves behind: a map under <corpus>/maps/<id>.yaml. The import
    # command is another engineer's work; placing the map by hand tests the comparator side.
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    (corpus / "maps").mkdir(exist_ok=True)
    data = yaml.safe_load(
        (REPO / "compare" / "corpus" / "maps" / "uk-ghr-2020.yaml").read_text("utf-8")
    )
    data["id"], data["jurisdiction"] = "au-magnitsky-2021", "au"
    (corpus / "maps" / "au-magnitsky-2021.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    r = _json(tmp_path, "--against", "au", "--corpus", str(corpus))
    assert r["against"] == ["au-magnitsky-2021"]
    assert r["coverage"]["measures.asset_freeze"]["au"]["status"] == "present"
    assert ("au-magnitsky-2021", "reg-11") in _pairs(r, "asset-freeze")
    r2 = _json(tmp_path, "--against", "uk,au-magnitsky-2021", "--corpus", str(corpus))
    assert set(next(iter(r2["coverage"].values()))) == {"draft", "uk", "au"}


def test_maps_only_without_corpus(tmp_path, monkeypatch):
    monkeypatch.delenv("CLAUSEWISE_CORPUS", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "nocache"))
    monkeypatch.setattr(instruments, "CHECKOUT_CORPUS", tmp_path / "no-shared" / "corpus")
    r = _json(tmp_path, "--against", "uk")
    # The note names every place looked at.
    assert any(
        n.startswith("no corpus folder (looked at CLAUSEWISE_CORPUS: not set; ")
        and f"beside the checkout: {tmp_path / 'no-shared' / 'corpus'}; " in n
        and f"user cache: {tmp_path / 'nocache' / 'clausewise' / 'corpus'})" in n
        for n in r["notes"]
    ), r["notes"]
    m = _article(r, "designation")["matches"]
    assert m and all(x["wording"]["source"] == "summary" for x in m)


def test_corpus_import_then_against(tmp_path):
    # The real route: `clausewise corpus import` writes the text and its map into the corpus
    # folder, and `compare --against` takes the new jurisdiction code or id at once.
    corpus = import_us_test_law(tmp_path)
    report = _json(tmp_path, "--against", "us", "--corpus", str(corpus))
    assert report["against"] == ["us-test-2031"]
    assert set(next(iter(report["coverage"].values()))) == {"draft", "us"}
    assert ("us-test-2031", "s-3") in _pairs(report, "licences")
    # An imported map is unreviewed until an aide reviews it: nothing it says or omits is
    # more than unknown, and the reason says why.
    cells = [row["us"] for row in report["coverage"].values()]
    assert {c["status"] for c in cells} == {"unknown"}
    assert {c["reason"] for c in cells} == {"map_unreviewed"}
