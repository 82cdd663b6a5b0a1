"""Cover is owed on a draft article's own tags: the tags of its paragraphs count when a
reference shares them, but a reference is not held to them (compare.align, Params.cover_own)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from clausewise.compare import align
from clausewise.compare.corpus.loading import shipped_instruments
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.render import render_bill

OFF = replace(align.DEFAULT, cover_own=False)


def test_paragraph_tags_are_not_owed() -> None:
    # An article about definitions whose paragraphs touch two other elements (0.25 each),
    # against a reference that is an interpretation provision and nothing else.
    draft = {"definitions": 1.0, "targets": 0.25, "measures.asset_freeze": 0.25}
    e_on, shared, _ = align.element_score(draft, {"definitions": 1.0})
    e_off, _, _ = align.element_score(draft, {"definitions": 1.0}, p=OFF)
    assert shared == ["definitions"]
    assert e_on == 1.0  # cover 1 (all it owes), focus 1
    assert e_off == (1 / 1.5 + 1) / 2  # cover 1 / (1 + 0.25 + 0.25)


def test_shared_paragraph_tags_still_count_and_cover_is_capped() -> None:
    draft = {"definitions": 1.0, "targets": 0.25}
    ref = {"definitions": 1.0, "targets": 0.5}
    e, shared, _ = align.element_score(draft, ref)
    assert shared == ["definitions", "targets"]
    assert e == 1.0  # cover min(1, 1.25 / 1), focus (1 + 0.5) / 1.5
    # A reference sharing only a paragraph's tag is covered in proportion to it.
    e_part, _, _ = align.element_score(draft, {"targets": 1.0})
    assert e_part == (0.25 + 1) / 2


def test_the_definitions_article_finds_the_uk_interpretation_regulation(
    corpus_dir: Path,
) -> None:
    """The default bill against the shipped laws: its definitions article keeps reg. 2
    (interpretation) and reg. 7 (owned or controlled) of the GHR Regulations; with cover
    owed on every tag, the six elements its paragraphs touch kept both under 0.4."""
    doc = render_bill(load_bill("jp-magnitsky"))
    insts = shipped_instruments(corpus_dir)

    def kept(p: align.Params) -> set[str]:
        out = align.align(doc, insts, params=p)
        return {
            m.label
            for a in out
            if a.label == "definitions" and a.unit.level == "article"
            for m in a.matches
            if m.instrument == "uk-ghr-2020"
        }

    assert {"reg-2", "reg-7"} <= kept(align.DEFAULT)
    assert not {"reg-2", "reg-7"} & kept(OFF)
