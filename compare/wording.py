"""Wording diff of an aligned pair: the draft's text against the reference's official text.

Word by word for English, character by character for Japanese (compare.textdiff, the helper
the redlines use, with diff-match-patch's semantic clean-up). For English the words are
lined up with difflib's matcher rather than diff-match-patch's exact bisection: two laws
drafted in different countries share few words, and on such pairs the bisection costs
about four times as much for the same readable result (measured on the default bill: 685
against 720 equal characters out of 33,000, in a quarter of the time).
The draft side is the old text and the reference the new, so an insertion is wording the
reference has and the draft lacks. Where the corpus has no official text, the map's
summary is returned instead, marked as a summary, and nothing is diffed: a summary is the
project's paraphrase and diffing against it would pass paraphrase off as law.

What is diffed is the closest pair of passages, not two whole provisions: an article of
the draft against the paragraph of the reference it is most like (its pinpoint), and a
long article by its paragraph most like that passage. A diff of two whole regulations
drafted in different countries is a wall of red and green that nobody reads, and its cost
grows with the square of the length (diff-match-patch has no deterministic cap: its only
limit is a timeout, which would make the output depend on the machine). Passages that
share almost no words are shown side by side, undiffed, and marked so.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from functools import lru_cache

from ..drafts.model import Provision
from . import textsim
from .corpus.instruments import Instrument
from .corpus.maps import MapEntry
from .review.textdiff import decode_words, diff_text, encode_words, engine, to_ops

# Japanese reference laws are compared with the Japanese draft; all others in English.
JA_JURISDICTIONS = ("jp",)
LONG = 400  # characters: beyond this a provision is narrowed to its closest passage
MIN_SHARED = 0.08  # below this cosine two passages are shown, not diffed


@dataclass
class Wording:
    source: str  # "text": the official text; "summary": the map's summary; "none"
    lang: str
    ops: list[tuple[str, str]] = field(default_factory=list)
    summary: dict[str, str] | None = None
    draft_passage: str | None = None  # citation-like name of the passages diffed
    reference_passage: str | None = None
    diffed: bool = True
    draft_text: str = ""
    reference_text: str = ""
    # Why an official text is not diffed: "little_shared" (the passages share almost no
    # words) or "not_closest" (only the closest match of each law is diffed: the diff is
    # the costly part of a comparison and the others rarely repay reading as one).
    undiffed: str | None = None

    def as_dict(self) -> dict:
        out: dict = {"source": self.source, "lang": self.lang}
        if self.source == "text":
            out["draft_passage"] = self.draft_passage
            out["reference_passage"] = self.reference_passage
            out["diffed"] = self.diffed
            if self.diffed:
                out["ops"] = [list(op) for op in self.ops]
            else:
                out["undiffed"] = self.undiffed
                out["draft_text"] = self.draft_text
                out["reference_text"] = self.reference_text
        if self.summary:
            out["summary"] = self.summary
        return out


@lru_cache(maxsize=4096)
def _tf(text: str) -> dict[str, float]:
    counts = textsim.features(text).counts
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    return {k: v / norm for k, v in counts.items()}


def _closest(options: list[tuple[str, str]], target: dict[str, float]) -> tuple[str, str, float]:
    best = ("", "", -1.0)
    for name, text in options:
        c = textsim.cosine(_tf(text), target) if text else 0.0
        if c > best[2]:
            best = (name, text, c)
    return best


def _draft_name(p: Provision) -> str:
    return " ".join(x for x in (p.number.get("en"),) if x) or p.label


def wording(
    draft: Provision,
    inst: Instrument,
    entry: MapEntry,
    pinpoint: str | None = None,
    diff: bool = True,
) -> Wording:
    """The closest passages of the pair, diffed; with diff=False shown whole, undiffed."""
    lang = "ja" if inst.jurisdiction in JA_JURISDICTIONS else "en"
    ref = inst.provision(entry.label)
    ref_text = ref.all_text(lang).strip() if ref is not None else ""
    if not ref_text or not ref_text.strip("…. \n"):
        if entry.summary:
            return Wording("summary", lang, summary=entry.summary)
        return Wording("none", lang)
    ref_name, draft_name, draft_text = entry.citation, _draft_name(draft), draft.all_text(lang)
    if len(ref_text) > LONG:
        subs = {s.citation: s for s in ref.walk() if s.citation and s is not ref}
        if pinpoint in subs:
            ref_name, ref_text = pinpoint, subs[pinpoint].all_text(lang)
        else:
            opts = [(c.citation or entry.citation, c.all_text(lang)) for c in ref.children]
            ref_name, ref_text, _ = _closest(opts or [(ref_name, ref_text)], _tf(draft_text))
    if len(draft_text) > LONG:
        draft_name, draft_text, _ = _closest(
            [
                (f"{_draft_name(draft)} {c.number.get('en', '')}".strip(), c.all_text(lang))
                for c in draft.children
            ]
            or [(draft_name, draft_text)],
            _tf(ref_text),
        )
    w = Wording(
        "text", lang, summary=entry.summary, draft_passage=draft_name, reference_passage=ref_name
    )
    if not diff:
        w.diffed, w.draft_text, w.reference_text = False, draft_text, ref_text
        w.undiffed = "not_closest"
        return w
    if lang == "en" and textsim.cosine(_tf(draft_text), _tf(ref_text)) < MIN_SHARED:
        w.diffed, w.draft_text, w.reference_text = False, draft_text, ref_text
        w.undiffed = "little_shared"
        return w
    w.ops = _diff(draft_text, ref_text, lang)
    return w


@lru_cache(maxsize=4096)
def _diff(old: str, new: str, lang: str) -> list[tuple[str, str]]:
    # The UK's two sets of regulations share most of their wording, so the same pair of
    # passages comes back often; diffing it once is enough.
    if lang == "ja" or old == new:
        return diff_text(old, new, lang)
    return _diff_words(old, new)


def _diff_words(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff: words (and runs of spaces, punctuation marks) encoded as single
    characters as in compare.textdiff, lined up by difflib, cleaned up semantically."""
    table: dict[str, str] = {}
    words: list[str] = []
    a, b = encode_words(old, table, words), encode_words(new, table, words)
    diffs: list = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            diffs.append((0, a[i1:i2]))
            continue
        if i2 > i1:
            diffs.append((-1, a[i1:i2]))
        if j2 > j1:
            diffs.append((1, b[j1:j2]))
    engine().diff_cleanupSemantic(diffs)
    return to_ops(decode_words(diffs, words))
