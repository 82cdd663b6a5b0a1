"""Text similarity for alignment: TF-IDF cosine over lightly stemmed legal English.

Why TF-IDF cosine rather than BM25: the comparator needs a score on a fixed scale (0..1) that
can be added to the element score and compared across instruments, and an explanation a
person can check. A cosine is bounded and symmetric, and it splits exactly into one
contribution per shared term, so "shared words: freeze, economic resources" is the score
itself, not a story told beside it. BM25's saturation mostly matters for short queries
against long documents; here both sides are provisions of similar length.

Features are stems (compare.autotag's light stemmer, so "designated"/"designates" and
"licence"/"license" meet) and bigrams of adjacent content stems ("economic resourc"),
which carry legal phrases that single words do not. Legal boilerplate ("paragraph",
"pursuant", "regulation") and ordinary function words are stop-words. Term frequency is
sublinear (1 + log tf) so that a word repeated through a long regulation does not drown
the rest; idf is smoothed, log((N + 1) / (df + 1)) + 1.

Pure Python and deterministic: no randomness, sorted tie-breaks.
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress

from .corpus import english
from .corpus.concepts import load_concepts

# The same few thousand words come back in every provision; stemming each once is enough.
_stem = lru_cache(maxsize=65536)(english.stem)

_WORD = re.compile(r"[a-z][a-z0-9]*")
# Ordinary English function words and the furniture of legislative drafting: words that
# occur in every provision of every law and say nothing about what a provision does.
_STOP_WORDS = """
a about above after again against all also an and any are as at be been before being below
between both but by can could did do does doing done during each either else etc even every
for from further had has have having he her here hers herself him himself his how however i
if in into is it its itself just least less let like made make makes many may me might more
most much must my neither no nor not now of off on once one only or other others otherwise
our ours out over own per same shall she should so some such than that the their theirs them
themselves then there thereof therein thereto these they this those through thus to too
under unless until up upon us very was we were what whatever when where whereas whether which
while who whom whose why will with within without would yet you your
act acts article articles paragraph paragraphs subparagraph sub regulation regulations
section sections subsection subsections item items provision provisions provided
accordance pursuant referred refer reference preceding following foregoing said
set forth apply applies applied applying case cases mean means meaning purpose purposes
respect relation relating related thing things matter matters part parts chapter schedule
law laws specified prescribed particular certain given give including include
includes b c d e f g h ii iii iv v vi vii viii ix x xi xii
"""
STOP = frozenset(_stem(w) for w in _STOP_WORDS.split())


# The legal thesaurus: words and phrases by which the systems say the same thing differently
# ("Cabinet Order" / "the Governor in Council may make regulations", "landing" / "excluded
# person"), kept as data in compare/corpus/concepts.yaml. A match adds the concept as one
# more feature ("@licence"), so a draft translated from Japanese meets a UK regulation on
# the concept, not only on words; explanations show the concept's name. Phrases are
# matched on stems, stop-words included.
CONCEPTS: dict[str, tuple[str, ...]] = {c.name: c.en for c in load_concepts() if c.en}


# The typographic quotes and dashes english.QUOTES folds, as (character, ASCII) pairs:
# str.replace of the few a text has is far cheaper than str.translate with a table.
_FOLD = [(chr(c), a) for c, a in english.QUOTES.items()]
_POSSESSIVE = re.compile(r"'s\b")


def _normalise(text: str) -> str:
    # ASCII is its own NFKC form and has none of the quotes and dashes QUOTES maps.
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text)
        for char, ascii_char in _FOLD:
            if char in text:
                text = text.replace(char, ascii_char)
        text = text.lower()
    if "'s" in text:
        text = _POSSESSIVE.sub("", text)
    return text.replace("-", " ")


@lru_cache(maxsize=1024)
def _stems(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stem of every word, stop-words included, and the words, in order. Cached: a
    draft paragraph's text is read for its features and again for its defined terms."""
    found = _WORD.findall(_normalise(text))
    return tuple(map(_stem, found)), tuple(found)


def content_stems(text: str) -> list[str]:
    """The stems of the content words, in order."""
    return [s for s in _stems(text)[0] if s not in STOP and len(s) > 1]


