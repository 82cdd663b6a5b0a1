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

__all__ = ["SequenceMatcher"]
