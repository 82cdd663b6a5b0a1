"""English words as the auto-tagger and the comparator's text similarity both see them:
typographic quotes and dashes folded to ASCII, and a light stemmer.

Both must agree to the letter (a signal phrase and a provision's text meet only if they stem
alike), so there is one of each, here.
"""

from __future__ import annotations

QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
    }
)
# US and Canadian spellings meet the British ones (after stemming): license -> licence.
_SPELLING = {
    "licens": "licenc",
    "offens": "offenc",
    "defens": "defenc",
    "authoriz": "authoris",
    "organiz": "organis",
    "recogniz": "recognis",
    "organization": "organisation",
    "authorization": "authorisation",
}


def stem(word: str) -> str:
    """A deliberately light stemmer: enough to meet plurals and -ed/-ing forms half-way.

    Signals and text go through the same function, so stems only need to agree, not be
    real words ("designated" and "designates" both give "designat").
    """
    if len(word) <= 3:
        return word
    # Each rule is tried only on the words whose last letter it needs: most words end in
    # none of s, g, d (stemming is done for each distinct word of every run).
    if word[-1] == "s":
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith(("sses", "shes", "ches", "xes", "zes")):
            word = word[:-2]
        elif not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    last = word[-1]
    if (last == "g" and word.endswith("ing") and len(word) >= 6) or (
        last == "d" and word.endswith("ed") and len(word) >= 5
    ):
        word = word[:-3] if last == "g" else word[:-2]
        if word[-1] == word[-2] and word[-1] not in "lsz":
            word = word[:-1]  # committed -> commit, permitted -> permit
        last = word[-1]
    if last == "e" and len(word) > 3:
        word = word[:-1]
    return _SPELLING.get(word, word)
