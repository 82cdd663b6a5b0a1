"""Alignment: for each article and paragraph of a draft, the provisions of each reference
instrument that do the same job, ranked, each with a score and an explanation.

The score of a draft provision d against a mapped reference provision r is

    score = max(E * (GAMMA + (1 - GAMMA) * min(1, T / T_SAT)), TEXT_ONLY * min(1, T / T_SAT))

E, the element score, says whether the two provisions are about the same things. Tags are
grouped by the 25 top keys (drafts.taxonomy.top_key), and the sub-keys below a top key
(enforcement.offences.penalties, .corporate_liability, .time_limits, ...) say which part of
it a provision does. On the draft side an article's own tags weigh 1, tags found only on
its paragraphs and items weigh HALF (they are what the article touches, not what it is
about). On the reference side the map entry's first element is its primary function: its
top key weighs 1, the entry's other top keys SECONDARY. For each shared top key k the
agreement q(k) compares the sub-keys (_agreement): 1 where neither side has any or both
name the same one; SUB_MID where only one side has any; SUB_DIFF where both do and they
differ, rising towards 1 with the weight of the best matching pair. Under a top key the
draft article's first sub-key of its own is what it does; its other own sub-keys there
(the penalty of a secrecy offence) weigh DRAFT_SECONDARY in that pair; likewise its own
top keys other than its first tag's weigh DRAFT_SECONDARY_TOP, in w and in what cover
owes (Params.draft_secondary_top). With w the draft
weights and v the reference weights:

    cover = min(1, sum(w[k] * q[k] for shared k) / sum(w[k] for k of d weighing 1))
                                                                   # how much of d r covers
    focus = sum(v[k] * q[k] for shared k) / sum(v[k] for k of r)   # how much of r is d
    E     = (cover + focus) / 2

so a reference provision that does exactly what the article does scores 1; one that does
it only in passing (a secondary tag) or does another part of the same top key scores less;
and a broad one (Canada's s. 4 carries ten elements) still scores, lower. T is the TF-IDF
cosine (compare.textsim) of the draft's English (caption and text) against the
reference's official English (heading and text), or against the map's summary where the
corpus lacks the text. Tags carry the alignment; the cosine ranks among provisions the
tags cannot tell apart and, where it is high, finds a match the tags missed (E = 0 and
T >= T_SAT gives TEXT_ONLY).

The tags of a draft article's paragraphs and items count towards cover when a reference
shares them but are not owed by it: what the article is about is its own tags, and a
definitions article whose paragraphs touch ten elements is covered by the reference's
interpretation provision (Params.cover_own; the sum of all of d's weights without it).

Kept ("top") matches, per instrument: score >= MIN_SCORE and score >= RELATIVE x the best
score in that instrument; and, below those, a complement: a provision whose primary function
is a part of the draft article (a sub-key on one of its paragraphs) that no better match
kept does, scoring at least Params.complement_min (kept_scores). A pinned match is always
kept; a forbidden one never appears.
Deterministic: ties break on the instrument's order and the map's order.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ..drafts.model import Document, Provision
from ..drafts.taxonomy import top_key, top_keys
from . import featcache, textsim
from .corpus.instruments import Instrument
from .corpus.links import provision_url
from .corpus.maps import MapEntry


@dataclass(frozen=True)
class Params:
    """The comparator's constants, in one place so that a bench can choose them on some
    instruments and score others with them (bench/compare_quality.py, leave-one-out)."""

    gamma: float = 0.5  # the share of E that stands without any shared wording
    t_sat: float = 0.2  # a cosine at which the wording counts in full
    text_only: float = 0.6  # the most the wording alone can score
    half: float = 0.25  # weight of a tag found only on an article's paragraphs or items
    # Sub-keys (enforcement.offences.penalties) tell apart provisions under one top key.
    # The agreement q of a shared top key: 1 where both sides name the same sub-key,
    # sub_mid where only one side names any, sub_diff where both do and they differ.
    sub_mid: float = 0.75
    sub_diff: float = 0.5
    # A reference entry's first element is its primary function; its other tags weigh less.
    secondary: float = 0.5
    sub_secondary: float = 0.8  # a secondary sub-key under the primary top key
    min_score: float = 0.4
    relative: float = 0.7  # chosen leave-one-instrument-out (bench/compare_quality.py)
    # Added where the two share their primary function: the reference's first element is
    # one of the draft's own tags, or the draft's first is one of the reference's (or of one
    # of its pinpoints). That is how a person pairs provisions in a synopsis table.
    primary_bonus: float = 0.0
    # E = cover_weight x cover + (1 - cover_weight) x focus: how much a reference provision
    # that does more than the draft article (a section with ten elements) is held against it.
    cover_weight: float = 0.5
    # Cover is owed on the article's own tags only (the module docstring); its paragraphs'
    # tags count when shared. Chosen leave-one-instrument-out (bench/compare_quality.py).
    cover_own: bool = True
    # Under a top key a draft article names several sub-keys of its own (a secrecy offence
    # and its penalty): the first is what it is, the others what it also does. A sub-key of
    # its own unrelated to the first counts this much in the agreement (_agreement), so a
    # general penalty provision is not the counterpart of a particular offence.
    draft_secondary: float = 0.3
    # The same between top keys: an article's first own tag is its primary function, its
    # other own top keys weigh this much in cover (unit_element_score).
    draft_secondary_top: float = 0.7
    # Complementary cover (kept_scores, _complements): the relative cut-off drops
    # alternatives to the best match, not complements. A match below it whose primary
    # function is a part of the draft article (a sub-key named on one of its paragraphs or
    # items) that no better match kept in that instrument does (a circumvention regulation
    # beside the freeze it protects) is kept if it scores complement_min, which may be below
    # min_score. None: no complementary cover. Chosen leave-one-instrument-out.
    complement_min: float | None = 0.35
    # Wording alone (no shared element, the TEXT_ONLY branch of the score) finds a match the
    # tags missed only in the law's own words: against a map summary (the corpus lacks the
    # text) the shared words are the project's paraphrase, in the same English as the draft's
    # translation, and say what the provision mentions (the Act it amends), not what it does.
    # False: no text-only match against a summary. Chosen leave-one-instrument-out.
    summary_text_only: bool = False


DEFAULT = Params()
GAMMA, T_SAT, TEXT_ONLY, HALF = DEFAULT.gamma, DEFAULT.t_sat, DEFAULT.text_only, DEFAULT.half
SUB_MID, SUB_DIFF = DEFAULT.sub_mid, DEFAULT.sub_diff
SECONDARY, SUB_SECONDARY = DEFAULT.secondary, DEFAULT.sub_secondary
MIN_SCORE, RELATIVE = DEFAULT.min_score, DEFAULT.relative
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
    # the subvectors' inverted index (_Postings), made with them
    subpostings: _Postings | None = field(default=None, repr=False, compare=False)
    top_weights: dict[str, float] = field(default_factory=dict)  # primary 1, others SECONDARY
    subs: dict[str, dict[str, float]] = field(default_factory=dict)  # top -> sub-key -> weight
    # (pinpoint, its top weights, its sub weights) for each pinpoint the map names
    pins: list = field(default_factory=list, repr=False)
    # unit_element_score by (the draft unit's tags, Params): units tagged alike score alike,
    # and a long bill repeats a few hundred tag sets over thousands of units.
    escores: dict = field(default_factory=dict, repr=False, compare=False)
    # the vector of each pinpoint's official text (None: not in the text), made when first needed
    pinvectors: list | None = field(default=None, repr=False, compare=False)

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
    subs: dict[str, dict[str, float]] = field(default_factory=dict)  # top -> sub-key -> weight
    own: tuple[str, ...] = ()  # its own element tags, first = its primary function
    # The terms the bill's articles use (the comparator indexes the references by them
    # only), and those of this unit's vector outside them (rarely any: a thesaurus phrase
    # its article's context hid). None: every term is indexed.
    vocab: Collection[str] | None = field(default=None, repr=False, compare=False)
    outside: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def label(self) -> str:
        return self.provision.label

    @property
    def tag_key(self) -> int:
        """What its element score depends on (its weights and sub-keys), as a small number:
        units tagged alike share it."""
        key = self.__dict__.get("_tag_key")
        if key is None:
            tags = (
                tuple(self.weights.items()),
                tuple((k, tuple(v.items())) for k, v in self.subs.items()),
            )
            key = self.__dict__["_tag_key"] = _TAG_SETS.setdefault(tags, len(_TAG_SETS))
        return key


# Every tag set a unit has had, numbered (a few hundred: tags come from the taxonomy).
_TAG_SETS: dict[tuple, int] = {}


_tops = top_keys


def _top_sub(key: str) -> tuple[str, str | None] | None:
    """(top key, the key itself if it is a sub-key else None); None for a malformed tag."""
    try:
        top = top_key(key)
    except KeyError:
        return None
    return top, (key if key != top else None)


def _weights(p: Provision, half: float = HALF) -> dict[str, float]:
    weights: dict[str, float] = {}
    for d in p.walk():
        w = 1.0 if d is p else half
        for k in _tops(d.elements):
            weights[k] = max(weights.get(k, 0.0), w)
    return weights


def _draft_subs(tagged: list[tuple[str, float]]) -> dict[str, dict[str, float]]:
    """Top key -> sub-key -> weight (the highest it is tagged with) of (tag, weight) pairs."""
    subs: dict[str, dict[str, float]] = {}
    for key, w in tagged:
        ts = _top_sub(key)
        if ts is None or ts[1] is None:
            continue
        top, sub = ts
        per = subs.setdefault(top, {})
        per[sub] = max(per.get(sub, 0.0), w)
    return subs


def _ref_weights(
    elements: list[str], p: Params = DEFAULT
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """The top keys and sub-keys of a map entry, weighted: its first element is its primary
    function (weight 1), its other top keys weigh SECONDARY; under the primary top key a
    sub-key other than the first listed weighs SUB_SECONDARY."""
    tops: dict[str, float] = {}
    subs: dict[str, dict[str, float]] = {}
    primary = None
    for key in elements:
        ts = _top_sub(key)
        if ts is None:
            continue
        top, sub = ts
        if primary is None:
            primary = top
        tops.setdefault(top, 1.0 if top == primary else p.secondary)
        if sub is not None:
            per = subs.setdefault(top, {})
            first = top != primary or not per
            per.setdefault(sub, 1.0 if first else p.sub_secondary)
    return tops, subs


def _caption(p: Provision, lang: str = "en") -> str:
    return (p.caption or {}).get(lang, "") or ""


def draft_units(doc: Document, p: Params = DEFAULT) -> list[DraftUnit]:
    return [u for art in doc.articles() for u in article_units(art, p)]


def _article_text(art: Provision) -> str:
    return f"{_caption(art)}\n{_caption(art)}\n{art.all_text('en')}"


def article_units(
    art: Provision, p: Params = DEFAULT, features: textsim.Features | None = None
) -> list[DraftUnit]:
    """The units of one article: the article, then each of its paragraphs. `features`: the
    article's textsim.features, where the caller has them already."""
    units = []
    own = _weights(art, p.half)
    text = _article_text(art)
    f = features if features is not None else textsim.features(text)
    subs = _draft_subs([(k, 1.0 if d is art else p.half) for d in art.walk() for k in d.elements])
    units.append(
        DraftUnit(
            art,
            "article",
            art.label,
            own,
            False,
            f,
            textsim.quoted_terms(text),
            subs=subs,
            own=tuple(art.elements),
        )
    )
    for para in art.children:
        if para.kind != "paragraph":
            continue
        # A paragraph's own tags and its items' count in full: it is that small.
        tags = [e for d in para.walk() for e in d.elements]
        inherited = not _tops(tags)
        if inherited:
            tags = list(art.elements)
        weights = {k: 1.0 for k in _tops(tags)}
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
                subs=_draft_subs([(k, 1.0) for k in tags]),
                own=tuple(dict.fromkeys(tags)),
            )
        )
    return units


