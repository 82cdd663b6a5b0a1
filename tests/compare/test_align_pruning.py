"""The pruning of alignment candidates is exact: on the default bill against every reference
law, the references it keeps above the cut-off, and their scores, are those of scoring every
pair."""

from __future__ import annotations

import math
import unicodedata
from collections import Counter

from clausewise.compare import align as A
from clausewise.compare import textsim

from tests.helpers import default_bill_vectors


def test_pruned_candidates_equal_full_scoring(corpus_dir):
    _, _, units, refs, _ = default_bill_vectors(corpus_dir)
    by_top = A._top_key_index(refs)
    pruned_away = kept = 0
    for u in units:
        dots = [textsim.cosine(u.vector, r.vector) for r in refs]
        full = [(i, s) for i, s in A._candidates(u, refs, dots, None) if s >= A.MIN_SCORE]
        scored = list(A._candidates(u, refs, dots, by_top))
        pruned = [(i, s) for i, s in scored if s >= A.MIN_SCORE]
        assert pruned == full, u.label
        pruned_away += len(refs) - len(scored)
        kept += len(full)
    # The pruning does prune, and the bill does match.
    assert pruned_away > len(units) * len(refs) // 2 and kept > len(units)


def test_dots_and_pinpoints_equal_brute_force(corpus_dir):
    """iter_align indexes the references (and their paragraphs and points) by the bill's
    terms only: its matches, their scores and pinpoints are those of taking every cosine in
    full, and every paragraph's cosine for the pinpoint."""
    doc, instruments, units, refs, index = default_bill_vectors(corpus_dir)
    order = {inst.id: n for n, inst in enumerate(instruments)}
    corr = A.Corrections()
    by_top = A._top_key_index(refs)
    got = {a.label: a.matches for a in A.iter_align(doc, instruments)}
    assert set(got) == {u.label for u in units}
    for u in units:
        dots = [textsim.cosine(u.vector, r.vector) for r in refs]
        u.vocab, u.outside = None, ()  # every term indexed
        want = A._select(u, refs, dots, index, order, corr, A.DEFAULT, by_top)
        assert [(m.instrument, m.label, m.score) for m in got[u.label]] == [
            (m.instrument, m.label, m.score) for m in want
        ], u.label
        for m in want:
            if m.pinpoint is None or m.pinpoint_label is None:
                continue
            r = next(r for r in refs if (r.instrument.id, r.entry.label) == (m.instrument, m.label))
            if r.entry.pinpoints:
                continue
            prov = r.instrument.provision(r.entry.label)
            best = max(
                (s for s in prov.walk() if s is not prov and s.citation),
                key=lambda s: textsim.cosine(
                    u.vector, index.vector(textsim.features(s.all_text("en")))
                ),
            )
            assert m.pinpoint_label == best.label, (u.label, m.label)
    # The bill's matches carry pinpoints into the text.
    assert sum(m.pinpoint is not None for ms in got.values() for m in ms) > 50


def test_pinpoint_of_terms_outside_the_bill_vocabulary(corpus_dir):
    """A unit term the paragraphs' index was not made for is indexed when first met: with
    nothing indexed up front, every pinpoint is the same as with everything indexed."""
    _, _, units, refs, index = default_bill_vectors(corpus_dir)
    with_text = [r for r in refs if r.text_source == "text" and not r.entry.pinpoints][:40]
    found = 0
    for u in units[:60]:
        for r in with_text:
            r.subvectors = None
            u.vocab, u.outside = None, ()
            full = A._pinpoint(u, r, index)
            r.subvectors = None
            u.vocab, u.outside = frozenset(), tuple(u.vector)
            assert A._pinpoint(u, r, index) == full, (u.label, r.entry.label)
            found += full is not None
    assert found > 20


def _vector_in_full(index: textsim.Index, f: textsim.Features) -> dict[str, float]:
    """TF-IDF of every collected term, normalised: Index.vector without its fast path."""
    vec = {t: (1.0 + math.log(tf)) * index.idf[t] for t, tf in f.counts.items() if t in index.idf}
    norm = math.sqrt(sum([v * v for v in vec.values()]))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def test_vectors_equal_the_formula(corpus_dir):
    """Index.vector's fast path (every term collected, every count below 64) gives the very
    floats of the formula, and so does its way round a term no collected text has or a
    count of 64 or more."""
    _, _, units, refs, index = default_bill_vectors(corpus_dir)
    for x in [*units, *refs]:
        assert index.vector(x.features) == _vector_in_full(index, x.features)
    counts = Counter(dict(refs[0].features.counts))
    counts["never collected"] = 2
    odd = [textsim.Features(counts), textsim.Features(Counter({"licenc": 70, "freez": 1}))]
    for f in odd:
        assert index.vector(f) == _vector_in_full(index, f)
    assert "never collected" not in index.vector(odd[0])
    assert index.vector(textsim.Features(Counter({"never collected": 1}))) == {}


def _shared_terms_in_full(u: A.DraftUnit, r: A.Reference) -> list[str]:
    """The defined terms whose stems run in both texts, every stem line made."""
    d_text, r_text = A._stem_line(u.provision.all_text("en")), A._stem_line(r.body)
    keys = {t: textsim.term_key(t) for t in dict.fromkeys(u.terms + r.terms)}
    return [t for t, k in keys.items() if k and f" {k} " in d_text and f" {k} " in r_text][:4]


def test_shared_terms_equal_brute_force(corpus_dir):
    """_shared_terms makes the stem lines only where the counts say a term may be in both:
    the same terms, in the same order, as making them for every pair."""
    _, _, units, refs, _ = default_bill_vectors(corpus_dir)
    found = 0
    for u in units:
        for r in refs:
            want = _shared_terms_in_full(u, r)
            assert A._shared_terms(u, r) == want, (u.label, r.entry.label)
            found += bool(want)
    assert found > 100
    # Filtered out by the counts: a stop-word in the term, a word or bigram not in the text.
    counts = textsim.features("The Secretary of State may designate a designated person.").counts
    key = textsim.term_key
    assert A._may_run(key("designated person"), counts) and A._may_run(key("Secretary"), counts)
    assert not A._may_run(key("Secretary of State"), counts)  # "of" is no content stem
    assert not A._may_run(key("person designated"), counts)  # not a bigram of the text
    assert not A._may_run(key("funds"), counts)


def test_quoted_terms_equal_the_pattern_scan(corpus_dir):
    """quoted_terms tries its pattern at the opening quotes only: the same matches as the
    pattern's own scan of the text, on every reference text and unit of the default bill
    and on quotes that nest, overlap or never close."""
    _, instruments, units, refs, _ = default_bill_vectors(corpus_dir)
    texts = [r.body for r in refs] + [u.provision.all_text("en") for u in units]
    texts += A._reference_texts(instruments)[:400]
    texts += [
        "'a' 'b' \u201cdesignated person\u201d and \"funds\"'s 'it's' \u2018x\u2019",
        "\"\"\"abc\"\"\" ''' '\u201c\u201cterm\u201d\u201d' \"unclosed and 'closed'",
        "\u2018economic resources\u2019, \u201cfunds\u201d, \u201cdesignated person\u201d",
    ]
    spans = 0
    for t in texts:
        t = unicodedata.normalize("NFKC", t)
        want = [m.span() for m in textsim._QUOTED.finditer(t)]
        assert [m.span() for m in textsim._quoted(t)] == want
        spans += len(want)
    assert spans > 100
