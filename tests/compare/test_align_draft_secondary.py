"""A draft article's first sub-key under a top key is what it is; its other sub-keys there
are what it also does (compare.align, Params.draft_secondary). A general penalty provision
shares only the second with a particular offence's article, and is no longer its match."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from clausewise.compare import align
from clausewise.compare.corpus.loading import shipped_instruments
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.render import render_bill

OFF = replace(align.DEFAULT, draft_secondary=1.0)
SECRECY = {"enforcement.offences.secrecy": 1.0, "enforcement.offences.penalties": 1.0}
PENALTIES = {"enforcement.offences.penalties": 1.0}


def test_a_secondary_own_sub_key_counts_less() -> None:
    p = align.DEFAULT
    q, shared = align._agreement(SECRECY, PENALTIES, p)
    assert shared == ["enforcement.offences.penalties"]
    assert q == pytest.approx(p.sub_diff + (1 - p.sub_diff) * p.draft_secondary)
    # Off, the shared penalty sub-key agreed in full, as if it were the article's job.
    assert align._agreement(SECRECY, PENALTIES, OFF)[0] == 1.0
    # The first sub-key shared: full agreement either way.
    assert align._agreement(SECRECY, {"enforcement.offences.secrecy": 1.0}, p)[0] == 1.0


def test_the_primary_sub_key_takes_its_parents_and_children_with_it() -> None:
    # designation.authority.power, then designation.authority: one function, not two.
    draft = {"designation.authority.power": 1.0, "designation.authority": 1.0}
    q, _ = align._agreement(draft, {"designation.authority": 1.0}, align.DEFAULT)
    assert q == 1.0


def test_paragraph_sub_keys_are_untouched() -> None:
    # No sub-key of the article's own (all weigh HALF): nothing is primary, nothing reduced.
    draft = {"enforcement.offences.secrecy": 0.25, "enforcement.offences.penalties": 0.25}
    assert align._agreement(draft, PENALTIES, align.DEFAULT) == align._agreement(
        draft, PENALTIES, OFF
    )


def test_the_secrecy_offence_is_not_paired_with_samla_s17(corpus_dir: Path) -> None:
    """The default bill against the shipped laws: SAMLA s. 17 (offences in regulations,
    their penalties) was kept beside the secrecy and reporting offences only through the
    penalty sub-key; the Regulations' licence regulation now stands beside Schedule 2."""
    doc = render_bill(load_bill("jp-magnitsky"))
    insts = shipped_instruments(corpus_dir)

    def kept(p: align.Params, article: str, inst: str) -> set[str]:
        return {
            m.label
            for a in align.align(doc, insts, params=p)
            if a.label == article and a.unit.level == "article"
            for m in a.matches
            if m.instrument == inst
        }

    assert "s-17" in kept(OFF, "offence-secrecy", "uk-samla-2018")
    assert "s-17" not in kept(align.DEFAULT, "offence-secrecy", "uk-samla-2018")
    assert "art-16" not in kept(align.DEFAULT, "offence-reporting", "eu-reg-2020-1998")
    assert {"sch-2", "reg-20"} <= kept(align.DEFAULT, "licences", "uk-ghr-2020")
    assert "reg-20" not in kept(OFF, "licences", "uk-ghr-2020")


TOP_OFF = replace(align.DEFAULT, draft_secondary_top=1.0)


def test_an_articles_other_top_keys_weigh_less_in_cover() -> None:
    # The designation article: its first tag is the designating power; the standard,
    # the targets and the involvement are its other top keys. A reference that is the
    # power and nothing else covers 1 of 1 + 3 x 0.7 instead of 1 of 4.
    x = align.DEFAULT.draft_secondary_top
    weights = {
        "designation.authority": 1.0,
        "designation.standard": 1.0,
        "targets": 1.0,
        "involvement": 1.0,
        "coordination": 0.25,
    }
    u = align.DraftUnit(
        None,
        "article",
        "designation",
        weights,
        False,
        None,
        own=("designation.authority.power", "designation.authority", "targets"),
    )
    scaled, owed = align._primary_weights(u, align.DEFAULT)
    assert scaled["designation.authority"] == 1.0 and scaled["coordination"] == 0.25
    assert scaled["targets"] == x and owed == pytest.approx(1 + 3 * x)
    e, shared, _ = align.element_score(scaled, {"designation.authority": 1.0}, owed=owed)
    assert shared == ["designation.authority"]
    assert e == pytest.approx((1 / (1 + 3 * x) + 1) / 2)
    assert align._primary_weights(u, TOP_OFF) == (weights, None)


def test_samla_s35_is_no_longer_beside_the_designation_article(corpus_dir: Path) -> None:
    """SAMLA s. 35 (directions adding names to EU sanctions lists) shares the designation
    standard and the involvement but not the designating power; EU Art. 14, the Council's
    power to list, now stands beside the designation article."""
    doc = render_bill(load_bill("jp-magnitsky"))
    insts = shipped_instruments(corpus_dir)

    def kept(p: align.Params, inst: str) -> set[str]:
        return {
            m.label
            for a in align.align(doc, insts, params=p)
            if a.label == "designation" and a.unit.level == "article"
            for m in a.matches
            if m.instrument == inst
        }

    assert "s-35" in kept(TOP_OFF, "uk-samla-2018")
    assert "s-35" not in kept(align.DEFAULT, "uk-samla-2018")
    assert {"s-10", "s-11"} <= kept(align.DEFAULT, "uk-samla-2018")
    assert "art-14" in kept(align.DEFAULT, "eu-reg-2020-1998")
    assert "art-14" not in kept(TOP_OFF, "eu-reg-2020-1998")
