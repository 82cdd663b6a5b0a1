"""The auto-tagger: propose taxonomy elements for a provision from its wording.

It only proposes: an aide confirms the tags in the provision map. The method is plain
signal matching, chosen because every proposal can then be explained by the phrases that
triggered it (TagProposal.evidence). The signals are the taxonomy's (drafts/taxonomy.yaml)
and the cross-jurisdiction vocabulary of compare/corpus/concepts.yaml (US "blocking",
"inadmissibility", Australian "declarations", ...). English is matched on stemmed word
sequences, Japanese on substrings. Where signals overlap ("make funds available" contains
"funds"), only the longest match counts; a signal inside one of its element's guard
phrases ("entry" in "entry into force") does not count at all.

Scoring, per top-level element: each distinct signal that matches is a piece of evidence
with a probability p (how often, in the curated maps, a provision where it matches carries
the element); the element's score is their noisy-OR, 1 - prod(1 - p), a match in the
heading counting twice. An element is proposed when its score reaches its threshold:
absolute, never relative to the best element, so a provision that does two things gets
both. A sub-key follows its top key when any of its own signals matched.

A signal counts as a separate feature by where it is found: the provision's own heading,
the heading of the Part or Chapter it sits in (weighed only by counting, never a prior), or
its wording. Thresholds are chosen per element on scores each training instrument gets from
counts made WITHOUT it (what an unseen law gets), the middle of a tied run of best F1.

The probabilities and thresholds form a Lexicon. `learn_lexicon` fits one from curated maps
(counts smoothed towards a prior that grows with the phrase's length);
compare/corpus/autotag_weights.yaml holds the one fitted on all the shipped maps
(bench/autotag.py --write), and without it the priors are used. bench/autotag.py measures
the procedure leave-one-instrument-out: each instrument tagged by a lexicon fitted
without it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...drafts.model import Provision
from ...drafts.taxonomy import TOP_KEYS, ignore_phrases, load_taxonomy, top_key
from .english import QUOTES, stem

DEFAULT_THRESHOLD = 0.0
# Kept for callers of the old API; no relative cut-off is applied any more (see above).
DEFAULT_RELATIVE = 0.0
# Where in a provision a signal was found: its own heading ("h"), the heading of the Part or
# Chapter it sits in ("p"), or its wording (""). Each place is its own feature: "Enforcement"
# as a Part heading says less than as the provision's heading, and more than in passing.
HEADING, PARENT, BODY = "h", "p", ""
# A signal inside the caption a citation carries ("regulation 11 (asset-freeze in relation to
# designated persons)") names the measure cited, which the provision may only except, enforce
# or refer to: its own feature, weighed only by counting, like a Part heading.
CITED = "c"
# Kept for old callers: > 1 marked a heading text.
HEADING_WEIGHT = 3.0
PSEUDO = 6.0  # pseudo-counts a listed signal starts with for its element (x its prior)
# Only the three strongest signals for an element add up (weaker ones would let a long
# provision that brushes an element with many generic words reach any threshold); a signal
# that speaks against it always counts. Measured: bench/autotag.py, leave-one-out.
TOPN = 3
# A fitted threshold above this would refuse a short provision its one clear phrase
# (measured: no loss leave-one-out; bench/autotag.py).
MAX_THRESHOLD = 2.0
SHRINK = 10.0  # m of the m-estimate: how many examples a feature needs to move far from 0
UNFITTED_BIAS = -1.5
THRESHOLDS = tuple(x / 2 for x in range(-10, 61))  # the scores a fitted threshold may take
WEIGHTS_FILE = Path(__file__).resolve().parent / "autotag_weights.yaml"
# "..." in an English signal spans up to this many words; "…" in Japanese this many chars.
EN_GAP = 4
JA_GAP = 12

_WORD = re.compile(r"[a-z0-9]+")
_GAP = "\x00"  # a gap marker inside a compiled English pattern
_MASKED = "\x01"  # a token blanked out as boilerplate; matches no signal


@dataclass(frozen=True)
class TagProposal:
    key: str
    score: float
    # The phrases that matched, as "en:phrase" / "ja:phrase", "[heading]" when in the heading.
    evidence: list[str] = field(default_factory=list)


# --- normalisation -------------------------------------------------------------------


def en_tokens(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens; quotes, dashes and possessives normalised away."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).lower()
    text = re.sub(r"'s\b", "", text).replace("-", " ")
    return [stem(w) for w in _WORD.findall(text)]


def ja_normalise(text: str) -> str:
    # NFKC folds full-width digits and brackets, so 「（目的）」 and "(目的)" agree.
    return unicodedata.normalize("NFKC", text)


# --- compiled signals ----------------------------------------------------------------


@dataclass(frozen=True)
class _Signal:
    key: str  # the element (or sub-key) that lists it
    lang: str
    phrase: str  # as written in the taxonomy, for evidence
    weight: float
    en: tuple[str, ...] = ()  # stemmed tokens, _GAP for "..."
    ja: re.Pattern[str] | None = None


# One word may be a passing mention; a phrase of two or more is drafting for the element.
def _en_weight(n_words: int) -> float:
    return 1.0 if n_words <= 1 else 2.0 if n_words == 2 else 2.5


# Two kanji are about one English word; four or more characters are a phrase.
def _ja_weight(n_chars: int) -> float:
    return 1.0 if n_chars <= 2 else 1.5 if n_chars == 3 else 2.0 if n_chars <= 6 else 2.5


def _compile_en(phrase: str) -> tuple[str, ...]:
    parts = [en_tokens(p) for p in phrase.split("...")]
    out: list[str] = []
    for i, part in enumerate(parts):
        if i:
            out.append(_GAP)
        out.extend(part)
    return tuple(out)


def _compile_ja(phrase: str) -> re.Pattern[str]:
    parts = [re.escape(ja_normalise(p)) for p in phrase.split("…")]
    return re.compile(f".{{0,{JA_GAP}}}?".join(parts))


def _vocabulary() -> list[tuple[str, dict[str, list[str]]]]:
    """(element key, {lang: phrases}): the taxonomy's signals, then the concepts'."""
    from .concepts import load_concepts

    vocab = [(key, element.signals) for key, element in load_taxonomy().items()]
    for c in load_concepts():
        for key in c.elements:
            vocab.append((key, {"en": list(c.en), "ja": list(c.ja)}))
    return vocab


@lru_cache(maxsize=1)
def _signals() -> tuple[_Signal, ...]:
    out: list[_Signal] = []
    seen_by_key: dict[str, set[object]] = {}
    for key, signals in _vocabulary():
        # Phrases that normalise alike ("licence", "licences", "license") are one signal:
        # the first spelling listed names it in the evidence.
        seen = seen_by_key.setdefault(key, set())
        for phrase in signals.get("en", []):
            pattern = _compile_en(phrase)
            words = sum(1 for t in pattern if t != _GAP)
            if words and pattern not in seen:
                seen.add(pattern)
                out.append(_Signal(key, "en", phrase, _en_weight(words), en=pattern))
        for phrase in signals.get("ja", []):
            regex = _compile_ja(phrase)
            if regex.pattern not in seen:
                seen.add(regex.pattern)
                chars = len(ja_normalise(phrase).replace("…", ""))
                out.append(_Signal(key, "ja", phrase, _ja_weight(chars), ja=regex))
    return tuple(out)


@lru_cache(maxsize=1)
def _guards() -> tuple[tuple[str, tuple[str, ...]], ...]:
    from .concepts import guards

    return tuple((key, _compile_en(p)) for key, phrases in guards().items() for p in phrases)


def _guarded(key: str, start: int, end: int, spans: list[tuple[str, int, int]]) -> bool:
    return any(
        (key == g or key.startswith(g + ".")) and s <= start and end <= e for g, s, e in spans
    )


@lru_cache(maxsize=1)
def _ignored() -> tuple[tuple[tuple[str, ...], ...], tuple[re.Pattern[str], ...]]:
    phrases = ignore_phrases()
    return (
        tuple(_compile_en(p) for p in phrases.get("en", [])),
        tuple(_compile_ja(p) for p in phrases.get("ja", [])),
    )


# --- matching ------------------------------------------------------------------------


def _en_match_at(tokens: list[str], i: int, pattern: tuple[str, ...]) -> int | None:
    """End index (exclusive) of pattern matched at tokens[i], or None; gaps backtrack."""
    if not pattern:
        return i
    head, rest = pattern[0], pattern[1:]
    if head == _GAP:
        for skip in range(EN_GAP + 1):
            end = _en_match_at(tokens, i + skip, rest)
            if end is not None:
                return end
        return None
    if i < len(tokens) and tokens[i] == head:
        return _en_match_at(tokens, i + 1, rest)
    return None


def _en_spans(tokens: list[str], pattern: tuple[str, ...]) -> Iterable[tuple[int, int]]:
    for i, tok in enumerate(tokens):
        if tok == pattern[0]:
            end = _en_match_at(tokens, i, pattern)
            if end is not None:
                yield i, end


Hit = tuple[int, int, _Signal]


def _find_hits(text: str, lang: str) -> list[Hit]:
    """All signal matches in one text, the shorter ones inside longer ones dropped."""
    return list(_find_hits_cached(text, lang))


# A term being defined ("'freezing of funds' means ...", "“dealing” includes ...") names the
# measure only to say what a word means: no signal of these elements counts inside it.
DEFINED_TERM_GUARD = ("measures",)
_DEFINED = re.compile(
    r"[\"“‘'「]([^\"”’'」\n]{1,80})[\"”’'」]\s*(?:\([^)]{0,40}\)\s*)?"
    r"(?:means|includes|has the (?:same )?meaning|refers to|shall mean)\b",
    re.I,
)


def _defined_terms(text: str) -> list[tuple[int, int]]:
    """Token spans (as en_tokens counts them) of the definitions a text gives: each from
    its term to the end of its line."""
    out = []
    for m in _DEFINED.finditer(text):
        end = text.find("\n", m.end())
        out.append(
            (
                len(en_tokens(text[: m.start(1)])),
                len(en_tokens(text[: end if end >= 0 else len(text)])),
            )
        )
    return out


# Fitting leave-one-instrument-out matches the same texts once per fold: remember them.
@lru_cache(maxsize=4096)
def _find_hits_cached(text: str, lang: str) -> tuple[Hit, ...]:
    ignore_en, ignore_ja = _ignored()
    hits: list[Hit] = []
    if lang == "en":
        tokens = en_tokens(text)
        for pattern in ignore_en:
            for start, end in list(_en_spans(tokens, pattern)):
                tokens[start:end] = [_MASKED] * (end - start)
        spans = [(g, s, e) for g, pat in _guards() for s, e in _en_spans(tokens, pat)]
        spans.extend((g, s, e) for s, e in _defined_terms(text) for g in DEFINED_TERM_GUARD)
        for sig in _signals():
            if sig.lang == "en":
                hits.extend(
                    (s, e, sig)
                    for s, e in _en_spans(tokens, sig.en)
                    if not (spans and _guarded(sig.key, s, e, spans))
                )
    else:
        norm = ja_normalise(text)
        for pattern in ignore_ja:
            norm = pattern.sub(lambda m: _MASKED * len(m.group()), norm)
        for sig in _signals():
            if sig.lang == "ja" and sig.ja is not None:
                hits.extend((m.start(), m.end(), sig) for m in sig.ja.finditer(norm))
    return tuple(_longest_only(hits))


def _longest_only(hits: list[Hit]) -> list[Hit]:
    # A hit inside a longer hit is part of that phrase ("funds" in "make funds available")
    # and is dropped. Phrases that merely overlap ("国会に報告" + "報告しなければならない")
    # both stand, and equal spans all survive, so a phrase two elements list counts for both.
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0], h[2].key, h[2].phrase))
    kept: list[Hit] = []
    for start, end, sig in hits:
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in kept):
            continue
        kept.append((start, end, sig))
    return kept


# --- scoring -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    sig: _Signal
    evidence: str  # "en:phrase"
    place: tuple[int, int, int]  # (which text, start, end): one place counts once
    where: str  # HEADING, PARENT, BODY or CITED

    @property
    def in_heading(self) -> bool:
        return self.where == HEADING


def _collect(texts: list[tuple[str, str, str]]) -> list[_Found]:
    found: list[_Found] = []
    for n, (text, lang, where) in enumerate(texts):
        if text.strip():
            cited = _cited_captions(text) if where == BODY and lang == "en" else []
            found.extend(
                _Found(
                    sig,
                    f"{sig.lang}:{sig.phrase}",
                    (n, start, end),
                    CITED if any(s <= start and end <= e for s, e in cited) else where,
                )
                for start, end, sig in _find_hits(text, lang)
            )
        if where == HEADING and lang == "en" and _TERM_HEADING.match(text):
            found.append(_Found(_TERM_SIGNAL, "en:" + _TERM_SIGNAL.phrase, (n, 0, 0), where))
    return found


_CAPTION = re.compile(
    r"\b(?:regulations?|sections?|articles?|rules?|paragraphs?|parts?|schedules?|chapters?"
    r"|reg|regs|art|s|ss)\.?\s+[0-9][0-9A-Za-z]*(?:\([0-9a-zA-Z]+\))*"
    r"(?:\s*(?:,|and|or|to)\s*[0-9][0-9A-Za-z]*(?:\([0-9a-zA-Z]+\))*)*"
    r"\s*\(([^()]{3,200})\)",
    re.I,
)


def _cited_captions(text: str) -> list[tuple[int, int]]:
    """Token spans (as en_tokens counts them) of the captions that follow citations."""
    return [
        (len(en_tokens(text[: m.start(1)])), len(en_tokens(text[: m.end(1)])))
        for m in _CAPTION.finditer(text)
    ]


# A heading that is a quoted term (“Designated persons”, “Relevant firm”, "Specified
# ships") is how statutes head a section that defines that term.
_TERM_HEADING = re.compile(r"^\s*[\"“‘'「][^\"”’'」]{1,80}[\"”’'」]\s*$")
_TERM_SIGNAL = _Signal("definitions", "en", "a quoted term as heading", 2.0)


_PLACE_NOTE = {"#h": " [heading]", "#p": " [part heading]", "#c": " [cited]"}


def _texts(heading: str, parent: str, text_en: str, text_ja: str) -> list[tuple[str, str, str]]:
    """The texts of one provision to match, each with its place (HEADING, PARENT, BODY)."""
    return [
        (heading, "en", HEADING),
        (heading, "ja", HEADING),
        (parent, "en", PARENT),
        (parent, "ja", PARENT),
        (text_en, "en", BODY),
        (text_ja, "ja", BODY),
    ]


def _prior(sig: _Signal) -> float:
    """What a signal says before any counting: a phrase says more than a word."""
    return {1.0: 0.35, 1.5: 0.45, 2.0: 0.55, 2.5: 0.65}.get(sig.weight, 0.5)


def _sig_id(sig: _Signal) -> str:
    return f"{sig.key}|{sig.lang}:{sig.phrase}"


def _features(found: list[_Found]) -> dict[str, _Signal]:
    """Each distinct matched signal once, a heading match as its own feature ("…#h")."""
    out: dict[str, _Signal] = {}
    for f in found:
        out.setdefault(_sig_id(f.sig) + (f"#{f.where}" if f.where else ""), f.sig)
    return out


# --- the second stage: from an element's evidence to a decision ----------------------

# What the decider sees of one element in one provision. The naive-Bayes score alone ranks
# an element mentioned in passing in a long provision (SAMLA's power sections name every
# sanction) like one the provision is about; these say where and how much it was found.
EVIDENCE = (
    "score",  # the naive-Bayes score (Lexicon.scores)
    "heading",  # the strongest weight found in the provision's own heading (0 if none)
    "body",  # the strongest in its wording (a cited caption at its counted weight)
    "part",  # the strongest in its Part / Chapter heading
    "signals",  # log(1 + distinct signals with a positive weight in the wording)
    "length",  # log(1 + words in the provision): long ones mention much in passing
    "prior",  # the element's prior log-odds
    "first",  # where in the wording it is first found (0 = the start, 1 = the end)
    "total",  # the sum of all its positive weights (the score caps them at TOPN)
)


def _length(text_en: str, text_ja: str) -> int:
    # Two Japanese characters are about one English word (as for the signals' weights).
    return len(en_tokens(text_en)) + len(text_ja) // 2


def _evidence_rows(
    lex: Lexicon, found: list[_Found], scored: dict, length: int
) -> dict[str, list[float]]:
    feats = _features(found)
    rows = {}
    for top, (score, _evidence, _subs) in scored.items():
        heading = body = part = total = 0.0
        signals = 0
        for feat, sig in feats.items():
            if top_key(sig.key) != top:
                continue
            w = lex.weight(top, feat, sig)
            total += max(0.0, w)
            if feat.endswith("#h"):
                heading = max(heading, w)
            elif feat.endswith("#p"):
                part = max(part, w)
            else:
                body = max(body, w)
                signals += w > 0
        first = 1.0
        for f in found:
            if f.where == BODY and top_key(f.sig.key) == top:
                at = f.place[1] if f.sig.lang == "en" else f.place[1] / 2
                first = min(first, at / (length + 1))
        rows[top] = [
            score,
            heading,
            body,
            part,
            math.log1p(signals),
            math.log1p(length),
            lex.bias(top),
            first,
            total,
        ]
    return rows


@dataclass
class Decider:
    """A logistic regression over EVIDENCE, one for all elements (so that it learns how
    evidence behaves, not which element is common), fitted on rows scored by lexicons that
    had not seen the row's instrument; `cut` is the probability from which an element is
    proposed, chosen for the best F1 on those rows. Absolute: no element's decision depends
    on another's."""

    coef: list[float]  # intercept first, then one per EVIDENCE (standardised inputs)
    mean: list[float]
    scale: list[float]
    cut: float

    def logit(self, row: list[float]) -> float:
        z = self.coef[0]
        for c, x, m, sd in zip(self.coef[1:], row, self.mean, self.scale, strict=True):
            z += c * (x - m) / sd
        return z

    def margin(self, row: list[float]) -> float:
        return self.logit(row) - math.log(self.cut / (1 - self.cut))


