"""The wording of an aligned pair, side by side: the draft's passage and the reference's
official passage, sentence by sentence, shared legal concepts marked, and a word diff only
where one sentence reads as an edit of the other.

What is shown is the closest pair of passages, not two whole provisions: an article of
the draft against the paragraph of the reference it is most like (its pinpoint), and a
long article by its paragraph most like that passage. The two passages are then cut into
sentences (English: at a full stop or semicolon before a new sentence, and at line ends,
which separate paragraphs and points; Japanese: at 。 and line ends) and lined up in
order by a small dynamic programme that maximises the summed similarity of the pairs it
keeps (sentences with nothing like them on the other side stand alone on their row).

Two laws drafted in different countries rarely share more than a phrase, and a diff of
such a pair is struck-through text followed by underlined text that nobody reads. So a
pair is diffed only when it is close (CLOSE: the share of words the two have in common,
difflib's ratio over the words); otherwise both are shown as they are, with the legal
concepts they share (compare.textsim's thesaurus: "licence", "exception", ...)
marked in both, which is what lets an aide see at a glance that the UK "licence" and
the draft's "permission" are the same device.

Word by word for English (difflib's matcher, diff-match-patch's semantic clean-up),
character by character for Japanese (compare.review.textdiff). Where the corpus has no
official text, the map's summary is returned instead, marked as a summary, and nothing is
diffed: a summary is the project's paraphrase, and diffing against it would pass
paraphrase off as law.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from ..drafts.model import Provision
from ..drafts.seqmatch import SequenceMatcher, ratio_from
from . import textsim, worddiff
from .corpus.instruments import Instrument
from .corpus.maps import MapEntry
from .review.textdiff import decode_words, diff_text, encode_words, engine, to_ops

# Japanese reference laws are compared with the Japanese draft; all others in English.
JA_JURISDICTIONS = ("jp",)
LONG = 400  # characters: beyond this a provision is narrowed to its closest passage
CLOSE = 0.6  # share of common words from which one sentence reads as an edit of the other
PAIR_MIN = 0.12  # cosine below which two sentences are not put on one row

_EN_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z(“\"‘'])")
_JA_SENTENCE = re.compile(r"(?<=。)")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_TOKEN_PARTS = re.compile(f"({_TOKEN.pattern})")  # for re.split, which then keeps the words
# The stemmer textsim's thesaurus is written for, so that its phrases are found here too:
# textsim's own cache of it, which has already met most of a passage's words (the
# features of the same passages and sentences); english.stem is pure, so sharing it
# changes no stem.
_stem = textsim._stem


@dataclass
class Row:
    """One row of the side-by-side view: a draft sentence, a reference sentence, or both."""

    draft: str
    reference: str
    score: float = 0.0
    ops: list[tuple[str, str]] | None = None  # a word diff where the two are close
    # [start, end, concept] spans of the shared concepts in each sentence
    draft_marks: list[list] = field(default_factory=list)
    reference_marks: list[list] = field(default_factory=list)

    def as_dict(self) -> dict:
        out: dict = {"draft": self.draft, "reference": self.reference, "score": self.score}
        if self.ops is not None:
            out["ops"] = [list(op) for op in self.ops]
        if self.draft_marks or self.reference_marks:
            out["draft_marks"] = self.draft_marks
            out["reference_marks"] = self.reference_marks
        return out


@dataclass
class Wording:
    source: str  # "text": the official text; "summary": the map's summary; "none"
    lang: str
    summary: dict[str, str] | None = None
    draft_passage: str | None = None  # citation-like name of the passages shown
    reference_passage: str | None = None
    draft_text: str = ""
    reference_text: str = ""
    draft_text_ja: str = ""  # the same draft passage in Japanese, for the Japanese report
    draft_child: int | None = None  # which paragraph of the draft article, if narrowed
    rows: list[Row] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)  # shared by the two passages

    @property
    def diffed(self) -> bool:
        return any(r.ops is not None for r in self.rows)

    def as_dict(self) -> dict:
        out: dict = {"source": self.source, "lang": self.lang}
        if self.source == "text":
            out["draft_passage"] = self.draft_passage
            if self.draft_child is not None:
                out["draft_paragraph"] = self.draft_child + 1
            out["reference_passage"] = self.reference_passage
            if self.draft_text_ja and self.lang != "ja":
                out["draft_text_ja"] = self.draft_text_ja
            out["diffed"] = self.diffed
            out["concepts"] = self.concepts
            out["rows"] = [r.as_dict() for r in self.rows]
        if self.summary:
            out["summary"] = self.summary
        return out


@lru_cache(maxsize=8192)
def _tf(text: str) -> dict[str, float]:
    counts = textsim.features(text).counts
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    return {k: v / norm for k, v in counts.items()}


def _closest(options: list[tuple[str, Provision | None, str]], target: dict[str, float]):
    best = options[0]
    best_c = -1.0
    for opt in options:
        c = textsim.cosine(_tf(opt[2]), target) if opt[2] else 0.0
        if c > best_c:
            best, best_c = opt, c
    return best


_TEXTS: dict[tuple[int, str], tuple[Provision, str]] = {}


def _all_text(p: Provision, lang: str) -> str:
    """p.all_text(lang), kept a while: a reference provision matches many draft articles,
    and a draft article has several matches. (Keyed by identity, the provision held with
    its text so that the key stays its own.)"""
    key = (id(p), lang)
    hit = _TEXTS.get(key)
    if hit is not None and hit[0] is p:
        return hit[1]
    if len(_TEXTS) >= 4096:
        _TEXTS.clear()
    text = p.all_text(lang)
    _TEXTS[key] = (p, text)
    return text


def _draft_name(p: Provision) -> str:
    return p.number.get("en") or p.label


# --- sentences ---------------------------------------------------------------------------


def sentences(text: str, lang: str) -> list[str]:
    """The sentences of a passage (see the module's docstring for where it cuts)."""
    return list(_sentences(text, lang))


@lru_cache(maxsize=4096)
def _sentences(text: str, lang: str) -> tuple[str, ...]:
    # Cached: a reference passage is set beside every draft article it matches.
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        parts = _JA_SENTENCE.split(line) if lang == "ja" else _EN_SENTENCE.split(line)
        out += [p.strip() for p in parts if p.strip()]
    return tuple(out)


@lru_cache(maxsize=8192)
def _char_ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def align_sentences(draft: list[str], ref: list[str], lang: str) -> list[Row]:
    """Monotone alignment maximising the summed similarity of kept pairs."""
    n, m = len(draft), len(ref)
    if lang == "ja":
        sim = [[_char_ratio(d, r) for r in ref] for d in draft]
    else:
        # Each sentence's term vector looked up once, not once per pair.
        d_tf, r_tf = [_tf(d) for d in draft], [_tf(r) for r in ref]
        sim = [[textsim.cosine(a, b) for b in r_tf] for a in d_tf]
    # best[i][j]: the best total for draft[i:] and ref[j:]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= PAIR_MIN else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    rows, i, j = [], 0, 0
    while i < n and j < m:
        s = sim[i][j]
        if s >= PAIR_MIN and math.isclose(best[i][j], s + best[i + 1][j + 1]):
            rows.append(Row(draft[i], ref[j], round(s, 3)))
            i, j = i + 1, j + 1
        elif math.isclose(best[i][j], best[i + 1][j]):
            rows.append(Row(draft[i], ""))
            i += 1
        else:
            rows.append(Row("", ref[j]))
            j += 1
    rows += [Row(d, "") for d in draft[i:]]
    rows += [Row("", r) for r in ref[j:]]
    return rows


# --- shared concepts ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _concept_phrases() -> dict[str, list[tuple[tuple[str, ...], str, int, str | None]]]:
    """The thesaurus phrases by their first stem, longest first, each with its length and
    its second stem (None for one word): the cheap test before the whole phrase."""
    out: dict[str, list[tuple[tuple[str, ...], str, int, str | None]]] = {}
    for name, phrases in textsim.CONCEPTS.items():
        for phrase in phrases:
            stems = tuple(_stem(w.lower()) for w in _TOKEN.findall(phrase))
            if stems:
                second = stems[1] if len(stems) > 1 else None
                out.setdefault(stems[0], []).append((stems, name, len(stems), second))
    for cands in out.values():
        cands.sort(key=lambda c: -c[2])
    return out


@lru_cache(maxsize=8192)
def concept_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, concept) for every thesaurus phrase in an English text, no overlaps."""
    # The text cut into [gap, word, gap, word, ..., gap] (split keeps the words, as the
    # group's text): the words are those of _TOKEN.findall, and each word's place is the
    # sum of the lengths before it, found in C (no match object per word). An ASCII text
    # is lowered whole: that changes no length and no word's bounds.
    ascii = text.isascii()
    parts = _TOKEN_PARTS.split(text.lower() if ascii else text)
    words = parts[1::2]
    stems = list(map(_stem, words if ascii else map(str.lower, words)))
    found = list(textsim.concept_matches(stems, _concept_phrases()))
    if not found:
        return ()
    # ends[k]: where parts[k] ends; word i is parts[2i + 1], starting where parts[2i] ends.
    ends = list(accumulate(map(len, parts)))
    return tuple((ends[2 * i], ends[2 * (i + n) - 1], name) for i, n, name in found)


def _marks(text: str, shared: set[str], by_sentence: dict | None = None) -> list[list]:
    """The spans of the shared concepts in a sentence: from its passage's (sentence_spans),
    where they could be taken from it, else found in the sentence."""
    spans = by_sentence[text] if by_sentence is not None and text else concept_spans(text)
    return [[s, e, c] for s, e, c in spans if c in shared]


def sentence_spans(
    text: str, sents: list[str], spans: tuple[tuple[int, int, str], ...]
) -> dict[str, tuple[tuple[int, int, str], ...]] | None:
    """concept_spans of each of the passage's sentences (sentences(text, "en")), taken
    from the passage's own spans rather than found again: None where a phrase runs from
    one sentence into the next (the sentences are then read one by one).

    Exact: a sentence is cut at spaces and line ends, so its words are a run of the
    passage's words, and the scan of concept_matches reads only the words of the phrase it
    tries; where no phrase found crosses a cut, no sentence's scan can differ from the
    passage's (a phrase that would cross one, not found in the passage, cannot be found
    in a sentence either, and the scan of the next sentence starts where the passage's
    does)."""
    out: dict[str, tuple[tuple[int, int, str], ...]] = {}
    pos, k, n = 0, 0, len(spans)
    for sent in sents:
        # The first place at or after the last sentence's end: what lies between two
        # sentences is white space, and a sentence starts with none.
        start = text.find(sent, pos)
        end = pos = start + len(sent)
        if start < 0 or (k < n and spans[k][0] < start):
            # Not reached: a sentence is a piece of its passage, and a phrase starts at a
            # word, which is in a sentence.
            return None
        own = []
        while k < n and spans[k][0] < end:
            s, e, name = spans[k]
            if e > end:
                return None
            own.append((s - start, e - start, name))
            k += 1
        out[sent] = tuple(own)
    return out if k == n else None


# --- diff ----------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    # Cached: a sentence is tested against each sentence set beside it, in every pair.
    return tuple(w.lower() for w in _TOKEN.findall(text))


def close_enough(a: str, b: str, lang: str) -> bool:
    """Whether one passage can be read as an edit of the other (see CLOSE)."""
    if not a or not b:
        return False
    if lang == "ja":
        return _char_ratio(a, b) >= CLOSE
    # Most pairs of sentences from two laws fail on word counts alone (seqmatch.ratio_from).
    return ratio_from(_words(a), _words(b), CLOSE) >= CLOSE


@lru_cache(maxsize=4096)
def _diff(old: str, new: str, lang: str) -> list[tuple[str, str]]:
    # The UK's two sets of regulations share most of their wording, so the same pair of
    # sentences comes back often; diffing it once is enough.
    if lang == "ja" or old == new:
        return diff_text(old, new, lang)
    return _diff_words(old, new)


def _diff_words(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff: words (and runs of spaces, punctuation marks) encoded as single
    characters as in compare.review.textdiff, lined up by compare.worddiff (anchored on the
    words unique to both, difflib between anchors), cleaned up semantically. (Not
    diff-match-patch's bisection: on sentences of two different laws it gives the same
    readable result at four times the cost; difflib alone was half of a long bill's compare.)"""
    table: dict[str, str] = {}
    words: list[str] = []
    a, b = encode_words(old, table, words), encode_words(new, table, words)
    diffs: list = []
    for tag, i1, i2, j1, j2 in worddiff.opcodes(a, b):
        if tag == "equal":
            diffs.append((0, a[i1:i2]))
            continue
        if i2 > i1:
            diffs.append((-1, a[i1:i2]))
        if j2 > j1:
            diffs.append((1, b[j1:j2]))
    engine().diff_cleanupSemantic(diffs)
    return to_ops(decode_words(diffs, words))


