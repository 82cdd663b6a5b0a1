"""A provision's text cut into sentences, as e-Gov 法令XML and Akoma Ntoso mark them up.

Sentences end at 。 outside brackets: 「（…。）」 and 「「…。」」 stay inside their sentence.
A sentence opening with ただし、 is a proviso (ただし書) and the one before it the main
sentence (本文); e-Gov marks those two Function="proviso"/"main" and leaves others unmarked.
"""

from __future__ import annotations

_OPEN, _CLOSE = "（「『(", "）」』)"


def split(text: str) -> list[str]:
    out, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == "。" and depth == 0:
            out.append(text[start : i + 1])
            start = i + 1
    if text[start:]:
        out.append(text[start:])
    return out


def functions(sentences: list[str]) -> list[str | None]:
    """main/proviso for each sentence, None where the law marks neither."""
    out: list[str | None] = [None] * len(sentences)
    for i, s in enumerate(sentences):
        if i and s.startswith("ただし、"):
            out[i] = "proviso"
            out[i - 1] = out[i - 1] or "main"
    return out