DECIDER_L2 = 1.0  # ridge penalty (per example) on the standardised coefficients
DECIDER_STEPS = 300
CUTS = tuple(x / 100 for x in range(10, 91))  # the probabilities the cut may take
SMOOTH = 5  # cuts each side averaged when choosing it


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def fit_decider(rows: list[list[float]], labels: list[bool], missed: int) -> Decider | None:
    """Gradient descent on the log-loss (a few thousand rows of eight numbers: plain Python
    is fast enough and needs no numerical library). `missed` counts the gold tags no signal
    found at all: they are false negatives whatever the cut."""
    if not rows or all(labels) or not any(labels):
        return None
    d = len(rows[0])
    mean = [sum(r[j] for r in rows) / len(rows) for j in range(d)]
    scale = [
        max(1e-6, math.sqrt(sum((r[j] - mean[j]) ** 2 for r in rows) / len(rows))) for j in range(d)
    ]
    xs = [[1.0] + [(r[j] - mean[j]) / scale[j] for j in range(d)] for r in rows]
    ys = [1.0 if y else 0.0 for y in labels]
    w = [0.0] * (d + 1)
    n = len(xs)
    for _ in range(DECIDER_STEPS):
        grad = [0.0] * (d + 1)
        for x, y in zip(xs, ys, strict=True):
            e = _sigmoid(sum(a * b for a, b in zip(w, x, strict=True))) - y
            for j in range(d + 1):
                grad[j] += e * x[j]
        for j in range(d + 1):
            w[j] -= 0.1 * (grad[j] + (DECIDER_L2 * w[j] if j else 0.0)) / n
    probs = [_sigmoid(sum(a * b for a, b in zip(w, x, strict=True))) for x in xs]
    positives = sum(labels) + missed
    f_at = []
    for cut in CUTS:
        tp = sum(1 for p, y in zip(probs, labels, strict=True) if p >= cut and y)
        fp = sum(1 for p, y in zip(probs, labels, strict=True) if p >= cut and not y)
        f_at.append(2 * tp / (tp + fp + positives) if tp else 0.0)
    # The cut at the peak of the F1 curve averaged over neighbouring cuts, not at one lucky
    # step: a coarse grid made the cut jump (0.30 -> 0.35) with any change of vocabulary.
    windows = [f_at[max(0, i - SMOOTH) : i + SMOOTH + 1] for i in range(len(CUTS))]
    smooth = [sum(w) / len(w) for w in windows]
    best_cut = CUTS[max(range(len(CUTS)), key=lambda i: (smooth[i], -i))]
    return Decider([round(c, 6) for c in w], mean, scale, best_cut)


