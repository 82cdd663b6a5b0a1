"""Statuses an aide can trust, and gaps at every level of the taxonomy, on the real corpus.

The default bill against the shipped laws: an `absent` cell only where a complete,
reviewed text was searched; `unknown` with its reason where the corpus cannot tell (the
EU Decision is held in part; Canada's s. 18 is an amendment whose text is not in the
consolidation); sub-element gaps listed with citations in both directions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from clausewise.compare.corpus.instruments import find_corpus
from clausewise.compare.corpus.loading import load_instruments, resolve_against
from clausewise.drafts.taxonomy import TOP_KEYS

from tests.helpers import copy_default, run_cli


def _json(tmp: Path, *args: str) -> dict:
    out = tmp / "report.json"
    r = run_cli("compare", *args, "--format", "json", "-o", out)
    assert r.exit_code == 0, r.output
    return json.loads(out.read_text(encoding="utf-8"))


def _number(report: dict, label: str) -> str:
    """The Japanese number of a draft article, as the report gives it (第十四条)."""
    a = next(a for a in report["alignments"] if a["draft"] == label)
    assert a["number"]["ja"].startswith("第") and a["number"]["ja"].endswith("条")
    return a["number"]["ja"]


@pytest.fixture(scope="module")
def report(tmp_path_factory, corpus_dir):
    return _json(tmp_path_factory.mktemp("statuses"), "--corpus", str(corpus_dir))


@pytest.fixture(scope="module")
def instruments(corpus_dir):
    corpus = find_corpus(corpus_dir)
    insts, _ = load_instruments(resolve_against(None, corpus), corpus)
    return insts


def test_every_cell_has_a_status_and_a_reason_in_both_languages(report):
    legend = report["statuses"]
    for s in ("present", "partial", "unknown", "absent"):
        assert legend[s]["ja"] and legend[s]["en"] and legend[s]["meaning_ja"]
    for row in report["coverage"].values():
        for cell in row.values():
            assert cell["status"] in ("present", "partial", "unknown", "absent")
            words = legend[f"reason_{cell['reason']}"]
            assert words["ja"] and words["en"]


def test_no_absent_cell_rests_on_missing_text_or_map(report, instruments):
    by_j: dict[str, list] = {}
    for i in instruments:
        by_j.setdefault(i.jurisdiction, []).append(i)
    for key, row in report["coverage"].items():
        for j, cell in row.items():
            if j == "draft" or cell["status"] != "absent":
                continue
            assert cell["reason"] == "not_found", (key, j)
            # Absent only where every instrument of the law is whole, reviewed and known.
            for inst in by_j[j]:
                assert inst.text_complete and inst.reviewed, (key, j, inst.id)
                assert not inst.content_unknown(), (key, j, inst.id)


def test_travel_bans_the_corpus_cannot_rule_out_are_unknown(report):
    row = report["coverage"]["measures.travel_ban"]
    assert row["uk"]["status"] == "present"
    # The EU Decision (the travel ban's instrument) is in the corpus only in part.
    assert row["eu"]["status"] == "unknown"
    assert row["eu"]["status"] != "absent"
    eu_why = row["eu"].get("about", []) + row["eu"]["citations"]
    assert any("2020/1999" in a for a in eu_why) or row["eu"]["reason"] == "unverified"
    # Canada's entry ban sits in s. 18, an amendment of the IRPA not in the consolidation.
    assert row["ca"]["status"] in ("present", "unknown")
    if row["ca"]["status"] == "unknown":
        assert any("s. 18" in a for a in row["ca"].get("about", []))


def test_sub_element_gaps_both_ways_with_citations(report):
    gaps = report["gaps"]
    groups = {g["element"]: g for g in gaps["not_in_draft"]}
    assert list(groups) == [k for k in TOP_KEYS if k in groups]  # in taxonomy order
    items = {i["element"]: i for g in gaps["not_in_draft"] for i in g["items"]}
    # The draft has offences, delisting and reports to the Diet, but no civil monetary
    # penalties, no delisting from a UN list, no independent reviewer: sub-elements of
    # elements it does have, which a top-level comparison never showed.
    for key, law in (
        ("enforcement.offences.monetary_penalties", "uk"),
        ("review.delisting.un_list", "uk"),
        ("oversight.parliament.independent_review", "uk"),
        ("coordination.un", "uk"),
    ):
        assert key in items, key
        assert law in items[key]["jurisdictions"]
        cites = items[key]["citations"][law]
        assert cites and all(c.startswith(("SI ", "2018 c. 13")) for c in cites), cites
        assert report["coverage"][key.rsplit(".", 1)[0]]["draft"]["status"] == "present"
    # Each item sits under its own top element.
    for g in gaps["not_in_draft"]:
        for i in g["items"]:
            assert i["element"] == g["element"] or i["element"].startswith(g["element"] + ".")
    # The other way: what the draft has and no law is known to have, with the draft's
    # articles, cited as the bill cites them.
    only = {i["element"]: i for g in gaps["only_in_draft"] for i in g["items"]}
    assert "measures.other.victim_support" in only
    victims = _number(report, "victims")
    assert only["measures.other.victim_support"]["citations_ja"] == [victims]
    assert only["measures.other.victim_support"]["labels"] == ["victims"]
    transitional = only.get("final.transitional")
    assert transitional and "附則第二条" in transitional["citations_ja"]


def test_supplementary_articles_cited_and_labelled_right(report):
    numbers = {a["draft"]: a["number"] for a in report["alignments"] if a["level"] == "article"}
    assert numbers["suppl-commencement"] == {
        "ja": "附則第一条",
        "en": "Supplementary Provisions, Article 1",
    }
    assert numbers["purpose"]["ja"] == "第一条"
    final = report["coverage"]["final"]["draft"]
    # Each citation goes with its own label: Article 1 is `purpose`, not the commencement.
    pairs = dict(zip(final["labels"], final["citations_ja"], strict=True))
    assert pairs.get("suppl-commencement") == "附則第一条"
    assert all(
        not (lab.startswith("suppl-") and not c.startswith("附則")) for lab, c in pairs.items()
    )
    purpose = report["coverage"]["purpose"]["draft"]
    assert dict(zip(purpose["labels"], purpose["citations_ja"], strict=True))["purpose"] == "第一条"


def test_waiver_of_an_element_the_draft_has_is_a_contradiction(tmp_path, corpus_dir):
    bill = copy_default(tmp_path)
    extra = {
        "compare": {
            "waive": {
                "measures.asset_freeze": "Said to be left to the FEFTA.",
                "review.delisting.un_list": "Left to the FEFTA listing rules.",
            }
        }
    }
    bill.write_text(
        bill.read_text(encoding="utf-8") + "\n" + yaml.safe_dump(extra, allow_unicode=True),
        encoding="utf-8",
    )
    r = _json(tmp_path, str(bill), "--corpus", str(corpus_dir))
    contra = {c["element"]: c for c in r["gaps"]["contradictions"]}
    assert list(contra) == ["measures.asset_freeze"]
    assert _number(r, "asset-freeze") in contra["measures.asset_freeze"]["citations_ja"]
    assert "asset-freeze" in contra["measures.asset_freeze"]["labels"]
    # The honest waiver (the draft has no UN-list delisting) moves the gap away.
    items = {i["element"] for g in r["gaps"]["not_in_draft"] for i in g["items"]}
    assert "review.delisting.un_list" not in items
    assert {w["element"] for w in r["gaps"]["waived"]} == set(extra["compare"]["waive"])


def test_absent_where_a_whole_reviewed_text_was_searched(tmp_path, corpus_dir):
    # The human-rights regulations alone: complete, reviewed, every provision known. What
    # they lack is absent, said so, and not dressed up as unknown.
    r = _json(tmp_path, "--against", "uk-ghr-2020", "--corpus", str(corpus_dir))
    cell = r["coverage"]["grounds.corruption"]["uk"]
    assert (cell["status"], cell["reason"]) == ("absent", "not_found")
    assert r["coverage"]["measures.asset_freeze"]["uk"]["status"] == "present"
