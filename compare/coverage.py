"""The coverage matrix: every element of the taxonomy against the draft and each jurisdiction,
and the gap lists in both directions.

Status of an element:
- in the draft: `present` where an article or one of its paragraphs is tagged with it (or
  with a sub-key of it): tags at those levels are the drafter's statement of what the
  provision does; `partial` where only an item or sub-item is (a passing mention in a
  list); `absent` otherwise;
- in a jurisdiction (the union of its compared instruments): `present` where a mapped
  provision carries it and is attested (verified in the map, in force, its content known);
  `partial` where the only provisions carrying it are not: repealed ("Repealed: ..."),
  unverified, or known by citation alone (no text and no summary); `absent` otherwise.

Sub-keys roll up to their top key (drafts.taxonomy.top_key); rows are the 25 top keys in
the order of DESIGN.md, so every element has a row whatever the draft contains.
"""

from __future__ import annotations

from ..drafts.model import Document, Provision
from ..drafts.taxonomy import TOP_KEYS, top_key, top_keys
from .corpus.instruments import Instrument
from .corpus.maps import MapEntry

PRESENT, PARTIAL, ABSENT = "present", "partial", "absent"
BASE_ORDER = ("uk", "eu", "ca", "jp")


_tops = top_keys


def jurisdictions(instruments: list[Instrument]) -> list[str]:
    """uk, eu, ca, jp (those compared), then any other code, in order of appearance."""
    seen = list(dict.fromkeys(i.jurisdiction for i in instruments))
    return [j for j in BASE_ORDER if j in seen] + [j for j in seen if j not in BASE_ORDER]


def _draft_citation(p: Provision) -> str:
    return p.number.get("en") or p.label


def draft_cells(doc: Document) -> dict[str, dict]:
    strong: dict[str, list[str]] = {k: [] for k in TOP_KEYS}
    weak: dict[str, list[str]] = {k: [] for k in TOP_KEYS}
    for art in doc.articles():
        cite = _draft_citation(art)
        own = _tops(e for d in art.walk() if d.kind in ("article", "paragraph") for e in d.elements)
        inner = (
            _tops(
                e for d in art.walk() if d.kind not in ("article", "paragraph") for e in d.elements
            )
            - own
        )
        for k in own:
            strong[k].append(cite)
        for k in inner:
            weak[k].append(cite)
    out = {}
    for k in TOP_KEYS:
        if strong[k]:
            out[k] = {"status": PRESENT, "citations": strong[k], "labels": []}
        elif weak[k]:
            out[k] = {"status": PARTIAL, "citations": weak[k], "labels": []}
        else:
            out[k] = {"status": ABSENT, "citations": [], "labels": []}
    labels = {_draft_citation(a): a.label for a in doc.articles()}
    for cell in out.values():
        cell["labels"] = [labels.get(c, c) for c in cell["citations"]]
    return out


def attested(inst: Instrument, e: MapEntry) -> bool:
    """Whether a mapped provision may count as `present` (see the module's docstring)."""
    summary = (e.summary or {}).get("en", "")
    if not e.verified or summary.startswith("Repealed"):
        return False
    return bool(summary) or bool(inst.doc is not None and inst.text(e))


def full_citation(inst: Instrument, e: MapEntry) -> str:
    return f"{inst.map.citation} {e.citation}"


def coverage(doc: Document, instruments: list[Instrument]) -> dict[str, dict[str, dict]]:
    """element -> {"draft"|jurisdiction: {"status", "citations", ...}} for every top key."""
    juris = jurisdictions(instruments)
    draft = draft_cells(doc)
    found: dict[tuple[str, str], list[tuple[bool, Instrument, MapEntry]]] = {}
    for inst in instruments:
        for e in inst.map.entries:
            ok = attested(inst, e)
            for k in _tops(e.elements):
                found.setdefault((k, inst.jurisdiction), []).append((ok, inst, e))
    out: dict[str, dict[str, dict]] = {}
    for k in TOP_KEYS:
        row = {"draft": draft[k]}
        for j in juris:
            hits = found.get((k, j), [])
            strong = [(i, e) for ok, i, e in hits if ok]
            chosen = strong or [(i, e) for _, i, e in hits]
            status = PRESENT if strong else PARTIAL if hits else ABSENT
            row[j] = {
                "status": status,
                "citations": [full_citation(i, e) for i, e in chosen],
                "refs": [
                    {
                        "instrument": i.id,
                        "label": e.label,
                        "citation": e.citation,
                        "heading": e.heading,
                    }
                    for i, e in chosen
                ],
            }
        out[k] = row
    return out


def gaps(cov: dict[str, dict[str, dict]], waivers: dict[str, str]) -> dict:
    """Both directions: what the laws have and the draft lacks, and what only the draft has.

    A waived element (the bill file's `compare: waive:`) leaves the first list for its own,
    with the aide's reason. Waivers of sub-keys are listed with their top key's row.
    """
    waived_top: dict[str, list[tuple[str, str]]] = {}
    for key, reason in waivers.items():
        waived_top.setdefault(top_key(key), []).append((key, reason))
    not_in_draft, only_in_draft, waived = [], [], []
    per_jur: dict[str, list[str]] = {}
    for k, row in cov.items():
        refs = {j: c for j, c in row.items() if j != "draft"}
        have = [j for j, c in refs.items() if c["status"] != ABSENT]
        draft_status = row["draft"]["status"]
        for key, reason in waived_top.get(k, []):
            waived.append(
                {"element": key, "reason": reason, "jurisdictions": have, "draft": draft_status}
            )
        if draft_status == ABSENT and have:
            if k in waivers:
                continue
            not_in_draft.append(
                {
                    "element": k,
                    "jurisdictions": have,
                    "citations": {j: refs[j]["citations"] for j in have},
                }
            )
        elif draft_status != ABSENT and refs and not have:
            only_in_draft.append({"element": k, "citations": row["draft"]["citations"]})
        if draft_status != ABSENT:
            for j, c in refs.items():
                if c["status"] == ABSENT:
                    per_jur.setdefault(j, []).append(k)
    return {
        "not_in_draft": not_in_draft,
        "only_in_draft": only_in_draft,
        "waived": waived,
        "draft_not_in": per_jur,
    }