@dataclass
class Lexicon:
    """What the tagger knows: counts from curated maps, or nothing (the priors).

    Fitted, it is a naive-Bayes scorer over the element's own signals: its score is its log
    prior odds plus, for the signals found, the log of how much likelier each is in
    provisions that carry the element than in those that do not (an m-estimate shrunk
    towards the signal's overall rate, SHRINK; a listed signal starts with PSEUDO x its
    prior as pseudo-counts for the element); the TOPN strongest positive weights and every
    negative one add up. A generic word weighs about nothing. Unfitted, the signals weigh
    by their priors.
    """

    n: int = 0  # examples counted
    positives: dict[str, int] = field(default_factory=dict)  # top key -> examples with it
    seen: dict[str, int] = field(default_factory=dict)  # feature -> examples with it
    joint: dict[str, dict[str, int]] = field(default_factory=dict)  # feature -> top -> count
    thresholds: dict[str, float] = field(default_factory=dict)
    # The second stage (Decider): how an element's evidence, taken together, turns into a
    # decision; empty until fitted with groups (then propose() uses it).
    decider: Decider | None = None

    def weight(self, top: str, feature: str, sig: _Signal) -> float:
        listed = top_key(sig.key) == top
        factor = 2.0 if feature.endswith("#h") else 0.5 if feature.endswith(("#p", "#c")) else 1.0
        if not self.n:
            if not listed:
                return 0.0
            p = _prior(sig)
            return factor * (math.log(p / (1 - p)) + 1.0)
        pos = self.positives.get(top, 0)
        neg = self.n - pos
        # A Part heading is the context, not the provision: only counting gives it weight.
        listed = listed and not feature.endswith(("#p", "#c"))
        if not listed and not self.seen.get(feature):
            return 0.0  # never counted and no prior: no evidence either way
        c_pos = self.joint.get(feature, {}).get(top, 0) + (PSEUDO * _prior(sig) if listed else 0)
        c_neg = self.seen.get(feature, 0) - self.joint.get(feature, {}).get(top, 0)
        if listed:  # the prior as a Beta(PSEUDO x prior, PSEUDO x (1 - prior)) on both sides
            c_neg += PSEUDO * (1 - _prior(sig))
        # m-estimate towards the feature's overall rate: a rare feature weighs little.
        rate = (self.seen.get(feature, 0) + 1) / (self.n + 2)
        m = SHRINK
        return math.log((c_pos + m * rate) / (pos + m)) - math.log((c_neg + m * rate) / (neg + m))

    def bias(self, top: str) -> float:
        if not self.n:
            return UNFITTED_BIAS
        pos = self.positives.get(top, 0)
        return math.log((pos + 1) / (self.n - pos + 1))

    def threshold(self, top: str) -> float:
        return self.thresholds.get(top, 0.0)

    def scores(self, found: list[_Found]) -> dict[str, tuple[float, list[str], dict]]:
        """Top key -> (score, evidence, {sub-key: evidence}) for every element some signal
        of which matched."""
        feats = _features(found)
        listed: dict[str, list[tuple[str, _Signal]]] = {}
        for feat, sig in feats.items():
            listed.setdefault(top_key(sig.key), []).append((feat, sig))
        out = {}
        for top, own in listed.items():
            total = self.bias(top)
            contrib = []
            ws = []
            phrases: set[str] = set()
            for feat, sig in feats.items():
                if top_key(sig.key) != top:
                    continue  # measured: other elements' signals as evidence against overfit
                place = feat[-2:] if feat[-2:] in ("#h", "#p", "#c") else ""
                if (sig.phrase, place) in phrases:
                    continue  # one phrase listed under the top key and a sub-key counts once
                phrases.add((sig.phrase, place))
                w = self.weight(top, feat, sig)
                ws.append(w)
                if w > 0 and top_key(sig.key) == top:
                    contrib.append(
                        (
                            -w,
                            f"{sig.lang}:{sig.phrase}" + _PLACE_NOTE.get(place, ""),
                        )
                    )
            ws.sort(reverse=True)
            total += sum(ws[:TOPN]) + sum(w for w in ws[TOPN:] if w < 0)
            subs: dict[str, list[str]] = {}
            for _feat, sig in own:
                if sig.key != top:
                    subs.setdefault(sig.key, []).append(f"{sig.lang}:{sig.phrase}")
            evidence = list(dict.fromkeys(e for _, e in sorted(contrib)))
            out[top] = (round(total, 3), evidence, subs)
        return out

    def propose(
        self,
        text_en: str = "",
        text_ja: str = "",
        heading: str = "",
        *,
        parent: str = "",
        threshold: float | None = None,
    ) -> list[TagProposal]:
        found = _collect(_texts(heading, parent, text_en, text_ja))
        scored = self.scores(found)
        decider = self.decider if threshold is None else None
        rows = _evidence_rows(self, found, scored, _length(text_en, text_ja)) if decider else {}
        out: list[TagProposal] = []
        for top, (score, evidence, subs) in scored.items():
            if not evidence:
                continue
            if decider is not None:
                # The margin in log-odds over the decider's cut: one scale for all elements.
                margin = round(decider.margin(rows[top]), 3)
                if margin < 0:
                    continue
            else:
                floor = self.threshold(top) if threshold is None else threshold
                if score < floor:
                    continue
                # Ranked by the margin over the element's own threshold: the raw scores of
                # two elements are not on one scale (their prior odds differ).
                margin = round(score - floor, 3)
            out.append(TagProposal(top, margin, evidence))
            out.extend(
                TagProposal(key, margin, sorted(set(ev))) for key, ev in sorted(subs.items())
            )
        out.sort(key=lambda p: (-p.score, p.key not in _TOPS, p.key))
        return out