def _reference_texts(instruments: list[Instrument]) -> list[str]:
    """The English texts whose features the reference side may need: every mapped
    provision's paragraphs and points (_pinpoint) and its pinpoints (pinpoint_by_elements)."""
    out = []
    for inst in instruments:
        if inst.doc is None:
            continue
        for e in inst.map.entries:
            prov = inst.provision(e.label)
            if prov is not None:
                out += [s.all_text("en") for s in prov.walk() if s is not prov and s.citation]
            for pin in e.pinpoints:
                sub = inst.provision(pin.label)
                if sub is not None:
                    out.append(sub.all_text("en"))
    return out


def references(instruments: list[Instrument], p: Params = DEFAULT) -> list[Reference]:
    entries = []
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
            entries.append((inst, e, source, body, f"{e.heading}\n{e.heading}\n{body}\n{summary}"))
    # None of this depends on the bill: the features come from the user cache after the
    # first run (compare.featcache).
    shown = [t for *_, t in entries]  # their words are shown (Match.words)
    featcache.prime(shown + _reference_texts(instruments), shown)
    refs = []
    # Entries tagged alike (the UK's twin regulations, a law's several offences) score alike
    # against every unit: their element scores are kept in one dict (Reference.escores).
    shared: dict[tuple, dict] = {}
    for inst, e, source, body, text in entries:
        top_weights, subs = _ref_weights(e.elements, p)
        pins = [(pin, *_ref_weights(list(pin.elements), p)) for pin in e.pinpoints]
        tags = (tuple(e.elements), tuple(tuple(pin.elements) for pin in e.pinpoints))
        refs.append(
            Reference(
                inst,
                e,
                frozenset(_tops(e.elements)),
                source,
                textsim.features(text),
                body,
                textsim.quoted_terms(body),
                top_weights=top_weights,
                subs=subs,
                pins=pins,
                escores=shared.setdefault(tags, {}),
            )
        )
    return refs


