"""difflib's SequenceMatcher, compiled where CyDifflib is installed.

CyDifflib is the standard library's difflib built with Cython: the same algorithm, the
same matching blocks, ratios and opcodes, five to ten times faster on the long texts the
comparator measures (two reference provisions that read alike, character by character,
were a tenth of a `compare` of the default bill). Where it is missing — a platform without
its wheel — the standard library's class is used, and every result is the same.
"""

from __future__ import annotations

try:
    from cydifflib import SequenceMatcher
except ImportError:  # pragma: no cover -- the pure-Python original, same results
    from difflib import SequenceMatcher

__all__ = ["SequenceMatcher", "ratio_from"]


def ratio_from(a, b, floor: float) -> float:
    """SequenceMatcher(None, a, b, autojunk=False).ratio(), or 0.0 where one of its upper
    bounds already falls short of `floor`: the lengths' (real_quick_ratio, worked out
    before the matcher indexes b), then the elements' (quick_ratio). ratio() <=
    quick_ratio() <= real_quick_ratio(), so `ratio_from(a, b, x) >= x` is exactly
    `ratio() >= x`: most pairs of texts that are not alike fail on a bound, cheaply, and
    two the same are 1.0 without the matcher (as its ratio is: 2M/T with M the length)."""
    if a == b:
        return 1.0
    n = len(a) + len(b)
    if n and 2.0 * min(len(a), len(b)) / n < floor:
        return 0.0
    sm = SequenceMatcher(None, a, b, autojunk=False)
    return sm.ratio() if sm.quick_ratio() >= floor else 0.0