_TOPS = frozenset(TOP_KEYS)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon fitted on the shipped maps (autotag_weights.yaml), else the priors."""
    from ...drafts.yamlsource import read_yaml

    if not WEIGHTS_FILE.is_file():
        return Lexicon()
    data = read_yaml(WEIGHTS_FILE).data or {}
    return Lexicon(
        n=int(data.get("n") or 0),
        positives={str(k): int(v) for k, v in (data.get("positives") or {}).items()},
        seen={str(k): int(v) for k, v in (data.get("seen") or {}).items()},
        joint={
            str(k): {str(t): int(c) for t, c in v.items()}
            for k, v in (data.get("joint") or {}).items()
        },
        thresholds={str(k): float(v) for k, v in (data.get("thresholds") or {}).items()},
        decider=_read_decider(data.get("decider")),
    )


def _read_decider(data) -> Decider | None:
    if not isinstance(data, dict):
        return None
    coef = [float(x) for x in data.get("coef") or []]
    mean = [float(x) for x in data.get("mean") or []]
    scale = [float(x) for x in data.get("scale") or []]
    if len(coef) != len(EVIDENCE) + 1 or len(mean) != len(EVIDENCE) or len(scale) != len(mean):
        return None  # written for another set of EVIDENCE: fall back to the thresholds
    return Decider(coef, mean, scale, float(data.get("cut", 0.5)))


def propose_tags(
    text_en: str = "",
    text_ja: str = "",
    heading: str = "",
    *,
    parent: str = "",
    threshold: float | None = None,
    relative: float | None = None,  # accepted for old callers; no relative cut-off is made
    lexicon: Lexicon | None = None,
) -> list[TagProposal]:
    """Proposed element tags for one provision, best first (top keys before their sub-keys
    at equal score). `parent` is the heading of the Part or Chapter it sits in; `threshold`
    overrides every element's own threshold."""
    return (lexicon or default_lexicon()).propose(
        text_en, text_ja, heading, parent=parent, threshold=threshold
    )