def _tokens(text: str) -> list[tuple[str, str]]:
    """(stem, surface word) for every word, stop-words included, in order."""
    return list(zip(*_stems(text), strict=True))


def _content(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(s, w) for s, w in tokens if s not in STOP and len(s) > 1]


def words(text: str) -> list[tuple[str, str]]:
    """(stem, surface word) for every content word, in order."""
    return _content(_tokens(text))


def _compile_concepts() -> dict[str, list[tuple[tuple[str, ...], str, int, str | None]]]:
    """Phrases by their first stem, longest first, so a scan only tries likely ones; each
    with its length and its second stem (None for one word), the cheap test before the
    whole phrase is compared (half of all words start some phrase)."""
    out: dict[str, list[tuple[tuple[str, ...], str, int, str | None]]] = {}
    for name, phrases in CONCEPTS.items():
        for phrase in phrases:
            stems = tuple(map(_stem, _WORD.findall(_normalise(phrase))))
            second = stems[1] if len(stems) > 1 else None
            out.setdefault(stems[0], []).append((stems, name, len(stems), second))
    for cands in out.values():
        cands.sort(key=lambda c: -c[2])
    return out


_CONCEPT_PHRASES = _compile_concepts()


def concepts(text: str) -> Counter:
    """How often each thesaurus concept is named, longest phrase first, no overlaps."""
    return _concepts(_stems(text)[0])


def concept_matches(
    stems: list[str], phrases: dict[str, list[tuple[tuple[str, ...], str, int, str | None]]]
) -> Iterator[tuple[int, int, str]]:
    """(first stem, length, concept) of each thesaurus phrase in a text's stems, longest
    first, no overlaps; `phrases` as _compile_concepts makes them."""
    last = len(stems) - 1
    # Only where a phrase can start; past a phrase found, the scan resumes after its end.
    after = 0
    for i in compress(range(len(stems)), map(phrases.__contains__, stems)):
        if i < after:
            continue
        following = stems[i + 1] if i < last else None
        for phrase, name, n, second in phrases[stems[i]]:
            if n == 1 or (second == following and tuple(stems[i : i + n]) == phrase):
                yield i, n, name
                after = i + n
                break


def _concepts(stems: list[str]) -> Counter:
    return Counter(name for _, _, name in concept_matches(stems, _CONCEPT_PHRASES))


@dataclass
class Features:
    counts: Counter
    # The text the counts are of, for the surface forms, which are made only when asked
    # for: only a matched reference's are ever read (its shared words in an explanation).
    text: str | None = field(default=None, repr=False)
    _surface: dict[str, str] | None = field(default=None, repr=False, compare=False)
    # (content stems, their words), kept once surface_form has needed them
    _words: tuple[list[str], list[str]] | None = field(default=None, repr=False, compare=False)
    # The surface form of each term of counts but the concepts, in their order, joined by
    # tabs (forms_of): kept with a reference passage's counts in the user cache
    # (compare.featcache), so that its explanation's words need not tokenise its text again.
    forms: str | None = field(default=None, repr=False, compare=False)
    _stored: dict[str, str] | None = field(default=None, repr=False, compare=False)
    _checked: set[str] | None = field(default=None, repr=False, compare=False)

    @property
    def surface(self) -> dict[str, str]:
        """Stem or bigram -> the surface form first seen, for explanations people can read."""
        if self._surface is None:
            self._surface = _surface_forms(self.text) if self.text is not None else {}
        return self._surface

    def surface_form(self, term: str) -> str:
        """surface.get(term, term), found for the one term: an explanation names six terms
        of a long provision, whose every form would be made for them otherwise."""
        if self._surface is not None or self.text is None:
            return self.surface.get(term, term)
        if term.startswith("@"):
            return f"[{term[1:]}]" if term in self.counts else term
        if self.forms is not None:
            form = self._stored_form(term)
            if form is not None:
                return form
        if self._words is None:
            stems, found = _stems(self.text)
            keep = [s not in STOP and len(s) > 1 for s in stems]
            self._words = list(compress(stems, keep)), list(compress(found, keep))
        content, forms = self._words
        first, _, second = term.partition(" ")
        i = -1
        while True:
            try:
                i = content.index(first, i + 1)
            except ValueError:
                return term
            if not second:
                return forms[i]
            if i + 1 < len(content) and content[i + 1] == second:
                return f"{forms[i]} {forms[i + 1]}"

    def _stored_form(self, term: str) -> str | None:
        """The term's form from `forms`, if it is the term's own words: the forms come from
        the user cache, untrusted (None: found from the text instead)."""
        stored = self._stored
        if stored is None:
            words = self.forms.split("\t") if self.forms else []
            keys = [k for k in self.counts if not k.startswith("@")]
            stored = self._stored = (
                dict(zip(keys, words, strict=True)) if len(keys) == len(words) else {}
            )
        form = stored.get(term)
        checked = self._checked
        if form is None or (checked is not None and term in checked):
            return form  # none, or checked already: a law matches many units
        if not _FORM.fullmatch(form) or term_key(form) != term:
            return None
        if checked is None:
            checked = self._checked = set()
        checked.add(term)
        return form


