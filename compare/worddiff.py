"""Matching blocks of two token strings in about linear time: patience anchoring.

The wording diff of a draft against a reference law lines up two passages word by word
(each word encoded as one character, see compare.wording). difflib's SequenceMatcher finds
the longest common block, then recurses on both sides of it: on two passages of a few
hundred words drafted in different countries that search was most of a long bill's compare
time. Here the passages are first cut at their anchors — words that occur exactly once in
each window and in the same order in both (the longest increasing run, as patience diff
does) — and only the short stretches between anchors are left to SequenceMatcher; a
stretch still too long for it (more than MAX_CELLS pairs of words) is left unmatched: there
the two texts share no word that is not common on both sides, and a diff of it would be
a wall of red and green anyway. Deterministic: no timeout, the same blocks on every machine.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from ..drafts.seqmatch import SequenceMatcher

MAX_CELLS = 40_000  # a stretch of at most this many word pairs goes to SequenceMatcher
Opcode = tuple[str, int, int, int, int]


def _anchors(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int]]:
    """Pairs (i, j) of tokens unique in a[alo:ahi] and in b[blo:bhi], longest increasing."""
    ca, cb = Counter(a[alo:ahi]), Counter(b[blo:bhi])
    pos_b = {b[j]: j for j in range(blo, bhi) if cb[b[j]] == 1}
    pairs = [(i, pos_b[a[i]]) for i in range(alo, ahi) if ca[a[i]] == 1 and a[i] in pos_b]
    # Longest increasing subsequence of the j's (patience sorting), kept with its i's.
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos], tail_at[pos] = j, k
        back[k] = tail_at[pos - 1] if pos else -1
    out: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(pairs[k])
        k = back[k]
    return out[::-1]


def _blocks(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int, out: list) -> None:
    # Common head and tail first: cheap, and they make more tokens unique in what is left.
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        out.append((alo, blo, 1))
        alo, blo = alo + 1, blo + 1
    tail = []
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
        ahi, bhi = ahi - 1, bhi - 1
        tail.append((ahi, bhi, 1))
    if alo < ahi and blo < bhi:
        anchors = _anchors(a, b, alo, ahi, blo, bhi)
        if anchors:
            i0, j0 = alo, blo
            for i, j in anchors:
                _blocks(a, b, i0, i, j0, j, out)
                out.append((i, j, 1))
                i0, j0 = i + 1, j + 1
            _blocks(a, b, i0, ahi, j0, bhi, out)
        elif (ahi - alo) * (bhi - blo) <= MAX_CELLS:
            sm = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            out.extend((alo + i, blo + j, n) for i, j, n in sm.get_matching_blocks() if n)
    out.extend(reversed(tail))


def opcodes(a: str, b: str) -> list[Opcode]:
    """SequenceMatcher-style opcodes (equal, replace, delete, insert) of a against b."""
    raw: list[tuple[int, int, int]] = []
    _blocks(a, b, 0, len(a), 0, len(b), raw)
    merged: list[list[int]] = []
    for i, j, n in raw:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1][2] += n
        else:
            merged.append([i, j, n])
    out: list[Opcode] = []
    i = j = 0
    for bi, bj, n in [*merged, [len(a), len(b), 0]]:
        tag = "replace" if i < bi and j < bj else "delete" if i < bi else "insert" if j < bj else ""
        if tag:
            out.append((tag, i, bi, j, bj))
        if n:
            out.append(("equal", bi, bi + n, bj, bj + n))
        i, j = bi + n, bj + n
    return out
