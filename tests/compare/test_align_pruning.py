"""The pruning of alignment candidates is exact: on the default bill against every reference
law, the references it keeps above the cut-off, and their scores, are those of scoring every
pair."""

from __future__ import annotations

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
