"""Alignment: for each article and paragraph of a draft, the provisions of each reference
instrument that do the same job, ranked, each with a score and an explanation.

The score of a draft provision d against a mapped reference provision r is

    score = ALPHA * E + (1 - ALPHA) * min(1, T / T_SAT)

E, the element score, says whether the two provisions are about the same things. The
draft's elements are rolled up to the 25 top keys (drafts.taxonomy.top_key); an article's
own tags weigh 1, tags found only on its paragraphs and items weigh HALF (they are what the
article touches, not what it is about). With K_d, K_r the top keys and w the draft weights:

    cover = sum(w[k] for k in K_d & K_r) / sum(w[k] for k in K_d)   # how much of d r covers
    focus = |K_d & K_r| / |K_r|                                      # how much of r is d
    E     = cover * (1 + focus) / 2

so a reference provision that does exactly what the article does scores 1, and a broad one
(Canada's s. 4 carries ten elements) still scores, lower. T is the TF-IDF cosine
(compare.textsim) of the draft's English (caption and text) against the reference's
official English (heading and text), or against the map's summary where the corpus lacks
the text. Tags carry the alignment; the cosine ranks within an element (the UK has eight
provisions tagged enforcement.offences) and, where it is high, finds a match the tags
missed (E = 0 and T >= T_SAT gives 1 - ALPHA).

Kept ("top") matches, per instrument: score >= MIN_SCORE and score >= RELATIVE x the best
score in that instrument. A pinned match is always kept; a forbidden one never appears.
Deterministic: ties break on the instrument's order and the map's order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from drafts.model import Document, Provision
from drafts.taxonomy import top_key

from . import textsim
from .instruments import Instrument
from .loading import find
from .maps import MapEntry

GAMMA = 0.3
T_SAT = 0.2
TEXT_ONLY = 0.6
HALF = 0.25
MIN_SCORE = 0.4
RELATIVE = 0.6
PINPOINT_MIN = 0.12  # below this the best sub-provision is not worth naming


# --- inputs ------------------------------------------------------------------------------


@dataclass
class Reference:
    """A mapped provision of a reference instrument, ready to be compared."""

    instrument: Instrument
    entry: MapEntry
    elements: frozenset[str]  # top keys
    text_source: str  # "text" (official wording) | "summary" | "none"
    features: textsim.Features = field(repr=False)
    body: str = field(default="", repr=False)  # the wording compared (text or summary)
    terms: list[str] = field(default_factory=list)
    vector: dict[str, float] = field(default_factory=dict, repr=False)
    # (citation, vector) of each sub-provision of the official text, made when first needed
    subvectors: list | None = field(default=None, repr=False)

    @property
    def citation(self) -> str:
        return self.entry.citation


@dataclass
class DraftUnit:
    provision: Provision
    level: str  # "article" | "paragraph"
    article: str  # label of the article it is (in)
    weights: dict[str, float]  # top key -> weight
    inherited: bool  # a paragraph without tags of its own takes its article's
    features: textsim.Features = field(repr=False)
    terms: list[str] = field(default_factory=list)
    vector: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def label(self) -> str:
        return self.provision.label


def _tops(keys) -> set[str]:
    out = set()
    for k in keys:
        try:
            out.add(top_key(k))
        except KeyError:
            continue  # a malformed tag is the map validator's business, not ours
    return out


def _weights(p: Provision) -> dict[str, float]:
    weights: dict[str, float] = {}
    for d in p.walk():
        w = 1.0 if d is p else HALF
        for k in _tops(d.elements):
            weights[k] = max(weights.get(k, 0.0), w)
    return weights


def _caption(p: Provision, lang: str = "en") -> str:
    return (p.caption or {}).get(lang, "") or ""


def draft_units(doc: Document) -> list[DraftUnit]:
    units = []
    for art in doc.articles():
        own = _weights(art)
        text = f"{_caption(art)}\n{_caption(art)}\n{art.all_text('en')}"
        f = textsim.features(text)
        units.append(
            DraftUnit(art, "article", art.label, own, False, f, textsim.quoted_terms(text))
        )
        for para in art.children:
            if para.kind != "paragraph":
                continue
            # A paragraph's own tags and its items' count in full: it is that small.
            weights = {k: 1.0 for k in _tops(e for d in para.walk() for e in d.elements)}
            inherited = not weights
            if inherited:
                weights = {k: 1.0 for k in _tops(art.elements)}
            ptext = para.all_text("en")
            units.append(
                DraftUnit(
                    para,
                    "paragraph",
                    art.label,
                    weights,
                    inherited,
                    textsim.features(ptext),
                    textsim.quoted_terms(ptext),
                )
            )
    return units


def references(instruments: list[Instrument]) -> list[Reference]:
    refs = []
    for inst in instruments:
        for e in inst.map.entries:
            official = inst.text(e, "en") if inst.doc is not None else ""
            # "…" alone is what a repealed section leaves; it is not wording to compare.
            if official and official.strip("…. \n"):
                source, body = "text", official
            elif e.summary:
                source, body = "summary", e.summary["en"]
            else:
                source, body = "none", ""
            # The heading names the provision's subject: counted twice, like the draft's
            # caption, because it is the most deliberate sentence either side has. The
            # map's summary joins the official text: it restates the provision in plain
            # words, which bridges the drafting styles (measured: bench/compare_quality.py).
            summary = e.summary["en"] if e.summary and source == "text" else ""
            text = f"{e.heading}\n{e.heading}\n{body}\n{summary}"
            refs.append(
                Reference(
                    inst,
                    e,
                    frozenset(_tops(e.elements)),
                    source,
                    textsim.features(text),
                    body,
                    textsim.quoted_terms(body),
                )
            )
    return refs


# --- scoring -----------------------------------------------------------------------------------


def element_score(weights: dict[str, float], ref_tops: frozenset[str]) -> tuple[float, list[str]]:
    if not weights or not ref_tops:
        return 0.0, []
    shared = sorted(weights.keys() & ref_tops)
    if not shared:
        return 0.0, []
    cover = sum(weights[k] for k in shared) / sum(weights.values())
    focus = len(shared) / len(ref_tops)
    return (cover + focus) / 2, shared


def combine(e: float, t: float) -> float:
    tn = min(1.0, t / T_SAT)
    return max(e * (GAMMA + (1 - GAMMA) * tn), TEXT_ONLY * tn)


@dataclass
class Match:
    instrument: str
    jurisdiction: str
    label: str
    citation: str
    heading: str
    score: float
    element_score: float
    text_score: float
    elements: list[str]  # shared top keys
    words: list[str]  # shared terms that weigh most in the cosine (surface forms)
    terms: list[str]  # shared defined terms
    text_source: str
    pinned: bool = False
    pin_reason: str | None = None
    pinpoint: str | None = None

    def explanation(self) -> str:
        parts = []
        if self.pinned:
            parts.append(
                "pinned in the bill file" + (f": {self.pin_reason}" if self.pin_reason else "")
            )
        if self.elements:
            parts.append("shared elements: " + ", ".join(self.elements))
        if self.terms:
            parts.append("shared defined terms: " + ", ".join(f"“{t}”" for t in self.terms))
        src = "official text" if self.text_source == "text" else "map summary"
        if self.words:
            parts.append(
                f"shared words with the {src} ({self.text_score:.2f}): " + ", ".join(self.words)
            )
        elif self.text_source != "none":
            parts.append(f"no wording in common with the {src}")
        return "; ".join(parts)


@dataclass
class Alignment:
    unit: DraftUnit
    matches: list[Match]

    @property
    def label(self) -> str:
        return self.unit.label


@cache
def _stem_line(text: str) -> str:
    return " " + " ".join(s for s, _ in textsim.words(text)) + " "


def _shared_terms(unit: DraftUnit, ref: Reference) -> list[str]:
    d_text = _stem_line(unit.provision.all_text("en"))
    r_text = _stem_line(ref.body)
    out = []
    for term in dict.fromkeys(unit.terms + ref.terms):
        key = textsim.term_key(term)
        if key and f" {key} " in d_text and f" {key} " in r_text:
            out.append(term)
    return out[:4]


def _pinpoint(unit: DraftUnit, ref: Reference, index: textsim.Index) -> str | None:
    """The sub-provision (paragraph or item) of r most like d, for a precise citation."""
    prov = find(ref.instrument, ref.entry.label)
    if prov is None or not prov.children:
        return None
    if ref.subvectors is None:
        ref.subvectors = [
            (sub.citation, index.vector(textsim.features(sub.all_text("en"))))
            for sub in prov.walk()
            if sub is not prov and sub.citation
        ]
    best, best_cite = PINPOINT_MIN, None
    for cite, v in ref.subvectors:
        c = textsim.cosine(unit.vector, v)
        if c > best:
            best, best_cite = c, cite
    return best_cite


def _match(unit: DraftUnit, ref: Reference, t: float, index: textsim.Index) -> Match:
    e, shared = element_score(unit.weights, ref.elements)
    top_terms = textsim.contributions(unit.vector, ref.vector)
    return Match(
        instrument=ref.instrument.id,
        jurisdiction=ref.instrument.jurisdiction,
        label=ref.entry.label,
        citation=ref.entry.citation,
        heading=ref.entry.heading,
        score=round(combine(e, t), 3),
        element_score=round(e, 3),
        text_score=round(t, 3),
        elements=shared,
        words=[ref.features.surface.get(w, w) for w in top_terms],
        terms=[],
        text_source=ref.text_source,
    )


@dataclass
class Corrections:
    """What the aide fixed by hand (compare.corrections builds it from the bill file)."""

    pins: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    forbids: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    waivers: dict[str, str] = field(default_factory=dict)


def align(
    doc: Document, instruments: list[Instrument], corrections: Corrections | None = None
) -> list[Alignment]:
    corrections = corrections or Corrections()
    units = draft_units(doc)
    refs = references(instruments)
    index = textsim.Index(
        [u.features for u in units if u.level == "article"] + [r.features for r in refs]
    )
    for u in units:
        u.vector = index.vector(u.features)
    for r in refs:
        r.vector = index.vector(r.features)
    # Inverted index over the references: a cosine only needs the terms a pair shares.
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, r in enumerate(refs):
        for t, w in r.vector.items():
            postings.setdefault(t, []).append((i, w))
    order = {inst.id: n for n, inst in enumerate(instruments)}
    out = []
    for u in units:
        dots = [0.0] * len(refs)
        for t, w in u.vector.items():
            for i, rw in postings.get(t, ()):
                dots[i] += w * rw
        out.append(Alignment(u, _select(u, refs, dots, index, order, corrections)))
    return out


def _select(
    u: DraftUnit,
    refs: list[Reference],
    dots: list[float],
    index: textsim.Index,
    order: dict[str, int],
    corr: Corrections,
) -> list[Match]:
    forbidden = {(i, lab) for i, lab, _ in corr.forbids.get(u.label, [])}
    pinned = {(i, lab): why for i, lab, why in corr.pins.get(u.label, [])}
    by_inst: dict[str, list[tuple[float, int]]] = {}
    for i, r in enumerate(refs):
        key = (r.instrument.id, r.entry.label)
        if key in forbidden:
            continue
        e, _ = element_score(u.weights, r.elements)
        s = combine(e, dots[i])
        if s >= MIN_SCORE or key in pinned:
            by_inst.setdefault(r.instrument.id, []).append((s, i))
    kept: list[Match] = []
    for inst_id in sorted(by_inst, key=order.__getitem__):
        cands = sorted(by_inst[inst_id], key=lambda x: (-round(x[0], 6), x[1]))
        best = cands[0][0] if cands else 0.0
        for s, i in cands:
            r = refs[i]
            key = (r.instrument.id, r.entry.label)
            if key not in pinned and (s < MIN_SCORE or s < RELATIVE * best):
                continue
            m = _match(u, r, dots[i], index)
            m.terms = _shared_terms(u, r)
            m.pinpoint = _pinpoint(u, r, index) if r.text_source == "text" else None
            if key in pinned:
                m.pinned, m.pin_reason = True, pinned[key]
            kept.append(m)
    return kept
