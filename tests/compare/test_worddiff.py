"""Patience-anchored matching blocks for the wording diff: valid opcodes on any input, the
same equal text as difflib where the texts share unique words, and bounded work."""

from __future__ import annotations

from difflib import SequenceMatcher

from clausewise.compare import worddiff
from hypothesis import given, settings
from hypothesis import strategies as st


def _check(a: str, b: str) -> list:
    ops = worddiff.opcodes(a, b)
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j), ops
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2] and i2 > i1
        elif tag == "replace":
            assert i2 > i1 and j2 > j1
        elif tag == "delete":
            assert i2 > i1 and j1 == j2
        else:
            assert tag == "insert" and j2 > j1 and i1 == i2
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    return ops


def _equal(ops, a: str) -> int:
    return sum(i2 - i1 for tag, i1, i2, _j1, _j2 in ops if tag == "equal")


@given(st.text(alphabet="abcdefg ", max_size=60), st.text(alphabet="abcdefg ", max_size=60))
@settings(max_examples=300, deadline=None)
def test_opcodes_are_valid_on_any_input(a, b):
    _check(a, b)


def test_edit_of_a_long_passage_keeps_what_is_unchanged():
    words = [chr(0xF0000 + k) for k in range(400)]
    a = "".join(words)
    b = "".join(words[:150] + ["X", "Y"] + words[160:300] + words[310:])
    ops = _check(a, b)
    assert _equal(ops, a) == 380 == _equal(SequenceMatcher(None, a, b).get_opcodes(), a)


def test_dissimilar_passages_are_not_matched_cell_by_cell(monkeypatch):
    """Two long passages with no word unique to both: no quadratic search over them."""
    sizes = []

    class Recording(SequenceMatcher):
        def __init__(self, isjunk, x, y, autojunk=True):
            sizes.append(len(x) * len(y))
            super().__init__(isjunk, x, y, autojunk)

    monkeypatch.setattr(worddiff, "SequenceMatcher", Recording)
    _check("ab" * 3000, "ba" * 2999 + "c")
    assert all(s <= worddiff.MAX_CELLS for s in sizes)
    _check("abcdefgh", "abxdefgh")
    assert sizes, "short stretches still go to SequenceMatcher"
