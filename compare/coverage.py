"""The coverage matrix: every element of the taxonomy against the draft and each jurisdiction,
and the gap lists in both directions, at every level of the taxonomy.

Every cell has a status and the reason for it (a code; the reports word it in both
languages from templates/reports/labels.yaml):

- in the draft: `present` (reason `tagged`) where an article or one of its paragraphs is
  tagged with the element or one of its sub-keys: tags at those levels are the drafter's
  statement of what the provision does; `partial` (`in_passing`) where only an item or
  sub-item is; `absent` (`not_tagged`) otherwise. The draft is our own text: never unknown.
- in a jurisdiction (the union of its compared instruments):
  `present` (`attested`) where a provision of a reviewed map carries it, verified, in force
  and with known content; `partial` (`repealed`) where only repealed provisions do;
  `unknown` where the only provisions carrying it are unverified (`unverified`), known by
  citation alone (`citation_only`) or in a map nobody has reviewed (`map_unreviewed`);
  and, where nothing carries it, `unknown` too when the corpus cannot rule it out: the text
  of an instrument is incomplete (`text_incomplete`), its map is unreviewed
  (`map_unreviewed`) or some of its provisions have unknown content (`content_unknown`)
  (absence_reason decides this, the one place that does). Only then `absent`
  (`not_found`, with the texts searched in `about`): an aide must never read "the EU has
  no travel ban" where the truth is "the corpus does not hold that part of the EU's law".

A cell's refs cite each provision as its instrument cites itself (`cite`, and `cite_ja`
for a Japanese law whose map gives it), and mark one that reads the same as a provision of
another instrument of the same law (`twin_of`) so that a report can show the pair once.

The matrix rows are the 25 top keys in the order of DESIGN.md; coverage_detail gives the same
cells for every key of the taxonomy that the draft or a law uses, for the gap lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..drafts.model import Document, Provision
from ..drafts.seqmatch import ratio_from
from ..drafts.taxonomy import TOP_KEYS, load_taxonomy, top_key
from .corpus.instruments import Instrument
from .corpus.maps import MapEntry

PRESENT, PARTIAL, ABSENT, UNKNOWN = "present", "partial", "absent", "unknown"
STATUSES = (PRESENT, PARTIAL, UNKNOWN, ABSENT)
BASE_ORDER = ("uk", "eu", "ca", "jp")
DRAFT_LEVELS = ("article", "paragraph")


def jurisdictions(instruments: list[Instrument]) -> list[str]:
    """uk, eu, ca, jp (those compared), then any other code, in order of appearance."""
    seen = list(dict.fromkeys(i.jurisdiction for i in instruments))
    return [j for j in BASE_ORDER if j in seen] + [j for j in seen if j not in BASE_ORDER]


def covers(tag: str, key: str) -> bool:
    """Whether a tag speaks for an element: the key itself or one of its sub-keys."""
    return tag == key or tag.startswith(key + ".")


def ancestors(key: str) -> list[str]:
    """The key and every key above it, up to its top key (most specific first)."""
    try:
        top = top_key(key)
    except KeyError:
        return []
    out = [key]
    while out[-1] != top:
        out.append(out[-1].rpartition(".")[0])
    return out


# --- the draft ---------------------------------------------------------------------------


def draft_citations(doc: Document) -> dict[str, dict[str, str]]:
    """Each draft article's citation by label, in both languages, as the bill cites itself:
    第五条 / Article 5, and 附則第一条 / Supplementary Provisions, Article 1 (附則 alone
    for a single unnumbered supplementary provision)."""
    out: dict[str, dict[str, str]] = {}

    def visit(p: Provision, suppl: bool) -> None:
        if p.kind == "article":
            ja, en = p.number.get("ja", ""), p.number.get("en", "")
            if suppl:
                ja = "附則" + ja
                en = f"Supplementary Provisions, {en}" if en else "Supplementary Provisions"
            out[p.label] = {"ja": ja or p.label, "en": en or p.label}
            return
        for c in p.children:
            visit(c, suppl or p.kind == "supplementary")

    for p in doc.provisions:
        visit(p, p.kind == "supplementary")
    return out


@dataclass
class _DraftTags:
    # key -> the labels of the articles with a tag that key covers (covers(): the key
    # itself or one above it), in the bill's order: at article/paragraph level (strong),
    # and only at item level (weak)
    strong: dict[str, list[str]]
    weak: dict[str, list[str]]


def _covering(tag: str) -> list[str]:
    """Every key that covers the tag (covers(tag, key)): the tag, and it cut at each dot."""
    return [tag] + [tag[:i] for i, c in enumerate(tag) if c == "."]


def _draft_tags(doc: Document) -> _DraftTags:
    strong: dict[str, list[str]] = {}
    weak: dict[str, list[str]] = {}
    # Indexed by key once, rather than every article's tags tested against every key.
    for art in doc.articles():
        own = {e for d in art.walk() if d.kind in DRAFT_LEVELS for e in d.elements}
        inner = {e for d in art.walk() if d.kind not in DRAFT_LEVELS for e in d.elements}
        for index, tags in ((strong, own), (weak, inner - own)):
            for key in {k for t in tags for k in _covering(t)}:
                index.setdefault(key, []).append(art.label)
    return _DraftTags(strong, weak)


def _draft_cell(tags: _DraftTags, key: str, cites: dict[str, dict[str, str]]) -> dict:
    strong = list(tags.strong.get(key, ()))
    weak = list(tags.weak.get(key, ()))
    if strong:
        status, reason, labels = PRESENT, "tagged", strong
    elif weak:
        status, reason, labels = PARTIAL, "in_passing", weak
    else:
        status, reason, labels = ABSENT, "not_tagged", []
    return {
        "status": status,
        "reason": reason,
        "citations": [cites[lab]["en"] for lab in labels],
        "citations_ja": [cites[lab]["ja"] for lab in labels],
        "labels": labels,
    }


# --- the reference laws --------------------------------------------------------------------


def _repealed(e: MapEntry) -> bool:
    return (e.summary or {}).get("en", "").startswith("Repealed")


def hit_kind(inst: Instrument, e: MapEntry) -> str:
    """What a mapped provision proves about the elements it is tagged with: `attested`,
    `repealed`, `map_unreviewed`, `unverified` or `citation_only`."""
    if not inst.reviewed:
        return "map_unreviewed"
    if not e.verified:
        return "unverified"
    if _repealed(e):
        return "repealed"
    has_text = inst.doc is not None and bool(inst.text(e))
    if not (e.summary or {}).get("en") and not has_text:
        return "citation_only"
    return "attested"


def full_citation(inst: Instrument, e: MapEntry) -> str:
    return f"{inst.map.citation} {e.citation}"


def full_citation_ja(inst: Instrument, e: MapEntry) -> str:
    """As a Japanese report cites it: in Japanese for a Japanese instrument whose map says
    how (第二〇八回国会 衆第六〇号 第一条), else as the instrument cites itself."""
    return inst.map.cite_ja(e) or full_citation(inst, e)


# Why the corpus cannot rule an element out, most telling first: the reason codes of an
# `unknown` cell with no provision behind it (templates/reports/labels.yaml words them).
BLIND_REASONS = ("map_unreviewed", "text_incomplete", "content_unknown")


def absence_reason(inst: Instrument) -> str | None:
    """Why an element this instrument's map does not carry cannot be called absent (a code
    of BLIND_REASONS), or None when it can: the map was reviewed by a person, made from the
    law's whole text, and no provision's content is unknown. The one place this is
    decided; the Instrument only supplies the facts."""
    if not inst.reviewed:
        return "map_unreviewed"
    if not inst.text_complete:
        return "text_incomplete"
    if inst.content_unknown():
        return "content_unknown"
    return None


def _absence(insts: list[Instrument]) -> tuple[str, list[str], list[str]]:
    """What an element none of these instruments (a jurisdiction's) carries may be called:
    (reason code, the instruments or provisions concerned, the same as a Japanese report
    cites them). A code of BLIND_REASONS where the corpus cannot rule it out; else
    `not_found`, naming the texts that were searched: an aide who compared with the EU
    Regulation alone reads that the Regulation lacks it, not that the EU does."""
    reasons = {i.id: absence_reason(i) for i in insts}
    for code in BLIND_REASONS:
        concerned = [i for i in insts if reasons[i.id] == code]
        if not concerned:
            continue
        if code == "content_unknown":
            pairs = [(i, e) for i in concerned for e in i.content_unknown()]
            return (
                code,
                [full_citation(i, e) for i, e in pairs],
                [full_citation_ja(i, e) for i, e in pairs],
            )
        return code, *_citations(concerned)
    return "not_found", *_citations(insts)


def _citations(insts: list[Instrument]) -> tuple[list[str], list[str]]:
    return (
        [i.map.citation for i in insts],
        [i.map.citation_ja or i.map.citation for i in insts],
    )


_PRECEDENCE = ("attested", "repealed", "unverified", "citation_only", "map_unreviewed")
_STATUS_OF = {
    "attested": PRESENT,
    "repealed": PARTIAL,
    "unverified": UNKNOWN,
    "citation_only": UNKNOWN,
    "map_unreviewed": UNKNOWN,
}


def _refs(inst: Instrument, e: MapEntry, kind: str, key: str) -> list[dict]:
    """The provision that carries `key`, cited as the instrument cites itself: its
    paragraphs or points where the map pinpoints them (Art. 3(2)), else the whole entry."""
    base = {"instrument": inst.id, "entry": e.label, "heading": e.heading, "kind": kind}
    pins = [
        p for p in getattr(e, "pinpoints", None) or [] if any(covers(t, key) for t in p.elements)
    ]
    if not pins:
        whole = dict(base, label=e.label, citation=e.citation, cite=full_citation(inst, e))
        if inst.map.cite_ja(e):
            whole["cite_ja"] = inst.map.cite_ja(e)
        return [whole]
    return [
        dict(base, label=p.label, citation=p.citation, cite=f"{inst.map.citation} {p.citation}")
        for p in pins
    ]


SAME_WORDING = 0.9  # two provisions this alike read the same (the UK's GHR and GAC)


@lru_cache(maxsize=4096)
def _likeness(a: str, b: str) -> float:
    """How alike two texts read, 0..1, word by word (0 when a cheap bound falls short).

    Words, not characters: two long English provisions share nearly all their letters,
    so a character bound lets every pair through to the costly comparison. Two texts
    the same (a fifth of the pairs: the UK's twin regulations word many provisions alike to
    the letter) are 1.0 without the matcher (ratio_from)."""
    return ratio_from(_split(a), _split(b), SAME_WORDING)


@lru_cache(maxsize=1024)
def _split(text: str) -> list[str]:
    # A provision is set beside several others: its words are split once, not per pair
    # (the split of two long texts was half of _likeness). Shared: never modified.
    return text.split()


def _mark_twins(refs: list[dict], texts: list[str]) -> None:
    """A provision of another instrument of the same law that reads the same as one listed
    before it gets `twin_of` (that one's citation): the UK's human-rights and
    anti-corruption regulations share most of their wording, and a report can show the
    pair once. Each is paired with the one it reads most like, one to one (reg. 13 and
    reg. 15 of one read alike too). Nothing is removed: the gap lists still cite both."""
    taken: set[int] = set()
    for n, ref in enumerate(refs):
        if not texts[n]:
            continue
        best, best_m = SAME_WORDING, None
        for m in range(n):
            first = refs[m]
            if first["instrument"] == ref["instrument"] or "twin_of" in first or m in taken:
                continue
            if texts[m] and (score := _likeness(texts[m], texts[n])) >= best:
                best, best_m = score, m
        if best_m is not None:
            ref["twin_of"] = refs[best_m]["cite"]
            taken.add(best_m)


def _ref_text(inst: Instrument, label: str, texts: dict[tuple[str, str], str]) -> str:
    """A provision's English text, made once per comparison (`texts`): a provision that
    carries an element also carries its parent keys, and each key's cell compares it."""
    text = texts.get((inst.id, label))
    if text is None:
        p = inst.provision(label)
        text = texts[(inst.id, label)] = p.all_text("en") if p is not None else ""
    return text


def _reference_cell(
    key: str,
    hits: list[tuple[str, Instrument, MapEntry]],
    absence: tuple[str, list, list],
    texts: dict[tuple[str, str], str],
) -> dict:
    if hits:
        best = min(_PRECEDENCE.index(k) for k, _, _ in hits)
        reason = _PRECEDENCE[best]
        found = [(i, r) for k, i, e in hits if k == reason for r in _refs(i, e, k, key)]
        refs = [r for _, r in found]
        _mark_twins(refs, [_ref_text(i, r["label"], texts) for i, r in found])
        return {
            "status": _STATUS_OF[reason],
            "reason": reason,
            "citations": [r["cite"] for r in refs],
            "citations_ja": [r.get("cite_ja", r["cite"]) for r in refs],
            "refs": refs,
        }
    reason, about, about_ja = absence
    return {
        "status": UNKNOWN if reason in BLIND_REASONS else ABSENT,
        "reason": reason,
        "about": about,
        "about_ja": about_ja,
        "citations": [],
        "citations_ja": [],
        "refs": [],
    }


def detail_keys(doc: Document, instruments: list[Instrument]) -> list[str]:
    """Every key the gap lists look at: the taxonomy's, then any other tag in use, each
    with all its ancestors, in taxonomy order (a top key before its sub-keys)."""
    keys = dict.fromkeys(load_taxonomy())
    used = {t for p in doc.walk() for t in p.elements}
    used |= {t for i in instruments for e in i.map.entries for t in e.elements}
    for t in sorted(used):
        for a in reversed(ancestors(t)):
            keys.setdefault(a)
    order = {k: n for n, k in enumerate(TOP_KEYS)}
    return sorted(keys, key=lambda k: (order.get(top_key(k), 99), k != top_key(k), k))


def coverage_detail(
    doc: Document, instruments: list[Instrument], keys: list[str] | None = None
) -> dict[str, dict[str, dict]]:
    """key -> {"draft"|jurisdiction: cell} for every key (top keys and sub-keys)."""
    juris = jurisdictions(instruments)
    tags, cites = _draft_tags(doc), draft_citations(doc)
    by_j = {j: [i for i in instruments if i.jurisdiction == j] for j in juris}
    absence = {j: _absence(insts) for j, insts in by_j.items()}
    kinds = {(i.id, e.label): hit_kind(i, e) for i in instruments for e in i.map.entries}
    # Each key's hits, found through the ancestors of each tag (not a scan per key).
    hits: dict[tuple[str, str], list] = {}
    for inst in instruments:
        for e in inst.map.entries:
            keys_hit = {a for t in e.elements for a in ancestors(t)}
            for k in keys_hit:
                hits.setdefault((k, inst.jurisdiction), []).append(
                    (kinds[(inst.id, e.label)], inst, e)
                )
    out: dict[str, dict[str, dict]] = {}
    texts: dict[tuple[str, str], str] = {}
    for k in keys if keys is not None else detail_keys(doc, instruments):
        row = {"draft": _draft_cell(tags, k, cites)}
        for j in juris:
            row[j] = _reference_cell(k, hits.get((k, j), []), absence[j], texts)
        out[k] = row
    return out


# --- gaps --------------------------------------------------------------------------------


def _waiver_for(key: str, waivers: dict[str, str]) -> str | None:
    for a in ancestors(key):
        if a in waivers:
            return a
    return None


def _has(cell: dict) -> bool:
    return cell["status"] in (PRESENT, PARTIAL)


def gaps(detail: dict[str, dict[str, dict]], waivers: dict[str, str]) -> dict:
    """Both directions, at every level, grouped under the top key:

    - `not_in_draft`: elements a law has (present or partial) and the draft lacks;
    - `only_in_draft`: elements the draft has and no law is known to have (a law whose
      cell is unknown is named under `unknown_in`: the corpus cannot say);
    - `waived`: the aide's waivers (bill file, `compare: waive:`), which take their element
      and its sub-keys out of `not_in_draft`;
    - `contradictions`: waivers of an element the draft does contain;
    - `draft_not_in`: per jurisdiction, the top keys the draft has and the law lacks.

    Each group is {"element": top key, "jurisdictions", "citations" (of the top key itself
    when it is a gap, else empty), "items": [{"element", "jurisdictions", "citations",
    "refs"}, ...]}.
    """
    not_in: dict[str, list[dict]] = {}
    only: dict[str, list[dict]] = {}
    for k, row in detail.items():
        refs = {j: c for j, c in row.items() if j != "draft"}
        have = [j for j, c in refs.items() if _has(c)]
        draft = row["draft"]
        if draft["status"] == ABSENT and have and _waiver_for(k, waivers) is None:
            not_in.setdefault(top_key(k), []).append(
                {
                    "element": k,
                    "jurisdictions": have,
                    "citations": {j: refs[j]["citations"] for j in have},
                    "citations_ja": {j: refs[j]["citations_ja"] for j in have},
                    "refs": {j: refs[j]["refs"] for j in have},
                }
            )
        elif _has(draft) and refs and not have:
            only.setdefault(top_key(k), []).append(
                {
                    "element": k,
                    "citations": draft["citations"],
                    "citations_ja": draft["citations_ja"],
                    "labels": draft["labels"],
                    "unknown_in": [j for j, c in refs.items() if c["status"] == UNKNOWN],
                }
            )
    waived, contradictions = [], []
    for key, reason in waivers.items():
        row = detail.get(key) or detail.get(top_key(key))
        have = [j for j, c in row.items() if j != "draft" and _has(c)]
        waived.append(
            {
                "element": key,
                "reason": reason,
                "jurisdictions": have,
                "draft": row["draft"]["status"],
            }
        )
        if _has(row["draft"]) and key in detail:
            contradictions.append(
                {
                    "element": key,
                    "reason": reason,
                    "citations": row["draft"]["citations"],
                    "citations_ja": row["draft"]["citations_ja"],
                    "labels": row["draft"]["labels"],
                }
            )
    per_jur: dict[str, list[str]] = {}
    for k in TOP_KEYS:
        row = detail.get(k)
        if row is None or row["draft"]["status"] == ABSENT:
            continue
        for j, c in row.items():
            if j != "draft" and c["status"] == ABSENT:
                per_jur.setdefault(j, []).append(k)
    return {
        "not_in_draft": [_group(t, items) for t, items in _in_order(not_in)],
        "only_in_draft": [_group(t, items) for t, items in _in_order(only)],
        "waived": waived,
        "contradictions": contradictions,
        "draft_not_in": per_jur,
    }


def _in_order(groups: dict[str, list[dict]]):
    return [(t, groups[t]) for t in TOP_KEYS if t in groups]


def _group(top: str, items: list[dict]) -> dict:
    own = next((i for i in items if i["element"] == top), None)
    group = {"element": top, "top_level": own is not None, "items": items}
    if own is not None:
        for field_name in ("jurisdictions", "citations", "citations_ja", "unknown_in"):
            if field_name in own:
                group[field_name] = own[field_name]
    else:
        group["jurisdictions"] = sorted({j for i in items for j in i.get("jurisdictions", [])})
        group["citations"] = {} if "jurisdictions" in items[0] else []
        group["citations_ja"] = {} if "jurisdictions" in items[0] else []
    return group
