"""Complementary cover (compare.align, Params.complement_min): the relative cut-off drops
alternatives to an article's best match, not a provision that does another part of the
article's job; and wording alone makes a match only against the law's own words
(Params.summary_text_only)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from clausewise.compare import align
from clausewise.compare.corpus.loading import shipped_instruments
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.render import render_bill

NO_COMPLEMENT = replace(align.DEFAULT, complement_min=None)


@pytest.fixture(scope="module")
def aligned(corpus_dir: Path):
    """The default bill against the shipped laws, with and without complementary cover."""
    doc = render_bill(load_bill("jp-magnitsky"))
    insts = shipped_instruments(corpus_dir)

    def run(p: align.Params) -> list[align.Alignment]:
        return align.align(doc, insts, params=p)

    return {"on": run(align.DEFAULT), "off": run(NO_COMPLEMENT), "run": run}


def kept(alignments, article: str, inst: str, level: str = "article") -> dict[str, align.Match]:
    return {
        m.label: m
        for a in alignments
        if a.label == article and a.unit.level == level
        for m in a.matches
        if m.instrument == inst
    }


def test_the_circumvention_regulation_stands_beside_the_freeze(aligned) -> None:
    """GHR reg. 16 (circumventing the prohibitions) does what the freeze article's
    circumvention paragraph does, which reg. 11 (the freeze) does not: it was dropped
    under 0.7 x reg. 11's score, and is kept now."""
    on = kept(aligned["on"], "asset-freeze", "uk-ghr-2020")
    off = kept(aligned["off"], "asset-freeze", "uk-ghr-2020")
    assert "reg-11" in off and "reg-16" not in off
    assert {"reg-11", "reg-16"} <= set(on)
    assert on["reg-16"].score < align.DEFAULT.relative * on["reg-11"].score
    assert "enforcement.offences.circumvention" in on["reg-16"].subkeys


def test_a_complement_may_score_below_min_score(aligned) -> None:
    """The licensing offences (GHR reg. 23) beside the penalties (reg. 32) for the main
    offence article, whose paragraph (2) punishes a licence got by deception."""
    on = kept(aligned["on"], "offence-main", "uk-ghr-2020")
    assert "reg-23" not in kept(aligned["off"], "offence-main", "uk-ghr-2020")
    assert {"reg-32", "reg-23"} <= set(on)
    assert align.DEFAULT.complement_min <= on["reg-23"].score < align.DEFAULT.min_score


def test_a_provision_doing_the_part_another_way_is_no_complement(aligned) -> None:
    """EU Art. 5 allows humanitarian payments by licence; the exemptions article exempts
    humanitarian acts outright. Its primary function is the humanitarian paragraph's
    sub-key and it scores enough, but it names exceptions.licences, which the article does
    not: it is the licensing article's counterpart, not this one's."""
    run = aligned["run"]
    low = replace(align.DEFAULT, min_score=0.3, relative=0.0, complement_min=None)
    art5 = kept(run(low), "exemptions", "eu-reg-2020-1998")["art-5"]
    assert art5.score >= align.DEFAULT.complement_min
    assert "exceptions.humanitarian" in art5.subkeys
    on = kept(aligned["on"], "exemptions", "eu-reg-2020-1998")
    assert "art-8" in on and "art-5" not in on


def test_nothing_complements_an_instrument_with_no_match(aligned) -> None:
    """The EU Decision's Annex (the list) is a part of the notice article, but the Decision
    has no match for it at min_score: a complement needs something to complement, however
    low complement_min is."""
    run = aligned["run"]
    low = replace(align.DEFAULT, min_score=0.2, relative=0.0, complement_min=None)
    annex = kept(run(low), "notice", "eu-dec-2020-1999")["annex"]
    assert "designation.publication.list" in annex.subkeys
    assert annex.score < align.DEFAULT.min_score
    loose = replace(align.DEFAULT, complement_min=annex.score - 0.01)
    assert kept(run(loose), "notice", "eu-dec-2020-1999") == {}


def test_paragraphs_are_single_parts(aligned) -> None:
    """A paragraph's tags all weigh 1: it has no parts, and keeps what it kept without
    complementary cover."""

    def paragraphs(alignments):
        return [
            (a.label, [(m.instrument, m.label) for m in a.matches])
            for a in alignments
            if a.unit.level == "paragraph"
        ]

    assert paragraphs(aligned["on"]) == paragraphs(aligned["off"])
    # ... while articles do gain complements.
    assert sum(len(a.matches) for a in aligned["on"]) > sum(len(a.matches) for a in aligned["off"])


def test_kept_scores_without_complement_is_the_relative_cut() -> None:
    """kept_scores, the selection _select and the bench share, on scores alone: by
    instrument in order, best first; the relative cut; pinned kept, forbidden dropped."""

    class Inst:
        def __init__(self, id_: str) -> None:
            self.id = id_

    class Entry:
        def __init__(self, label: str) -> None:
            self.label, self.elements = label, []

    class Ref:
        def __init__(self, inst: str, label: str) -> None:
            self.instrument, self.entry = Inst(inst), Entry(label)

    refs = [Ref("a", "1"), Ref("a", "2"), Ref("b", "1"), Ref("a", "3"), Ref("b", "2")]
    scored = [(0, 0.5), (1, 0.9), (2, 0.45), (3, 0.6), (4, 0.1)]
    p = replace(align.DEFAULT, complement_min=None, min_score=0.4, relative=0.7)
    order = {"b": 0, "a": 1}
    out = align.kept_scores(None, refs, scored, order, p)  # no unit needed without complements
    assert out == [(0.45, 2), (0.9, 1)]  # a/3 (0.6) < 0.7 x 0.9; b first
    out = align.kept_scores(
        None, refs, scored, order, p, pinned={("b", "2")}, forbidden={("a", "2")}
    )
    # a/2 forbidden: a/3 is the best of a, a/1 within 0.7 of it; b/2 pinned though 0.1.
    assert out == [(0.45, 2), (0.1, 4), (0.6, 3), (0.5, 0)]


def test_wording_alone_needs_the_official_text(aligned) -> None:
    """The relationship article shares with the 2022 bill's art. 9 no element, only words of
    the map's summary of it (the Foreign Exchange and Foreign Trade Act, which art. 9
    amends): no match. Against official text, wording alone still makes one (the EU
    Decision's Art. 1 for the definitions article)."""
    run = aligned["run"]
    assert kept(aligned["on"], "relationship", "jp-shu-208-60") == {}
    loose = kept(
        run(replace(align.DEFAULT, summary_text_only=True)), "relationship", "jp-shu-208-60"
    )
    assert loose["art-9"].element_score == 0 and loose["art-9"].text_source == "summary"
    dec = kept(aligned["on"], "definitions", "eu-dec-2020-1999")["art-1"]
    assert dec.text_source == "text" and dec.score == pytest.approx(align.DEFAULT.text_only)
    p = align.DEFAULT
    assert align.combine(0.0, p.t_sat, p, text_only=False) == 0.0
    assert align.combine(0.0, p.t_sat, p) == p.text_only
