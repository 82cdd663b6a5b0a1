"""The auto-tagger: propose taxonomy elements for a provision from its wording.

It only proposes: an aide confirms the tags in the provision map. The method is plain
signal matching, chosen because every proposal can then be explained by the phrases that
triggered it (TagProposal.evidence) and because the taxonomy's signal lists are the one
place to improve it. English is matched on stemmed word sequences, Japanese on substrings.

Scoring, per element: each distinct signal phrase that matches adds a weight that grows
with its specificity (a multi-word phrase says more than one word); a match in the heading
counts HEADING_WEIGHT times, as headings name a provision's subject. A sub-key's matches
also count for its top key. Where signals overlap ("make funds available" contains
"funds"), only the longest match counts, so one phrase is not read twice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ...drafts.model import Provision
from ...drafts.taxonomy import ignore_phrases, load_taxonomy, top_key
from .english import QUOTES, stem

DEFAULT_THRESHOLD = 2.0
# A tag must also reach this share of the best tag's score: long provisions brush against
# many elements in passing, and those passing mentions are not what the provision is about.
DEFAULT_RELATIVE = 0.35
HEADING_WEIGHT = 3.0
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


@lru_cache(maxsize=1)
def _signals() -> tuple[_Signal, ...]:
    out: list[_Signal] = []
    for key, element in load_taxonomy().items():
        # Phrases that normalise alike ("licence", "licences", "license") are one signal:
        # the first spelling listed names it in the evidence.
        seen: set[object] = set()
        for phrase in element.signals.get("en", []):
            pattern = _compile_en(phrase)
            words = sum(1 for t in pattern if t != _GAP)
            if words and pattern not in seen:
                seen.add(pattern)
                out.append(_Signal(key, "en", phrase, _en_weight(words), en=pattern))
        for phrase in element.signals.get("ja", []):
            regex = _compile_ja(phrase)
            if regex.pattern not in seen:
                seen.add(regex.pattern)
                chars = len(ja_normalise(phrase).replace("…", ""))
                out.append(_Signal(key, "ja", phrase, _ja_weight(chars), ja=regex))
    return tuple(out)


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
    ignore_en, ignore_ja = _ignored()
    hits: list[Hit] = []
    if lang == "en":
        tokens = en_tokens(text)
        for pattern in ignore_en:
            for start, end in list(_en_spans(tokens, pattern)):
                tokens[start:end] = [_MASKED] * (end - start)
        for sig in _signals():
            if sig.lang == "en":
                hits.extend((s, e, sig) for s, e in _en_spans(tokens, sig.en))
    else:
        norm = ja_normalise(text)
        for pattern in ignore_ja:
            norm = pattern.sub(lambda m: _MASKED * len(m.group()), norm)
        for sig in _signals():
            if sig.lang == "ja" and sig.ja is not None:
                hits.extend((m.start(), m.end(), sig) for m in sig.ja.finditer(norm))
    return _longest_only(hits)


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
    key: str
    evidence: str  # "en:phrase"
    place: tuple[int, int, int]  # (which text, start, end): one place counts once
    weight: float
    in_heading: bool


def _collect(texts: list[tuple[str, str, float]]) -> list[_Found]:
    found: list[_Found] = []
    for n, (text, lang, factor) in enumerate(texts):
        if text.strip():
            found.extend(
                _Found(
                    sig.key,
                    f"{sig.lang}:{sig.phrase}",
                    (n, start, end),
                    sig.weight * factor,
                    factor > 1.0,
                )
                for start, end, sig in _find_hits(text, lang)
            )
    return found


def _tally(found: list[_Found]) -> tuple[float, list[str]]:
    """Score and evidence of one element: each phrase and each place count once, at best."""
    seen_ev: set[str] = set()
    seen_place: set[tuple[int, int, int]] = set()
    score, evidence = 0.0, []
    for f in sorted(found, key=lambda f: (-f.weight, f.evidence, f.place)):
        if f.evidence in seen_ev or f.place in seen_place:
            continue
        seen_ev.add(f.evidence)
        seen_place.add(f.place)
        score += f.weight
        evidence.append(f.evidence + (" [heading]" if f.in_heading else ""))
    return round(score, 3), evidence


def propose_tags(
    text_en: str = "",
    text_ja: str = "",
    heading: str = "",
    *,
    threshold: float = DEFAULT_THRESHOLD,
    relative: float = DEFAULT_RELATIVE,
) -> list[TagProposal]:
    """Proposed element tags for one provision, best first.

    Top keys are proposed when their score (own and sub-key signals) reaches `threshold`
    and `relative` times the best score; a sub-key follows its top key when any of its
    own signals matched. Ties are broken by key, so the result is deterministic.
    """
    found = _collect(
        [
            (heading, "en", HEADING_WEIGHT),
            (heading, "ja", HEADING_WEIGHT),
            (text_en, "en", 1.0),
            (text_ja, "ja", 1.0),
        ]
    )
    by_top: dict[str, list[_Found]] = {}
    by_key: dict[str, list[_Found]] = {}
    for f in found:
        by_top.setdefault(top_key(f.key), []).append(f)
        by_key.setdefault(f.key, []).append(f)
    tops = {top: _tally(fs) for top, fs in by_top.items()}
    if not tops:
        return []
    floor = max(threshold, relative * max(score for score, _ in tops.values()))

    out: list[TagProposal] = []
    for top, (score, evidence) in tops.items():
        if score < floor:
            continue
        out.append(TagProposal(top, score, evidence))
        out.extend(
            TagProposal(key, *_tally(fs))
            for key, fs in by_key.items()
            if key != top and top_key(key) == top
        )
    out.sort(key=lambda p: (-p.score, p.key))
    return out


def tag_provision(provision: Provision, **options: float) -> list[TagProposal]:
    """propose_tags for a model Provision: its caption as heading, its subtree's text."""
    caption = provision.caption or {}
    heading = "\n".join(caption[lang] for lang in ("en", "ja") if caption.get(lang))
    return propose_tags(provision.all_text("en"), provision.all_text("ja"), heading, **options)