# A surface form: a word as _WORD finds it in normalised text, or two (a bigram's).
_FORM = re.compile(r"[a-z][a-z0-9]*(?: [a-z][a-z0-9]*)?")


def forms_of(f: Features) -> str:
    """The `forms` of a text's features: the surface form of each of its terms but the
    concepts (whose form is their name), in the order of its counts."""
    surface = f.surface
    return "\t".join([surface[k] for k in f.counts if not k.startswith("@")])


def _content_keys(stems, found=None) -> tuple[list[str], list[str] | None]:
    """Each content stem, then the bigram it ends, in text order (the order the counts
    keep); with `found` (the words), the surface form of each, in the same order."""
    keep = [s not in STOP and len(s) > 1 for s in stems]
    content = list(compress(stems, keep))
    keys = _with_bigrams(content)
    if found is None:
        return keys, None
    return keys, _with_bigrams(list(compress(found, keep)))


def _with_bigrams(items: list[str]) -> list[str]:
    """Each item, then the bigram it ends: a, b, "a b", c, "b c", …"""
    out: list[str] = items[:1]
    if items:
        out *= 2 * len(items) - 1
        out[1::2] = items[1:]
        out[2::2] = [f"{a} {b}" for a, b in zip(items, items[1:], strict=False)]
    return out


def _surface_forms(text: str) -> dict[str, str]:
    stems, found = _stems(text)
    keys, shown = _content_keys(stems, found)
    # The first surface form of each: a dict keeps the last value given, so go backwards.
    surface = dict(zip(reversed(keys), reversed(shown), strict=True))
    for name in _concepts(stems):
        surface.setdefault("@" + name, f"[{name}]")
    return surface


# Features of the reference laws' passages, read from the user cache (compare.featcache)
# rather than made: text -> its Features, or (decode, raw) to make them from when first
# asked for (most of the cached passages are never asked for in a run).
_PRIMED: dict[str, object] = {}
_PRIMED_MAX = 50_000  # texts: far more than the reference laws have


def prime(raw: dict[str, object], decode: Callable[[object, str], Features | None]) -> None:
    """Have features(text) return the Features decode(raw[text], text) makes, when first
    asked for (compare.featcache: the counts kept for these very texts); where decode gives
    None (an entry found wrong), the text is counted as if never primed."""
    if len(_PRIMED) + len(raw) > _PRIMED_MAX:
        _PRIMED.clear()
    for text, r in raw.items():
        _PRIMED[text] = (decode, r)


def features(text: str) -> Features:
    f = _PRIMED.get(text)
    if f is None:
        return _features(text)
    if type(f) is Features:
        return f
    decode, r = f
    f = decode(r, text)
    if f is None:
        f = _features(text)
    _PRIMED[text] = f
    return f


@lru_cache(maxsize=1024)
def _features(text: str) -> Features:
    # Cached: the same passages come back for the pinpoints and the wording diffs. The
    # result is shared, so callers must not modify it (none does). Bounded small: the
    # features of a long article weigh tens of kilobytes, and a long bill's run through
    # its articles does not come back to them. The text is tokenised
    # once for its content words and its concepts.
    stems = _stems(text)[0]
    counts = Counter(_content_keys(stems)[0])
    for name, n in _concepts(stems).items():
        counts["@" + name] += n
    return Features(counts, text)