# --- the pair ------------------------------------------------------------------------------


def _narrow(
    draft: Provision, ref: Provision, entry: MapEntry, pinpoint: str | None, lang: str
) -> tuple[str, str, str, str, Provision]:
    ref_name, ref_text = entry.citation, _all_text(ref, lang).strip()
    draft_name, draft_text, draft_p = _draft_name(draft), _all_text(draft, lang), draft
    if len(ref_text) > LONG:
        # The paragraph that holds the pinpoint: a point alone (reg. 6(2)(c)) is too
        # narrow to set beside a draft paragraph, the whole regulation too wide.
        holder = next(
            (c for c in ref.children if any(s.citation == pinpoint for s in c.walk())), None
        )
        if pinpoint and holder is not None:
            ref_name, ref_text = holder.citation or entry.citation, _all_text(holder, lang)
        else:
            opts = [(c.citation or entry.citation, c, _all_text(c, lang)) for c in ref.children]
            ref_name, _, ref_text = _closest(opts or [(ref_name, ref, ref_text)], _tf(draft_text))
    if len(draft_text) > LONG and draft.children:
        opts = [
            (f"{_draft_name(draft)} {c.number.get('en', '')}".strip(), c, _all_text(c, lang))
            for c in draft.children
        ]
        draft_name, draft_p, draft_text = _closest(opts, _tf(ref_text))
    return ref_name, ref_text, draft_name, draft_text, draft_p


