"""drafts.seqmatch's SequenceMatcher (CyDifflib's compiled difflib where installed) gives
what the standard library's gives: the comparator's ratios and word diffs, and so every
report, must not depend on which one a machine has."""

from __future__ import annotations

import difflib

import pytest
from clausewise.compare.corpus.loading import load_instruments, resolve_against
from clausewise.drafts.seqmatch import SequenceMatcher
from hypothesis import given, settings
from hypothesis import strategies as st


def same(a, b) -> None:
    ours = SequenceMatcher(None, a, b, autojunk=False)
    std = difflib.SequenceMatcher(None, a, b, autojunk=False)
    assert ours.real_quick_ratio() == std.real_quick_ratio()
    assert ours.quick_ratio() == std.quick_ratio()
    assert ours.ratio() == std.ratio()
    assert [tuple(m) for m in ours.get_matching_blocks()] == [
        tuple(m) for m in std.get_matching_blocks()
    ]
    assert ours.get_opcodes() == std.get_opcodes()


def test_the_compiled_matcher_is_in_use():
    # The dependency is declared; where it installs, it is what the comparator runs.
    pytest.importorskip("cydifflib")
    assert SequenceMatcher.__module__.startswith("cydifflib")


# Small alphabets: many repeated elements, where the longest-match ties decide the blocks.
TEXT = st.text(alphabet="abc de.\n日本語", max_size=120)
WORDS = st.lists(st.sampled_from(["the", "person", "shall", "a", "of", "order", "1"]), max_size=60)


@settings(max_examples=400, deadline=None)
@given(TEXT, TEXT)
def test_characters_as_the_standard_library(a, b):
    same(a, b)


@settings(max_examples=400, deadline=None)
@given(WORDS, WORDS)
def test_words_as_the_standard_library(a, b):
    same(a, b)


def test_real_reference_texts_as_the_standard_library(corpus_dir):
    """The pairs the comparator measures: the UK's regulations that share their wording."""
    ids = resolve_against("uk", corpus_dir)
    insts, _ = load_instruments(ids, corpus_dir)
    texts = [
        [p.all_text("en") for e in inst.map.entries[:8] if (p := inst.provision(e.label))]
        for inst in insts
        if inst.doc is not None
    ]
    assert len(texts) >= 2 and all(texts[:2])
    for a, b in zip(texts[0], texts[1], strict=False):
        same(a, b)
        same(a.split(), b.split())


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from("abcde"), max_size=30),
    st.lists(st.sampled_from("abcde"), max_size=30),
    st.sampled_from([0.12, 0.5, 0.6, 0.9, 1.0]),
)
def test_ratio_from_decides_as_the_full_ratio(a, b, floor):
    """ratio_from's bounds never change the answer to `ratio() >= floor`, and where it gives
    a ratio it is the matcher's own."""
    from clausewise.drafts.seqmatch import ratio_from

    full = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    got = ratio_from(a, b, floor)
    assert (got >= floor) == (full >= floor)
    assert got in (0.0, full)