# --- fitting -------------------------------------------------------------------------


_ATTRIBUTION = re.compile(r"^\s*according to [^,]{1,80},\s*", re.I)


@dataclass(frozen=True)
class Example:
    """One curated map entry: its wording and its top-level element keys."""

    heading: str
    text_en: str
    text_ja: str
    gold: frozenset[str]
    parent: str = ""  # the heading of the Part / Chapter it sits in


def entry_example(inst, entry, training: bool = False) -> Example:
    """The heading and wording the tagger sees for a map entry (official text where the
    corpus has it, else the map's summary), and the entry's curated top keys.
    (`training` is accepted for symmetry; adding the Japanese summaries to the fitting
    texts was measured and lost F1 leave-one-out, bench/autotag.py.)"""
    prov = inst.provision(entry.label) if inst.doc is not None else None
    heading = entry.heading or ""
    if prov is not None and not heading and prov.caption:
        heading = prov.caption.get("en") or prov.caption.get("ja") or ""
    en = prov.all_text("en").strip() if prov is not None else ""
    ja = prov.all_text("ja").strip() if prov is not None else ""
    if not (en.strip("…. \n") or ja) and entry.summary:
        # "According to the press release, ..." says where the summary comes from, not what
        # the provision does: it would push every signal towards the end of the text.
        en = _ATTRIBUTION.sub("", entry.summary.get("en", ""))
    gold = frozenset(top_key(k) for k in entry.elements)
    return Example(heading, en, ja, gold, parent_heading(inst, entry))