def wording(
    draft: Provision,
    inst: Instrument,
    entry: MapEntry,
    pinpoint: str | None = None,
    diff: bool = True,
) -> Wording:
    """The closest passages of the pair, side by side; diff=False leaves out the word
    diffs (the costly part) and keeps the rows."""
    lang = "ja" if inst.jurisdiction in JA_JURISDICTIONS else "en"
    ref = inst.provision(entry.label)
    ref_text = _all_text(ref, lang).strip() if ref is not None else ""
    if ref is None or not ref_text.strip("…. \n"):
        if entry.summary:
            return Wording("summary", lang, summary=entry.summary)
        return Wording("none", lang)
    ref_name, ref_text, draft_name, draft_text, draft_p = _narrow(draft, ref, entry, pinpoint, lang)
    w = Wording(
        "text",
        lang,
        summary=entry.summary,
        draft_passage=draft_name,
        reference_passage=ref_name,
        draft_text=draft_text,
        reference_text=ref_text,
        draft_text_ja=_all_text(draft_p, "ja") if lang != "ja" else "",
    )
    if draft_p is not draft:
        w.draft_child = next(n for n, c in enumerate(draft.children) if c is draft_p)
    draft_sents, ref_sents = sentences(draft_text, lang), sentences(ref_text, lang)
    w.rows = align_sentences(draft_sents, ref_sents, lang)
    if lang == "en":
        draft_spans, ref_spans = concept_spans(draft_text), concept_spans(ref_text)
        shared = {c for _, _, c in draft_spans} & {c for _, _, c in ref_spans}
        w.concepts = sorted(shared)
        if shared:  # else no sentence has a mark
            # Each sentence's spans from its passage's: its words are not stemmed again.
            by_draft = sentence_spans(draft_text, draft_sents, draft_spans)
            by_ref = sentence_spans(ref_text, ref_sents, ref_spans)
            for r in w.rows:
                r.draft_marks = _marks(r.draft, shared, by_draft)
                r.reference_marks = _marks(r.reference, shared, by_ref)
    if diff:
        for r in w.rows:
            if close_enough(r.draft, r.reference, lang):
                r.ops = _diff(r.draft, r.reference, lang)
    return w