class TermTable:
    """Terms numbered as they are first seen, to hold term counts as two arrays."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.terms: list[str] = []

    def pack(self, counts: Counter) -> tuple[array, array]:
        ids, tfs = array("i"), array("i")
        for term, tf in counts.items():
            n = self.ids.get(term)
            if n is None:
                n = self.ids[term] = len(self.terms)
                self.terms.append(term)
            ids.append(n)
            tfs.append(tf)
        return ids, tfs

    def unpack(self, packed: tuple[array, array]) -> Counter:
        """The counts again, in their order (a vector's float sums depend on it)."""
        ids, tfs = packed
        terms = self.terms
        return Counter(dict(zip([terms[n] for n in ids], tfs, strict=True)))


_QUOTED = re.compile(r"[\u201c\u2018\"']([A-Za-z][A-Za-z ,.\-]{2,60}?)[\u201d\u2019\"']")


_OPENING = ("\u201c", "\u2018", '"', "'")


def _quoted(text: str) -> Iterator[re.Match]:
    """_QUOTED.finditer(text): a match starts at an opening quote only, so the pattern is
    tried there only, found by str.find (in C, far faster than the pattern's own scan of
    every character of a law)."""
    starts = []
    for q in _OPENING:
        i = text.find(q)
        while i >= 0:
            starts.append(i)
            i = text.find(q, i + 1)
    end = 0
    for i in sorted(starts):
        if i >= end:  # past the last match, as finditer resumes
            m = _QUOTED.match(text, i)
            if m is not None:
                end = m.end()
                yield m


def quoted_terms(text: str) -> list[str]:
    """Phrases in quotation marks: how every one of these laws marks its defined terms."""
    seen: dict[str, None] = {}
    for m in _quoted(unicodedata.normalize("NFKC", text)):
        term = m.group(1).strip(" ,.").lower()
        if 1 <= len(term.split()) <= 6:
            seen.setdefault(term, None)
    return list(seen)


@lru_cache(maxsize=4096)
def term_key(term: str) -> str:
    """A defined term as a stem sequence, so "designated persons" finds "designated person"."""
    return " ".join(_stem(w) for w in _WORD.findall(_normalise(term)))


# 1 + log(tf) of the small counts, computed once (the same floats).
_LOG_TF = [0.0] + [1.0 + math.log(tf) for tf in range(1, 64)]


class Index:
    """IDF over a fixed collection, and unit-length TF-IDF vectors for its members."""

    def __init__(self, docs: Iterable[Features]):
        # Any iterable: a long bill's articles are counted one by one, not held together.
        self.n = 0
        df: Counter = Counter()
        for d in docs:
            self.n += 1
            df.update(d.counts.keys())
        # The idf of each document frequency once (a few hundred), not once per term (tens
        # of thousands): the same floats.
        n1 = self.n + 1
        by_df = {c: math.log(n1 / (c + 1)) + 1.0 for c in set(df.values())}
        self.idf = {t: by_df[c] for t, c in df.items()}

    def vector(self, f: Features) -> dict[str, float]:
        idf = self.idf
        try:
            # Nearly every text: each term collected, each counted fewer than 64 times. The
            # same products as below, without the two tests a term.
            vec = {term: _LOG_TF[tf] * idf[term] for term, tf in f.counts.items()}
        except (KeyError, IndexError):
            # A term no collected document has is left out: it cannot be shared.
            vec = {
                term: (_LOG_TF[tf] if tf < 64 else 1.0 + math.log(tf)) * idf[term]
                for term, tf in f.counts.items()
                if term in idf
            }
        # A list, not a generator: faster, and summed in the same order (the same float).
        norm = math.sqrt(sum([v * v for v in vec.values()]))
        return {t: v / norm for t, v in vec.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # A list, not a generator: faster, and summed in the same order (the same float).
    return sum([v * b[t] for t, v in a.items() if t in b])


def contributions(a: dict[str, float], b: dict[str, float], k: int = 6) -> list[str]:
    """The k shared terms that add most to the cosine, best first (ties alphabetical)."""
    # (-contribution, term) pairs sort into that order by themselves, with no key function.
    shared = sorted([(-(a[t] * b[t]), t) for t in a.keys() & b.keys()])
    return [t for _, t in shared[:k]]
