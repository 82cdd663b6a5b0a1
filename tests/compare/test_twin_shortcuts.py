"""Two texts the same are told alike without the matcher: the shortcut gives what the
matcher gives, on the reference laws' own texts (one alone, and a pair that differs)."""

from __future__ import annotations

from clausewise.compare import coverage
from clausewise.compare.corpus.loading import load_instruments, resolve_against
from clausewise.compare.reports import view
from clausewise.drafts.seqmatch import ratio_from


def test_a_text_beside_itself_as_the_matcher_finds_it(corpus_dir):
    instruments, _ = load_instruments(resolve_against("uk", corpus_dir), corpus_dir)
    texts = [p.all_text("en") for i in instruments if i.doc for p in i.doc.walk()]
    texts = [t for t in dict.fromkeys(texts) if t][:40] + [" ", "a"]
    assert len(texts) > 20
    floor = coverage.SAME_WORDING
    for t in texts:
        assert coverage._likeness(t, t) == ratio_from(t.split(), t.split(), floor) == 1.0
        assert view._alike(t, t) is (ratio_from(t, t, floor) >= floor) is True
    # Different texts still go to the matcher.
    a, b = texts[0], texts[1]
    assert coverage._likeness(a, b) == ratio_from(a.split(), b.split(), floor)
    assert view._alike(a, b) is (ratio_from(a, b, floor) >= floor)
