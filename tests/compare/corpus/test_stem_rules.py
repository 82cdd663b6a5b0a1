"""english.stem tries each rule only on words with the last letter that rule needs: the
same stems as the rules tried one after another on every word, as they were written first."""

from __future__ import annotations

from clausewise.compare.corpus.english import _SPELLING, stem
from hypothesis import given
from hypothesis import strategies as st


def reference_stem(word: str) -> str:
    """The stemmer as first written: every rule tried on every word."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return _SPELLING.get(word, word)


# The letters the rules look at, so that most drawn words hit one.
_WORDS = st.text(alphabet=st.sampled_from("abcdeghilnorstuxyz"), max_size=10)
_ENDINGS = st.sampled_from(
    ["", "s", "es", "ies", "sses", "shes", "ches", "xes", "zes", "ss", "us", "is", "ing",
     "ings", "ed", "eds", "e", "es", "ttings", "lled", "zzed", "ssed", "ized", "ises", "ence"]
)  # fmt: skip


@given(_WORDS, _ENDINGS)
def test_the_same_stem_as_the_rules_tried_on_every_word(word, ending):
    assert stem(word + ending) == reference_stem(word + ending)


def test_known_stems():
    cases = {
        "designated": "designat",
        "designates": "designat",
        "committed": "commit",
        "licensing": "licenc",
        "licences": "licenc",
        "authorized": "authoris",
        "bodies": "body",
        "taxes": "tax",
        "killed": "kill",
        "was": "was",
        "status": "status",
    }
    assert {w: stem(w) for w in cases} == cases