# --- scoring -----------------------------------------------------------------------------------


def _related(a: str, b: str) -> bool:
    """The same sub-key, or one below the other (freedoms and freedoms.expression)."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _agreement(
    d_subs: dict[str, float], r_subs: dict[str, float], p: Params = DEFAULT
) -> tuple[float, list[str]]:
    """How far two provisions that share a top key do the same thing under it, and the
    sub-keys they share.

    Neither side names a sub-key: 1 (nothing tells them apart). One side only: SUB_MID.
    Both: SUB_DIFF plus the rest for the best matching pair, in proportion to the draft's
    weight of its sub-key (1 on the article itself, HALF on a paragraph or item of it) and
    the reference's (SUB_SECONDARY for a secondary sub-key). A draft article that names no
    sub-key of its own under the top key starts from SUB_MID instead: it is about the
    whole of it, so a reference sub-key is not a contradiction.
    """
    if not d_subs and not r_subs:
        return 1.0, []
    if not d_subs or not r_subs:
        return p.sub_mid, []
    best, shared = 0.0, set()
    primary = next((s for s, w in d_subs.items() if w >= 1.0), None)
    for s, w in d_subs.items():
        if w >= 1.0 and not _related(s, primary):
            w *= p.draft_secondary
        for t, rw in r_subs.items():
            if _related(s, t):
                best = max(best, w * rw)
                shared.add(max(s, t, key=len))
    base = p.sub_diff if max(d_subs.values()) >= 1.0 else p.sub_mid
    return base + (1 - base) * best, sorted(shared)


def element_score(
    weights: dict[str, float],
    ref_tops,
    d_subs: dict[str, dict[str, float]] | None = None,
    r_subs: dict[str, dict[str, float]] | None = None,
    p: Params = DEFAULT,
    owed: float | None = None,
) -> tuple[float, list[str], list[str]]:
    """E = (cover + focus) / 2 over the shared top keys, each counted by its agreement.

    ref_tops is a set of top keys (all weigh 1) or a dict top key -> weight (the primary
    element 1, the others SECONDARY)."""
    if not weights or not ref_tops:
        return 0.0, [], []
    r_w = ref_tops if isinstance(ref_tops, dict) else {k: 1.0 for k in ref_tops}
    shared = sorted(weights.keys() & r_w.keys())
    if not shared:
        return 0.0, [], []
    d_subs, r_subs = d_subs or {}, r_subs or {}
    q, subkeys = {}, []
    for k in shared:
        q[k], s = _agreement(d_subs.get(k, {}), r_subs.get(k, {}), p)
        subkeys += s
    if owed is None:
        owed = sum(weights.values())
        if p.cover_own:
            owed = sum(w for w in weights.values() if w >= 1.0) or owed
    cover = min(1.0, sum(weights[k] * q[k] for k in shared) / owed)
    focus = sum(r_w[k] * q[k] for k in shared) / sum(r_w.values())
    return p.cover_weight * cover + (1 - p.cover_weight) * focus, shared, subkeys


def _primary_weights(u: DraftUnit, p: Params = DEFAULT) -> tuple[dict[str, float], float | None]:
    """The unit's top-key weights with its own top keys other than its primary function's
    (its first tag's) weighing p.draft_secondary_top, and what cover owes (None: as
    element_score computes it)."""
    if p.draft_secondary_top == 1.0 or not u.own:
        return u.weights, None
    primary = _top_sub(u.own[0])
    if primary is None:
        return u.weights, None
    own = {k for k, w in u.weights.items() if w >= 1.0}
    weights = {
        k: w * p.draft_secondary_top if k in own and k != primary[0] else w
        for k, w in u.weights.items()
    }
    owed = sum(weights[k] for k in own) if p.cover_own else sum(weights.values())
    return weights, owed


# Every (tags, constants) key of an element score, numbered: an int is hashed for free,
# where the tuple would be hashed again at each of a unit's thousands of look-ups.
_ESCORE_KEYS: dict[tuple, int] = {}


def _escore_key(u: DraftUnit, p: Params) -> int:
    """The number of what u's element score against any reference depends on: its tags,
    its primary function and the constants element_score and _agreement read (a grid
    varies them all). Made once per unit and Params."""
    made = u.__dict__.get("_escore_key")
    if made is not None and made[0] is p:
        return made[1]
    key = (
        u.tag_key,
        u.own[:1],
        p.sub_mid,
        p.sub_diff,
        p.cover_weight,
        p.cover_own,
        p.draft_secondary,
        p.draft_secondary_top,
    )
    n = _ESCORE_KEYS.setdefault(key, len(_ESCORE_KEYS))
    u.__dict__["_escore_key"] = (p, n)
    return n


def unit_element_score(
    u: DraftUnit, r: Reference, p: Params = DEFAULT
) -> tuple[float, list[str], list[str]]:
    """E of a draft unit against a map entry: against the whole entry, or against the one
    paragraph or point of it that carries the unit's rule (the map's pinpoints), whichever
    agrees better. A provision that does four things is the counterpart of an article that
    does one of them: its paragraph says so, where the entry's mixed tags would not.

    Memoised on the reference by the unit's tags: the lists returned are shared, callers
    copy before changing them."""
    key = _escore_key(u, p)
    best = r.escores.get(key)
    if best is None:
        # The same for every reference: made at the unit's first miss, kept with it.
        made = u.__dict__.get("_primary_weights")
        if made is None or made[0] is not p:
            made = u.__dict__["_primary_weights"] = (p, _primary_weights(u, p))
        weights, owed = made[1]
        best = element_score(weights, r.top_weights or r.elements, u.subs, r.subs, p, owed)
        for _pin, tops, subs in r.pins:
            e = element_score(weights, tops, u.subs, subs, p, owed)
            if e[0] > best[0]:
                best = e
        r.escores[key] = best
    return best


def primary_match(u: DraftUnit, r: Reference) -> bool:
    """Whether the two provisions share their primary function (see Params.primary_bonus)."""
    if not u.own or not r.entry.elements:
        return False
    if r.entry.elements[0] in u.own:
        return True
    first = u.own[0]
    return first in r.entry.elements or any(first in pin.elements for pin, _, _ in r.pins)


def pair_score(u: DraftUnit, r: Reference, t: float, p: Params = DEFAULT) -> float:
    """The score of a draft unit against a reference provision, given their cosine t."""
    e, _, _ = unit_element_score(u, r, p)
    bonus = p.primary_bonus if p.primary_bonus and primary_match(u, r) else 0.0
    return combine(e, t, p, p.summary_text_only or r.text_source == "text") + bonus


def combine(e: float, t: float, p: Params = DEFAULT, text_only: bool = True) -> float:
    """The score of element score e and cosine t; text_only: whether the wording alone may
    make it (Params.summary_text_only)."""
    tn = min(1.0, t / p.t_sat)
    return max(e * (p.gamma + (1 - p.gamma) * tn), p.text_only * tn if text_only else 0.0)


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
    pinpoint: str | None = None  # citation of the paragraph or point that carries the rule
    subkeys: list[str] = field(default_factory=list)  # shared sub-keys
    pinpoint_label: str | None = None  # its label in the imported text
    url: str = ""  # the pinpoint (or the provision) on the publisher's site (corpus.links)

    def explanation(self) -> str:
        parts = []
        if self.pinned:
            parts.append(
                "pinned in the bill file" + (f": {self.pin_reason}" if self.pin_reason else "")
            )
        if self.elements:
            parts.append("shared elements: " + ", ".join(self.elements))
        if self.subkeys:
            parts.append("shared sub-elements: " + ", ".join(self.subkeys))
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


@lru_cache(maxsize=2048)
def _stem_line(text: str) -> str:
    return " " + " ".join(textsim.content_stems(text)) + " "


def _shared_terms(unit: DraftUnit, ref: Reference) -> list[str]:
    terms = dict.fromkeys(unit.terms + ref.terms)
    if not terms:  # most units and many references quote no defined term
        return []
    d_counts, r_counts = unit.features.counts, ref.features.counts
    d_text = r_text = None  # made only when a term may be in both texts
    out = []
    for term in terms:
        key = textsim.term_key(term)
        if not key or not _may_run(key, d_counts) or not _may_run(key, r_counts):
            continue
        if d_text is None:
            d_text = unit.__dict__.get("_stem_line")
        if d_text is None:  # made once per unit: a unit has several matches
            d_text = unit.__dict__["_stem_line"] = _stem_line(unit.provision.all_text("en"))
        if f" {key} " not in d_text:
            continue
        if r_text is None:
            r_text = _stem_line(ref.body)
        if f" {key} " in r_text:
            out.append(term)
    return out[:4]


def _may_run(key: str, counts) -> bool:
    """Whether the stems of `key` may be a run of content stems (_stem_line) of a text that
    is part of the one `counts` are of: each of them is a term of the counts, or each two
    adjacent a bigram. Where not, the stem lines need not be made: a draft's and a law's
    are each a tokenisation of a whole text, and most defined terms of one are not in the
    other (nor, with a stop-word in them, in either)."""
    if " " not in key:
        return key in counts
    stems = key.split(" ")
    return all(f"{a} {b}" in counts for a, b in itertools.pairwise(stems))


class _Postings:
    """An inverted index over vectors: term -> [(the vector's place, its weight)], in place
    order, so that a cosine needs only the terms a pair shares. Made up front for the terms
    of `vocab` only (the bill's: most of a law's terms are not), and for any other term when
    first asked for (a unit's thesaurus phrase its article's context hid); None: every term.
    `lists` is read directly on the hot path, `get` where a term may be missing."""

    def __init__(self, vectors: list[dict[str, float]], vocab: Collection[str] | None) -> None:
        self.vectors, self.vocab = vectors, vocab
        self.lists: dict[str, list[tuple[int, float]]] = {}
        for k, v in enumerate(vectors):
            for t in v.keys() & vocab if vocab is not None else v:
                self.lists.setdefault(t, []).append((k, v[t]))

    def get(self, t: str) -> list[tuple[int, float]] | None:
        plist = self.lists.get(t)
        if plist is None and self.vocab is not None and t not in self.vocab:
            plist = self.lists[t] = [(k, v[t]) for k, v in enumerate(self.vectors) if t in v]
        return plist or None


def _pinpoint(unit: DraftUnit, ref: Reference, index: textsim.Index) -> tuple[str, str] | None:
    """(citation, label) of the paragraph or point of r that does what d does.

    Where the map names the pinpoints of the entry (which paragraph carries which element),
    the one whose elements agree best with d's, the wording breaking ties; otherwise the
    sub-provision of the official text whose wording is most like d's."""
    if ref.entry.pinpoints:
        return pinpoint_by_elements(unit, ref, index)
    prov = ref.instrument.provision(ref.entry.label)
    if prov is None or not prov.children:
        return None
    if ref.subvectors is None:
        ref.subvectors = [
            (sub.citation, sub.label, index.vector(textsim.features(sub.all_text("en"))))
            for sub in prov.walk()
            if sub is not prov and sub.citation
        ]
        ref.subpostings = _Postings([v for _, _, v in ref.subvectors], unit.vocab)
    for t in unit.outside:
        ref.subpostings.get(t)  # indexed now, for the intersection below
    # Every sub-provision's cosine at once through the postings, then the exact cosine
    # (textsim.cosine, as before) only of those the sum puts within rounding of the floor:
    # the others cannot beat it, and the one chosen is the same.
    # Over the terms the two share only (a set intersection, in C): the sum's order may
    # differ from the cosine's, by far less than the margin below.
    approx = [0.0] * len(ref.subvectors)
    vector, postings = unit.vector, ref.subpostings.lists
    for t in vector.keys() & postings.keys():
        w = vector[t]
        for k, sw in postings[t]:
            approx[k] += w * sw
    floor = PINPOINT_MIN - 1e-9
    best, found = PINPOINT_MIN, None
    for (cite, label, v), a in zip(ref.subvectors, approx, strict=True):
        if a <= floor:
            continue
        c = textsim.cosine(unit.vector, v)
        if c > best:
            best, found = c, (cite, label)
    return found


def pinpoint_by_elements(
    unit: DraftUnit, ref: Reference, index: textsim.Index
) -> tuple[str, str] | None:
    best, found = 0.0, None
    if ref.pinvectors is None:
        ref.pinvectors = []
        for pin in ref.entry.pinpoints:
            sub = ref.instrument.provision(pin.label)
            v = index.vector(textsim.features(sub.all_text("en"))) if sub is not None else None
            ref.pinvectors.append((pin, *_ref_weights(list(pin.elements)), v))
    # Each pinpoint's element score depends on the unit's tags only: made once per tag set
    # (kept with the reference's other element scores, under a key of its own).
    key = ("pinpoints", unit.tag_key)
    escores = ref.escores.get(key)
    if escores is None:
        escores = ref.escores[key] = [
            element_score(unit.weights, tops, unit.subs, subs)[0]
            for _pin, tops, subs, _v in ref.pinvectors
        ]
    for (pin, _tops, _subs, v), e in zip(ref.pinvectors, escores, strict=True):
        t = textsim.cosine(unit.vector, v) if v is not None else 0.0
        s = e + 0.25 * min(1.0, t / T_SAT)
        if s > best:
            best, found = s, (pin.citation, pin.label)
    return found if best >= PINPOINT_MIN else None


def _match(
    unit: DraftUnit,
    ref: Reference,
    t: float,
    index: textsim.Index,
    p: Params = DEFAULT,
    score: float | None = None,
) -> Match:
    """The match of a kept pair; `score`: its pair_score, where the caller has it."""
    if score is None:
        score = pair_score(unit, ref, t, p)
    e, shared, subkeys = unit_element_score(unit, ref, p)
    top_terms = textsim.contributions(unit.vector, ref.vector)
    return Match(
        instrument=ref.instrument.id,
        jurisdiction=ref.instrument.jurisdiction,
        label=ref.entry.label,
        citation=ref.entry.citation,
        heading=ref.entry.heading,
        score=round(score, 3),
        element_score=round(e, 3),
        text_score=round(t, 3),
        elements=list(shared),
        words=[ref.features.surface_form(w) for w in top_terms],
        terms=[],
        text_source=ref.text_source,
        subkeys=list(subkeys),
    )


@dataclass
class Corrections:
    """What the aide fixed by hand (compare.corrections builds it from the bill file)."""

    pins: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    forbids: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    waivers: dict[str, str] = field(default_factory=dict)


def align(
    doc: Document,
    instruments: list[Instrument],
    corrections: Corrections | None = None,
    params: Params | None = None,
) -> list[Alignment]:
    return list(iter_align(doc, instruments, corrections, params))


def iter_align(
    doc: Document,
    instruments: list[Instrument],
    corrections: Corrections | None = None,
    params: Params | None = None,
) -> Iterator[Alignment]:
    """The alignments, unit by unit in the bill's order (an article, then its paragraphs).

    Made as they are asked for, so that a caller that writes each and lets it go holds one
    article's units at a time, not the whole bill's (their features and vectors were most of
    a 5,000-article compare's memory). The IDF is taken over every article first; each
    article's features are made again for its units (textsim.features is cached)."""
    corrections = corrections or Corrections()
    p = params or DEFAULT
    refs = references(instruments, p)
    # Each article's term counts, kept between the IDF pass and its units as two arrays of
    # numbers (term ids and counts): a few kilobytes an article, where the features are tens.
    terms = textsim.TermTable()
    counts = []

    def articles():
        for art in doc.articles():
            f = textsim.features(_article_text(art))
            counts.append(terms.pack(f.counts))
            yield f

    index = textsim.Index(itertools.chain(articles(), (r.features for r in refs)))
    for r in refs:
        r.vector = index.vector(r.features)
    # The references by the terms the bill's articles use (_Postings).
    in_bill = terms.ids.keys()
    postings = _Postings([r.vector for r in refs], in_bill)
    lists = postings.lists
    order = {inst.id: n for n, inst in enumerate(instruments)}
    by_top = _top_key_index(refs)
    n_refs = len(refs)
    for n, art in enumerate(doc.articles()):
        f = textsim.Features(terms.unpack(counts[n]))
        counts[n] = None  # let it go
        for u in article_units(art, p, f):
            u.vector = index.vector(u.features)
            u.vocab = in_bill
            u.outside = tuple(t for t in u.vector if t not in in_bill)
            dots = [0.0] * n_refs
            for t, w in u.vector.items():
                plist = lists.get(t) or postings.get(t)
                if plist is not None:
                    for i, rw in plist:
                        dots[i] += w * rw
            yield Alignment(u, _select(u, refs, dots, index, order, corrections, p, by_top))


def _top_key_index(refs: list[Reference]) -> dict[str, list[int]]:
    """top key → the references tagged with it, on the entry or on one of its pinpoints
    (for _candidates: a pinpoint's element score counts too)."""
    out: dict[str, list[int]] = {}
    for i, r in enumerate(refs):
        keys = set(r.top_weights or r.elements)
        for _pin, tops, _subs in r.pins:
            keys |= set(tops)
        for k in sorted(keys):
            out.setdefault(k, []).append(i)
    return out


def _candidates(
    u: DraftUnit,
    refs: list[Reference],
    dots: list[float],
    by_top: dict[str, list[int]] | None,
    p: Params = DEFAULT,
):
    """(index, score) of every reference that may reach p.min_score, pruned exactly.

    A reference sharing no top key with the unit has element score 0 (element_score) and no
    primary-function bonus, so its score is text_only x the saturated cosine, and below
    min_score unless the cosine is at least min_score x t_sat / text_only: the element
    scores (most of alignment's time, 763,000 of them at 990 articles) are computed only for
    references sharing a top key.
    Yields the same scores, in reference order, as scoring every pair.
    """
    if by_top is None or not u.weights:
        for i, r in enumerate(refs):
            yield i, pair_score(u, r, dots[i], p)
        return
    near = {i for k in u.weights for i in by_top.get(k, ())}
    floor = p.min_score * p.t_sat / p.text_only * (1 - 1e-9)  # the float rounding's margin
    worded = [i for i, d in enumerate(dots) if d >= floor]
    for i in sorted(near.union(worded)):
        if i in near:
            yield i, pair_score(u, refs[i], dots[i], p)
        else:
            yield i, combine(0.0, dots[i], p, p.summary_text_only or refs[i].text_source == "text")


def _select(
    u: DraftUnit,
    refs: list[Reference],
    dots: list[float],
    index: textsim.Index,
    order: dict[str, int],
    corr: Corrections,
    p: Params = DEFAULT,
    by_top: dict[str, list[int]] | None = None,
) -> list[Match]:
    forbidden = {(i, lab) for i, lab, _ in corr.forbids.get(u.label, [])}
    pinned = {(i, lab): why for i, lab, why in corr.pins.get(u.label, [])}
    # Pinned pairs are kept whatever their score: scored in full, not pruned.
    # So are all pairs when the primary-function bonus is on: it can lift a pair that shares
    # no top key, which the pruning's bound leaves out.
    exact = pinned or p.primary_bonus
    scored = _candidates(u, refs, dots, None if exact else by_top, p)
    kept: list[Match] = []
    # Each score is pair_score's (the pruning test holds _candidates to it).
    for s, i in kept_scores(u, refs, scored, order, p, pinned, forbidden):
        r = refs[i]
        key = (r.instrument.id, r.entry.label)
        m = _match(u, r, dots[i], index, p, s)
        m.terms = _shared_terms(u, r)
        pin = _pinpoint(u, r, index) if r.text_source == "text" or r.entry.pinpoints else None
        if pin is not None:
            m.pinpoint, m.pinpoint_label = pin
        m.url = provision_url(r.instrument.map, m.pinpoint_label or r.entry.label)
        if key in pinned:
            m.pinned, m.pin_reason = True, pinned[key]
        kept.append(m)
    return kept


def kept_scores(
    u: DraftUnit,
    refs: list[Reference],
    scored,
    order: dict[str, int],
    p: Params = DEFAULT,
    pinned=(),
    forbidden=(),
) -> list[tuple[float, int]]:
    """The (score, reference index) pairs kept for a draft unit, instrument by instrument in
    `order`, best first: from (index, score) pairs (_candidates), the rules of the module
    docstring (min_score, relative, complementary cover; pinned pairs kept, forbidden ones
    dropped; both sets of (instrument id, label)). Apart from _select so that a bench can
    score once and select with many constants (bench/compare_quality.py)."""
    floor = p.min_score if p.complement_min is None else min(p.min_score, p.complement_min)
    by_inst: dict[str, list[tuple[float, int]]] = {}
    for i, s in scored:
        if s < floor and not pinned:  # most candidates: no key to make
            continue
        key = (refs[i].instrument.id, refs[i].entry.label)
        if key not in forbidden and (s >= floor or key in pinned):
            by_inst.setdefault(key[0], []).append((s, i))
    kept = []
    for inst_id in sorted(by_inst, key=order.__getitem__):
        cands = sorted(by_inst[inst_id], key=lambda x: (-round(x[0], 6), x[1]))
        best = cands[0][0]
        covered: set[str] | None = None  # sub-keys the matches kept so far share with u
        for s, i in cands:
            r = refs[i]
            below = s < p.min_score or s < p.relative * best
            pin = (r.instrument.id, r.entry.label) in pinned
            if below and not pin and not _complements(u, r, s, covered, p):
                continue
            if p.complement_min is not None:
                covered = (covered or set()) | set(unit_element_score(u, r, p)[2])
            kept.append((s, i))
    return kept


def _complements(u: DraftUnit, r: Reference, s: float, covered: set[str] | None, p: Params) -> bool:
    """Whether a match the relative cut-off drops does a part of the draft article's job
    that no better match kept for it does (Params.complement_min).

    The parts of an article are its paragraphs and items: a sub-key named on one of them (a
    circumvention paragraph in a freeze article; weight below 1 in u.subs) and not shared
    by any match kept so far is a part left undone. The reference provision complements if
    that sub-key is its primary function (its map entry's first element), and it names no
    sub-key the draft article does not, under a top key they share: otherwise it does the
    part another way (a humanitarian licence beside a humanitarian exemption), and is the
    counterpart of another article."""
    if p.complement_min is None or s < p.complement_min or covered is None:
        return False  # nothing kept yet: the best is below min_score, nothing to complement
    primary = _top_sub(r.entry.elements[0]) if r.entry.elements else None
    if primary is None or primary[1] is None:
        return False
    top, sub = primary
    named = u.subs.get(top, {})
    if not any(_related(k, sub) and w < 1.0 for k, w in named.items()):
        return False
    if any(_related(k, sub) for k in covered):
        return False
    for t, r_subs in r.subs.items():
        d_subs = u.subs.get(t)
        if d_subs is not None and any(not any(_related(k, d) for d in d_subs) for k in r_subs):
            return False
    return True
