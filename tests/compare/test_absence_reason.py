"""One answer to "may this law be said to lack an element?": compare.coverage.absence_reason.

There were two: Instrument.unknown_reason (English phrases, used by the corpus commands)
and the coverage matrix's reason codes (used by the reports), and they disagreed: Canada's
Act, with provisions whose content is unknown, was "absence known" for one and `unknown`
for the other. Now the Instrument gives only facts and every cell the coverage matrix
leaves empty carries exactly the code absence_reason gives for its instrument.
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from clausewise.compare.corpus.instruments import Instrument, find_corpus, load_instrument
from clausewise.compare.corpus.loading import resolve_against
from clausewise.compare.coverage import (
    BLIND_REASONS,
    absence_reason,
    coverage_detail,
)
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.render import render_bill

from tests.helpers import import_us_test_law, run_cli


@pytest.fixture(scope="module")
def draft():
    return render_bill(load_bill("jp-magnitsky"))


def _empty_cells(doc, inst: Instrument) -> list[dict]:
    """The cells of this instrument alone where none of its provisions carries the key."""
    detail = coverage_detail(doc, [inst])
    return [row[inst.jurisdiction] for row in detail.values() if not row[inst.jurisdiction]["refs"]]


def test_instruments_give_facts_not_verdicts() -> None:
    for name in ("unknown_reason", "absence_known"):
        assert not hasattr(Instrument, name), f"Instrument.{name}: a second verdict"


def test_every_shipped_law_gets_the_reason_coverage_gives(draft, corpus_dir: Path) -> None:
    corpus = find_corpus(corpus_dir)
    seen = set()
    for inst_id in resolve_against(None, corpus):
        inst = load_instrument(inst_id, corpus)
        reason = absence_reason(inst)
        seen.add(reason)
        cells = _empty_cells(draft, inst)
        assert cells, inst_id
        for cell in cells:
            if reason is None:
                assert (cell["status"], cell["reason"]) == ("absent", "not_found"), inst_id
            else:
                assert (cell["status"], cell["reason"]) == ("unknown", reason), inst_id
    # The shipped corpus shows each kind: a partial text (the EU Decision), provisions of
    # unknown content (Canada's Act) and laws whose absence is known (the UK's).
    assert {None, "text_incomplete", "content_unknown"} <= seen


def test_recitals_and_placeholders(corpus_dir: Path) -> None:
    """The Regulation's copy lacks its recitals, which carry no rule: its absence is known.
    Canada's s. 17 and s. 18 print only "[Amendments]": their content is unknown."""
    corpus = find_corpus(corpus_dir)
    assert absence_reason(load_instrument("eu-reg-2020-1998", corpus)) is None
    ca = load_instrument("ca-jvcfoa-2017", corpus)
    assert absence_reason(ca) == "content_unknown"
    assert [e.label for e in ca.content_unknown()] == ["s-17", "s-18"]


def test_an_imported_map_is_unknown_until_reviewed(draft, tmp_path: Path) -> None:
    corpus = import_us_test_law(tmp_path)
    inst = load_instrument("us-test-2031", corpus)
    assert absence_reason(inst) == "map_unreviewed" and "map_unreviewed" in BLIND_REASONS
    assert {c["reason"] for c in _empty_cells(draft, inst)} == {"map_unreviewed"}
    path = corpus / "maps" / "us-test-2031.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("reviewed: false", "reviewed: true"),
        encoding="utf-8",
    )
    inst = load_instrument("us-test-2031", corpus)
    # Reviewed, its text whole and in the corpus: what it lacks is absent (its entries'
    # gap says only that they have no curated summary).
    assert absence_reason(inst) is None
    assert {c["status"] for c in _empty_cells(draft, inst)} == {"absent"}


def test_absent_names_the_texts_searched(corpus_dir: Path, tmp_path: Path) -> None:
    """Compared with the EU Regulation alone, the EU column says the travel ban is absent
    from the Regulation, naming it: the ban is in the Decision, which was not compared."""
    out = tmp_path / "eu"
    r = run_cli(
        "compare", "--against", "eu-reg-2020-1998", "--format", "json,html", "-o", out,
        "--corpus", corpus_dir,
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    report = json.loads((out / "jp-magnitsky.compare.json").read_text(encoding="utf-8"))
    cell = report["coverage"]["measures.travel_ban"]["eu"]
    regulation = "Council Regulation (EU) 2020/1998"
    assert (cell["status"], cell["reason"]) == ("absent", "not_found")
    assert cell["about"] == [regulation]
    page = lxml.html.fromstring((out / "jp-magnitsky.compare.html").read_bytes())
    row = page.xpath("//table[contains(@class,'matrix')]//tr[@data-elements='measures.travel_ban']")
    shown = row[0].xpath("./td[contains(@class,'col-eu')]")[0].text_content()
    assert "なし" in shown and regulation in shown