def parent_heading(inst, entry) -> str:
    """The heading of the Part or Chapter a map entry sits in: its group's heading in the map
    (the law's own heading, copied when the map was made), else the caption of the nearest
    enclosing unit of the imported text."""
    for group in inst.map.groups:
        if entry.group and group.get("label") == entry.group:
            return str(group.get("heading") or "")
    if inst.doc is None:
        return ""
    chain: list = []

    def walk(ps, above) -> bool:
        for p in ps:
            if p.label == entry.label:
                chain.extend(above)
                return True
            if walk(p.children, [*above, p]):
                return True
        return False

    walk(inst.doc.provisions, [])
    for p in reversed(chain):
        cap = p.caption or {}
        if cap.get("en") or cap.get("ja"):
            return cap.get("en") or cap.get("ja") or ""
    return ""


def _example_found(ex: Example) -> list[_Found]:
    return _collect(_texts(ex.heading, ex.parent, ex.text_en, ex.text_ja))


def _count(examples: list[Example], found_per: list[list[_Found]]) -> Lexicon:
    lex = Lexicon(n=len(examples))
    for ex, found in zip(examples, found_per, strict=True):
        for top in ex.gold:
            lex.positives[top] = lex.positives.get(top, 0) + 1
        for feat in _features(found):
            lex.seen[feat] = lex.seen.get(feat, 0) + 1
            per = lex.joint.setdefault(feat, {})
            for top in ex.gold:
                per[top] = per.get(top, 0) + 1
    return lex


def _best_threshold(top: str, golds: list[frozenset[str]], scored: list[dict]) -> float:
    """The threshold with the best F1 for `top`; where a run of thresholds ties (few
    examples), the middle of the run, not its edge, so one more example does not flip it."""
    f_at = {}
    for t in THRESHOLDS:
        tp = fp = fn = 0
        for gold_keys, sc in zip(golds, scored, strict=True):
            pred = top in sc and sc[top][0] >= t and bool(sc[top][1])
            gold = top in gold_keys
            tp += pred and gold
            fp += pred and not gold
            fn += gold and not pred
        f_at[t] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    best_f = max(f_at.values())
    if best_f == 0.0:
        return MAX_THRESHOLD
    best = [t for t in THRESHOLDS if f_at[t] >= best_f - 1e-9]
    # the longest run of consecutive best thresholds, and its middle
    runs: list[list[float]] = []
    for t in best:
        if runs and THRESHOLDS.index(t) == THRESHOLDS.index(runs[-1][-1]) + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    run = max(runs, key=len)
    return min(run[(len(run) - 1) // 2], MAX_THRESHOLD)


def fit_lexicon(examples: list[Example], groups: list[str] | None = None) -> Lexicon:
    """Counts over the examples, then each top key's threshold chosen for the best F1
    (THRESHOLDS). With `groups` (the instrument of each example) the threshold is chosen on
    scores each example gets from counts WITHOUT its own group: the scores a law the
    lexicon has never seen gets, not the flattering in-sample ones; and the Decider, which
    then makes the decisions, is fitted on those same out-of-group rows."""
    found_per = [_example_found(ex) for ex in examples]
    lex = _count(examples, found_per)
    rows: list[list[float]] = []
    labels: list[bool] = []
    missed = 0
    if groups is not None and len(set(groups)) > 1:
        scored: list[dict] = [{}] * len(examples)
        for g in sorted(set(groups)):
            inside = [i for i, gi in enumerate(groups) if gi == g]
            outside = [i for i, gi in enumerate(groups) if gi != g]
            held = _count([examples[i] for i in outside], [found_per[i] for i in outside])
            for i in inside:
                scored[i] = held.scores(found_per[i])
                ex = examples[i]
                length = _length(ex.text_en, ex.text_ja)
                for top, row in _evidence_rows(held, found_per[i], scored[i], length).items():
                    if scored[i][top][1]:  # only what propose() would consider
                        rows.append(row)
                        labels.append(top in ex.gold)
                missed += sum(1 for k in ex.gold if not (k in scored[i] and scored[i][k][1]))
    else:
        scored = [lex.scores(found) for found in found_per]
    golds = [ex.gold for ex in examples]
    for top in TOP_KEYS:
        lex.thresholds[top] = _best_threshold(top, golds, scored)
    lex.decider = fit_decider(rows, labels, missed)
    return lex


def learn_lexicon(instruments) -> Lexicon:
    """A lexicon fitted on the curated maps (and texts) of these instruments."""
    pairs = [(i.id, entry_example(i, e, training=True)) for i in instruments for e in i.map.entries]
    return fit_lexicon([ex for _, ex in pairs], [g for g, _ in pairs])


def tag_provision(provision: Provision, **options: float) -> list[TagProposal]:
    """propose_tags for a model Provision: its caption as heading, its subtree's text."""
    caption = provision.caption or {}
    heading = "\n".join(caption[lang] for lang in ("en", "ja") if caption.get(lang))
    return propose_tags(provision.all_text("en"), provision.all_text("ja"), heading, **options)


# --- cross-references: what a circumvention provision forbids to circumvent --------------

_CITE_PREFIXES = {
    stem(w): prefixes
    for words, prefixes in (
        (("regulation", "regulations", "reg"), ("reg-",)),
        (("article", "articles", "art"), ("art-",)),
        (("section", "sections"), ("s-",)),
        (("rule", "rules"), ("rule-", "r-")),
    )
    for w in words
}
_CONNECTORS = frozenset({"to", "and", "or"})


@lru_cache(maxsize=1)
def _inherits() -> tuple[int, tuple[tuple[str, ...], ...], frozenset[str]]:
    """(window, trigger patterns, elements) from concepts.yaml's `inherits`."""
    from .concepts import CONCEPTS_FILE
    from .yamlcache import read_yaml_cached

    raw = read_yaml_cached(CONCEPTS_FILE).data.get("inherits") or {}
    window = raw.get("window", 25)
    triggers, elements = raw.get("triggers") or [], raw.get("elements") or []
    if not (isinstance(window, int) and isinstance(triggers, list) and isinstance(elements, list)):
        from ...drafts.errors import ClausewiseError

        raise ClausewiseError(
            "inherits needs window (a number), triggers and elements (lists)", str(CONCEPTS_FILE)
        )
    return window, tuple(_compile_en(str(t)) for t in triggers), frozenset(map(str, elements))


def _numbers(tokens: list[str]) -> list[str]:
    """The numbers a citation names from its first token: "11 to 15" -> 11..15, "2 3 and 4"
    -> 2, 3, 4; a smaller number straight after ("3 1" from "3(1)") is a paragraph: stop."""
    out: list[str] = []
    i = 0
    while i < len(tokens) and tokens[i][:1].isdigit():
        out.append(tokens[i])
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        after = tokens[i + 2] if i + 2 < len(tokens) else ""
        if nxt == "to" and after.isdigit() and tokens[i].isdigit() and int(after) > int(tokens[i]):
            out.extend(str(n) for n in range(int(tokens[i]) + 1, int(after) + 1))
            i += 3
        elif nxt in _CONNECTORS and after[:1].isdigit():
            i += 2
        elif nxt.isdigit() and tokens[i].isdigit() and int(nxt) > int(tokens[i]):
            i += 1
        else:
            break
    return out


def cited_after_trigger(text_en: str, labels: Iterable[str]) -> list[str]:
    """The labels of `labels` that the wording cites within the window after a trigger of
    concepts.yaml's `inherits` ("circumvent any of the prohibitions in regulations 11 to 15"
    -> reg-11 ... reg-15), in order of citation."""
    window, triggers, _ = _inherits()
    known = set(labels)
    tokens = en_tokens(text_en)
    out: list[str] = []
    for pattern in triggers:
        for _start, end in _en_spans(tokens, pattern):
            span = tokens[end : end + window]
            for j, tok in enumerate(span):
                for prefix in _CITE_PREFIXES.get(tok, ()):
                    for n in _numbers(span[j + 1 :]):
                        if prefix + n in known and prefix + n not in out:
                            out.append(prefix + n)
    return out


def propose_instrument(
    lex: Lexicon, provisions: list[tuple[str, str, str, str, str]]
) -> dict[str, list[TagProposal]]:
    """Proposals for every provision of one instrument, given as (label, text_en, text_ja,
    heading, parent): each its own (Lexicon.propose), then a provision that forbids
    circumventing cited provisions also gets the measures (concepts.yaml `inherits`) proposed
    for them, with the citation as evidence. Only proposals are inherited, never an aide's
    tags, so the same holds for a law the tagger has never seen."""
    own = {
        label: lex.propose(en, ja, heading, parent=parent)
        for label, en, ja, heading, parent in provisions
    }
    _, _, elements = _inherits()
    out = {}
    for label, en, _ja, _heading, _parent in provisions:
        tags = list(own[label])
        have = {t.key for t in tags}
        for cited in cited_after_trigger(en, own) if en else []:
            if cited == label:
                continue
            for t in own[cited]:
                if t.key in elements and t.key not in have:
                    have.add(t.key)
                    tags.append(TagProposal(t.key, 0.0, [f"cites {cited}: {t.key}"]))
        out[label] = tags
    return out


def tag_provisions(
    provisions: list[Provision],
    lexicon: Lexicon | None = None,
    parents: dict[str, str] | None = None,
) -> dict[str, list[TagProposal]]:
    """tag_provision for the units of one imported law at once, so that a circumvention
    provision gets the measures of the units it cites (propose_instrument); by label.
    `parents` gives the heading of the Part or Chapter a unit sits in, by label."""
    rows = []
    for p in provisions:
        caption = p.caption or {}
        heading = "\n".join(caption[lang] for lang in ("en", "ja") if caption.get(lang))
        parent = (parents or {}).get(p.label, "")
        rows.append((p.label, p.all_text("en"), p.all_text("ja"), heading, parent))
    return propose_instrument(lexicon or default_lexicon(), rows)
